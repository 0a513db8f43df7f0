import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ToolListChangedNotificationSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { AuditLog, createCounterStore, createLogger, remoteTokenVerifier, SecretBox, type CounterStore } from '@mcp-portal/kit';
import { testRedisUrl, waitUntil } from '@mcp-portal/kit/testing';
import { jwksPath, tokenExchangePath } from '@mcp-portal/schema/contract';
import { inProcessUpstreams, type ServersServices } from '@mcp-portal/servers';
// The platform as `npm start` runs it, and the dcr subgraph's OAuth client and its test peers. Not declared
// dependencies (see mcp-endpoint.test.ts): npm links every workspace at the root.
import { startTestPlatform, type TestPlatform } from '@mcp-portal/platform/testing';
import {
  createPostgresUpstreamOAuthStore,
  createUpstreamOAuthService,
  readUpstreamOAuthSettings,
  type OAuthPrincipal,
  type UpstreamOAuthService,
} from '@mcp-portal/dcr/upstream-oauth';
import {
  consentAtTestAuthorizationServer,
  protectedBy,
  remoteOAuthCatalog,
  startProtectedMcpServer,
  startTestAuthorizationServer,
  type ProtectedMcpServer,
  type TestAuthorizationServer,
} from '@mcp-portal/dcr/testing';
import { startGatewayProxy, type RunningGatewayProxy } from '../src/index.ts';

/**
 * Issue 13's proof through the gateway-proxy's /mcp: a remote MCP server built with the SDK, protected by a real
 * authorization server (oidc-provider), in the catalog as a per-user OAuth server; two users of the one-process
 * platform call it through the proxy, each with their own token from the platform's OAuth client (whose consent
 * is driven headlessly through the authorization server's login and consent pages).
 */
let as: TestAuthorizationServer;
let remote: ProtectedMcpServer;
let platform: TestPlatform;
let proxy: RunningGatewayProxy;
let counters: CounterStore;
let oauth: UpstreamOAuthService;
let catalogDir: string;
let serverId: string;
/** Added to the OAuth client's clock, to see a token expire without waiting. */
let clockShift = 0;
/** The last access token the remote server was shown for each account. */
const users = {} as Record<'alice' | 'bob', { id: string; jwt: string; client: Client }>;
/** notifications/tools/list_changed each user's MCP session received. */
const listChanges = { alice: 0, bob: 0 };

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const result = await platform.request<T>(query, variables, await platform.adminToken());
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

