import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  CreateMessageRequestSchema,
  ElicitationCompleteNotificationSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  ResourceUpdatedNotificationSchema,
  type CallToolResult,
  type ClientCapabilities,
  type ElicitResult,
  type Root,
} from '@modelcontextprotocol/sdk/types.js';
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
import { knownSecretsPath, upstreamAnswerPath, upstreamRpcPath } from '@mcp-portal/schema';
import { bundledCatalogPath, serversSubgraph, type ServersServices } from '@mcp-portal/servers';
// Not a declared dependency (see mcp-endpoint.test.ts): npm links every workspace at the root.
import { configSubgraph, type ConfigServices } from '@mcp-portal/config';
import { startStandaloneGatewayProxy } from '../src/standalone.ts';
import type { RunningGatewayProxy } from '../src/proxy.ts';
import { startTestJwks, type TestJwks } from './standalone-fixture.ts';

/**
 * What the gateway-proxy on its own does beyond calls (as docker-compose runs it): server-everything (a
 * real process) run by the servers subgraph's lifecycle owner asks for sampling, elicitation and roots
 * while a client's call runs, and the request reaches that client through the owner's NDJSON stream, its
 * answer the server through a second signed request bound to the call; resource subscriptions go through
 * the owner; the servers' secret values stored in the config subgraph are refused in calls.
 */
const misbehavingFixture = fileURLToPath(new URL('./fixtures/misbehaving-server.mjs', import.meta.url));
const logger = createLogger('test-gateway-standalone-requests', process.env.LOG_LEVEL ?? 'silent');
const masterKey = SecretBox.generateKey();
const secrets = SecretBox.fromBase64(masterKey);
const key = InternalRequestKey.from(secrets);
const prefix = testChannelPrefix('gateway-standalone-requests');
let testDatabase: TestDatabase;
let database: DatabaseHandle;
let events: EventBus;
let counters: ReturnType<typeof createCounterStore>;
let owner: RunningSubgraph<ServersServices>;
let config: RunningSubgraph<ConfigServices>;
let proxy: RunningGatewayProxy;
let jwks: TestJwks;
let operator: string;
let everythingId: string;
const clients: Client[] = [];

