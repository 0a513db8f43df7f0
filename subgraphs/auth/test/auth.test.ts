import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { createCounterStore, createLogger, createEventBus, openDatabase, SecretBox, startSubgraph } from '@mcp-portal/kit';
import { recordStatements, startSubgraphHarness, type SubgraphHarness } from '@mcp-portal/kit/testing';
import { authSubgraph, jwksPath, type AuthServices } from '../src/index.ts';

const admin = { email: 'first-admin@example.test', password: 'correct horse battery' };
let harness: SubgraphHarness<AuthServices>;

const loginMutation = 'mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token expiresAt user { id email role } } }';

beforeAll(async () => {
  harness = await startSubgraphHarness(authSubgraph, { env: { MCP_ADMIN_EMAIL: admin.email, MCP_ADMIN_PASSWORD: admin.password } });
});
afterAll(async () => {
  await harness?.close();
});

async function login(email: string, password: string) {
  return harness.request<{ login: { token: string; expiresAt: string; user: { id: string; email: string; role: string } } }>(loginMutation, {
    email,
    password,
  });
}

describe('auth subgraph', () => {
  it('creates the first admin from MCP_ADMIN_EMAIL/MCP_ADMIN_PASSWORD and logs in with it', async () => {
    const result = await login(admin.email.toUpperCase(), admin.password);
    expect(result.errors).toBeUndefined();
    expect(result.data?.login.user).toMatchObject({ email: admin.email, role: 'ADMIN' });
    expect(new Date(result.data!.login.expiresAt).getTime()).toBeGreaterThan(Date.now());
  });

  it('issues ES256 tokens that verify against the published JWKS', async () => {
    const { data } = await login(admin.email, admin.password);
    const jwks = (await (await fetch(`${harness.subgraph.url}${jwksPath}`)).json()) as JSONWebKeySet;
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', alg: 'ES256', use: 'sig' });
    expect(JSON.stringify(jwks)).not.toContain('"d"');
    const { payload, protectedHeader } = await jwtVerify(data!.login.token, createLocalJWKSet(jwks), { issuer: 'mcp-portal', audience: 'mcp-portal' });
    expect(protectedHeader.alg).toBe('ES256');
    expect(payload).toMatchObject({ sub: data!.login.user.id, role: 'admin', email: admin.email });
  });

  it('refuses a wrong password and an unknown email with the same message', async () => {
    const wrong = await login(admin.email, 'not the password');
    const unknown = await login('nobody@example.test', 'whatever');
    expect(wrong.errors?.[0]).toMatchObject({ message: 'Wrong email or password.', extensions: { code: 'UNAUTHENTICATED' } });
    expect(unknown.errors?.[0]?.message).toBe(wrong.errors?.[0]?.message);
  });

  it('validates credentials at the edge', async () => {
    const result = await login('not-an-email', 'x');
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('answers me for the token holder and null without a token; users is admin-only', async () => {
    const { data } = await login(admin.email, admin.password);
    const me = await harness.request<{ me: { email: string } | null }>('{ me { email } }', {}, data!.login.token);
    expect(me.data?.me?.email).toBe(admin.email);
    expect((await harness.request<{ me: null }>('{ me { email } }')).data?.me).toBeNull();
    const users = await harness.request<{ users: { email: string }[] }>('{ users { email role } }', {}, data!.login.token);
    expect(users.data?.users.map((u) => u.email)).toEqual([admin.email]);
    const anonymous = await harness.request('{ users { email } }');
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('resolves User references for other subgraphs, only for a signed-in caller', async () => {
    const { data } = await login(admin.email, admin.password);
    const query = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { email } } }';
    const variables = { r: [{ __typename: 'User', id: data!.login.user.id }] };
    const result = await harness.request<{ _entities: { email: string }[] }>(query, variables, data!.login.token);
    expect(result.data?._entities).toEqual([{ email: admin.email }]);
    const anonymous = await harness.request(query, variables);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('a second auth replica on the same database signs with the same key and creates no second admin', async () => {
    const logger = createLogger('test-auth-replica', 'silent');
    const events = createEventBus({});
    const database = harness.database;
    const settings = authSubgraph.readSettings({ MCP_ADMIN_EMAIL: 'someone-else@example.test', MCP_ADMIN_PASSWORD: admin.password });
    const replica = await startSubgraph(
      authSubgraph,
      { database, events, counters: createCounterStore({}), secrets: harness.secrets, logger },
      { port: 0, host: '127.0.0.1', settings },
    );
    try {
      const first = await login(admin.email, admin.password);
      const jwks = (await (await fetch(`${replica.url}${jwksPath}`)).json()) as JSONWebKeySet;
      await expect(jwtVerify(first.data!.login.token, createLocalJWKSet(jwks))).resolves.toBeTruthy();
      const users = await harness.request<{ users: { email: string }[] }>('{ users { email } }', {}, first.data!.login.token);
      expect(users.data?.users).toHaveLength(1);
    } finally {
      await replica.close();
      await events.close();
    }
  });
});

it('concurrent first starts on an empty database create exactly one admin', async () => {
  const { createTestDatabase } = await import('@mcp-portal/kit/testing');
  const testDatabase = await createTestDatabase('auth-race');
  const logger = createLogger('test-auth-race', 'silent');
  const handles = await Promise.all([1, 2, 3].map(() => openDatabase({ url: testDatabase.url, poolSize: 2 })));
  const events = createEventBus({});
  const secrets = SecretBox.fromBase64(SecretBox.generateKey());
  try {
    const replicas = await Promise.all(
      handles.map((database) =>
        startSubgraph(
          authSubgraph,
          { database, events, counters: createCounterStore({}), secrets, logger },
          { port: 0, host: '127.0.0.1', settings: authSubgraph.readSettings({}) },
        ),
      ),
    );
    const users = await Promise.all(replicas.map((r) => r.services.users.list()));
    expect(users[0]).toHaveLength(1);
    const keys = replicas.map((r) => r.services.issuer.jwks.keys[0]?.kid);
    expect(new Set(keys).size).toBe(1);
    await Promise.all(replicas.map((r) => r.close()));
  } finally {
    await events.close();
    await Promise.all(handles.map((h) => h.close()));
    await testDatabase.drop();
  }
});

describe('createUser', () => {
  const create =
    'mutation($email: String!, $password: String!, $role: Role!) { createUser(email: $email, password: $password, role: $role) { id email role } }';

  it('applies the same field rules to User references (_entities) as to queries: role, disabled and createdAt are for admins', async () => {
    const adminLogin = (await login(admin.email, admin.password)).data!.login;
    const email = `entity-viewer-${Date.now()}@example.test`;
    await harness.request('mutation($e: String!) { createUser(email: $e, password: "password-of-test", role: VIEWER) { id } }', { e: email }, adminLogin.token);
    const viewer = (await login(email, 'password-of-test')).data!.login;
    const entity = (id: string, fields: string, token: string) =>
      harness.request<{ _entities: (Record<string, unknown> | null)[] }>(
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { ${fields} } } }`,
        { r: [{ __typename: 'User', id }] },
        token,
      );
    // Who did something stays visible to every signed-in user (the portal shows "enabled by <email>").
    expect((await entity(adminLogin.user.id, 'id email displayName', viewer.token)).data?._entities).toEqual([
      { id: adminLogin.user.id, email: admin.email, displayName: 'Administrator' },
    ]);
    for (const field of ['role', 'disabled', 'createdAt']) {
      for (const id of [adminLogin.user.id, viewer.user.id]) {
        const refused = await entity(id, `email ${field}`, viewer.token);
        expect({ field, code: refused.errors?.[0]?.extensions?.code, entity: refused.data?._entities[0] ?? null }).toEqual({
          field,
          code: 'FORBIDDEN',
          entity: null,
        });
      }
      expect((await entity(viewer.user.id, field, adminLogin.token)).errors).toBeUndefined();
    }
    // As through `me`: a user reads their own role and status.
    const me = await harness.request<{ me: { role: string; disabled: boolean } }>('{ me { role disabled createdAt } }', {}, viewer.token);
    expect(me.data?.me).toMatchObject({ role: 'VIEWER', disabled: false });
  });

  it('resolves a list of User references (every enabledBy of a page) with one query, unknown ids as null', async () => {
    const adminLogin = (await login(admin.email, admin.password)).data!.login;
    const ids: string[] = [];
    for (let index = 0; index < 20; index += 1) {
      const created = await harness.request<{ createUser: { id: string } }>(
        create,
        { email: `listed-${index}-${Date.now()}@example.test`, password: 'password-of-test', role: 'VIEWER' },
        adminLogin.token,
      );
      expect(created.errors).toBeUndefined();
      ids.push(created.data!.createUser.id);
    }
    const unknown = '00000000-0000-4000-8000-000000000000';
    const representations = [...ids, ids[0], unknown, 'not-a-uuid'].map((id) => ({ __typename: 'User', id }));
    const { result, statements } = await recordStatements(() =>
      harness.request<{ _entities: ({ id: string; email: string } | null)[] }>(
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id email } } }',
        { r: representations },
        adminLogin.token,
      ),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities.map((user) => user?.id ?? null)).toEqual([...ids, ids[0], null, null]);
    expect(statements.filter((text) => /^select/i.test(text) && text.includes('"users"'))).toHaveLength(1);
  });

  it('lets an admin create an operator who can then log in, and refuses a duplicate', async () => {
    const { data } = await login(admin.email, admin.password);
    const created = await harness.request<{ createUser: { email: string; role: string } }>(
      create,
      { email: 'Operator@Example.test', password: 'operator-password', role: 'OPERATOR' },
      data!.login.token,
    );
    expect(created.data?.createUser).toMatchObject({ email: 'operator@example.test', role: 'OPERATOR' });
    const operatorLogin = await login('operator@example.test', 'operator-password');
    expect(operatorLogin.data?.login.user.role).toBe('OPERATOR');
    const again = await harness.request(create, { email: 'operator@example.test', password: 'operator-password', role: 'VIEWER' }, data!.login.token);
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    const byOperator = await harness.request(create, { email: 'x@example.test', password: 'xxxxxxxxxx', role: 'ADMIN' }, operatorLogin.data!.login.token);
    expect(byOperator.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    const short = await harness.request(create, { email: 'y@example.test', password: 'short', role: 'VIEWER' }, data!.login.token);
    expect(short.errors?.[0]?.message).toMatch(/at least 8 characters/);
  });
});

describe('sign-in throttling and password change', () => {
  it('refuses sign-in after 5 failures for an account, even with the right password, and audits it', async () => {
    const { data } = await login(admin.email, admin.password);
    const email = `throttled-${Date.now()}@example.test`;
    await harness.request(
      'mutation($e: String!) { createUser(email: $e, password: "the-right-password", role: VIEWER) { id } }',
      { e: email },
      data!.login.token,
    );
    for (let i = 0; i < 5; i++) {
      const wrong = await login(email, `wrong-${i}`);
      expect(wrong.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    const blocked = await login(email, 'the-right-password');
    expect(blocked.errors?.[0]).toMatchObject({ extensions: { code: 'TOO_MANY_REQUESTS' } });
    expect(blocked.errors?.[0]?.message).toMatch(/try again in 15 minutes/);
    const audit = await harness.request<{ auditEvents: { events: { outcome: string; detail: { reason?: string } }[] } }>(
      '{ auditEvents(filter: { action: "auth.login" }, first: 1) { events { outcome detail } } }',
      {},
      data!.login.token,
    );
    expect(audit.data?.auditEvents.events[0]).toEqual({ outcome: 'FAILURE', detail: { email, reason: 'throttled' } });
    // Another account is not affected.
    expect((await login(admin.email, admin.password)).errors).toBeUndefined();
  });

  it('changes the own password after checking the current one', async () => {
    const { data } = await login(admin.email, admin.password);
    const email = `changer-${Date.now()}@example.test`;
    await harness.request('mutation($e: String!) { createUser(email: $e, password: "first-password", role: VIEWER) { id } }', { e: email }, data!.login.token);
    const token = (await login(email, 'first-password')).data!.login.token;
    const change = 'mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }';
    const wrong = await harness.request(change, { c: 'not-it', n: 'second-password' }, token);
    expect(wrong.errors?.[0]).toMatchObject({ message: 'The current password is wrong.', extensions: { code: 'BAD_USER_INPUT' } });
    const same = await harness.request(change, { c: 'first-password', n: 'first-password' }, token);
    expect(same.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const changed = await harness.request<{ changePassword: boolean }>(change, { c: 'first-password', n: 'second-password' }, token);
    expect(changed.data?.changePassword).toBe(true);
    expect((await login(email, 'first-password')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await login(email, 'second-password')).errors).toBeUndefined();
    expect((await harness.request(change, { c: 'x', n: 'yyyyyyyyyy' })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('audit retention', () => {
  it('purges audit rows older than AUDIT_RETENTION_DAYS (365 by default), keeps newer ones, and audits the purge', async () => {
    const { sql } = await import('drizzle-orm');
    const { queryRows } = await import('@mcp-portal/kit');
    const db = harness.database.db;
    await db.execute(sql`insert into audit.events (occurred_at, action, target_type, outcome, subgraph)
      select now() - interval '400 days', 'test.old', 'Test', 'success', 'auth' from generate_series(1, 12)`);
    await db.execute(sql`insert into audit.events (occurred_at, action, target_type, outcome, subgraph)
      values (now() - interval '10 days', 'test.recent', 'Test', 'success', 'auth')`);
    const deleted = await harness.subgraph.services.auditRetention.purge();
    expect(deleted).toBe(12);
    const left = await queryRows<{ action: string; n: number }>(
      db,
      sql`select action, count(*)::int as n from audit.events where action like 'test.%' group by action`,
    );
    expect(left).toEqual([{ action: 'test.recent', n: 1 }]);
    const purge = await queryRows<{ detail: { deleted: number } }>(db, sql`select detail from audit.events where action = 'audit.purge'`);
    expect(purge.map((p) => p.detail.deleted)).toEqual([12]);
    expect(await harness.subgraph.services.auditRetention.purge()).toBe(0);
  });
});

describe('signing key at rest', () => {
  it('stores the private signing key sealed under the master key, never in clear', async () => {
    const { sql } = await import('drizzle-orm');
    const { queryRows } = await import('@mcp-portal/kit');
    const rows = await queryRows<{ kid: string; private_jwk: string }>(harness.database.db, sql`select kid, private_jwk from auth.signing_keys`);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.private_jwk.startsWith('v1.')).toBe(true);
      expect(row.private_jwk).not.toContain('"d"');
      expect(JSON.parse(harness.secrets.open(row.private_jwk, `auth.signing_keys:${row.kid}`))).toHaveProperty('d');
    }
  });
});

describe('updateUser', () => {
  const update = 'mutation($id: ID!, $role: Role, $disabled: Boolean) { updateUser(id: $id, role: $role, disabled: $disabled) { id role disabled } }';

  it('changes a role, disables and re-enables a user, never yourself or the last admin, and audits each change', async () => {
    const adminLogin = (await login(admin.email, admin.password)).data!.login;
    const email = `managed-${Date.now()}@example.test`;
    const created = await harness.request<{ createUser: { id: string } }>(
      'mutation($e: String!) { createUser(email: $e, password: "managed-password", role: VIEWER) { id } }',
      { e: email },
      adminLogin.token,
    );
    const id = created.data!.createUser.id;

    const promoted = await harness.request<{ updateUser: { role: string } }>(update, { id, role: 'OPERATOR' }, adminLogin.token);
    expect(promoted.data?.updateUser.role).toBe('OPERATOR');
    const disabled = await harness.request<{ updateUser: { disabled: boolean } }>(update, { id, disabled: true }, adminLogin.token);
    expect(disabled.data?.updateUser.disabled).toBe(true);
    const refused = await login(email, 'managed-password');
    expect(refused.errors?.[0]).toMatchObject({ message: 'This account is disabled: ask an admin.', extensions: { code: 'UNAUTHENTICATED' } });
    await harness.request(update, { id, disabled: false }, adminLogin.token);
    expect((await login(email, 'managed-password')).errors).toBeUndefined();

    const self = await harness.request(update, { id: adminLogin.user.id, role: 'VIEWER' }, adminLogin.token);
    expect(self.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const nothing = await harness.request(update, { id }, adminLogin.token);
    expect(nothing.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const audit = await harness.request<{ auditEvents: { events: { targetId: string; detail: Record<string, unknown> }[] } }>(
      '{ auditEvents(filter: { action: "user.update" }, first: 10) { events { targetId detail } } }',
      {},
      adminLogin.token,
    );
    expect(audit.data?.auditEvents.events.filter((e) => e.targetId === id).map((e) => e.detail)).toEqual([
      { disabled: false },
      { disabled: true },
      { role: 'operator' },
    ]);
  });

  it('keeps an admin: the last active admin cannot demote themselves (no one may change their own role), and others can be disabled and re-enabled', async () => {
    const adminLogin = (await login(admin.email, admin.password)).data!.login;
    const email = `second-admin-${Date.now()}@example.test`;
    const second = await harness.request<{ createUser: { id: string } }>(
      'mutation($e: String!) { createUser(email: $e, password: "second-admin-pw", role: ADMIN) { id } }',
      { e: email },
      adminLogin.token,
    );
    const secondToken = (await login(email, 'second-admin-pw')).data!.login.token;
    // Demoting the first admin is fine while the second remains…
    const users = await harness.request<{ users: { id: string; role: string; disabled: boolean }[] }>('{ users { id role disabled } }', {}, secondToken);
    const otherAdmins = users.data!.users.filter((u) => u.role === 'ADMIN' && !u.disabled && u.id !== second.data!.createUser.id);
    for (const other of otherAdmins) await harness.request(update, { id: other.id, disabled: true }, secondToken);
    // …but now the second admin is the last one, and nobody else can be left to demote it.
    const lastAdmin = await harness.request(update, { id: second.data!.createUser.id, role: 'VIEWER' }, secondToken);
    expect(lastAdmin.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    for (const other of otherAdmins) {
      const reEnabled = await harness.request(update, { id: other.id, disabled: false }, secondToken);
      expect(reEnabled.errors).toBeUndefined();
    }
  });
  it('never leaves no active admin, even when two admins demote each other at once', async () => {
    const adminLogin = (await login(admin.email, admin.password)).data!.login;
    const stamp = Date.now();
    const pair = await Promise.all(
      ['a', 'b'].map(async (tag) => {
        const email = `rival-${tag}-${stamp}@example.test`;
        const created = await harness.request<{ createUser: { id: string } }>(
          'mutation($e: String!) { createUser(email: $e, password: "rival-admin-pw", role: ADMIN) { id } }',
          { e: email },
          adminLogin.token,
        );
        return { id: created.data!.createUser.id, token: (await login(email, 'rival-admin-pw')).data!.login.token };
      }),
    );
    const [a, b] = pair as [{ id: string; token: string }, { id: string; token: string }];
    // Every other admin steps aside, so a and b are the only active ones.
    const users = await harness.request<{ users: { id: string; role: string; disabled: boolean }[] }>('{ users { id role disabled } }', {}, a.token);
    const others = users.data!.users.filter((u) => u.role === 'ADMIN' && !u.disabled && u.id !== a.id && u.id !== b.id);
    for (const other of others) expect((await harness.request(update, { id: other.id, disabled: true }, a.token)).errors).toBeUndefined();

    const [aDemotesB, bDemotesA] = await Promise.all([
      harness.request(update, { id: b.id, role: 'VIEWER' }, a.token),
      harness.request(update, { id: a.id, role: 'VIEWER' }, b.token),
    ]);
    const codes = [aDemotesB, bDemotesA].map((result) => result.errors?.[0]?.extensions?.code ?? 'OK').sort();
    expect(codes).toEqual(['CONFLICT', 'OK']);
    const refused = [aDemotesB, bDemotesA].find((result) => result.errors);
    expect(refused?.errors?.[0]?.message).toBe('This would leave no active admin.');
    const after = await harness.request<{ users: { id: string; role: string; disabled: boolean }[] }>('{ users { id role disabled } }', {}, adminLogin.token);
    expect(after.data!.users.filter((u) => u.role === 'ADMIN' && !u.disabled).length).toBe(1);

    const survivor = aDemotesB.errors ? b : a;
    for (const other of others) expect((await harness.request(update, { id: other.id, disabled: false }, survivor.token)).errors).toBeUndefined();
  });
});

describe('signing key rotation', () => {
  it('signs with the new key after rotation while tokens signed with the old one stay valid', async () => {
    const before = await login(admin.email, admin.password);
    const oldToken = before.data!.login.token;
    const rotated = await harness.request<{ rotateSigningKey: string }>('mutation { rotateSigningKey }', {}, oldToken);
    const newKid = rotated.data!.rotateSigningKey;
    const after = await login(admin.email, admin.password);
    const kidOf = (token: string) => (JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as { kid: string }).kid;
    expect(kidOf(after.data!.login.token)).toBe(newKid);
    expect(kidOf(oldToken)).not.toBe(newKid);
    const jwks = (await (await fetch(`${harness.subgraph.url}${jwksPath}`)).json()) as JSONWebKeySet;
    expect(jwks.keys.map((k) => k.kid)).toEqual(expect.arrayContaining([kidOf(oldToken), newKid]));
    for (const token of [oldToken, after.data!.login.token]) {
      expect((await harness.request<{ me: { email: string } }>('{ me { email } }', {}, token)).data?.me.email).toBe(admin.email);
    }
    const viewerRotation = await harness.request('mutation { rotateSigningKey }');
    expect(viewerRotation.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('drops a key from the JWKS once it was superseded longer ago than the longest token lifetime', async () => {
    const issuer = harness.subgraph.services.issuer;
    const before = issuer.jwks.keys.length;
    expect(before).toBeGreaterThan(1);
    await issuer.reload(Date.now() + 13 * 3600 * 1000); // beyond the 12 h default JWT lifetime
    expect(issuer.jwks.keys.map((k) => k.kid)).toEqual([issuer.activeKid]);
  });
});