async function connect(jwt: string): Promise<Client> {
  const client = new Client({ name: 'oauth-per-user-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(proxy.mcpUrl ?? ''), { requestInit: { headers: { authorization: `Bearer ${jwt}` } } }));
  return client;
}

const principalOf = (user: 'alice' | 'bob'): OAuthPrincipal => ({ kind: 'user', userId: users[user].id });

/** The user consents at the authorization server (signed in there as themselves) and the platform completes the flow. */
async function authorize(user: 'alice' | 'bob'): Promise<void> {
  const userId = users[user].id;
  const started = await oauth.startAuthorization({ serverId, serverUrl: remote.url, principal: principalOf(user), userId });
  const answer = await consentAtTestAuthorizationServer(started.authorizationUrl, user);
  if (!answer.code || !answer.state) throw new Error(`no code: ${answer.url.toString()}`);
  const connection = await oauth.completeAuthorization({ state: answer.state, code: answer.code, iss: answer.iss, userId });
  expect(connection.status).toBe('authorized');
}

async function call(user: 'alice' | 'bob', name = 'whoami'): Promise<{ isError: boolean; text: string }> {
  const result = (await users[user].client.callTool({ name, arguments: {} })) as CallToolResult;
  const text = result.content.map((item) => (item.type === 'text' ? item.text : '')).join('');
  return { isError: result.isError === true, text };
}

const listed = async (user: 'alice' | 'bob') => (await users[user].client.listTools()).tools.map((tool) => tool.name);
const tokenRequests = () => as.requests.filter((line) => line.startsWith('POST') && line.includes('/token')).length;

beforeAll(async () => {
  as = await startTestAuthorizationServer();
  // Its 401 asks for the read scope; write_note needs mcp:write too (a 403 insufficient_scope: a step-up).
  remote = await startProtectedMcpServer({ ...protectedBy(as), challengeScope: 'mcp:read' });
  catalogDir = await mkdtemp(join(tmpdir(), 'mcp-oauth-per-user-'));
  const catalog = join(catalogDir, 'catalog.yaml');
  await writeFile(catalog, remoteOAuthCatalog({ notes: { title: 'Notes', url: remote.url } }));
  platform = await startTestPlatform({ label: 'gateway-proxy-oauth', env: { MCP_RUNTIME: 'process', MCP_CATALOG_PATH: catalog } });
  const running = platform.platform;
  oauth = createUpstreamOAuthService({
    store: createPostgresUpstreamOAuthStore(running.database),
    secrets: SecretBox.fromBase64(SecretBox.generateKey()),
    settings: readUpstreamOAuthSettings({ MCP_PUBLIC_URL: platform.url, MCP_OAUTH_ALLOW_HOSTS: '127.0.0.1' }),
    events: running.events,
    now: () => Date.now() + clockShift,
  });
  // A gateway-proxy as the platform starts its own, with the platform's OAuth client (see the report of issue 13).
  const servers = running.subgraphs.find((subgraph) => subgraph.name === 'servers') as { services: ServersServices } | undefined;
  const auth = running.subgraphs.find((subgraph) => subgraph.name === 'auth');
  if (!servers || !auth) throw new Error('the platform has no servers or auth subgraph');
  const logger = createLogger('test-gateway-proxy-oauth', process.env.LOG_LEVEL ?? 'silent');
  counters = createCounterStore({ redisUrl: testRedisUrl, keyPrefix: platform.channelPrefix, logger });
  proxy = await startGatewayProxy({
    port: 0,
    host: '127.0.0.1',
    logger,
    mcp: {
      upstreams: await inProcessUpstreams(servers.services.lifecycle.supervisor, running.events, servers.services.toolPolicies),
      verifier: remoteTokenVerifier(`${auth.url}${jwksPath}`),
      tokenExchangeUrl: new URL(tokenExchangePath, auth.url).toString(),
      events: running.events,
      audit: new AuditLog(running.database.db, running.events, 'gateway-proxy', logger),
      counters,
      platformUrl: platform.url,
      upstreamOAuth: oauth,
    },
  });
  for (const name of ['alice', 'bob'] as const) {
    const account = { e: `${name}-${randomBytes(3).toString('hex')}@example.test`, p: randomBytes(12).toString('base64url') };
    const { createUser } = await gql<{ createUser: { id: string } }>(
      'mutation($e: String!, $p: String!) { createUser(email: $e, password: $p, role: OPERATOR) { id } }',
      account,
    );
    const { login } = await gql<{ login: { token: string } }>('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', account);
    users[name] = { id: createUser.id, jwt: login.token, client: await connect(login.token) };
    users[name].client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      listChanges[name] += 1;
    });
  }
  serverId = (await gql<{ enableServer: { id: string } }>('mutation { enableServer(name: "notes") { id } }')).enableServer.id;
  await waitUntil(
    'notes to be available',
    async () => (await gql<{ server: { status: string } }>('query($id: ID!) { server(id: $id) { status } }', { id: serverId })).server.status,
    (status) => status === 'RUNNING',
    { timeoutMs: 30_000 },
  );
}, 120_000);

afterAll(async () => {
  for (const user of Object.values(users)) await user.client.close().catch(() => undefined);
  await proxy?.close();
  await counters?.close();
  await platform?.close();
  await remote?.close();
  await as?.close();
  if (catalogDir) await rm(catalogDir, { recursive: true, force: true });
});

