import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '@mcp-portal/kit/testing';
// The platform as `npm start` runs it (see mcp-endpoint.test.ts for why this is not a declared dependency).
import { startTestPlatform, type TestPlatform } from '@mcp-portal/platform/testing';

/**
 * Clients of the stateless revision (2026-07-28) at the gateway-proxy's /mcp, in front of servers that
 * speak 2025-11-25 (server-memory and server-everything as local processes): raw HTTP, as the revision's
 * wire format is not in the SDK yet.
 */
const revision = '2026-07-28';
let platform: TestPlatform;
let mcpUrl: URL;
let adminJwt: string;
let operatorToken: string;
let viewerToken: string;

interface RpcAnswer {
  id?: string | number | null;
  result?: Record<string, unknown> & { resultType?: string };
  error?: { code: number; message: string; data?: Record<string, unknown> };
  method?: string;
  params?: Record<string, unknown>;
}

const meta = (capabilities: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  'io.modelcontextprotocol/protocolVersion': revision,
  'io.modelcontextprotocol/clientInfo': { name: 'stateless-test', version: '1.0.0' },
  'io.modelcontextprotocol/clientCapabilities': capabilities,
  ...extra,
});

function headersFor(method: string, params: Record<string, unknown> | undefined, token: string): Record<string, string> {
  const name = method === 'tools/call' || method === 'prompts/get' ? params?.name : method === 'resources/read' ? params?.uri : undefined;
  return {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    authorization: `Bearer ${token}`,
    'mcp-protocol-version': revision,
    'mcp-method': method,
    ...(typeof name === 'string' ? { 'mcp-name': name } : {}),
  };
}

/** One stateless request; every message of an SSE answer is returned in `events`, the answer in `body`. */
async function rpc(
  method: string,
  params: Record<string, unknown> | undefined,
  options: { token?: string; headers?: Record<string, string>; id?: string | number } = {},
): Promise<{ status: number; body: RpcAnswer; events: RpcAnswer[] }> {
  const id = options.id ?? 7;
  const response = await fetch(mcpUrl, {
    method: 'POST',
    headers: { ...headersFor(method, params, options.token ?? operatorToken), ...options.headers },
    body: JSON.stringify({ jsonrpc: '2.0', id, method, ...(params ? { params } : {}) }),
  });
  const text = await response.text();
  const events = (response.headers.get('content-type') ?? '').includes('text/event-stream')
    ? text
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => JSON.parse(line.slice(6)) as RpcAnswer)
    : [JSON.parse(text) as RpcAnswer];
  const body = events.find((event) => event.id === id) ?? events[events.length - 1] ?? {};
  return { status: response.status, body, events };
}

/** A subscriptions/listen stream: its messages as they arrive, and a way to close it. */
function listen(notifications: Record<string, unknown>, id: string): { messages: RpcAnswer[]; close: () => void } {
  const messages: RpcAnswer[] = [];
  const controller = new AbortController();
  const params = { _meta: meta(), notifications };
  void fetch(mcpUrl, {
    method: 'POST',
    headers: headersFor('subscriptions/listen', params, operatorToken),
    body: JSON.stringify({ jsonrpc: '2.0', id, method: 'subscriptions/listen', params }),
    signal: controller.signal,
  })
    .then(async (response) => {
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines) if (line.startsWith('data: ')) messages.push(JSON.parse(line.slice(6)) as RpcAnswer);
      }
    })
    .catch(() => undefined);
  return { messages, close: () => controller.abort() };
}

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const result = await platform.request<T>(query, variables, adminJwt);
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

async function statusOf(id: string): Promise<string | undefined> {
  return (await platform.request<{ server: { status: string } }>('query($id: ID!) { server(id: $id) { status } }', { id }, adminJwt)).data?.server.status;
}

async function enable(name: string): Promise<string> {
  const id = (await gql<{ enableServer: { id: string } }>('mutation($n: String!) { enableServer(name: $n) { id } }', { n: name })).enableServer.id;
  await waitUntil(
    `${name} to run`,
    () => statusOf(id),
    (status) => status === 'RUNNING',
    { timeoutMs: 60_000 },
  );
  return id;
}

let memoryId: string;

