import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  CallToolRequestSchema,
  ElicitationCompleteNotificationSchema,
  ElicitRequestSchema,
  ListToolsRequestSchema,
  type CallToolResult,
} from '@modelcontextprotocol/sdk/types.js';
import { createCounterStore } from '@mcp-portal/kit';
import { testRedisUrl, waitUntil } from '@mcp-portal/kit/testing';
// The platform as `npm start` runs it (see mcp-endpoint.test.ts for why it is not a declared dependency).
import { startTestPlatform, type TestPlatform } from '@mcp-portal/platform/testing';
import { SseEvents } from './sse-events.ts';

/**
 * The gateway-proxy's front of the one-process platform: resumable streams (Last-Event-ID), the per-user
 * rate limit (GATEWAY_PROXY_RATE_LIMIT_PER_MINUTE, 40 here) shared through Redis, and what reaches an upstream.
 */
const ratePerMinute = 40;
const fixture = fileURLToPath(new URL('./fixtures/misbehaving-server.mjs', import.meta.url));
let platform: TestPlatform;
let mcpUrl: URL;
let adminJwt: string;
let recording: Awaited<ReturnType<typeof startRecordingServer>>;
let catalogDir: string;

/** Entries made through the API may only run npm packages: these come from the catalog file. */
const catalogFor = (remoteUrl: string) => `
registry:
  misbehaving:
    title: Misbehaving
    run: { command: ${JSON.stringify(process.execPath)}, args: [${JSON.stringify(fixture)}] }
  recording:
    title: Records headers
    type: remote
    remote: { transport_type: streamable-http, url: "${remoteUrl}" }
`;

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const result = await platform.request<T>(query, variables, adminJwt);
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

/** A new operator user and their JWT (each rate-limit test counts for a user of its own). */
async function newUser(): Promise<{ id: string; jwt: string }> {
  const user = { e: `front-${randomBytes(3).toString('hex')}@example.test`, p: randomBytes(12).toString('base64url') };
  const { createUser } = await gql<{ createUser: { id: string } }>(
    'mutation($e: String!, $p: String!) { createUser(email: $e, password: $p, role: OPERATOR) { id } }',
    user,
  );
  const { login } = await gql<{ login: { token: string } }>('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', user);
  return { id: createUser.id, jwt: login.token };
}

const statusOf = async (id: string) => (await gql<{ server: { status: string } }>('query($id: ID!) { server(id: $id) { status } }', { id })).server.status;

async function enable(name: string): Promise<string> {
  const id = (await gql<{ enableServer: { id: string } }>('mutation($n: String!) { enableServer(name: $n) { id } }', { n: name })).enableServer.id;
  await waitUntil(
    `${name} to run`,
    () => statusOf(id),
    (value) => value === 'RUNNING',
    { timeoutMs: 60_000 },
  );
  return id;
}

async function setRunning(id: string, running: boolean): Promise<void> {
  await gql(`mutation($id: ID!) { ${running ? 'startServer' : 'stopServer'}(id: $id) { id } }`, { id });
  await waitUntil(
    `the server to be ${running ? 'running' : 'stopped'}`,
    () => statusOf(id),
    (value) => value === (running ? 'RUNNING' : 'STOPPED'),
    { timeoutMs: 60_000 },
  );
}

function post(body: unknown, headers: Record<string, string>): Promise<Response> {
  return fetch(mcpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: JSON.stringify(body),
  });
}

/** A session opened by hand (protocol 2025-11-25, so that its streams are resumable): the headers of its requests. */
async function openSession(jwt: string): Promise<Record<string, string>> {
  const init = {
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
  };
  const opened = await post(init, { authorization: `Bearer ${jwt}` });
  expect(opened.status).toBe(200);
  const headers = { authorization: `Bearer ${jwt}`, 'mcp-session-id': opened.headers.get('mcp-session-id')!, 'mcp-protocol-version': '2025-11-25' };
  await new SseEvents(opened).until((event) => event.message?.id === 1);
  expect((await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, headers)).status).toBe(202);
  return headers;
}

function getStream(headers: Record<string, string>, lastEventId?: string): Promise<Response> {
  return fetch(mcpUrl, { headers: { ...headers, accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) } });
}

/** Resumes a stream; 409 while the proxy has not yet seen the cut one close, so asked again until it has. */
async function resume(headers: Record<string, string>, lastEventId: string): Promise<Response> {
  return waitUntil(
    'the resumed stream',
    () => getStream(headers, lastEventId),
    (response) => {
      if (response.status === 409) void response.body?.cancel();
      return response.status !== 409;
    },
  );
}