describe('a remote server that signs in with OAuth for each user, through the gateway-proxy', () => {
  it('is available without anyone authorized: its entry tools are listed, and a call says to authorize it first, with its page', async () => {
    expect(await listed('bob')).toContain('whoami');
    const answer = await call('bob');
    expect(answer.isError).toBe(true);
    expect(answer.text).toContain('Authorize notes first');
    expect(answer.text).toContain(`${platform.url}/servers/${serverId}`);
    expect(answer.text).toContain('docker mcp oauth authorize notes');
    // Nothing was sent to the remote server on bob's behalf.
    expect(remote.refusals).toEqual([]);
  });

  it("calls it with the caller's own token once they authorized it, and never with another user's", async () => {
    const changesBefore = { ...listChanges };
    await authorize('alice');
    // Her session is told to list again (the connection's change event), and lists the server's own tools.
    await waitUntil(
      'tools/list_changed for alice',
      () => Promise.resolve(listChanges.alice),
      (count) => count > changesBefore.alice,
    );
    expect(listChanges.bob).toBe(changesBefore.bob);
    expect(await listed('alice')).toContain('write_note');
    expect(await call('alice')).toEqual({ isError: false, text: 'alice' });
    // Bob has not authorized: alice's token is not used for him, and he still sees only the entry's tools.
    const refused = await call('bob');
    expect(refused.isError).toBe(true);
    expect(refused.text).toContain('Authorize notes first');
    expect(await listed('bob')).not.toContain('write_note');
    await authorize('bob');
    expect(await call('bob')).toEqual({ isError: false, text: 'bob' });
    expect(await call('alice')).toEqual({ isError: false, text: 'alice' });
  });

  it('refreshes a token the server refuses (401) and retries the call once; refreshes an expiring token before sending it', async () => {
    const refused = remote.lastTokenOf('alice');
    if (!refused) throw new Error('the remote server saw no token of alice');
    // The authorization server revokes the access token (as when it is rotated or lost): the server answers 401.
    await (await as.provider.AccessToken.find(refused))?.destroy();
    const refusalsBefore = remote.refusals.length;
    const tokensBefore = tokenRequests();
    expect(await call('alice')).toEqual({ isError: false, text: 'alice' });
    expect(remote.refusals.slice(refusalsBefore)).toEqual(['unknown, expired or revoked token']);
    expect(tokenRequests()).toBe(tokensBefore + 1);
    const refreshed = remote.lastTokenOf('alice');
    expect(refreshed).not.toBe(refused);
    // Past its expiry (the client's clock moves on): refreshed before the request, which the server never refuses.
    clockShift += 2 * 60 * 60_000;
    expect(await call('alice')).toEqual({ isError: false, text: 'alice' });
    expect(remote.refusals.length).toBe(refusalsBefore + 1);
    expect(tokenRequests()).toBe(tokensBefore + 2);
    expect(remote.lastTokenOf('alice')).not.toBe(refreshed);
  });

  it('asks to authorize again, without a loop, when the refresh fails (EXPIRED) or the server wants more scopes', async () => {
    const stepUp = await call('bob', 'write_note');
    expect(stepUp.isError).toBe(true);
    expect(stepUp.text).toContain('Authorize notes again');
    expect(stepUp.text).toContain('it needs the scopes');
    expect((await oauth.connection(serverId, principalOf('bob')))?.status).toBe('needs_authorization');
    // Authorized again with the wider scope: the call the server refused goes through.
    await authorize('bob');
    const streamsBefore = remote.streamsOf('bob');
    expect(await call('bob', 'write_note')).toEqual({ isError: false, text: 'written' });
    // The call opened a new session, whose stream (a GET, sent without waiting) must not meet the revoked token.
    await waitUntil(
      "the new session's stream",
      () => Promise.resolve(remote.streamsOf('bob')),
      (streams) => streams > streamsBefore,
    );
    as.faults.refuseRefresh = true;
    try {
      await (await as.provider.AccessToken.find(remote.lastTokenOf('bob') ?? ''))?.destroy();
      const refusalsBefore = remote.refusals.length;
      const expired = await call('bob');
      expect(expired.isError).toBe(true);
      expect(expired.text).toContain('Authorize notes');
      expect(remote.refusals.slice(refusalsBefore)).toEqual(['unknown, expired or revoked token']);
      expect((await oauth.connection(serverId, principalOf('bob')))?.status).toBe('expired');
    } finally {
      as.faults.refuseRefresh = false;
    }
  });

  it('refuses the calls of a user whose connection was revoked, and no one else', async () => {
    await authorize('bob');
    await oauth.revoke({ serverId, principal: principalOf('alice') });
    const refused = await call('alice');
    expect(refused.isError).toBe(true);
    expect(refused.text).toContain('Authorize notes first');
    expect(await listed('alice')).not.toContain('write_note');
    expect(await call('bob')).toEqual({ isError: false, text: 'bob' });
  });
});
