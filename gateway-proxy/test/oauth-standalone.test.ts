import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import {
  createCounterStore,
  createEventBus,
  createLogger,
  InternalRequestKey,
  openDatabase,
  SecretBox,
  startSubgraph,
  type DatabaseHandle,
  type EventBus,
  type RunningSubgraph,
} from '@mcp-portal/kit';
import { createTestDatabase, testChannelPrefix, testRedisUrl, waitUntil, type TestDatabase } from '@mcp-portal/kit/testing';
import { serversSubgraph, type ServersServices } from '@mcp-portal/servers';
import { UpstreamOwnerClient } from '@mcp-portal/servers/upstream-owner';
import { createUpstreamOAuth, readUpstreamOAuthSettings, type UpstreamOAuthService } from '@mcp-portal/dcr/upstream-oauth';
// The dcr subgraph's test peers. Not a declared dependency (see oauth-per-user.test.ts): npm links every workspace at the root.
import {
  consentAtTestAuthorizationServer,
  protectedBy,
  remoteOAuthCatalog,
  startProtectedMcpServer,
  startTestAuthorizationServer,
  type ProtectedMcpServer,
  type TestAuthorizationServer,
} from '@mcp-portal/dcr/testing';
import { startStandaloneGatewayProxy } from '../src/standalone.ts';
import type { RunningGatewayProxy } from '../src/proxy.ts';
import { startTestJwks, type TestJwks } from './standalone-fixture.ts';

/**
 * Issue 13 through the gateway-proxy on its own (as docker-compose runs it): a remote MCP server built with the SDK
 * behind a real authorization server (oidc-provider), in the catalog as a per-user OAuth server, run by the servers
 * subgraph's lifecycle owner in another "process". The owner's signed endpoint lists it as awaiting authorization;
 * the proxy runs the platform's OAuth client itself (from MCP_OAUTH_*, over the platform's database and
 * MCP_MASTER_KEY) and calls it with each caller's token. The users' consent goes through the dcr subgraph's OAuth
 * client over the same database (as the portal's Authorize does), driven headlessly.
 */
const logger = createLogger('test-gateway-oauth-standalone', process.env.LOG_LEVEL ?? 'silent');
const masterKey = SecretBox.generateKey();
const secrets = SecretBox.fromBase64(masterKey);
const prefix = testChannelPrefix('gateway-oauth-standalone');
const portalUrl = 'http://127.0.0.1:4000';
let as: TestAuthorizationServer;
let remote: ProtectedMcpServer;
let testDatabase: TestDatabase;
let database: DatabaseHandle;
let events: EventBus;
let counters: ReturnType<typeof createCounterStore>;
let servers: RunningSubgraph<ServersServices>;
let proxy: RunningGatewayProxy;
let jwks: TestJwks;
/** The dcr subgraph's OAuth client, where the users authorize (its own instance: the proxy runs another). */
let oauth: UpstreamOAuthService;
let catalogDir: string;
let serverId: string;
const users = {} as Record<'alice' | 'bob', { id: string; client: Client }>;

