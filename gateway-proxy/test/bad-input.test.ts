import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { waitUntil } from '@mcp-portal/kit/testing';
// The platform as `npm start` runs it (see mcp-endpoint.test.ts for why it is not a declared dependency).
import { startTestPlatform, type TestPlatform } from '@mcp-portal/platform/testing';
import { SseEvents } from './sse-events.ts';

/**
 * What the gateway-proxy of the one-process platform does with input it should not get: bodies that are not
 * JSON-RPC, batches, a body over GATEWAY_PROXY_MAX_BODY_BYTES (64 KiB here) sent without a length, unknown
 * and ended sessions, and upstreams that never answer (MCP_TOOL_CALL_TIMEOUT_SECONDS is 2 here) or die
 * mid-call (a stdio fixture from the catalog file). Unknown tools and Content-Length over the limit are in
 * mcp-endpoint.test.ts.
 */
const fixture = fileURLToPath(new URL('./fixtures/misbehaving-server.mjs', import.meta.url));
const maxBodyBytes = 64 * 1024;
let platform: TestPlatform;
let mcpUrl: URL;
let adminJwt: string;
let catalogDir: string;
const clients: Client[] = [];

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const result = await platform.request<T>(query, variables, adminJwt);
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

const serverState = async (id: string) =>
  (await gql<{ server: { status: string; restartCount: number } }>('query($id: ID!) { server(id: $id) { status restartCount } }', { id })).server;

function post(body: string | unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(mcpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${adminJwt}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** A session opened by hand at a protocol version: the headers of its requests. */
async function openSession(protocolVersion: string): Promise<Record<string, string>> {
  const init = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion, capabilities: {}, clientInfo: { name: 'raw', version: '1' } } };
  const opened = await post(init);
  expect(opened.status).toBe(200);
  const headers = { 'mcp-session-id': opened.headers.get('mcp-session-id')!, 'mcp-protocol-version': protocolVersion };
  await new SseEvents(opened).until((event) => event.message?.id === 1);
  expect((await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, headers)).status).toBe(202);
  return headers;
}

