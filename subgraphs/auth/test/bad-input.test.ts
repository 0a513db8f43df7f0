import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '@mcp-portal/kit';
import { startSubgraphHarness, type SubgraphHarness } from '@mcp-portal/kit/testing';
import { authSubgraph, type AuthServices } from '../src/index.ts';
import { readOidcSettings } from '../src/services/oidc-settings.ts';

const admin = { email: 'bad-input-admin@example.test', password: 'correct horse battery' };
let harness: SubgraphHarness<AuthServices>;
let token: string;

beforeAll(async () => {
  harness = await startSubgraphHarness(authSubgraph, { env: { MCP_ADMIN_EMAIL: admin.email, MCP_ADMIN_PASSWORD: admin.password } });
  const login = await harness.request<{ login: { token: string } }>('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', {
    e: admin.email,
    p: admin.password,
  });
  token = login.data!.login.token;
});
afterAll(async () => {
  await harness?.close();
});

const createUser = 'mutation($e: String!, $p: String!, $r: Role!) { createUser(email: $e, password: $p, role: $r) { id } }';
const counts = async () => {
  const users = await harness.request<{ users: unknown[] }>('{ users { id } }', {}, token);
  const tokens = await harness.request<{ apiTokens: unknown[] }>('{ apiTokens { id } }', {}, token);
  return { users: users.data!.users.length, tokens: tokens.data!.apiTokens.length };
};

describe('bad input gets a clear code and writes nothing', () => {
  it('oversized fields, unknown roles and bad expiries', async () => {
    const before = await counts();
    const longEmail = `${'a'.repeat(400)}@example.test`;
    expect((await harness.request(createUser, { e: longEmail, p: 'long-enough-password', r: 'VIEWER' }, token)).errors?.[0]?.extensions?.code).toBe(
      'BAD_USER_INPUT',
    );
    expect((await harness.request(createUser, { e: 'x@example.test', p: 'p'.repeat(5000), r: 'VIEWER' }, token)).errors?.[0]?.extensions?.code).toBe(
      'BAD_USER_INPUT',
    );
    const unknownRole = await harness.request(createUser, { e: 'y@example.test', p: 'long-enough-password', r: 'ROOT' }, token);
    expect(unknownRole.errors?.[0]?.message).toContain('"ROOT"');
    expect(unknownRole.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const longName = await harness.request('mutation($n: String!) { createApiToken(name: $n, role: VIEWER) { token } }', { n: 'n'.repeat(1000) }, token);
    expect(longName.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const past = await harness.request('mutation { createApiToken(name: "old", role: VIEWER, expiresAt: "2000-01-01T00:00:00Z") { token } }', {}, token);
    expect(past.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await counts()).toEqual(before);
  });

  it('a misconfigured OIDC role map or half an OIDC configuration stops the start with the variable named', () => {
    expect(() => readOidcSettings({ OIDC_ISSUER_URL: 'https://idp.example', OIDC_CLIENT_ID: 'c', OIDC_ROLE_MAP: 'MCP.Admin=superuser' })).toThrow(ConfigError);
    expect(() => readOidcSettings({ OIDC_ISSUER_URL: 'https://idp.example', OIDC_CLIENT_ID: 'c', OIDC_ROLE_MAP: 'MCP.Admin=superuser' })).toThrow(
      /OIDC_ROLE_MAP/,
    );
    expect(() => readOidcSettings({ OIDC_ISSUER_URL: 'https://idp.example' })).toThrow(/OIDC_CLIENT_ID/);
    expect(readOidcSettings({})).toBeNull();
    expect(readOidcSettings({ OIDC_TENANT_ID: 'contoso', OIDC_CLIENT_ID: 'c' })?.issuer.toString()).toBe('https://login.microsoftonline.com/contoso/v2.0');
  });
});
