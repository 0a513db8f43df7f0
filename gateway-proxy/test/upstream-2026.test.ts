import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { waitUntil } from '@mcp-portal/kit/testing';
// The platform as `npm start` runs it (see mcp-endpoint.test.ts for why this is not a declared dependency).
import { startTestPlatform, type TestPlatform } from '@mcp-portal/router/testing';

/**
 * A server that speaks MCP 2026-07-28 behind the gateway-proxy: a remote (Streamable HTTP) catalog entry
 * served by this test, which answers 2025-11-25 sessions (the lifecycle's) with the SDK and 2026-07-28
 * requests by hand, offering some tools to 2026-07-28 clients only (as the conformance suite's reference
 * server does). The proxy finds out with server/discover and forwards 2026-07-28 clients' requests to it.
 */
const revision = '2026-07-28';
let platform: TestPlatform;
let mcpUrl: URL;
let adminJwt: string;
let operatorToken: string;
let upstream: HttpServer;

/** What the 2026 side of the upstream received, newest last. */
const received: { method: string; headers: IncomingMessage['headers']; params: Record<string, unknown> }[] = [];
const serverState = 'the-server-own-state';

function answer(res: ServerResponse, status: number, message: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(message));
}

function answer2026(res: ServerResponse, id: unknown, method: string, params: Record<string, unknown>): void {
  const meta = (params._meta ?? {}) as Record<string, unknown>;
  const capabilities = (meta['io.modelcontextprotocol/clientCapabilities'] ?? {}) as Record<string, unknown>;
  const result = (value: Record<string, unknown>) => answer(res, 200, { jsonrpc: '2.0', id, result: { resultType: 'complete', ...value } });
  if (method === 'server/discover') {
    return result({ supportedVersions: [revision], capabilities: { tools: {} }, _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'speaks-2026', version: '1.0.0' } } });
  }
  if (method === 'tools/list') {
    return result({
      tools: [
        { name: 'echo', inputSchema: { type: 'object', properties: { text: { type: 'string' } } } },
        { name: 'ask_name', description: 'Offered to 2026-07-28 clients only: asks for a name (input_required).', inputSchema: { type: 'object' } },
        { name: 'needs_sampling', inputSchema: { type: 'object' } },
      ],
    });
  }
  if (method === 'prompts/list') return result({ prompts: [{ name: 'greeting', arguments: [{ name: 'who' }] }] });
  if (method === 'prompts/get' && params.name === 'greeting') {
    const who = (params.arguments as Record<string, string> | undefined)?.who ?? 'nobody';
    return result({ messages: [{ role: 'user', content: { type: 'text', text: `Greet ${who}.` } }] });
  }
  if (method === 'completion/complete') return result({ completion: { values: ['Ada', 'Alan'], hasMore: false } });
  if (method === 'resources/list' || method === 'resources/templates/list') return result(method === 'resources/list' ? { resources: [] } : { resourceTemplates: [] });
  if (method === 'tools/call' && params.name === 'ask_name') {
    const response = (params.inputResponses as Record<string, { content?: { name?: string } }> | undefined)?.name_request;
    if (response && params.requestState === serverState) {
      // Streamed as the reference server does: newline-separated JSON, a log message before the result.
      res.writeHead(200, { 'content-type': 'application/json' });
      if (meta['io.modelcontextprotocol/logLevel']) res.write(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'greeting' } }) + '\n');
      return void res.end(JSON.stringify({ jsonrpc: '2.0', id, result: { resultType: 'complete', content: [{ type: 'text', text: `Hello, ${response.content?.name}!` }] } }));
    }
    return result({
      resultType: 'input_required',
      inputRequests: { name_request: { method: 'elicitation/create', params: { message: 'Your name?', requestedSchema: { type: 'object', properties: { name: { type: 'string' } } } } } },
      requestState: serverState,
    });
  }
  if (method === 'tools/call' && params.name === 'needs_sampling' && !capabilities.sampling) {
    return answer(res, 400, { jsonrpc: '2.0', id, error: { code: -32021, message: 'Missing required client capability', data: { requiredCapabilities: { sampling: {} } } } });
  }
  if (method === 'tools/call') return result({ content: [{ type: 'text', text: `2026 ${String(params.name)}` }] });
  return answer(res, 404, { jsonrpc: '2.0', id, error: { code: -32601, message: 'Method not found' } });
}

/** The 2025-11-25 side: the SDK's stateless Streamable HTTP server with the one tool older clients get. */
async function answer2025(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
  const server = new McpServer({ name: 'speaks-2026', version: '1.0.0' });
  server.registerTool('echo', { description: 'Echoes.' }, () => ({ content: [{ type: 'text', text: '2025 echo' }] }));
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  res.on('close', () => void server.close());
  await server.connect(transport);
  await transport.handleRequest(req, res, body);
}

