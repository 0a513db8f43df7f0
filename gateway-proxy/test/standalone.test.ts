import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LoggingMessageNotificationSchema, type CallToolResult, type Progress } from '@modelcontextprotocol/sdk/types.js';
import {
  createCounterStore,
  createEventBus,
  createLogger,
  internalHeader,
  InternalRequestKey,
  openDatabase,
  SecretBox,
  startSubgraph,
  type DatabaseHandle,
  type EventBus,
  type RunningSubgraph,
} from '@mcp-portal/kit';
import { createTestDatabase, testChannelPrefix, testRedisUrl, waitUntil, type TestDatabase } from '@mcp-portal/kit/testing';
import { upstreamRpcPath, upstreamsPath } from '@mcp-portal/schema';
import { inProcessUpstreams, serversSubgraph, type ServersServices, type ServersSettings } from '@mcp-portal/servers';
import { UpstreamOwnerClient } from '@mcp-portal/servers/upstream-owner';
import { startStandaloneGatewayProxy } from '../src/standalone.ts';
import type { RunningGatewayProxy } from '../src/proxy.ts';
import { received, revision, startSpeaks2026 } from './fixtures/speaks-2026.ts';
import { startTestJwks, type TestJwks } from './standalone-fixture.ts';

/**
 * The gateway-proxy on its own (as docker-compose runs it) in front of two replicas of the servers
 * subgraph: it reaches the servers the lifecycle owner runs (server-everything, a real process) through the
 * owner's signed internal endpoint, found through the lifecycle lease. GraphQL callTool on the replica that
 * does not run the lifecycle goes the same way.
 */
const logger = createLogger('test-gateway-standalone', process.env.LOG_LEVEL ?? 'silent');
const masterKey = SecretBox.generateKey();
const secrets = SecretBox.fromBase64(masterKey);
const prefix = testChannelPrefix('gateway-standalone');
let testDatabase: TestDatabase;
let database: DatabaseHandle;
let events: EventBus;
let counters: ReturnType<typeof createCounterStore>;
let owner: RunningSubgraph<ServersServices>;
let other: RunningSubgraph<ServersServices>;
let ownerClosed = false;
let proxy: RunningGatewayProxy;
let jwks: TestJwks;
let operator: string;
let everythingId: string;
let serversSettings: ServersSettings;
const clients: Client[] = [];

