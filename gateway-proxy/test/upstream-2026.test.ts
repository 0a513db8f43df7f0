import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { waitUntil } from '@mcp-portal/kit/testing';
// The platform as `npm start` runs it (see mcp-endpoint.test.ts for why this is not a declared dependency).
import { startTestPlatform, type TestPlatform } from '@mcp-portal/platform/testing';
import { received, revision, serverState, startSpeaks2026 } from './fixtures/speaks-2026.ts';

/**
 * A server that speaks MCP 2026-07-28 behind the gateway-proxy: a remote (Streamable HTTP) catalog entry
 * served by this test, which answers 2025-11-25 sessions (the lifecycle's) with the SDK and 2026-07-28
 * requests by hand, offering some tools to 2026-07-28 clients only (as the conformance suite's reference
 * server does). The proxy finds out with server/discover and forwards 2026-07-28 clients' requests to it.
 */
let platform: TestPlatform;
let mcpUrl: URL;
let adminJwt: string;
let operatorToken: string;
let upstream: Awaited<ReturnType<typeof startSpeaks2026>>;

interface RpcAnswer {
  id?: string | number | null;
  result?: Record<string, unknown> & { resultType?: string };
  error?: { code: number; message: string; data?: Record<string, unknown> };
  method?: string;
  params?: Record<string, unknown>;
}

const meta = (capabilities: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  'io.modelcontextprotocol/protocolVersion': revision,
  'io.modelcontextprotocol/clientInfo': { name: 'upstream-2026-test', version: '1.0.0' },
  'io.modelcontextprotocol/clientCapabilities': capabilities,
  ...extra,
});

/** One stateless request to the proxy; the messages of an SSE answer in `events`, the answer in `body`. */
async function rpc(method: string, params: Record<string, unknown>): Promise<{ status: number; body: RpcAnswer; events: RpcAnswer[] }> {
  const name = method === 'tools/call' || method === 'prompts/get' ? params.name : undefined;
  const response = await fetch(mcpUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      authorization: `Bearer ${operatorToken}`,
      'mcp-protocol-version': revision,
      'mcp-method': method,
      ...(typeof name === 'string' ? { 'mcp-name': name } : {}),
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 5, method, params }),
  });
  const text = await response.text();
  const events = (response.headers.get('content-type') ?? '').includes('text/event-stream')
    ? text
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => JSON.parse(line.slice(6)) as RpcAnswer)
    : [JSON.parse(text) as RpcAnswer];
  return { status: response.status, body: events.find((event) => event.id === 5) ?? {}, events };
}

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const result = await platform.request<T>(query, variables, adminJwt);
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

beforeAll(async () => {
  upstream = await startSpeaks2026();
  const url = upstream.url;
  platform = await startTestPlatform({ label: 'gateway-proxy-upstream-2026', env: { MCP_RUNTIME: 'process' } });
  mcpUrl = new URL(platform.platform.gatewayProxy.mcpUrl ?? '');
  adminJwt = await platform.adminToken();
  operatorToken = (await gql<{ createApiToken: { token: string } }>('mutation { createApiToken(name: "upstream 2026 test", role: OPERATOR) { token } }'))
    .createApiToken.token;
  const entry = { title: 'Speaks 2026', description: 'A server of MCP 2026-07-28 (test)', type: 'REMOTE', remote: { url, transportType: 'streamable-http' } };
  await gql('mutation($input: CreateCatalogEntryInput!) { createCatalogEntry(input: $input) { name } }', { input: { name: 'speaks-2026', entry } });
  const id = (await gql<{ enableServer: { id: string } }>('mutation { enableServer(name: "speaks-2026") { id } }')).enableServer.id;
  await waitUntil(
    'speaks-2026 to run',
    async () => (await gql<{ server: { status: string } }>('query($id: ID!) { server(id: $id) { status } }', { id })).server.status,
    (status) => status === 'RUNNING',
    { timeoutMs: 60_000 },
  );
}, 180_000);

afterAll(async () => {
  await platform?.close();
  await upstream?.close();
});