beforeAll(async () => {
  platform = await startTestPlatform({ label: 'gateway-proxy-stateless', env: { MCP_RUNTIME: 'process' } });
  mcpUrl = new URL(platform.platform.gatewayProxy.mcpUrl ?? '');
  adminJwt = await platform.adminToken();
  const token = async (role: string) =>
    (await gql<{ createApiToken: { token: string } }>('mutation($r: Role!) { createApiToken(name: "stateless test", role: $r) { token } }', { r: role }))
      .createApiToken.token;
  [operatorToken, viewerToken] = [await token('OPERATOR'), await token('VIEWER')];
  memoryId = await enable('memory');
  await enable('everything');
}, 180_000);

afterAll(async () => {
  await platform?.close();
});

describe("the revision's request rules", () => {
  it("answers server/discover with the revision, the proxy's capabilities and identity, and caching hints", async () => {
    const { status, body } = await rpc('server/discover', { _meta: meta() });
    expect(status).toBe(200);
    expect(body.id).toBe(7);
    expect(body.result).toMatchObject({
      resultType: 'complete',
      supportedVersions: [revision],
      capabilities: { tools: { listChanged: true }, prompts: { listChanged: true }, resources: { listChanged: true, subscribe: true }, completions: {} },
      ttlMs: 0,
      cacheScope: 'private',
      _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'mcp-portal-gateway-proxy' } },
    });
    // logging/setLevel is gone from the revision: the level travels in each request's _meta.
    expect(body.result?.capabilities).not.toHaveProperty('logging');
  });

  it('refuses a request without _meta, or without the version or the client capabilities, with 400 and -32602 echoing its id; clientInfo is optional', async () => {
    for (const [params, id] of [
      [{}, 101],
      [{ _meta: { 'io.modelcontextprotocol/clientCapabilities': {} } }, 102],
      [{ _meta: { 'io.modelcontextprotocol/protocolVersion': revision } }, 103],
    ] as const) {
      const { status, body } = await rpc('server/discover', params, { id });
      expect(status).toBe(400);
      expect(body).toMatchObject({ id, error: { code: -32602 } });
    }
    const withoutClientInfo = await rpc('server/discover', {
      _meta: { 'io.modelcontextprotocol/protocolVersion': revision, 'io.modelcontextprotocol/clientCapabilities': {} },
    });
    expect(withoutClientInfo.status).toBe(200);
  });

  it('answers an unknown version with -32022 naming the supported ones, and a header that disagrees with _meta with -32020', async () => {
    const unsupported = await rpc(
      'server/discover',
      { _meta: meta({}, { 'io.modelcontextprotocol/protocolVersion': 'v999.0.0' }) },
      { headers: { 'mcp-protocol-version': 'v999.0.0' } },
    );
    expect(unsupported.status).toBe(400);
    expect(unsupported.body.error).toMatchObject({ code: -32022, data: { supported: [revision], requested: 'v999.0.0' } });
    const mismatch = await rpc('server/discover', { _meta: meta({}, { 'io.modelcontextprotocol/protocolVersion': 'v999.0.0' }) });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error?.code).toBe(-32020);
    const wrongMethodHeader = await rpc('tools/list', { _meta: meta() }, { headers: { 'mcp-method': 'prompts/list' } });
    expect(wrongMethodHeader.status).toBe(400);
    expect(wrongMethodHeader.body.error?.code).toBe(-32020);
    const wrongName = await rpc('tools/call', { name: 'echo', arguments: { message: 'x' }, _meta: meta() }, { headers: { 'mcp-name': 'read_graph' } });
    expect(wrongName.body.error?.code).toBe(-32020);
  });

  it('answers the removed methods and unknown ones 404 with -32601, and a batch 400', async () => {
    for (const method of ['initialize', 'ping', 'logging/setLevel', 'resources/subscribe', 'resources/unsubscribe', 'unknown/method']) {
      const { status, body } = await rpc(method, { _meta: meta() }, { id: 500 });
      expect(status, method).toBe(404);
      expect(body, method).toMatchObject({ id: 500, error: { code: -32601 } });
    }
    const batch = await fetch(mcpUrl, {
      method: 'POST',
      headers: headersFor('tools/list', undefined, operatorToken),
      body: JSON.stringify([{ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: meta() } }]),
    });
    expect(batch.status).toBe(400);
  });

  it("keeps the proxy's own rules: no token is 401, a viewer's tools/call is 403", async () => {
    const anonymous = await fetch(mcpUrl, { method: 'POST', headers: { ...headersFor('tools/list', undefined, ''), authorization: '' }, body: '{}' });
    expect(anonymous.status).toBe(401);
    const viewerCall = await rpc('tools/call', { name: 'echo', arguments: { message: 'x' }, _meta: meta() }, { token: viewerToken });
    expect(viewerCall.status).toBe(403);
  });
});