async function gql<T>(
  subgraph: RunningSubgraph<ServersServices>,
  query: string,
  variables: Record<string, unknown> = {},
  token = operator,
): Promise<{ data?: T; errors?: { message: string; extensions?: { code?: string } }[] }> {
  const response = await fetch(`${subgraph.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as never;
}

async function startServers(): Promise<RunningSubgraph<ServersServices>> {
  return startSubgraph(
    serversSubgraph,
    { database, events, counters, secrets, logger },
    { port: 0, host: '127.0.0.1', settings: serversSettings, verifier: jwks.verifier },
  );
}

async function connect(token: string): Promise<Client> {
  const client = new Client({ name: 'standalone-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${proxy.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  clients.push(client);
  return client;
}

const textOf = (result: CallToolResult) => result.content.flatMap((item) => (item.type === 'text' ? [item.text] : [])).join('\n');

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mcp-gateway-standalone-'));
  serversSettings = serversSubgraph.readSettings({ MCP_DATA_DIR: dir, MCP_RUNTIME: 'process', MCP_LIFECYCLE_LEASE_SECONDS: '3' });
  jwks = await startTestJwks();

  testDatabase = await createTestDatabase('gateway-standalone');
  database = await openDatabase({ url: testDatabase.url, poolSize: 6 });
  events = createEventBus({ redisUrl: testRedisUrl, channelPrefix: prefix });
  counters = createCounterStore({ redisUrl: testRedisUrl, keyPrefix: `${prefix}counters:` });
  operator = await jwks.jwtFor('operator');
  // The first replica takes the lease; the second finds it held.
  owner = await startServers();
  await waitUntil('the first replica to lead', () => owner.services.lifecycle.leadership.isLeader, Boolean);
  other = await startServers();
  expect(other.services.lifecycle.leadership.isLeader).toBe(false);

  // Enabled through the replica that does not lead: the owner starts it.
  const enabled = await gql<{ enableServer: { id: string } }>(other, 'mutation { enableServer(name: "everything", start: true) { id } }');
  everythingId = enabled.data!.enableServer.id;
  await waitUntil(
    'everything to run',
    async () => (await gql<{ server: { status: string } }>(other, 'query($id: ID!) { server(id: $id) { status } }', { id: everythingId })).data?.server.status,
    (status) => status === 'RUNNING',
    {
      timeoutMs: 60_000,
    },
  );

  proxy = await startStandaloneGatewayProxy(logger, {
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: testDatabase.url,
    REDIS_URL: testRedisUrl,
    MCP_CHANNEL_PREFIX: prefix,
    MCP_MASTER_KEY: masterKey,
    AUTH_JWKS_URL: jwks.url,
    MCP_PUBLIC_URL: 'http://127.0.0.1:4000',
  });
}, 120_000);

afterAll(async () => {
  for (const client of clients) await client.close().catch(() => undefined);
  await proxy?.close();
  await other?.close();
  if (!ownerClosed) await owner?.close();
  await events?.close();
  await counters?.close();
  await database?.close();
  await jwks?.close();
  await testDatabase?.drop();
}, 60_000);

describe('the gateway-proxy on its own', () => {
  it('lists and calls the tools of the servers the lifecycle owner runs', async () => {
    expect(proxy.mcpUrl).toBe(`${proxy.url}/mcp`);
    const client = await connect(operator);
    const tools = (await client.listTools()).tools.map((tool) => tool.name);
    expect(tools).toEqual(expect.arrayContaining(['echo', 'get-sum', 'trigger-long-running-operation']));
    const echo = (await client.callTool({ name: 'echo', arguments: { message: 'from afar' } })) as CallToolResult;
    expect(textOf(echo)).toBe('Echo: from afar');
    const prompts = (await client.listPrompts()).prompts.map((prompt) => prompt.name);
    expect(prompts).toContain('simple-prompt');
    expect((await client.getPrompt({ name: 'simple-prompt' })).messages.length).toBeGreaterThan(0);
    const resource = (await client.listResources()).resources.find((candidate) => candidate.uri.startsWith('demo://resource/static/'));
    expect(resource).toBeDefined();
    expect((await client.readResource({ uri: resource!.uri })).contents[0]).toMatchObject({ uri: resource!.uri });
    const templates = (await client.listResourceTemplates()).resourceTemplates.map((template) => template.uriTemplate);
    expect(templates).toContain('demo://resource/dynamic/text/{resourceId}');
    const departments = await client.complete({ ref: { type: 'ref/prompt', name: 'completable-prompt' }, argument: { name: 'department', value: 'S' } });
    expect(departments.completion.values.sort()).toEqual(['Sales', 'Support']);
    // A server's own error keeps its code on the way (args-prompt without its required city).
    await expect(client.getPrompt({ name: 'args-prompt', arguments: {} })).rejects.toMatchObject({ code: -32602 });
  });

  it("passes a server's log messages to the session with a call under way on it", async () => {
    // A second directory on the owner's sessions (as npm start's gateway-proxy has one) hears them as well,
    // and takes them from nobody: made after the owner's endpoint made its own.
    const beside = await inProcessUpstreams(owner.services.lifecycle.supervisor, events);
    const besideLogs: unknown[] = [];
    beside.onLog((message) => void besideLogs.push(message));
    await beside.list();
    const client = await connect(operator);
    const logs: unknown[] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => void logs.push(notification.params));
    // server-everything then logs every 5 seconds on its (the owner's) session.
    const toggle = async () => textOf((await client.callTool({ name: 'toggle-simulated-logging', arguments: {} })) as CallToolResult);
    expect(await toggle()).toContain('Started simulated');
    try {
      await client.callTool({ name: 'trigger-long-running-operation', arguments: { duration: 6, steps: 2 } });
      expect(logs[0]).toMatchObject({ level: expect.any(String), data: expect.stringContaining('message') });
      expect(besideLogs[0]).toMatchObject({ serverId: everythingId, params: logs[0] });
    } finally {
      expect(await toggle()).toContain('Stopped simulated');
      await beside.close();
    }
  }, 30_000);

  it('passes progress on, and a cancellation ends the call on the owner', async () => {
    const client = await connect(operator);
    const progress: Progress[] = [];
    const result = (await client.callTool({ name: 'trigger-long-running-operation', arguments: { duration: 1, steps: 3 } }, undefined, {
      onprogress: (update) => void progress.push(update),
    })) as CallToolResult;
    expect(textOf(result)).toContain('completed');
    // The last step's notification may trail the result (see mcp-endpoint.test.ts); the first ones arrive in order.
    expect(progress.slice(0, 2)).toEqual([
      { progress: 1, total: 3 },
      { progress: 2, total: 3 },
    ]);

    const cancel = new AbortController();
    const seen: Progress[] = [];
    const call = client.callTool({ name: 'trigger-long-running-operation', arguments: { duration: 30, steps: 120 } }, undefined, {
      signal: cancel.signal,
      onprogress: (update) => void seen.push(update),
    });
    await waitUntil(
      'the owner to carry the call',
      () => owner.services.upstreamOwner.openCalls,
      (count) => count === 1,
    );
    await waitUntil(
      'a first progress step',
      () => seen.length,
      (count) => count > 0,
      { timeoutMs: 10_000 },
    );
    cancel.abort();
    await expect(call).rejects.toThrow();
    // The owner's request ends once the server's request is cancelled, long before the 30 seconds.
    await waitUntil(
      'the owner to end the call',
      () => owner.services.upstreamOwner.openCalls,
      (count) => count === 0,
      { timeoutMs: 15_000 },
    );
  });

  it("forwards a 2026-07-28 client to a remote server that speaks it, found through the owner's list", async () => {
    const upstream = await startSpeaks2026();
    const admin = await jwks.jwtFor('admin');
    let id: string | undefined;
    try {
      const entry = {
        title: 'Speaks 2026',
        description: 'A server of MCP 2026-07-28 (test)',
        type: 'REMOTE',
        remote: { url: upstream.url, transportType: 'streamable-http' },
      };
      const created = await gql(
        other,
        'mutation($input: CreateCatalogEntryInput!) { createCatalogEntry(input: $input) { name } }',
        { input: { name: 'speaks-2026', entry } },
        admin,
      );
      expect(created.errors).toBeUndefined();
      id = (await gql<{ enableServer: { id: string } }>(other, 'mutation { enableServer(name: "speaks-2026", start: true) { id } }', {}, admin)).data!
        .enableServer.id;
      await waitUntil(
        'speaks-2026 to run',
        async () => (await gql<{ server: { status: string } }>(other, 'query($id: ID!) { server(id: $id) { status } }', { id })).data?.server.status,
        (status) => status === 'RUNNING',
        {
          timeoutMs: 60_000,
        },
      );
      const stateless = async (method: string, params: Record<string, unknown>) => {
        const response = await fetch(`${proxy.url}/mcp`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
            authorization: `Bearer ${operator}`,
            'mcp-protocol-version': revision,
            'mcp-method': method,
          },
          body: JSON.stringify({
            jsonrpc: '2.0',
            id: 1,
            method,
            params: { ...params, _meta: { 'io.modelcontextprotocol/protocolVersion': revision, 'io.modelcontextprotocol/clientCapabilities': {} } },
          }),
        });
        const text = await response.text();
        const line = text.split('\n').find((candidate) => candidate.startsWith('data: '));
        return JSON.parse(line ? line.slice(6) : text) as { result?: Record<string, unknown> };
      };
      // Listed to 2026-07-28 clients only by the server: the proxy asked it directly, at the URL the owner listed.
      await waitUntil(
        'the 2026-only tool through the proxy on its own',
        async () => ((await stateless('tools/list', {})).result?.tools as { name: string }[] | undefined)?.map((tool) => tool.name) ?? [],
        (names) => names.includes('speaks-2026__ask_name') || names.includes('ask_name'),
      );
      expect(received.some((request) => request.method === 'server/discover')).toBe(true);
      const names = (((await stateless('tools/list', {})).result?.tools ?? []) as { name: string }[]).map((tool) => tool.name);
      const echo = names.find((name) => name.endsWith('echo') && name.startsWith('speaks-2026')) ?? 'speaks-2026__echo';
      const called = await stateless('tools/call', { name: echo, arguments: { text: 'hi' } });
      expect(called.result).toMatchObject({ content: [{ type: 'text', text: '2026 echo' }] });
    } finally {
      if (id) await gql(other, 'mutation($id: ID!) { disableServer(id: $id) { id } }', { id }, admin);
      await upstream.close();
    }
  }, 90_000);
});

describe('the internal upstream endpoint', () => {
  const key = InternalRequestKey.from(secrets);
  const body = JSON.stringify({ request: { method: 'tools/call', params: { name: 'echo', arguments: { message: 'x' } } } });
  const digest = (text: string) => createHash('sha256').update(text).digest('hex');

  it('refuses an unsigned, a stale-signed or a foreign-signed request', async () => {
    const url = new URL(upstreamsPath, owner.url);
    expect((await fetch(url)).status).toBe(401);
    const stale = key.sign('GET', upstreamsPath, Date.now() - 120_000);
    expect((await fetch(url, { headers: { [internalHeader]: stale } })).status).toBe(401);
    const foreign = InternalRequestKey.from(SecretBox.fromBase64(SecretBox.generateKey())).sign('GET', upstreamsPath);
    expect((await fetch(url, { headers: { [internalHeader]: foreign } })).status).toBe(401);
    const signed = await fetch(url, { headers: { [internalHeader]: key.sign('GET', upstreamsPath) } });
    expect(signed.status).toBe(200);
    expect(await signed.json()).toMatchObject({
      servers: [{ id: everythingId, name: 'everything', tools: expect.arrayContaining([expect.objectContaining({ name: 'echo' })]) }],
    });
  });

  it('answers a badly signed call before reading its body, and refuses a body other than the signed one', async () => {
    const path = `${upstreamRpcPath}?serverId=${everythingId}&digest=${digest(body)}`;
    // The body never ends: the refusal comes without it.
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(
        new URL(path, owner.url),
        { method: 'POST', headers: { [internalHeader]: key.sign('POST', path, Date.now() - 120_000), 'content-type': 'application/json' } },
        (res) => {
          resolve(res.statusCode ?? 0);
          res.resume();
          request.destroy();
        },
      );
      request.on('error', reject);
      request.write(body.slice(0, 10));
    });
    expect(status).toBe(401);
    const tampered = body.replace('"x"', '"y"');
    const answer = await fetch(new URL(path, owner.url), { method: 'POST', headers: { [internalHeader]: key.sign('POST', path) }, body: tampered });
    // Refused at the digest, before the call is carried (a carried call is answered 200 and streamed).
    expect(answer.status).toBe(401);
    expect(await answer.json()).toEqual({ error: 'unauthorized', message: 'The body is not the one signed.' });
  });

  it('refuses a replayed call: the same signed request again does not reach the server', async () => {
    const path = `${upstreamRpcPath}?serverId=${everythingId}&digest=${digest(body)}`;
    const headers = { [internalHeader]: key.sign('POST', path), 'content-type': 'application/json' };
    const first = await fetch(new URL(path, owner.url), { method: 'POST', headers, body });
    expect(first.status).toBe(200);
    expect(await first.text()).toContain('Echo: x');
    const replayed = await fetch(new URL(path, owner.url), { method: 'POST', headers, body });
    expect(replayed.status).toBe(401);
  });

  it('is answered by the lifecycle owner only: another replica names it', async () => {
    const answer = await fetch(new URL(upstreamsPath, other.url), { headers: { [internalHeader]: key.sign('GET', upstreamsPath) } });
    expect(answer.status).toBe(421);
    expect(await answer.json()).toMatchObject({ error: 'not_owner', owner: owner.url });
  });
});

describe('the owner client', () => {
  it('lists no servers while no replica runs the lifecycle, and says so for a call', async () => {
    const empty = await createTestDatabase('gateway-standalone-empty');
    const handle = await openDatabase({ url: empty.url, poolSize: 1 });
    try {
      await handle.migrate('servers');
      const client = new UpstreamOwnerClient(handle.db, InternalRequestKey.from(secrets));
      expect(await client.list()).toEqual([]);
      await expect(client.callTool(everythingId, 'echo', { message: 'x' })).rejects.toThrow(/No replica of the servers subgraph runs the server lifecycle/);
    } finally {
      await handle.close();
      await empty.drop();
    }
  });
});

describe('GraphQL callTool on the replica that does not run the lifecycle', () => {
  it("calls through the owner, and reports the owner's refusals as its own would", async () => {
    const called = await gql<{ callTool: { isError: boolean; content: unknown } }>(
      other,
      'mutation($id: ID!) { callTool(serverId: $id, name: "echo", arguments: { message: "via the owner" }) { isError content } }',
      { id: everythingId },
    );
    expect(called.errors).toBeUndefined();
    expect(called.data?.callTool).toMatchObject({ isError: false, content: [{ type: 'text', text: 'Echo: via the owner' }] });
    const unknown = await gql(other, 'mutation($id: ID!) { callTool(serverId: $id, name: "no-such-tool") { isError } }', { id: everythingId });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('a lifecycle hand-over', () => {
  it('takes the proxy to the replica that holds the lease now, with its resource subscriptions', async () => {
    const client = await connect(operator);
    const uri = (await client.listResources()).resources.map((resource) => resource.uri).find((candidate) => candidate.startsWith('demo://resource/static/'));
    expect(uri).toBeDefined();
    await client.subscribeResource({ uri: uri! });
    expect(owner.services.upstreamOwner.subscribedResources(everythingId)).toEqual([uri]);
    expect(other.services.upstreamOwner.subscribedResources(everythingId)).toEqual([]);
    ownerClosed = true;
    await owner.close(); // releases the lease and stops its servers
    await waitUntil('the other replica to lead', () => other.services.lifecycle.leadership.isLeader, Boolean, { timeoutMs: 30_000 });
    await waitUntil(
      'everything to run on it',
      () => other.services.lifecycle.supervisor.liveSessions().some((session) => session.serverId === everythingId),
      Boolean,
      { timeoutMs: 60_000 },
    );
    const echo = await waitUntil(
      'a call through the new owner',
      async () => textOf((await client.callTool({ name: 'echo', arguments: { message: 'after the hand-over' } })) as CallToolResult),
      (text) => text.length > 0,
      {
        timeoutMs: 30_000,
      },
    );
    expect(echo).toBe('Echo: after the hand-over');
    // The proxy renews a server's subscriptions when it runs (again): the new owner holds them too.
    await waitUntil(
      'the new owner to hold the subscription',
      () => other.services.upstreamOwner.subscribedResources(everythingId),
      (uris) => uris.includes(uri!),
      { timeoutMs: 30_000 },
    );
    const answer = await fetch(new URL(upstreamsPath, other.url), {
      headers: { [internalHeader]: InternalRequestKey.from(secrets).sign('GET', upstreamsPath) },
    });
    expect(answer.status).toBe(200);
  }, 120_000);
});