async function connect(): Promise<Client> {
  const client = new Client({ name: 'bad-input-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(mcpUrl, { requestInit: { headers: { authorization: `Bearer ${adminJwt}` } } }));
  clients.push(client);
  return client;
}

beforeAll(async () => {
  catalogDir = await mkdtemp(join(tmpdir(), 'gateway-proxy-bad-input-'));
  // Entries made through the API may only run npm packages: the fixture comes from the catalog file.
  await writeFile(
    join(catalogDir, 'catalog.yaml'),
    `
registry:
  misbehaving:
    title: Misbehaving
    run: { command: ${JSON.stringify(process.execPath)}, args: [${JSON.stringify(fixture)}] }
`,
  );
  const env = {
    MCP_RUNTIME: 'process',
    MCP_CATALOG_PATH: join(catalogDir, 'catalog.yaml'),
    MCP_TOOL_CALL_TIMEOUT_SECONDS: '2',
    GATEWAY_PROXY_MAX_BODY_BYTES: String(maxBodyBytes),
  };
  platform = await startTestPlatform({ label: 'gateway-proxy-bad-input', env });
  mcpUrl = new URL(platform.platform.gatewayProxy.mcpUrl ?? '');
  adminJwt = await platform.adminToken();
}, 120_000);

afterAll(async () => {
  for (const client of clients) await client.close().catch(() => undefined);
  await platform?.close();
  if (catalogDir) await rm(catalogDir, { recursive: true, force: true });
});

describe('bodies that are not JSON-RPC', () => {
  it('answers text that is not JSON -32700, and JSON that is not a JSON-RPC 2.0 message -32600, with a session or without', async () => {
    const session = await openSession('2025-11-25');
    for (const headers of [{}, session]) {
      const notJson = await post('{"jsonrpc": "2.0", "id": 1, "method": ', headers);
      expect(notJson.status).toBe(400);
      expect(await notJson.json()).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });
      const empty = await post('[]', headers);
      expect(empty.status).toBe(400);
      expect(await empty.json()).toMatchObject({ error: { code: -32600 } });
      for (const body of [
        '42',
        '"tools/list"',
        'null',
        '{}',
        JSON.stringify({ jsonrpc: '1.0', id: 1, method: 'ping' }),
        JSON.stringify({ id: 1, method: 'ping' }),
        JSON.stringify({ jsonrpc: '2.0', id: 1, method: 7 }),
      ]) {
        const response = await post(body, headers);
        expect(response.status, body).toBe(400);
        expect(await response.json(), body).toMatchObject({
          jsonrpc: '2.0',
          id: null,
          error: { code: -32600, message: expect.stringContaining('JSON-RPC 2.0 message') },
        });
      }
    }
    // The session is unharmed.
    const ping = await post({ jsonrpc: '2.0', id: 9, method: 'ping' }, session);
    expect((await new SseEvents(ping).until((event) => event.message?.id === 9)).at(-1)?.message).toEqual({ jsonrpc: '2.0', id: 9, result: {} });
  });

  it('refuses batches from clients of 2025-06-18 and later (batching was removed), and answers those of 2025-03-26', async () => {
    const batch = [
      { jsonrpc: '2.0', id: 1, method: 'ping' },
      { jsonrpc: '2.0', id: 2, method: 'tools/list' },
    ];
    const current = await openSession('2025-11-25');
    const refused = await post(batch, current);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { code: -32600, message: expect.stringContaining('removed in 2025-06-18') } });
    const initialize = {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    };
    expect((await post([initialize])).status).toBe(400);

    const older = await openSession('2025-03-26');
    const answered = await post(batch, older);
    expect(answered.status).toBe(200);
    const answers = await new SseEvents(answered).until((event) => event.message?.id === 2);
    expect(answers.flatMap((event) => (event.message?.id === undefined ? [] : [event.message.id])).sort()).toEqual([1, 2]);
  });

  it('answers 413 to a body over the limit sent without a Content-Length (chunked)', async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', params: { pad: 'x'.repeat(maxBodyBytes) } });
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        mcpUrl,
        { method: 'POST', headers: { authorization: `Bearer ${adminJwt}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      expect(req.getHeader('content-length')).toBeUndefined();
      // Two chunks, no length: the limit is found while reading.
      req.write(body.slice(0, 1000));
      req.end(body.slice(1000));
    });
    expect(status).toBe(413);
  });
});

describe('sessions that do not exist', () => {
  it('answers an unknown session id and one that was ended 404 with -32001, for POST and GET', async () => {
    const unknown = { 'mcp-session-id': randomUUID(), 'mcp-protocol-version': '2025-11-25' };
    const posted = await post({ jsonrpc: '2.0', id: 1, method: 'ping' }, unknown);
    expect(posted.status).toBe(404);
    expect(await posted.json()).toMatchObject({ error: { code: -32001, message: 'Session not found' } });
    expect((await fetch(mcpUrl, { headers: { ...unknown, authorization: `Bearer ${adminJwt}`, accept: 'text/event-stream' } })).status).toBe(404);

    const session = await openSession('2025-11-25');
    expect((await fetch(mcpUrl, { method: 'DELETE', headers: { ...session, authorization: `Bearer ${adminJwt}` } })).status).toBe(200);
    expect((await post({ jsonrpc: '2.0', id: 2, method: 'ping' }, session)).status).toBe(404);
  });
});

describe('upstreams that misbehave', () => {
  let serverId: string;
  let client: Client;

  beforeAll(async () => {
    serverId = (await gql<{ enableServer: { id: string } }>('mutation { enableServer(name: "misbehaving") { id } }')).enableServer.id;
    await waitUntil(
      'misbehaving to run',
      () => serverState(serverId),
      (state) => state.status === 'RUNNING',
      { timeoutMs: 60_000 },
    );
    client = await connect();
    await waitUntil(
      'its tools through the proxy',
      () => client.listTools(),
      ({ tools }) => tools.some((tool) => tool.name === 'hang'),
    );
  }, 90_000);

  it('ends a call to a server that never answers with a timeout error (MCP_TOOL_CALL_TIMEOUT_SECONDS), not a hang', async () => {
    // The SDK client's own limit (60 s) is far above the proxy's 2 s: the error comes from the proxy.
    const error = await client.callTool({ name: 'hang', arguments: {} }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(McpError);
    expect(error).toMatchObject({ code: -32001, message: expect.stringMatching(/timed out/i) });
    const echo = (await client.callTool({ name: 'echo', arguments: { text: 'still here' } })) as CallToolResult;
    expect(echo.content).toEqual([{ type: 'text', text: 'still here' }]);
  });

  it('answers a call during which the server exits with a clear error, and the lifecycle starts it again', async () => {
    const error = await client.callTool({ name: 'crash', arguments: {} }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(McpError);
    expect(error).toMatchObject({ code: -32603, message: expect.stringContaining('The server misbehaving closed its connection during the call to crash.') });
    await waitUntil(
      'misbehaving to be restarted',
      () => serverState(serverId),
      (state) => state.status === 'RUNNING' && state.restartCount >= 1,
      { timeoutMs: 60_000 },
    );
    const echo = await waitUntil(
      'a call to the restarted server',
      () => client.callTool({ name: 'echo', arguments: { text: 'back' } }) as Promise<CallToolResult>,
      (result) => result.isError !== true,
    );
    expect(echo.content).toEqual([{ type: 'text', text: 'back' }]);
  }, 90_000);
});