async function startUpstream(): Promise<string> {
  upstream = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      const body = text ? (JSON.parse(text) as { id?: unknown; method: string; params?: Record<string, unknown> }) : undefined;
      if (req.method === 'POST' && body && req.headers['mcp-protocol-version'] === revision) {
        received.push({ method: body.method, headers: req.headers, params: body.params ?? {} });
        return answer2026(res, body.id, body.method, body.params ?? {});
      }
      if (req.method !== 'POST') return void res.writeHead(405).end();
      void answer2025(req, res, body);
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/mcp`;
}

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
    ? text.split('\n').filter((line) => line.startsWith('data: ')).map((line) => JSON.parse(line.slice(6)) as RpcAnswer)
    : [JSON.parse(text) as RpcAnswer];
  return { status: response.status, body: events.find((event) => event.id === 5) ?? {}, events };
}

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const result = await platform.request<T>(query, variables, adminJwt);
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

beforeAll(async () => {
  process.env.MCP_RUNTIME = 'process';
  const url = await startUpstream();
  platform = await startTestPlatform({ label: 'gateway-proxy-upstream-2026' });
  mcpUrl = new URL(platform.platform.gatewayProxy.mcpUrl ?? '');
  adminJwt = await platform.adminToken();
  operatorToken = (await gql<{ createApiToken: { token: string } }>('mutation { createApiToken(name: "upstream 2026 test", role: OPERATOR) { token } }')).createApiToken.token;
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
  await new Promise((resolve) => upstream?.close(resolve));
});

describe('a server that speaks 2026-07-28, behind the gateway-proxy', () => {
  it('is probed with server/discover, and lists to 2026-07-28 clients what it lists to them; stateful clients keep the 2025-11-25 view', async () => {
    const { status, body } = await rpc('tools/list', { _meta: meta() });
    expect(status).toBe(200);
    const names = (body.result?.tools as { name: string }[]).map((tool) => tool.name);
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

  it('forwards a call to the server as a 2026-07-28 request, with the client\'s capabilities and info', async () => {
    const { body } = await rpc('tools/call', { name: 'echo', arguments: { text: 'hi' }, _meta: meta({ roots: {} }) });
    expect(body.result).toMatchObject({ resultType: 'complete', content: [{ type: 'text', text: '2026 echo' }] });
    const call = received.findLast((request) => request.method === 'tools/call');
    expect(call?.headers).toMatchObject({ 'mcp-method': 'tools/call', 'mcp-name': 'echo' });
    expect(call?.params._meta).toMatchObject({
      'io.modelcontextprotocol/clientCapabilities': { roots: {} },
      'io.modelcontextprotocol/clientInfo': { name: 'upstream-2026-test' },
    });
  });

  it('passes input_required on with a requestState of its own, and the retry reaches the server with the server\'s state', async () => {
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
    const elsewhere = await rpc('tools/call', { name: 'echo', arguments: {}, inputResponses: {}, requestState: first.body.result?.requestState, _meta: meta() });
    expect(elsewhere.body.error?.code).toBe(-32602);
    expect(received.length).toBe(calls);
  });

  it('offers the prompts it offers to 2026-07-28 clients, and their completions and prompts/get go to it', async () => {
    const listed = await rpc('prompts/list', { _meta: meta() });
    expect((listed.body.result?.prompts as { name: string }[]).map((prompt) => prompt.name)).toContain('greeting');
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
      (await gql<{ auditEvents: { events: { outcome: string; detail: Record<string, unknown> | null }[] } }>('{ auditEvents(filter: { action: "tool.call" }, first: 100) { events { outcome detail } } }'))
        .auditEvents.events;
    const found = await waitUntil('the audit rows of the forwarded calls', rows, (events) =>
      events.some((event) => event.detail?.tool === 'echo' && event.detail.blockedSecret === 'GitHub token') && events.some((event) => event.detail?.tool === 'ask_name'),
    );
    expect(found.find((event) => event.detail?.tool === 'ask_name')).toMatchObject({ detail: { server: 'speaks-2026', via: 'gateway-proxy', isError: false } });
  });

  it('passes the server\'s errors on as it sent them: -32021 with its data and HTTP 400', async () => {
    const { status, body } = await rpc('tools/call', { name: 'needs_sampling', arguments: {}, _meta: meta() });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: -32021, data: { requiredCapabilities: { sampling: {} } } });
  });
});
