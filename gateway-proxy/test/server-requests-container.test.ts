import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CreateMessageRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { waitUntil } from '@mcp-portal/kit/testing';
// Not a declared dependency (see mcp-endpoint.test.ts): npm links every workspace at the root.
import { startTestPlatform, type TestPlatform } from '@mcp-portal/platform/testing';

/**
 * A sampling request from a server running in a container (podman's Engine API, from
 * scripts/podman-engine.sh) reaches the client whose call caused it, through the gateway-proxy.
 */
const execFileAsync = promisify(execFile);
const engineScript = fileURLToPath(new URL('../../scripts/podman-engine.sh', import.meta.url));
const image = 'localhost/mcp-portal/test-mcp-server:latest';

/** An MCP server with one tool that asks its client to sample, on the SDK the test image carries. */
const askerScript = `
import { McpServer } from '/app/node_modules/@modelcontextprotocol/sdk/dist/esm/server/mcp.js';
import { StdioServerTransport } from '/app/node_modules/@modelcontextprotocol/sdk/dist/esm/server/stdio.js';
const server = new McpServer({ name: 'asker', version: '1.0.0' });
server.registerTool('ask-the-client', { description: 'Asks its client to sample' }, async () => {
  const answer = await server.server.createMessage({ messages: [{ role: 'user', content: { type: 'text', text: 'asked from a container' } }], maxTokens: 5 });
  return { content: [{ type: 'text', text: answer.content.type === 'text' ? answer.content.text : '' }] };
});
await server.connect(new StdioServerTransport());
`;

const catalog = `
registry:
  asker-box:
    title: Asks its client to sample, in a container
    image: ${image}
    command: ${JSON.stringify(['/usr/local/bin/node', '--input-type=module', '-e', askerScript])}
`;

let platform: TestPlatform;
let dataDir: string;
let adminJwt: string;
let token: string;
const clients: Client[] = [];

async function engine(): Promise<string> {
  const { stdout } = await execFileAsync('bash', [engineScript], { timeout: 290_000, maxBuffer: 16 * 1024 * 1024 });
  const last = stdout.trim().split('\n').at(-1) ?? '';
  if (!last.startsWith('DOCKER_HOST=')) throw new Error(`scripts/podman-engine.sh printed no DOCKER_HOST: ${last}`);
  return last.slice('DOCKER_HOST='.length);
}

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const result = await platform.request<T>(query, variables, adminJwt);
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

beforeAll(async () => {
  const dockerHost = await engine();
  dataDir = await mkdtemp(join(tmpdir(), 'mcp-proxy-container-'));
  await writeFile(join(dataDir, 'catalog.yaml'), catalog);
  const env = { MCP_CATALOG_PATH: join(dataDir, 'catalog.yaml'), MCP_RUNTIME: 'docker', DOCKER_HOST: dockerHost };
  platform = await startTestPlatform({ label: 'gateway-proxy-container', env });
  adminJwt = await platform.adminToken();
  token = (await gql<{ createApiToken: { token: string } }>('mutation { createApiToken(name: "container test", role: OPERATOR) { token } }')).createApiToken
    .token;
  const id = (await gql<{ enableServer: { id: string } }>('mutation { enableServer(name: "asker-box") { id } }')).enableServer.id;
  const server = await waitUntil(
    'asker-box to run',
    async () =>
      (
        await gql<{ server: { status: string; runtime: string | null; lastError: string | null } }>(
          'query($id: ID!) { server(id: $id) { status runtime lastError } }',
          { id },
        )
      ).server,
    (found) => found.status === 'RUNNING' || found.status === 'FAILED',
    { timeoutMs: 90_000 },
  );
  expect(server).toMatchObject({ status: 'RUNNING', runtime: 'DOCKER' });
}, 300_000);

afterAll(async () => {
  for (const client of clients) await client.close().catch(() => undefined);
  await platform?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function connect(name: string, sampled: string[]): Promise<Client> {
  const client = new Client({ name, version: '1.0.0' }, { capabilities: { sampling: {} } });
  client.setRequestHandler(CreateMessageRequestSchema, (request) => {
    const content = request.params.messages[0]?.content;
    sampled.push(content && 'text' in content ? String(content.text) : '');
    return { model: name, role: 'assistant', content: { type: 'text', text: `sampled by ${name}` } };
  });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(platform.platform.gatewayProxy.mcpUrl ?? ''), { requestInit: { headers: { authorization: `Bearer ${token}` } } }),
  );
  clients.push(client);
  return client;
}

const textOf = (result: CallToolResult) => result.content.flatMap((item) => (item.type === 'text' ? [item.text] : [])).join('\n');

it("sends a container server's sampling request to the client that called its tool, and to no other", async () => {
  const [byA, byB]: [string[], string[]] = [[], []];
  const a = await connect('client-a', byA);
  const b = await connect('client-b', byB);
  expect(textOf((await a.callTool({ name: 'ask-the-client', arguments: {} })) as CallToolResult)).toBe('sampled by client-a');
  expect([byA, byB]).toEqual([['asked from a container'], []]);
  expect(textOf((await b.callTool({ name: 'ask-the-client', arguments: {} })) as CallToolResult)).toBe('sampled by client-b');
  expect([byA, byB]).toEqual([['asked from a container'], ['asked from a container']]);
});