/** A remote MCP server (Streamable HTTP) that records the headers of every request it gets. */
async function startRecordingServer(): Promise<{ url: string; headers: IncomingHttpHeaders[]; close: () => void }> {
  const seen: IncomingHttpHeaders[] = [];
  const http = createServer((req, res) => {
    seen.push(req.headers);
    const server = new Server({ name: 'recording', version: '1.0.0' }, { capabilities: { tools: {} } });
    server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: [{ name: 'recorded_echo', inputSchema: { type: 'object', properties: {} } }] }));
    server.setRequestHandler(CallToolRequestSchema, async () => ({ content: [{ type: 'text', text: 'recorded' }] }));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => void transport.close());
    void server.connect(transport).then(() => transport.handleRequest(req, res));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`, headers: seen, close: () => http.close() };
}

beforeAll(async () => {
  recording = await startRecordingServer();
  catalogDir = await mkdtemp(join(tmpdir(), 'gateway-proxy-front-'));
  await writeFile(join(catalogDir, 'catalog.yaml'), catalogFor(recording.url));
  const env = { MCP_RUNTIME: 'process', GATEWAY_PROXY_RATE_LIMIT_PER_MINUTE: String(ratePerMinute), MCP_CATALOG_PATH: join(catalogDir, 'catalog.yaml') };
  platform = await startTestPlatform({ label: 'gateway-proxy-front', env });
  mcpUrl = new URL(platform.platform.gatewayProxy.mcpUrl ?? '');
  adminJwt = await platform.adminToken();
}, 120_000);

afterAll(async () => {
  await platform?.close();
  recording?.close();
  if (catalogDir) await rm(catalogDir, { recursive: true, force: true });
});

describe('resumable streams (Last-Event-ID)', () => {
  let misbehavingId: string;

  it('replays to a client whose GET stream was cut the notifications sent meanwhile, and only those', async () => {
    const { jwt } = await newUser();
    const session = await openSession(jwt);
    const stream = await getStream(session);
    expect(stream.status).toBe(200);
    const events = new SseEvents(stream);
    // A server starts: the proxy sends tools/list_changed to every session, with an event id.
    misbehavingId = await enable('misbehaving');
    const seen = (await events.until((event) => event.message?.method === 'notifications/tools/list_changed')).at(-1)!;
    expect(seen.id).toEqual(expect.any(String));
    await events.cut();

    // While the client is away, the server stops: another tools/list_changed, stored for the session.
    await setRunning(misbehavingId, false);
    const resumed = await resume(session, seen.id!);
    expect(resumed.status).toBe(200);
    const replayed = await new SseEvents(resumed).until((event) => event.message?.method === 'notifications/tools/list_changed');
    expect(replayed.at(-1)).toMatchObject({ id: expect.any(String), message: { jsonrpc: '2.0', method: 'notifications/tools/list_changed' } });
    expect(Number(replayed.at(-1)!.id)).toBeGreaterThan(Number(seen.id));
    // An id this session's streams never sent: 400, nothing replayed (the SDK's answer to an id it cannot place).
    const unknown = await getStream(session, 'no-such-event');
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32000 } });
    // Event ids belong to their session: another session of the same user cannot resume from this one's.
    const other = await openSession(jwt);
    expect((await getStream(other, seen.id)).status).toBe(400);
  }, 90_000);

  it("replays the rest of a tool call's answer stream (progress and the result) after it was cut", async () => {
    // Enabled and stopped by the test above.
    await setRunning(misbehavingId, true);
    const session = await openSession((await newUser()).jwt);
    const call = await post({ jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'steps', arguments: {}, _meta: { progressToken: 'p' } } }, session);
    expect(call.status).toBe(200);
    const events = new SseEvents(call);
    const seen = await events.until((event) => event.message?.method === 'notifications/progress');
    expect(seen[0]).toEqual({ id: expect.any(String), message: null });
    const first = seen.at(-1)!;
    expect(first.message?.params).toMatchObject({ progressToken: 'p', progress: 1 });
    await events.cut();

    const resumed = await resume(session, first.id!);
    expect(resumed.status).toBe(200);
    const rest = await new SseEvents(resumed).until((event) => event.message?.id === 5);
    // The result, after the progress that followed the cut — when the platform's own SDK client passed that
    // progress on at all: it may drop a notification that arrives right before the answer (README, "Progress
    // and logging"), so the second progress is optional here, and nothing else may come.
    expect(rest.at(-1)?.message).toEqual({ jsonrpc: '2.0', id: 5, result: { content: [{ type: 'text', text: 'steps done' }] } });
    const progressAfterCut = rest.slice(0, -1).map((event) => event.message);
    expect([[], [{ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 'p', progress: 2, total: 2 } }]]).toContainEqual(
      progressAfterCut,
    );
  }, 90_000);
});

describe('rate limit per user', () => {
  const ping = { jsonrpc: '2.0', id: 1, method: 'ping' };

  it('answers 429 with Retry-After and a JSON-RPC error past the limit, at /mcp and /sse, for that user only', async () => {
    const limited = await newUser();
    const bystander = await newUser();
    // Every request counts, whatever its answer (here 400: no session).
    for (let sent = 0; sent < ratePerMinute; sent += 1) expect((await post(ping, { authorization: `Bearer ${limited.jwt}` })).status).toBe(400);
    const refused = await post(ping, { authorization: `Bearer ${limited.jwt}` });
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await refused.json()).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32000, message: expect.stringContaining(`at most ${ratePerMinute} a minute`) },
    });
    const sse = await fetch(new URL('/sse', mcpUrl), { headers: { authorization: `Bearer ${limited.jwt}`, accept: 'text/event-stream' } });
    expect(sse.status).toBe(429);
    expect(sse.headers.get('retry-after')).not.toBeNull();
    // Another user is not held back.
    expect((await post(ping, { authorization: `Bearer ${bystander.jwt}` })).status).toBe(400);
  });

  it('counts in Redis, so that what another proxy replica counted holds here too', async () => {
    const user = await newUser();
    // Another replica: its own counter store on the same Redis and prefix.
    const replica = createCounterStore({ redisUrl: testRedisUrl, keyPrefix: platform.channelPrefix });
    try {
      for (let counted = 0; counted < ratePerMinute; counted += 1) await replica.increment(`gateway-proxy-requests:${user.id}`, 60);
    } finally {
      await replica.close();
    }
    expect((await post(ping, { authorization: `Bearer ${user.jwt}` })).status).toBe(429);
  });
});

describe('what reaches an upstream', () => {
  it("never passes the caller's Authorization (nor their token anywhere) to a remote server", async () => {
    await enable('recording');
    const { jwt } = await newUser();
    const session = await openSession(jwt);
    const before = recording.headers.length;
    const call = await post({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'recorded_echo', arguments: {} } }, session);
    const answer = await new SseEvents(call).until((event) => event.message?.id === 3);
    expect(answer.at(-1)?.message?.result).toEqual({ content: [{ type: 'text', text: 'recorded' }] });
    // The call itself reached the server (and the connection's own requests before it).
    expect(recording.headers.length).toBeGreaterThan(before);
    for (const headers of recording.headers) {
      expect(headers.authorization).toBeUndefined();
      expect(JSON.stringify(headers)).not.toContain(jwt);
    }
  }, 90_000);
});

describe('URL elicitations', () => {
  /** A client of a new user that accepts every URL elicitation and records the completions it is sent. */
  async function consentingClient(): Promise<{ client: Client; asked: string[]; completed: string[] }> {
    const { jwt } = await newUser();
    const asked: string[] = [];
    const completed: string[] = [];
    const client = new Client({ name: 'url-consent', version: '1.0.0' }, { capabilities: { elicitation: { url: {} } } });
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      if (request.params.mode === 'url') asked.push(request.params.elicitationId);
      return { action: 'accept' };
    });
    client.setNotificationHandler(ElicitationCompleteNotificationSchema, (notification) => void completed.push(notification.params.elicitationId));
    await client.connect(new StreamableHTTPClientTransport(mcpUrl, { requestInit: { headers: { authorization: `Bearer ${jwt}` } } }));
    return { client, asked, completed };
  }

  it("passes the server's notifications/elicitation/complete to the session it asked, and to no other", async () => {
    const id = (await gql<{ servers: { id: string; name: string }[] }>('{ servers { id name } }')).servers.find((server) => server.name === 'misbehaving')?.id;
    if (id && (await statusOf(id)) !== 'RUNNING') await setRunning(id, true);
    if (!id) await enable('misbehaving');
    const asking = await consentingClient();
    const bystander = await consentingClient();
    try {
      const elicitationId = `consent-${randomBytes(4).toString('hex')}`;
      const result = (await asking.client.callTool({ name: 'url_consent', arguments: { elicitationId } })) as CallToolResult;
      expect(result.content).toEqual([{ type: 'text', text: 'consent accept' }]);
      expect(asking.asked).toEqual([elicitationId]);
      await waitUntil(
        'the completion to reach the asking client',
        () => asking.completed,
        (ids) => ids.length > 0,
      );
      expect(asking.completed).toEqual([elicitationId]);
      // The other session, open all along, was asked nothing and told nothing.
      await bystander.client.ping();
      expect(bystander.asked).toEqual([]);
      expect(bystander.completed).toEqual([]);
    } finally {
      await asking.client.close();
      await bystander.client.close();
    }
  }, 90_000);
});
