import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import {
  PromptListChangedNotificationSchema,
  ResourceListChangedNotificationSchema,
  ToolListChangedNotificationSchema,
  type CallToolResult,
} from '@modelcontextprotocol/sdk/types.js';
import { waitUntil } from '@mcp-portal/kit/testing';
// The platform as `npm start` runs it (see mcp-endpoint.test.ts for why it is not a declared dependency).
import { startTestPlatform, type TestPlatform } from '@mcp-portal/platform/testing';

/** The legacy HTTP+SSE transport (GET /sse, POST /messages) of the one-process platform, with the SDK's SSE client. */
let platform: TestPlatform;
let sseUrl: URL;
let adminJwt: string;
let operatorToken: string;
const clients: Client[] = [];

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const result = await platform.request<T>(query, variables, adminJwt);
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

async function connect(token: string): Promise<Client> {
  const client = new Client({ name: 'gateway-proxy-sse-test', version: '1.0.0' });
  const headers = { authorization: `Bearer ${token}` };
  const transport = new SSEClientTransport(sseUrl, {
    requestInit: { headers },
    // The event stream is a GET through fetch: it needs the header too.
    eventSourceInit: { fetch: (url, init) => fetch(url, { ...init, headers: { ...(init?.headers as Record<string, string>), ...headers } }) },
  });
  await client.connect(transport);
  clients.push(client);
  return client;
}

/** Opens a stream by hand and reads its first event: the path to post to. */
async function openStream(token: string): Promise<{ endpoint: string; close: () => Promise<void> }> {
  const response = await fetch(sseUrl, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  let text = '';
  while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
  const endpoint = /^event: endpoint\ndata: (\S+)\n\n/.exec(text)?.[1];
  if (!endpoint) throw new Error(`no endpoint event first: ${text}`);
  return { endpoint, close: () => reader.cancel() };
}

beforeAll(async () => {
  platform = await startTestPlatform({ label: 'gateway-proxy-sse', env: { MCP_RUNTIME: 'process' } });
  sseUrl = new URL('/sse', platform.platform.gatewayProxy.mcpUrl ?? '');
  adminJwt = await platform.adminToken();
  operatorToken = (await gql<{ createApiToken: { token: string } }>('mutation { createApiToken(name: "sse test", role: OPERATOR) { token } }')).createApiToken
    .token;
  const id = (await gql<{ enableServer: { id: string } }>('mutation { enableServer(name: "memory") { id } }')).enableServer.id;
  await waitUntil(
    'memory to run',
    async () =>
      (await platform.request<{ server: { status: string } }>('query($id: ID!) { server(id: $id) { status } }', { id }, adminJwt)).data?.server.status,
    (status) => status === 'RUNNING',
    { timeoutMs: 60_000 },
  );
}, 120_000);

afterAll(async () => {
  for (const client of clients) await client.close().catch(() => undefined);
  await platform?.close();
});

describe('GET /sse and POST /messages', () => {
  it('lists and calls a tool of a running server', async () => {
    const client = await connect(operatorToken);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain('create_entities');
    const result = (await client.callTool({
      name: 'create_entities',
      arguments: { entities: [{ name: 'sse-probe', entityType: 'test', observations: ['via SSE'] }] },
    })) as CallToolResult;
    expect(result.isError).not.toBe(true);
    const read = (await client.callTool({ name: 'read_graph', arguments: {} })) as CallToolResult;
    expect(JSON.stringify(read.content)).toContain('sse-probe');
  });

  it('first sends an endpoint event naming /messages?sessionId=…', async () => {
    const stream = await openStream(operatorToken);
    await stream.close();
    expect(stream.endpoint).toMatch(/^\/messages\?sessionId=[0-9a-f-]+$/);
  });

  it('answers 401 with the resource_metadata challenge without a token, on both paths', async () => {
    const stream = await fetch(sseUrl, { headers: { accept: 'text/event-stream' } });
    expect(stream.status).toBe(401);
    expect(stream.headers.get('www-authenticate')).toMatch(
      /^Bearer resource_metadata="http:\/\/[^"]+\/\.well-known\/oauth-protected-resource\/mcp", scope="mcp"$/,
    );
    const message = await fetch(new URL('/messages?sessionId=x', sseUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(message.status).toBe(401);
    await expect(new Client({ name: 'no-token', version: '1' }).connect(new SSEClientTransport(sseUrl))).rejects.toThrow();
  });

  it("refuses another user's sessionId like an unknown one", async () => {
    const stream = await openStream(operatorToken);
    const other = { e: `sse-other-${Date.now()}@example.test`, p: 'correct horse battery staple' };
    await gql('mutation($e: String!, $p: String!) { createUser(email: $e, password: $p, role: OPERATOR) { id } }', other);
    const otherJwt = (await gql<{ login: { token: string } }>('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', other)).login
      .token;
    const body = JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/list' });
    const url = new URL(stream.endpoint, sseUrl);
    const refused = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${otherJwt}` }, body });
    expect(refused.status).toBe(404);
    const own = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${operatorToken}` }, body });
    expect(own.status).toBe(202);
    await stream.close();
  });

  it('applies the Origin check and the body limit', async () => {
    const foreign = await fetch(sseUrl, { headers: { authorization: `Bearer ${operatorToken}`, origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    const stream = await openStream(operatorToken);
    const big = JSON.stringify({ jsonrpc: '2.0', method: 'notifications/x', params: { pad: 'x'.repeat(5 * 1024 * 1024) } });
    const tooLarge = await fetch(new URL(stream.endpoint, sseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${operatorToken}` },
      body: big,
    });
    expect(tooLarge.status).toBe(413);
    await stream.close();
  });

  it('sends tools, prompts and resources list_changed when a server starts and stops', async () => {
    const client = await connect(operatorToken);
    const heard = { tools: 0, prompts: 0, resources: 0 };
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => void heard.tools++);
    client.setNotificationHandler(PromptListChangedNotificationSchema, () => void heard.prompts++);
    client.setNotificationHandler(ResourceListChangedNotificationSchema, () => void heard.resources++);
    expect((await client.listPrompts()).prompts).toEqual([]);

    const id = (await gql<{ enableServer: { id: string } }>('mutation { enableServer(name: "everything") { id } }')).enableServer.id;
    await waitUntil(
      'the three list_changed after everything started',
      () => ({ ...heard }),
      (seen) => seen.tools > 0 && seen.prompts > 0 && seen.resources > 0,
      { timeoutMs: 60_000 },
    );
    expect((await client.listPrompts()).prompts.map((prompt) => prompt.name)).toContain('simple-prompt');

    const before = { ...heard };
    await gql('mutation($id: ID!) { stopServer(id: $id) { id } }', { id });
    await waitUntil(
      'the three list_changed after everything stopped',
      () => ({ ...heard }),
      (seen) => seen.tools > before.tools && seen.prompts > before.prompts && seen.resources > before.resources,
      { timeoutMs: 60_000 },
    );
    expect((await client.listPrompts()).prompts).toEqual([]);
  }, 90_000);
});
