import { afterAll, beforeAll, expect, it } from 'vitest';
import { tokenExchangePath } from '@mcp-portal/schema';
import { serverStatusChangedSubscription, setServerStatusMutation, type EnableServerResult, type ServerStatusChangedResult } from '../src/testing/index.ts';
import { startTestPlatform, subscribe, wsClient, type TestPlatform, waitForSubscribers } from '../src/testing/index.ts';

let platform: TestPlatform;
let adminToken: string;

beforeAll(async () => {
  platform = await startTestPlatform({ label: 'api-tokens' });
  adminToken = await platform.adminToken();
});
afterAll(async () => {
  await platform?.close();
});

const create =
  'mutation($n: String!, $r: Role!, $e: DateTime) { createApiToken(name: $n, role: $r, expiresAt: $e) { token apiToken { id name role expiresAt } } }';

async function createToken(role: string, bearer = adminToken, expiresAt?: string) {
  return platform.request<{ createApiToken: { token: string; apiToken: { id: string; role: string } } }>(
    create,
    { n: `${role} token`, r: role, e: expiresAt },
    bearer,
  );
}

async function exchange(token: string) {
  const auth = platform.platform.subgraphs.find((s) => s.name === 'auth')!;
  return fetch(`${auth.url}${tokenExchangePath}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
}

it('an API token works as a bearer token through the router with its own (lower) role', async () => {
  const created = await createToken('VIEWER');
  const { token, apiToken } = created.data!.createApiToken;
  expect(token).toMatch(/^mcpat_[0-9a-f]{96}$/);
  expect(apiToken.role).toBe('VIEWER');

  const me = await platform.request<{ me: { email: string; role: string } }>('{ me { email role } }', {}, token);
  expect(me.data?.me).toEqual({ email: platform.admin.email, role: 'ADMIN' });
  const servers = await platform.request('{ servers { id } }', {}, token);
  expect(servers.errors).toBeUndefined();
  const refused = await platform.request('mutation { enableServer(name: "time") { id } }', {}, token);
  expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });

  const listed = await platform.request<{ apiTokens: { id: string; lastUsedAt: string | null }[] }>('{ apiTokens { id lastUsedAt } }', {}, adminToken);
  expect(listed.data?.apiTokens.find((t) => t.id === apiToken.id)?.lastUsedAt).toBeTruthy();
  expect(JSON.stringify(listed)).not.toContain(token.slice(38));
});

it('an API token authenticates a live subscription', async () => {
  const { token } = (await createToken('VIEWER')).data!.createApiToken;
  const enabled = await platform.request<EnableServerResult>(
    'mutation { enableServer(name: "fetch") { id name status lastError updatedAt enabledBy { id email } catalogEntry { title description } } }',
    {},
    adminToken,
  );
  const id = enabled.data!.enableServer.id;
  const client = wsClient(platform.wsUrl, token);
  const live = subscribe<ServerStatusChangedResult>(client, serverStatusChangedSubscription, { id });
  await waitForSubscribers(platform.url, 1);
  await platform.request(setServerStatusMutation, { id, status: 'RUNNING' }, adminToken);
  expect((await live.next((e) => e.serverStatusChanged.status === 'RUNNING')).serverStatusChanged.id).toBe(id);
  await client.dispose();
});

it('refuses a role above the owner, a past expiry, and revoked, expired or forged tokens', async () => {
  const viewerEmail = `viewer-${Date.now()}@example.test`;
  await platform.request('mutation($e: String!) { createUser(email: $e, password: "viewer-password", role: VIEWER) { id } }', { e: viewerEmail }, adminToken);
  const viewerToken = (
    await platform.request<{ login: { token: string } }>('mutation($e: String!) { login(email: $e, password: "viewer-password") { token } }', {
      e: viewerEmail,
    })
  ).data!.login.token;
  expect((await createToken('OPERATOR', viewerToken)).errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  expect((await createToken('VIEWER', viewerToken, new Date(Date.now() - 1000).toISOString())).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

  const { token, apiToken } = (await createToken('OPERATOR')).data!.createApiToken;
  expect((await exchange(token)).status).toBe(200);
  const revoked = await platform.request<{ revokeApiToken: { revokedAt: string } }>(
    'mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }',
    { id: apiToken.id },
    adminToken,
  );
  expect(revoked.data?.revokeApiToken.revokedAt).toBeTruthy();
  expect((await exchange(token)).status).toBe(401);
  // Another user cannot revoke (or even see) it.
  const foreign = await platform.request('mutation($id: ID!) { revokeApiToken(id: $id) { id } }', { id: apiToken.id }, viewerToken);
  expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

  // Expiring a few seconds from now (time enough to be created on a loaded machine); then refused once it has expired.
  const shortLivedExpiry = Date.now() + 3_000;
  const shortLived = (await createToken('VIEWER', adminToken, new Date(shortLivedExpiry).toISOString())).data!.createApiToken.token;
  await expect.poll(() => Date.now() > shortLivedExpiry, { timeout: 30_000, interval: 100 }).toBe(true);
  const expired = await platform.request('{ me { email } }', {}, shortLived);
  expect(expired.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });

  const forged = `${token.slice(0, -4)}0000`;
  expect((await exchange(forged)).status).toBe(401);
  expect((await platform.request('{ me { email } }', {}, forged)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
});

it('audits creation and revocation', async () => {
  const result = await platform.request<{ auditEvents: { events: { action: string }[] } }>('{ auditEvents(first: 200) { events { action } } }', {}, adminToken);
  const actions = result.data!.auditEvents.events.map((e) => e.action);
  expect(actions).toContain('api-token.create');
  expect(actions).toContain('api-token.revoke');
});

it('a revoked token, or a token of a user just disabled, is refused by the router at once (no cached exchange survives)', async () => {
  const { token, apiToken } = (await createToken('VIEWER')).data!.createApiToken;
  expect((await platform.request('{ me { id } }', {}, token)).errors).toBeUndefined(); // cached now
  await platform.request('mutation($id: ID!) { revokeApiToken(id: $id) { id } }', { id: apiToken.id }, adminToken);
  // "At once": well within the five minutes an exchanged token is cached for; the bound only stops a hang.
  await expect
    .poll(async () => (await platform.request('{ me { id } }', {}, token)).errors?.[0]?.extensions?.code, { timeout: 20_000 })
    .toBe('UNAUTHENTICATED');

  const email = `token-owner-${Date.now()}@example.test`;
  const user = await platform.request<{ createUser: { id: string } }>(
    'mutation($e: String!) { createUser(email: $e, password: "password-of-test", role: OPERATOR) { id } }',
    { e: email },
    adminToken,
  );
  const login = await platform.request<{ login: { token: string } }>('mutation($e: String!) { login(email: $e, password: "password-of-test") { token } }', {
    e: email,
  });
  const owned = (await createToken('OPERATOR', login.data!.login.token)).data!.createApiToken.token;
  expect((await platform.request('{ me { id } }', {}, owned)).errors).toBeUndefined();
  await platform.request('mutation($id: ID!) { updateUser(id: $id, disabled: true) { id } }', { id: user.data!.createUser.id }, adminToken);
  await expect
    .poll(async () => (await platform.request('{ me { id } }', {}, owned)).errors?.[0]?.extensions?.code, { timeout: 20_000 })
    .toBe('UNAUTHENTICATED');
});