describe('a server that speaks 2026-07-28, behind the gateway-proxy', () => {
  it('is probed with server/discover, and lists to 2026-07-28 clients what it lists to them; stateful clients keep the 2025-11-25 view', async () => {
    const { status, body } = await rpc('tools/list', { _meta: meta() });
    expect(status).toBe(200);
    const names = ((body.result?.tools ?? []) as { name: string }[]).map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(['echo', 'ask_name', 'needs_sampling']));
    expect(body.result).toMatchObject({ resultType: 'complete', ttlMs: 0, cacheScope: 'private' });
    expect(received.some((request) => request.method === 'server/discover')).toBe(true);
    // The proxy's own list request: its protocol headers and _meta.
    const listed = received.find((request) => request.method === 'tools/list');
    expect(listed?.headers).toMatchObject({ 'mcp-protocol-version': revision, 'mcp-method': 'tools/list' });
    expect(listed?.params._meta).toMatchObject({ 'io.modelcontextprotocol/protocolVersion': revision });

    const client = new Client({ name: 'stateful', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(mcpUrl, { requestInit: { headers: { authorization: `Bearer ${operatorToken}` } } }));
    try {
      const stateful = (await client.listTools()).tools.map((tool) => tool.name);
      expect(stateful).toContain('echo');
      expect(stateful).not.toContain('ask_name');
    } finally {
      await client.close();
    }
  });

  it("forwards a call to the server as a 2026-07-28 request, with the client's capabilities and info", async () => {
    const { body } = await rpc('tools/call', { name: 'echo', arguments: { text: 'hi' }, _meta: meta({ roots: {} }) });
    expect(body.result).toMatchObject({ resultType: 'complete', content: [{ type: 'text', text: '2026 echo' }] });
    const call = received.findLast((request) => request.method === 'tools/call');
    expect(call?.headers).toMatchObject({ 'mcp-method': 'tools/call', 'mcp-name': 'echo' });
    expect(call?.params._meta).toMatchObject({
      'io.modelcontextprotocol/clientCapabilities': { roots: {} },
      'io.modelcontextprotocol/clientInfo': { name: 'upstream-2026-test' },
    });
  });

  it("passes input_required on with a requestState of its own, and the retry reaches the server with the server's state", async () => {
    const first = await rpc('tools/call', { name: 'ask_name', arguments: {}, _meta: meta({ elicitation: {} }) });
    expect(first.body.result).toMatchObject({
      resultType: 'input_required',
      inputRequests: { name_request: { method: 'elicitation/create', params: { message: 'Your name?' } } },
    });
    const requestState = first.body.result?.requestState;
    expect(typeof requestState).toBe('string');
    expect(requestState).not.toContain(serverState);

    const retry = await rpc('tools/call', {
      name: 'ask_name',
      arguments: {},
      inputResponses: { name_request: { action: 'accept', content: { name: 'Ada' } } },
      requestState,
      _meta: meta({ elicitation: {} }, { 'io.modelcontextprotocol/logLevel': 'info' }),
    });
    expect(retry.body.result).toMatchObject({ resultType: 'complete', content: [{ type: 'text', text: 'Hello, Ada!' }] });
    expect(received.findLast((request) => request.method === 'tools/call')?.params.requestState).toBe(serverState);
    // The server's log message, streamed before the result, as the request set a level.
    expect(retry.events.some((event) => event.method === 'notifications/message')).toBe(true);
  });

  it('refuses a tampered requestState without reaching the server', async () => {
    const first = await rpc('tools/call', { name: 'ask_name', arguments: {}, _meta: meta({ elicitation: {} }) });
    const calls = received.length;
    const tampered = await rpc('tools/call', {
      name: 'ask_name',
      arguments: {},
      inputResponses: { name_request: { action: 'accept', content: { name: 'Eve' } } },
      requestState: `${String(first.body.result?.requestState)}-TAMPERED`,
      _meta: meta({ elicitation: {} }),
    });
    expect(tampered.status).toBe(400);
    expect(tampered.body.error).toMatchObject({ code: -32602, message: expect.stringContaining('integrity') });
    // Bound to the tool too: the same state for another tool is refused.
    const elsewhere = await rpc('tools/call', {
      name: 'echo',
      arguments: {},
      inputResponses: {},
      requestState: first.body.result?.requestState,
      _meta: meta(),
    });
    expect(elsewhere.body.error?.code).toBe(-32602);
    expect(received.length).toBe(calls);
  });

  it('offers the prompts it offers to 2026-07-28 clients, and their completions and prompts/get go to it', async () => {
    const listed = await rpc('prompts/list', { _meta: meta() });
    expect(((listed.body.result?.prompts ?? []) as { name: string }[]).map((prompt) => prompt.name)).toContain('greeting');
    const completed = await rpc('completion/complete', { ref: { type: 'ref/prompt', name: 'greeting' }, argument: { name: 'who', value: 'A' }, _meta: meta() });
    expect(completed.body.result).toMatchObject({ resultType: 'complete', completion: { values: ['Ada', 'Alan'] } });
    expect(received.findLast((request) => request.method === 'completion/complete')?.params).toMatchObject({ ref: { type: 'ref/prompt', name: 'greeting' } });
    const prompt = await rpc('prompts/get', { name: 'greeting', arguments: { who: 'Ada' }, _meta: meta() });
    expect(prompt.body.result).toMatchObject({ resultType: 'complete', messages: [{ role: 'user', content: { type: 'text', text: 'Greet Ada.' } }] });
  });

  it('checks forwarded calls for secrets and records each round in the audit log, as any tool call', async () => {
    const calls = received.length;
    const token = `ghp_${'a1B2c3D4e5'.repeat(4)}`;
    const refused = await rpc('tools/call', { name: 'echo', arguments: { text: token }, _meta: meta() });
    expect(refused.body.error).toMatchObject({ code: -32602, message: expect.stringContaining('GitHub token') });
    expect(received.length).toBe(calls);
    const rows = async () =>
      (
        await gql<{ auditEvents: { events: { outcome: string; detail: Record<string, unknown> | null }[] } }>(
          '{ auditEvents(filter: { action: "tool.call" }, first: 100) { events { outcome detail } } }',
        )
      ).auditEvents.events;
    const found = await waitUntil(
      'the audit rows of the forwarded calls',
      rows,
      (events) =>
        events.some((event) => event.detail?.tool === 'echo' && event.detail.blockedSecret === 'GitHub token') &&
        events.some((event) => event.detail?.tool === 'ask_name'),
    );
    expect(found.find((event) => event.detail?.tool === 'ask_name')).toMatchObject({ detail: { server: 'speaks-2026', via: 'gateway-proxy', isError: false } });
  });

  it("passes the server's errors on as it sent them: -32021 with its data and HTTP 400", async () => {
    const { status, body } = await rpc('tools/call', { name: 'needs_sampling', arguments: {}, _meta: meta() });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: -32021, data: { requiredCapabilities: { sampling: {} } } });
  });
});
