import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { createLogger, createEventBus, openDatabase, startSubgraph } from '@mcp-portal/kit';
import { startSubgraphHarness, type SubgraphHarness } from '@mcp-portal/kit/testing';
import { authSubgraph, jwksPath, type AuthServices } from '../src/index.ts';

const admin = { email: 'first-admin@example.test', password: 'correct horse battery' };
let harness: SubgraphHarness<AuthServices>;

const loginMutation = 'mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token expiresAt user { id email role } } }';

beforeAll(async () => {
  process.env.MCP_ADMIN_EMAIL = admin.email;
  process.env.MCP_ADMIN_PASSWORD = admin.password;
  harness = await startSubgraphHarness(authSubgraph);
});
afterAll(async () => {
  await harness?.close();
});

async function login(email: string, password: string) {
  return harness.request<{ login: { token: string; expiresAt: string; user: { id: string; email: string; role: string } } }>(
    loginMutation,
    { email, password },
  );
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

  it('resolves User references for other subgraphs', async () => {
    const { data } = await login(admin.email, admin.password);
    const result = await harness.request<{ _entities: { email: string }[] }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { email } } }',
      { r: [{ __typename: 'User', id: data!.login.user.id }] },
    );
    expect(result.data?._entities).toEqual([{ email: admin.email }]);
  });

  it('a second auth replica on the same database signs with the same key and creates no second admin', async () => {
    const logger = createLogger('test-auth-replica', 'silent');
    const events = createEventBus({});
    const database = harness.database;
    process.env.MCP_ADMIN_EMAIL = 'someone-else@example.test';
    const replica = await startSubgraph(authSubgraph, { database, events, logger }, { port: 0, host: '127.0.0.1' });
    try {
      const first = await login(admin.email, admin.password);
      const jwks = (await (await fetch(`${replica.url}${jwksPath}`)).json()) as JSONWebKeySet;
      await expect(jwtVerify(first.data!.login.token, createLocalJWKSet(jwks))).resolves.toBeTruthy();
      const users = await harness.request<{ users: { email: string }[] }>('{ users { email } }', {}, first.data!.login.token);
      expect(users.data?.users).toHaveLength(1);
    } finally {
      await replica.close();
      await events.close();
      process.env.MCP_ADMIN_EMAIL = admin.email;
    }
  });
});

it('concurrent first starts on an empty database create exactly one admin', async () => {
  const { createTestDatabase } = await import('@mcp-portal/kit/testing');
  const testDatabase = await createTestDatabase('auth-race');
  const logger = createLogger('test-auth-race', 'silent');
  const handles = await Promise.all([1, 2, 3].map(() => openDatabase({ url: testDatabase.url, poolSize: 2 })));
  const events = createEventBus({});
  try {
    const replicas = await Promise.all(
      handles.map((database) => startSubgraph(authSubgraph, { database, events, logger }, { port: 0, host: '127.0.0.1' })),
    );
    const users = await Promise.all(replicas.map((r) => r.services.users.list()));
    expect(users[0]).toHaveLength(1);
    const keys = await Promise.all(replicas.map((r) => r.services.issuer.jwks.keys[0]?.kid));
    expect(new Set(keys).size).toBe(1);
    await Promise.all(replicas.map((r) => r.close()));
  } finally {
    await events.close();
    await Promise.all(handles.map((h) => h.close()));
    await testDatabase.drop();
  }
});