describe('requests carried to 2025-11-25 servers', () => {
  it('lists and calls tools with resultType and caching hints, and the call is audited as any other', async () => {
    const list = await rpc('tools/list', { _meta: meta() });
    expect(list.body.result).toMatchObject({ resultType: 'complete', ttlMs: 0, cacheScope: 'private' });
    const names = ((list.body.result?.tools ?? []) as { name: string }[]).map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(['echo', 'read_graph']));
    const call = await rpc('tools/call', { name: 'echo', arguments: { message: 'stateless hello' }, _meta: meta() });
    expect(call.status).toBe(200);
    expect(call.body.result).toMatchObject({ resultType: 'complete', content: [{ type: 'text', text: expect.stringContaining('stateless hello') }] });
    expect(call.body.result).not.toHaveProperty('ttlMs');
    const rows = () =>
      gql<{ auditEvents: { events: { detail: { tool?: string } | null }[] } }>(
        '{ auditEvents(filter: { action: "tool.call" }, first: 20) { events { detail } } }',
      );
    await waitUntil("the call's audit row", rows, (found) => found.auditEvents.events.some((row) => row.detail?.tool === 'echo'));
  });

  it('streams the progress of a long call before its result, and sends no log message when the request set no level', async () => {
    const progress = await rpc('tools/call', {
      name: 'trigger-long-running-operation',
      arguments: { duration: 0.5, steps: 3 },
      _meta: meta({}, { progressToken: 'p-1' }),
    });
    expect(progress.events.filter((event) => event.method === 'notifications/progress').length).toBeGreaterThan(0);
    expect(progress.events.every((event) => event.method === undefined || event.method.startsWith('notifications/'))).toBe(true);
    expect(progress.body.result?.resultType).toBe('complete');
    const quiet = await rpc('tools/call', { name: 'trigger-long-running-operation', arguments: { duration: 0.5, steps: 2 }, _meta: meta() });
    expect(quiet.events.some((event) => event.method === 'notifications/message')).toBe(false);
  });

  it('reads resources and gets prompts; completion/complete answers too', async () => {
    const read = await rpc('resources/read', { uri: 'demo://resource/dynamic/text/3', _meta: meta() });
    expect(read.body.result).toMatchObject({ resultType: 'complete', ttlMs: 0, cacheScope: 'private' });
    const prompt = await rpc('prompts/get', { name: 'simple-prompt', _meta: meta() });
    expect(prompt.body.result?.resultType).toBe('complete');
    expect(prompt.body.result?.messages).toBeDefined();
    const completion = await rpc('completion/complete', {
      ref: { type: 'ref/prompt', name: 'completable-prompt' },
      argument: { name: 'department', value: 'En' },
      _meta: meta(),
    });
    expect(completion.body.result).toMatchObject({ resultType: 'complete', completion: { values: ['Engineering'] } });
  });
});

