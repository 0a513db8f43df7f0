import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordStatements, startSubgraphHarness, type SubgraphHarness } from '@mcp-portal/kit/testing';
import { authSubgraph, type AuthServices } from '../src/index.ts';

const admin = { email: 'detail-admin@example.test', password: 'correct horse battery' };
const password = 'password-of-detail-test';
let harness: SubgraphHarness<AuthServices>;
let adminToken: string;

interface Session {
  id: string;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
}
interface UserPage {
  user: {
    id: string;
    email: string;
    disabled: boolean;
    sessions: Session[];
    apiTokens: { id: string; name: string; revokedAt: string | null }[];
  } | null;
}

const userPage = 'query($id: ID!) { user(id: $id) { id email disabled sessions { id createdAt lastUsedAt expiresAt } apiTokens { id name revokedAt } } }';
const revokeSession = 'mutation($id: ID!) { revokeSession(id: $id) { id sessions { id } } }';
const loginMutation = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token refreshToken user { id } } }';
const refreshMutation = 'mutation($r: String!) { refreshSession(refreshToken: $r) { token refreshToken } }';

async function login(email: string, secret: string) {
  const result = await harness.request<{ login: { token: string; refreshToken: string; user: { id: string } } }>(loginMutation, { e: email, p: secret });
  if (!result.data) throw new Error(`login failed: ${JSON.stringify(result.errors)}`);
  return result.data.login;
}

async function newUser(role: 'VIEWER' | 'OPERATOR' | 'ADMIN') {
  const email = `detail-${randomUUID().slice(0, 8)}@example.test`;
  const created = await harness.request<{ createUser: { id: string } }>(
    'mutation($e: String!, $p: String!, $r: Role!) { createUser(email: $e, password: $p, role: $r) { id } }',
    { e: email, p: password, r: role },
    adminToken,
  );
  return { id: created.data!.createUser.id, email };
}

const pageOf = async (id: string, token = adminToken) => harness.request<UserPage>(userPage, { id }, token);

beforeAll(async () => {
  harness = await startSubgraphHarness(authSubgraph, { env: { MCP_ADMIN_EMAIL: admin.email, MCP_ADMIN_PASSWORD: admin.password } });
  adminToken = (await login(admin.email, admin.password)).token;
});
afterAll(async () => {
  await harness?.close();
});