async function gql<T>(
  subgraph: RunningSubgraph<unknown>,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<{ data?: T; errors?: { message: string }[] }> {
  const response = await fetch(`${subgraph.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${operator}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as never;
}

/** What one test client was asked by the server, through the proxy. */
interface Peer {
  client: Client;
  sampled: number;
  elicited: number;
  rootsAsked: number;
  /** Answers its next sampling request with this (default: a text naming the peer). */
  nextSampling?: (signal: AbortSignal) => Promise<never>;
}

const everyCapability: ClientCapabilities = { sampling: {}, elicitation: { form: {} }, roots: { listChanged: true } };

async function connect(name: string, capabilities: ClientCapabilities, answers: { elicit?: ElicitResult; roots?: Root[] } = {}): Promise<Peer> {
  const client = new Client({ name, version: '1.0.0' }, { capabilities });
  const peer: Peer = { client, sampled: 0, elicited: 0, rootsAsked: 0 };
  if (capabilities.sampling) {
    client.setRequestHandler(CreateMessageRequestSchema, async (_request, extra) => {
      peer.sampled += 1;
      const answer = peer.nextSampling;
      peer.nextSampling = undefined;
      if (answer) return answer(extra.signal);
      return { model: `${name}-model`, role: 'assistant' as const, content: { type: 'text' as const, text: `sampled by ${name}` } };
    });
  }
  if (capabilities.elicitation) {
    client.setRequestHandler(ElicitRequestSchema, () => {
      peer.elicited += 1;
      return answers.elicit ?? { action: 'decline' };
    });
  }
  if (capabilities.roots) {
    client.setRequestHandler(ListRootsRequestSchema, () => {
      peer.rootsAsked += 1;
      return { roots: answers.roots ?? [] };
    });
  }
  await client.connect(new StreamableHTTPClientTransport(new URL(`${proxy.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${operator}` } } }));
  clients.push(client);
  return peer;
}

async function call(
  peer: Peer,
  name: string,
  args: Record<string, unknown> = {},
  options: { signal?: AbortSignal; onprogress?: () => void } = {},
): Promise<{ text: string; isError: boolean }> {
  const result = (await peer.client.callTool({ name, arguments: args }, undefined, options)) as CallToolResult;
  return { text: result.content.flatMap((item) => (item.type === 'text' ? [item.text] : [])).join('\n'), isError: result.isError === true };
}

/** A call straight to the owner's internal endpoint, as another gateway-proxy would make it; its answer lines as they come. */
async function rawCall(body: Record<string, unknown>): Promise<{ lines: AsyncGenerator<Record<string, unknown>>; close: () => void }> {
  const text = JSON.stringify(body);
  const path = `${upstreamRpcPath}?serverId=${everythingId}&digest=${digest(text)}`;
  const controller = new AbortController();
  const response = await fetch(new URL(path, owner.url), {
    method: 'POST',
    headers: { [internalHeader]: key.sign('POST', path) },
    body: text,
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  async function* lines(): AsyncGenerator<Record<string, unknown>> {
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffered += decoder.decode(chunk, { stream: true });
      for (let newline = buffered.indexOf('\n'); newline >= 0; newline = buffered.indexOf('\n')) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line) yield JSON.parse(line) as Record<string, unknown>;
      }
    }
  }
  return { lines: lines(), close: () => controller.abort() };
}

async function postAnswer(body: Record<string, unknown>, sign = key): Promise<number> {
  const text = JSON.stringify(body);
  const path = `${upstreamAnswerPath}?digest=${digest(text)}`;
  const response = await fetch(new URL(path, owner.url), { method: 'POST', headers: { [internalHeader]: sign.sign('POST', path) }, body: text });
  await response.body?.cancel();
  return response.status;
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex');

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mcp-gateway-standalone-requests-'));
  jwks = await startTestJwks();

  testDatabase = await createTestDatabase('gateway-standalone-requests');
  database = await openDatabase({ url: testDatabase.url, poolSize: 6 });
  events = createEventBus({ redisUrl: testRedisUrl, channelPrefix: prefix });
  counters = createCounterStore({ redisUrl: testRedisUrl, keyPrefix: `${prefix}counters:` });
  operator = await jwks.jwtFor('operator');
  // The bundled catalog, and the fixture server whose tool asks a URL elicitation and completes it.
  const catalog = join(dir, 'catalog.yaml');
  await writeFile(
    catalog,
    `${await readFile(bundledCatalogPath, 'utf8')}\n  misbehaving:\n    title: Misbehaving\n    run: { command: ${JSON.stringify(process.execPath)}, args: [${JSON.stringify(misbehavingFixture)}] }\n`,
  );
  const serversSettings = serversSubgraph.readSettings({
    MCP_DATA_DIR: dir,
    MCP_RUNTIME: 'process',
    MCP_LIFECYCLE_LEASE_SECONDS: '3',
    MCP_CATALOG_PATH: catalog,
  });
  owner = await startSubgraph(
    serversSubgraph,
    { database, events, counters, secrets, logger },
    { port: 0, host: '127.0.0.1', settings: serversSettings, verifier: jwks.verifier },
  );
  config = await startSubgraph(
    configSubgraph,
    { database, events, counters, secrets, logger },
    { port: 0, host: '127.0.0.1', settings: undefined, verifier: jwks.verifier },
  );
  await waitUntil('the replica to lead', () => owner.services.lifecycle.leadership.isLeader, Boolean);
  const enabled = await gql<{ enableServer: { id: string } }>(owner, 'mutation { enableServer(name: "everything", start: true) { id } }');
  everythingId = enabled.data!.enableServer.id;
  await waitUntil('everything to run', () => owner.services.lifecycle.supervisor.liveSessions().some((session) => session.serverId === everythingId), Boolean, {
    timeoutMs: 60_000,
  });

  proxy = await startStandaloneGatewayProxy(logger, {
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: testDatabase.url,
    REDIS_URL: testRedisUrl,
    MCP_CHANNEL_PREFIX: prefix,
    MCP_MASTER_KEY: masterKey,
    AUTH_JWKS_URL: jwks.url,
    MCP_PUBLIC_URL: 'http://127.0.0.1:4000',
    SUBGRAPH_CONFIG_URL: `${config.url}/graphql`,
  });
}, 120_000);

afterAll(async () => {
  for (const client of clients) await client.close().catch(() => undefined);
  await proxy?.close();
  await config?.close();
  await owner?.close();
  await events?.close();
  await counters?.close();
  await database?.close();
  await jwks?.close();
  await testDatabase?.drop();
}, 60_000);

describe('sampling, elicitation and roots through the lifecycle owner', () => {
  let a: Peer;
  let b: Peer;
  let bare: Peer;

  beforeAll(async () => {
    a = await connect('client-a', everyCapability, {
      elicit: { action: 'accept', content: { name: 'Ada' } },
      roots: [{ uri: 'file:///work/of-a', name: "A's work" }],
    });
    b = await connect('client-b', everyCapability, { elicit: { action: 'decline' } });
    bare = await connect('client-bare', {});
  });

  it('sends a sampling request to the calling client only, and its answer to the server', async () => {
    expect(await call(a, 'trigger-sampling-request', { prompt: 'asked by A', maxTokens: 5 })).toMatchObject({
      isError: false,
      text: expect.stringContaining('sampled by client-a'),
    });
    expect(await call(b, 'trigger-sampling-request', { prompt: 'asked by B', maxTokens: 5 })).toMatchObject({
      isError: false,
      text: expect.stringContaining('sampled by client-b'),
    });
    expect([a.sampled, b.sampled]).toEqual([1, 1]);
    expect(owner.services.upstreamOwner.pendingServerRequests).toBe(0);
  });

  it('sends an elicitation request to the calling client only, and returns its answer to the server', async () => {
    expect((await call(a, 'trigger-elicitation-request')).text).toContain('- Name: Ada');
    expect((await call(b, 'trigger-elicitation-request')).text).toContain('declined');
    expect([a.elicited, b.elicited]).toEqual([1, 1]);
  });

  it("answers the server with the proxy's error when the calling client lacks the capability", async () => {
    const sampling = await call(bare, 'trigger-sampling-request', { prompt: 'x', maxTokens: 5 });
    expect(sampling).toMatchObject({
      isError: true,
      text: expect.stringContaining('The client connected through the gateway-proxy does not support sampling'),
    });
    expect([a.sampled, b.sampled]).toEqual([1, 1]);
  });

  it("withdraws the request from the client when the client's call is cancelled", async () => {
    let cancelled = false;
    a.nextSampling = (signal) =>
      new Promise((_resolve, reject) =>
        signal.addEventListener('abort', () => {
          cancelled = true;
          reject(new Error('cancelled'));
        }),
      );
    const controller = new AbortController();
    const pending = call(a, 'trigger-sampling-request', { prompt: 'never answered', maxTokens: 5 }, { signal: controller.signal });
    await waitUntil(
      'the sampling request to reach A',
      () => a.sampled,
      (count) => count === 2,
    );
    expect(owner.services.upstreamOwner.pendingServerRequests).toBe(1);
    controller.abort();
    await expect(pending).rejects.toThrow();
    await waitUntil("A's sampling request to be cancelled", () => cancelled, Boolean);
    await waitUntil(
      'the owner to stop waiting',
      () => owner.services.upstreamOwner.pendingServerRequests,
      (count) => count === 0,
    );
  });

  it("passes a client's roots/list_changed on while it calls, and the server's roots/list to it", async () => {
    let progressed = 0;
    // Under way from its first progress (after 0.25 s), with 3.25 s left for the roots/list_changed and roots/list exchange below.
    const long = call(a, 'trigger-long-running-operation', { duration: 3.5, steps: 14 }, { onprogress: () => void (progressed += 1) });
    await waitUntil(
      "A's call to be under way",
      () => progressed,
      (count) => count > 0,
    );
    await a.client.sendRootsListChanged();
    await waitUntil(
      'the server to ask A for its roots',
      () => a.rootsAsked,
      (count) => count > 0,
    );
    await long;
    expect((await call(a, 'get-roots-list')).text).toContain('file:///work/of-a');
  }, 30_000);
});

describe("the answer to a server's request", () => {
  it('is accepted once, from the caller of the call it was streamed on only', async () => {
    const answerKey = randomBytes(32).toString('hex');
    const raw = await rawCall({
      request: { method: 'tools/call', params: { name: 'trigger-sampling-request', arguments: { prompt: 'raw', maxTokens: 5 } } },
      caller: randomUUID(),
      answerKeyDigest: digest(answerKey),
    });
    try {
      const first = (await raw.lines.next()).value as { type: string; id: string; request: { method: string } };
      expect(first).toMatchObject({ type: 'request', id: expect.any(String), request: { method: 'sampling/createMessage' } });
      const result = { model: 'raw-model', role: 'assistant', content: { type: 'text', text: 'answered raw' } };
      // Another key (another call's caller), an unsigned or foreign-signed request: refused, the request still waits.
      expect(await postAnswer({ id: first.id, key: randomBytes(32).toString('hex'), result })).toBe(404);
      expect(await postAnswer({ id: first.id, key: answerKey, result }, InternalRequestKey.from(SecretBox.fromBase64(SecretBox.generateKey())))).toBe(401);
      expect(owner.services.upstreamOwner.pendingServerRequests).toBe(1);
      expect(await postAnswer({ id: first.id, key: answerKey, result })).toBe(200);
      expect(await postAnswer({ id: first.id, key: answerKey, result })).toBe(404);
      const last = (await raw.lines.next()).value as { type: string; result: CallToolResult };
      expect(last).toMatchObject({ type: 'result', result: { content: [{ type: 'text', text: expect.stringContaining('answered raw') }] } });
    } finally {
      raw.close();
    }
  });

  it('is asked of no caller while two callers have calls under way on the server', async () => {
    const a = await connect('client-ambiguous', everyCapability);
    const raw = await rawCall({
      request: { method: 'tools/call', params: { name: 'trigger-long-running-operation', arguments: { duration: 30, steps: 120 } } },
      progress: true,
      caller: randomUUID(),
    });
    try {
      expect((await raw.lines.next()).value).toMatchObject({ type: 'progress' });
      const sampling = await call(a, 'trigger-sampling-request', { prompt: 'ambiguous', maxTokens: 5 });
      expect(sampling).toMatchObject({ isError: true, text: expect.stringContaining("2 callers of the servers subgraph's lifecycle owner") });
      expect(a.sampled).toBe(0);
    } finally {
      raw.close();
    }
    await waitUntil(
      'the owner to end the raw call',
      () => owner.services.upstreamOwner.openCalls,
      (count) => count === 0,
      { timeoutMs: 15_000 },
    );
  }, 30_000);
});

describe('URL elicitations through the lifecycle owner', () => {
  it("passes the server's notifications/elicitation/complete to the session that accepted the elicitation, and to no other", async () => {
    const enabled = await gql<{ enableServer: { id: string } }>(owner, 'mutation { enableServer(name: "misbehaving", start: true) { id } }');
    const misbehavingId = enabled.data!.enableServer.id;
    await waitUntil(
      'misbehaving to run',
      () => owner.services.lifecycle.supervisor.liveSessions().some((session) => session.serverId === misbehavingId),
      Boolean,
      { timeoutMs: 60_000 },
    );
    const consenting = async () => {
      const completed: string[] = [];
      const client = new Client({ name: 'url-consent', version: '1.0.0' }, { capabilities: { elicitation: { url: {} } } });
      client.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'accept' }));
      client.setNotificationHandler(ElicitationCompleteNotificationSchema, (notification) => void completed.push(notification.params.elicitationId));
      await client.connect(
        new StreamableHTTPClientTransport(new URL(`${proxy.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${operator}` } } }),
      );
      clients.push(client);
      return { client, completed };
    };
    const asking = await consenting();
    const bystander = await consenting();
    const elicitationId = `consent-${randomUUID()}`;
    const tools = (await asking.client.listTools()).tools.map((tool) => tool.name);
    const name = tools.includes('url_consent') ? 'url_consent' : 'misbehaving__url_consent';
    const result = (await asking.client.callTool({ name, arguments: { elicitationId } })) as CallToolResult;
    expect(result.content).toEqual([{ type: 'text', text: 'consent accept' }]);
    await waitUntil(
      'the completion to reach the asking client',
      () => asking.completed,
      (ids) => ids.length > 0,
      { timeoutMs: 15_000 },
    );
    expect(asking.completed).toEqual([elicitationId]);
    await bystander.client.ping();
    expect(bystander.completed).toEqual([]);
    await gql(owner, 'mutation($id: ID!) { disableServer(id: $id) { id } }', { id: misbehavingId });
  }, 90_000);
});

describe('resource subscriptions through the lifecycle owner', () => {
  it('subscribes the server once, delivers notifications/resources/updated to the subscribed session only, and unsubscribes', async () => {
    const client = (await connect('subscriber', {})).client;
    const bystander = (await connect('bystander', {})).client;
    const uri = (await client.listResources()).resources.map((resource) => resource.uri).find((candidate) => candidate.startsWith('demo://resource/static/'));
    expect(uri).toBeDefined();
    const updated: string[] = [];
    const bystanderUpdates: string[] = [];
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => void updated.push(notification.params.uri));
    bystander.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => void bystanderUpdates.push(notification.params.uri));
    await client.subscribeResource({ uri: uri! });
    expect(owner.services.upstreamOwner.subscribedResources(everythingId)).toEqual([uri]);
    // server-everything sends an update for every subscribed URI at once, then every 5 s, until toggled off.
    await client.callTool({ name: 'toggle-subscriber-updates', arguments: {} });
    try {
      await waitUntil(
        'notifications/resources/updated',
        () => updated,
        (uris) => uris.includes(uri!),
        { timeoutMs: 20_000 },
      );
    } finally {
      await client.callTool({ name: 'toggle-subscriber-updates', arguments: {} });
    }
    await client.unsubscribeResource({ uri: uri! });
    expect(owner.services.upstreamOwner.subscribedResources(everythingId)).toEqual([]);
    await bystander.listTools();
    expect(bystanderUpdates).toEqual([]);
  }, 30_000);
});

describe('secret values stored on the platform', () => {
  const setSecret = 'mutation($s: ID!, $n: String!, $v: String!) { setServerSecret(serverId: $s, name: $n, value: $v) { name } }';

  it("are refused in a call's arguments, read from the config subgraph again when they change", async () => {
    const peer = await connect('secret-caller', {});
    const first = `first-${randomBytes(12).toString('hex')}`;
    const second = `second-${randomBytes(12).toString('hex')}`;
    expect((await gql(config, setSecret, { s: everythingId, n: 'API_KEY', v: first })).errors).toBeUndefined();
    await expect(call(peer, 'echo', { message: `here it is: ${first}` })).rejects.toMatchObject({
      message: expect.stringContaining('contain a secret (stored on the platform: everything.API_KEY)'),
    });
    // secretsChanged: the proxy reads the values again.
    expect((await gql(config, setSecret, { s: everythingId, n: 'API_KEY', v: second })).errors).toBeUndefined();
    await waitUntil(
      'the changed value to be refused',
      () =>
        call(peer, 'echo', { message: second }).then(
          () => 'passed',
          () => 'refused',
        ),
      (outcome) => outcome === 'refused',
    );
    expect(await call(peer, 'echo', { message: first })).toEqual({ isError: false, text: `Echo: ${first}` });
  });

  it('are served only to a signed request', async () => {
    const url = new URL(knownSecretsPath, config.url);
    expect((await fetch(url)).status).toBe(401);
    const foreign = InternalRequestKey.from(SecretBox.fromBase64(SecretBox.generateKey())).sign('GET', knownSecretsPath);
    expect((await fetch(url, { headers: { [internalHeader]: foreign } })).status).toBe(401);
    const signed = await key.getJson(url);
    expect(signed.status).toBe(200);
    expect(signed.body).toMatchObject({ secrets: [{ serverId: everythingId, name: 'API_KEY', value: expect.stringMatching(/^second-/) }] });
  });
});