describe('server→client requests become input_required results (MRTR)', () => {
  it("asks for sampling input, then completes the same upstream call with the client's answer", async () => {
    const params = { name: 'trigger-sampling-request', arguments: { prompt: 'Say hi', maxTokens: 20 }, _meta: meta({ sampling: {} }) };
    const first = await rpc('tools/call', params);
    expect(first.status).toBe(200);
    expect(first.body.result?.resultType).toBe('input_required');
    const inputRequests = first.body.result?.inputRequests as Record<string, { method: string; params: Record<string, unknown> }>;
    const [key, input] = Object.entries(inputRequests)[0] ?? [];
    expect(input?.method).toBe('sampling/createMessage');
    const requestState = first.body.result?.requestState as string;
    expect(typeof requestState).toBe('string');
    const answer = { role: 'assistant', content: { type: 'text', text: 'hi from the stateless client' }, model: 'test-model', stopReason: 'endTurn' };
    const second = await rpc('tools/call', { ...params, requestState, inputResponses: { [key!]: answer } });
    expect(second.body.result?.resultType).toBe('complete');
    expect(JSON.stringify(second.body.result?.content)).toContain('hi from the stateless client');
    // The state was used: it cannot be replayed.
    const replay = await rpc('tools/call', { ...params, requestState, inputResponses: { [key!]: answer } });
    expect(replay.status).toBe(400);
    expect(replay.body.error?.code).toBe(-32602);
  });

  it('re-asks when the retry lacks the answer, and refuses an altered requestState', async () => {
    const params = { name: 'trigger-sampling-request', arguments: { prompt: 'Again', maxTokens: 5 }, _meta: meta({ sampling: {} }) };
    const first = await rpc('tools/call', params);
    const requestState = first.body.result?.requestState as string;
    const again = await rpc('tools/call', { ...params, requestState, inputResponses: { wrong_key: { action: 'accept' } } });
    expect(again.body.result?.resultType).toBe('input_required');
    const laterState = again.body.result?.requestState as string;
    const tampered = `${laterState.split('.')[0]}.${'A'.repeat(43)}`;
    const refused = await rpc('tools/call', { ...params, requestState: tampered, inputResponses: {} });
    expect(refused.status).toBe(400);
    expect(refused.body.error?.code).toBe(-32602);
    // Another user's tool (or another tool) cannot take over the state either.
    const otherTool = await rpc('tools/call', { name: 'echo', arguments: { message: 'x' }, requestState: laterState, _meta: meta({ sampling: {} }) });
    expect(otherTool.body.error?.code).toBe(-32602);
    // The refused retries left the request waiting: the right answer still completes it.
    const [key] = Object.keys(again.body.result?.inputRequests as Record<string, unknown>);
    const done = await rpc('tools/call', {
      ...params,
      requestState: laterState,
      inputResponses: { [key!]: { role: 'assistant', content: { type: 'text', text: 'done' }, model: 'test-model' } },
    });
    expect(done.body.result?.resultType).toBe('complete');
  });

  it('answers -32021 naming the capability when the request did not declare it', async () => {
    const { status, body } = await rpc('tools/call', { name: 'trigger-sampling-request', arguments: { prompt: 'x', maxTokens: 5 }, _meta: meta() });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: -32021, data: { requiredCapabilities: { sampling: {} } } });
  });
});

describe('subscriptions/listen', () => {
  it('acknowledges first, then sends only the notifications asked for, tagged with the subscription id', async () => {
    const tools = listen({ toolsListChanged: true, promptsListChanged: false }, 'listen-tools');
    const prompts = listen({ promptsListChanged: true }, 'listen-prompts');
    try {
      await waitUntil(
        'both acknowledgements',
        () => tools.messages.length + prompts.messages.length,
        (count) => count >= 2,
      );
      expect(tools.messages[0]).toMatchObject({
        method: 'notifications/subscriptions/acknowledged',
        params: { notifications: { toolsListChanged: true }, _meta: { 'io.modelcontextprotocol/subscriptionId': 'listen-tools' } },
      });
      // memory stops: the tool list changes, the prompt list does not (memory has no prompts).
      await gql('mutation($id: ID!) { stopServer(id: $id) { id } }', { id: memoryId });
      await waitUntil(
        'tools/list_changed on the tools stream',
        () => tools.messages,
        (messages) => messages.some((message) => message.method === 'notifications/tools/list_changed'),
      );
      const change = tools.messages.find((message) => message.method === 'notifications/tools/list_changed');
      expect(change?.params?._meta).toEqual({ 'io.modelcontextprotocol/subscriptionId': 'listen-tools' });
      expect(prompts.messages.some((message) => message.method === 'notifications/tools/list_changed')).toBe(false);
    } finally {
      tools.close();
      prompts.close();
    }
  });
});