describe("an admin reads another user's sessions and API tokens", () => {
  it('lists each active sign-in once (a refresh keeps it one session), and the API tokens without secrets', async () => {
    const someone = await newUser('OPERATOR');
    const first = await login(someone.email, password);
    const second = await login(someone.email, password);
    const rotated = await harness.request<{ refreshSession: { token: string } }>(refreshMutation, { r: second.refreshToken });
    expect(rotated.errors).toBeUndefined();
    const token = await harness.request<{ createApiToken: { token: string; apiToken: { id: string } } }>(
      'mutation { createApiToken(name: "their-token", role: VIEWER) { token apiToken { id } } }',
      {},
      first.token,
    );
    const { token: secret, apiToken } = token.data!.createApiToken;

    const page = await pageOf(someone.id);
    expect(page.errors).toBeUndefined();
    const user = page.data!.user!;
    expect(user.email).toBe(someone.email);
    expect(user.sessions).toHaveLength(2);
    const [older, newer] = user.sessions as [Session, Session];
    expect(new Date(older.createdAt).getTime()).toBeLessThanOrEqual(new Date(newer.createdAt).getTime());
    expect(older.lastUsedAt).toBe(older.createdAt);
    // The refreshed one: signed in first, refreshed since, expiring from its refresh.
    expect(new Date(newer.lastUsedAt).getTime()).toBeGreaterThan(new Date(newer.createdAt).getTime());
    expect(new Date(newer.expiresAt).getTime()).toBeGreaterThan(new Date(older.expiresAt).getTime());
    expect(user.apiTokens).toEqual([{ id: apiToken.id, name: 'their-token', revokedAt: null }]);
    expect(JSON.stringify(page)).not.toContain(secret.slice(-64));

    // The admin's own tokens are not theirs, and theirs are not in the admin's `apiTokens`.
    const own = await harness.request<{ apiTokens: { id: string }[] }>('{ apiTokens { id } }', {}, adminToken);
    expect(own.data?.apiTokens.map((t) => t.id)).not.toContain(apiToken.id);
  });

  it('answers null for an unknown id, BAD_USER_INPUT for a malformed one, and refuses everyone but admins', async () => {
    expect((await pageOf(randomUUID())).data?.user).toBeNull();
    expect((await pageOf('not-a-uuid')).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const operator = await newUser('OPERATOR');
    const operatorToken = (await login(operator.email, password)).token;
    expect((await pageOf(operator.id, operatorToken)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Not even their own sessions through a User they may read (`me`).
    const me = await harness.request('{ me { id sessions { id } } }', {}, operatorToken);
    expect(me.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const meTokens = await harness.request('{ me { id apiTokens { id } } }', {}, operatorToken);
    expect(meTokens.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await harness.request(userPage, { id: operator.id });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('reads the sessions and tokens of a whole list of users with one query each', async () => {
    const signedIn = await newUser('VIEWER');
    await newUser('VIEWER');
    await login(signedIn.email, password);
    const { result: listed, statements } = await recordStatements(() =>
      harness.request<{ users: { id: string; sessions: Session[]; apiTokens: { id: string }[] }[] }>(
        '{ users { id sessions { id } apiTokens { id } } }',
        {},
        adminToken,
      ),
    );
    expect(listed.errors).toBeUndefined();
    expect(listed.data!.users.length).toBeGreaterThan(2);
    expect(listed.data!.users.find((u) => u.id === signedIn.id)?.sessions).toHaveLength(1);
    const selects = statements.filter((text) => /^select/i.test(text));
    expect(selects.filter((text) => text.includes('"refresh_tokens"'))).toHaveLength(1);
    expect(selects.filter((text) => text.includes('"api_tokens"'))).toHaveLength(1);
  });
});

describe('revokeSession', () => {
  it('ends one session of another user (its refresh fails), leaves the others, and audits it', async () => {
    const someone = await newUser('VIEWER');
    const ended = await login(someone.email, password);
    const kept = await login(someone.email, password);
    const before = (await pageOf(someone.id)).data!.user!.sessions;
    expect(before).toHaveLength(2);
    const [target, other] = before as [Session, Session];

    const revoked = await harness.request<{ revokeSession: { id: string; sessions: { id: string }[] } }>(revokeSession, { id: target.id }, adminToken);
    expect(revoked.errors).toBeUndefined();
    expect(revoked.data?.revokeSession).toEqual({ id: someone.id, sessions: [{ id: other.id }] });

    const refused = await harness.request(refreshMutation, { r: ended.refreshToken });
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await harness.request(refreshMutation, { r: kept.refreshToken })).errors).toBeUndefined();

    // Ended already: NOT_FOUND, recorded as a failure.
    const again = await harness.request(revokeSession, { id: target.id }, adminToken);
    expect(again.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await harness.request(revokeSession, { id: 'nope' }, adminToken)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const audit = await harness.request<{ auditEvents: { events: { outcome: string; targetType: string; targetId: string | null; detail: unknown }[] } }>(
      '{ auditEvents(filter: { action: "auth.session-revoke" }, first: 10) { events { outcome targetType targetId detail } } }',
      {},
      adminToken,
    );
    const rows = audit.data!.auditEvents.events.filter((e) => (e.detail as { session?: string }).session === target.id);
    expect(rows.map((e) => [e.outcome, e.targetType, e.targetId])).toEqual([
      ['FAILURE', 'User', null],
      ['SUCCESS', 'User', someone.id],
    ]);
  });

  it('is for admins only', async () => {
    const viewer = await newUser('VIEWER');
    const session = await login(viewer.email, password);
    const own = (await pageOf(viewer.id)).data!.user!.sessions[0]!;
    const refused = await harness.request(revokeSession, { id: own.id }, session.token);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await pageOf(viewer.id)).data!.user!.sessions.map((s) => s.id)).toContain(own.id);
  });

  it('disabling a user ends every session: none is listed any more', async () => {
    const someone = await newUser('VIEWER');
    await login(someone.email, password);
    expect((await pageOf(someone.id)).data!.user!.sessions).toHaveLength(1);
    const disabled = await harness.request('mutation($id: ID!) { updateUser(id: $id, disabled: true) { id } }', { id: someone.id }, adminToken);
    expect(disabled.errors).toBeUndefined();
    const page = (await pageOf(someone.id)).data!.user!;
    expect(page.disabled).toBe(true);
    expect(page.sessions).toEqual([]);
  });
});