async function connect(token: string): Promise<Client> {
  const client = new Client({ name: 'oauth-standalone-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${proxy.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  return client;
}

async function call(user: 'alice' | 'bob', name = 'whoami'): Promise<{ isError: boolean; text: string }> {
  const result = (await users[user].client.callTool({ name, arguments: {} })) as CallToolResult;
  return { isError: result.isError === true, text: result.content.map((item) => (item.type === 'text' ? item.text : '')).join('') };
}

const listed = async (user: 'alice' | 'bob') => (await users[user].client.listTools()).tools.map((tool) => tool.name);

beforeAll(async () => {
  as = await startTestAuthorizationServer();
  remote = await startProtectedMcpServer({ ...protectedBy(as), challengeScope: 'mcp:read' });
  catalogDir = await mkdtemp(join(tmpdir(), 'mcp-oauth-standalone-'));
  const catalog = join(catalogDir, 'catalog.yaml');
  await writeFile(catalog, remoteOAuthCatalog({ notes: { title: 'Notes', url: remote.url } }));
  jwks = await startTestJwks();
  testDatabase = await createTestDatabase('gateway-oauth-standalone', { migrated: true });
  database = await openDatabase({ url: testDatabase.url, poolSize: 6 });
  events = createEventBus({ redisUrl: testRedisUrl, channelPrefix: prefix });
  counters = createCounterStore({ redisUrl: testRedisUrl, keyPrefix: `${prefix}counters:` });
  const operator = await jwks.jwtFor('operator');
  servers = await startSubgraph(
    serversSubgraph,
    { database, events, counters, secrets, logger },
    {
      port: 0,
      host: '127.0.0.1',
      settings: serversSubgraph.readSettings({ MCP_DATA_DIR: catalogDir, MCP_RUNTIME: 'process', MCP_CATALOG_PATH: catalog, MCP_LIFECYCLE_LEASE_SECONDS: '3' }),
      verifier: jwks.verifier,
    },
  );
  await waitUntil('the replica to lead', () => servers.services.lifecycle.leadership.isLeader, Boolean);
  const gql = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const response = await fetch(`${servers.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${operator}` },
      body: JSON.stringify({ query, variables }),
    });
    const result = (await response.json()) as { data?: T; errors?: unknown };
    if (!result.data) throw new Error(JSON.stringify(result.errors));
    return result.data;
  };
  serverId = (await gql<{ enableServer: { id: string } }>('mutation { enableServer(name: "notes", start: true) { id } }')).enableServer.id;
  await waitUntil(
    'notes to be available',
    async () => (await gql<{ server: { status: string } }>('query($id: ID!) { server(id: $id) { status } }', { id: serverId })).server.status,
    (status) => status === 'RUNNING',
    { timeoutMs: 30_000 },
  );
  const oauthEnv = { MCP_PUBLIC_URL: portalUrl, MCP_OAUTH_ALLOW_HOSTS: '127.0.0.1' };
  oauth = createUpstreamOAuth({ database, secrets, events, settings: readUpstreamOAuthSettings(oauthEnv), logger });
  proxy = await startStandaloneGatewayProxy(logger, {
    ...oauthEnv,
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: testDatabase.url,
    REDIS_URL: testRedisUrl,
    MCP_CHANNEL_PREFIX: prefix,
    MCP_MASTER_KEY: masterKey,
    AUTH_JWKS_URL: jwks.url,
  });
  for (const name of ['alice', 'bob'] as const) {
    const jwt = await jwks.jwtFor('operator');
    users[name] = { id: decodeJwt(jwt).sub ?? '', client: await connect(jwt) };
  }
}, 120_000);

afterAll(async () => {
  for (const user of Object.values(users)) await user.client.close().catch(() => undefined);
  await proxy?.close();
  await servers?.close();
  await events?.close();
  await counters?.close();
  await database?.close();
  await jwks?.close();
  await testDatabase?.drop();
  await remote?.close();
  await as?.close();
  if (catalogDir) await rm(catalogDir, { recursive: true, force: true });
}, 60_000);

describe('a per-user OAuth server through the gateway-proxy on its own', () => {
  it("is listed by the lifecycle owner's signed endpoint as awaiting authorization", async () => {
    const listedByOwner = await new UpstreamOwnerClient(database.db, InternalRequestKey.from(secrets)).list();
    expect(listedByOwner.find((server) => server.id === serverId)).toEqual({
      id: serverId,
      name: 'notes',
      tools: [expect.objectContaining({ name: 'whoami' })],
      toolPolicies: [],
      authorization: { connection: 'user', url: remote.url, transport: 'streamable-http', reason: expect.any(String) },
    });
  });

  it('tells a user without a token to authorize it first, with its portal page, and sends the server nothing', async () => {
    expect(await listed('bob')).toContain('whoami');
    const answer = await call('bob');
    expect(answer.isError).toBe(true);
    expect(answer.text).toContain('Authorize notes first');
    expect(answer.text).toContain(`${portalUrl}/servers/${serverId}`);
    expect(remote.refusals).toEqual([]);
  });

  it("calls it with the caller's own token once they authorized it, and not for another user", async () => {
    const started = await oauth.startAuthorization({
      serverId,
      serverUrl: remote.url,
      principal: { kind: 'user', userId: users.alice.id },
      userId: users.alice.id,
    });
    const answer = await consentAtTestAuthorizationServer(started.authorizationUrl, 'alice');
    if (!answer.code || !answer.state) throw new Error(`no code: ${answer.url.toString()}`);
    const connection = await oauth.completeAuthorization({ state: answer.state, code: answer.code, iss: answer.iss, userId: users.alice.id });
    expect(connection.status).toBe('authorized');

    expect(await call('alice')).toEqual({ isError: false, text: 'alice' });
    // Her own session lists the server's own tools; bob still sees the entry's and is still refused.
    expect(await listed('alice')).toContain('write_note');
    expect(await listed('bob')).not.toContain('write_note');
    const refused = await call('bob');
    expect(refused.isError).toBe(true);
    expect(refused.text).toContain('Authorize notes first');
  });
});
