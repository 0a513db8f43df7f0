import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startSubgraphHarness, type SubgraphHarness } from '@mcp-portal/kit/testing';
import { createLogger } from '@mcp-portal/kit';
import { authSubgraph, type AuthServices } from '../src/index.ts';
import { OidcLogin } from '../src/services/oidc-login.ts';
import { signInAtTestProvider, startTestIdentityProvider, type TestIdentityProvider } from '../src/testing/identity-provider.ts';

const admin = { email: 'oidc-admin@example.test', password: 'correct horse battery' };
let harness: SubgraphHarness<AuthServices>;
let idp: TestIdentityProvider;
let portal: string;

beforeAll(async () => {
  const port = await freePort();
  portal = `http://127.0.0.1:${port}`;
  idp = await startTestIdentityProvider({ redirectUris: [`${portal}/auth/oidc/callback`] });
  const env = {
    MCP_ADMIN_EMAIL: admin.email,
    MCP_ADMIN_PASSWORD: admin.password,
    OIDC_ISSUER_URL: idp.issuer,
    OIDC_CLIENT_ID: idp.clientId,
    OIDC_CLIENT_SECRET: idp.clientSecret,
    OIDC_DISPLAY_NAME: 'Microsoft',
    OIDC_REDIRECT_URL: `${portal}/auth/oidc/callback`,
    OIDC_ROLE_MAP: 'MCP.Admin=admin,MCP.Operator=operator,MCP.Viewer=viewer',
  };
  harness = await startSubgraphHarness(authSubgraph, { port, env });
});
afterAll(async () => {
  await harness?.close();
  await idp?.close();
});

const refreshCookie = (cookies: string[]) => cookies.find((c) => c.startsWith('mcp_refresh='))?.split(';')[0];

/** Signs in at the IdP and exchanges the resulting cookie for an access token, as the portal does. */
async function signIn(login: string, returnTo = '/') {
  const result = await signInAtTestProvider(`${portal}/auth/oidc/login?returnTo=${encodeURIComponent(returnTo)}`, login);
  const cookie = refreshCookie(result.cookies);
  if (!cookie) return { ...result, session: null };
  const refreshed = await fetch(`${portal}/auth/refresh`, { method: 'POST', headers: { 'content-type': 'application/json', cookie } });
  const session = (await refreshed.json()) as { token: string; user: { id: string; email: string; role: string } };
  return { ...result, session };
}

async function auditEvents(action: string) {
  const login = await harness.request<{ login: { token: string } }>('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', {
    e: admin.email,
    p: admin.password,
  });
  const result = await harness.request<{ auditEvents: { events: { outcome: string; detail: Record<string, unknown> }[] } }>(
    'query($a: String!) { auditEvents(filter: { action: $a }, first: 20) { events { outcome detail } } }',
    { a: action },
    login.data!.login.token,
  );
  return result.data!.auditEvents.events;
}

describe('OIDC sign-in (code flow + PKCE against a real oidc-provider)', () => {
  it('advertises the provider to the sign-in page', async () => {
    expect(await (await fetch(`${portal}/auth/providers`)).json()).toEqual({ local: true, oidc: { name: 'Microsoft', loginUrl: '/auth/oidc/login' } });
  });

  it('redirects to the provider with PKCE (S256), state and nonce', async () => {
    const response = await fetch(`${portal}/auth/oidc/login`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(location.origin).toBe(idp.issuer);
    expect(location.searchParams.get('code_challenge_method')).toBe('S256');
    expect(location.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(location.searchParams.get('state')).toBeTruthy();
    expect(location.searchParams.get('nonce')).toBeTruthy();
    expect(location.searchParams.get('redirect_uri')).toBe(`${portal}/auth/oidc/callback`);
  });

  it('creates the user on first sign-in with the role of their app role, and lands on the page they asked for', async () => {
    idp.accounts.set('alice', { email: 'Alice@Example.test', name: 'Alice Liddell', roles: ['MCP.Operator', 'Unrelated.Role'] });
    const { location, session } = await signIn('alice', '/tokens');
    expect(location).toBe('/tokens');
    expect(session?.user).toMatchObject({ email: 'alice@example.test', role: 'OPERATOR' });
    const me = await harness.request<{ me: { email: string; role: string; displayName: string | null } }>(
      '{ me { email role displayName } }',
      {},
      session!.token,
    );
    expect(me.data?.me).toEqual({ email: 'alice@example.test', role: 'OPERATOR', displayName: 'Alice Liddell' });
    const created = await auditEvents('user.create');
    expect(created.some((e) => e.detail.email === 'alice@example.test' && e.detail.source === 'oidc')).toBe(true);
  });

  it('signs the same person in to the same account and follows a changed app role', async () => {
    idp.accounts.set('bob', { roles: ['MCP.Viewer'] });
    const first = await signIn('bob');
    idp.accounts.set('bob', { roles: ['MCP.Admin'] });
    const second = await signIn('bob');
    expect(second.session?.user.id).toBe(first.session?.user.id);
    expect(first.session?.user.role).toBe('VIEWER');
    expect(second.session?.user.role).toBe('ADMIN');
  });

  it('gives the default role (viewer) when no claim maps to a role', async () => {
    idp.accounts.set('carol', {});
    expect((await signIn('carol')).session?.user.role).toBe('VIEWER');
  });

  it('refuses to take over a local account with the same email unless linking is enabled', async () => {
    idp.accounts.set('admin-twin', { email: admin.email, roles: ['MCP.Admin'] });
    const { location, session } = await signIn('admin-twin');
    expect(session).toBeNull();
    expect(new URL(location, portal).searchParams.get('loginError')).toContain('A local account already uses');
  });

  it('refuses a replayed or forged callback, and an IdP error, with a message on the sign-in page', async () => {
    const forged = await fetch(`${portal}/auth/oidc/callback?code=abc&state=not-ours`, { redirect: 'manual' });
    expect(forged.status).toBe(302);
    expect(new URL(forged.headers.get('location')!, portal).searchParams.get('loginError')).toMatch(/expired or was already used/);
    expect(forged.headers.getSetCookie()).toEqual([]);
    const denied = await fetch(`${portal}/auth/oidc/callback?error=access_denied&error_description=User+cancelled&state=x`, { redirect: 'manual' });
    expect(new URL(denied.headers.get('location')!, portal).searchParams.get('loginError')).toBe('Sign-in was not completed: User cancelled.');
    const failures = await auditEvents('auth.login');
    expect(failures.filter((e) => e.outcome === 'FAILURE' && e.detail.method === 'oidc').length).toBeGreaterThanOrEqual(2);
  });

  it('never redirects to another site after sign-in', async () => {
    idp.accounts.set('dave', {});
    expect((await signIn('dave', '//evil.example/path')).location).toBe('/');
    expect((await signIn('dave', 'https://evil.example/')).location).toBe('/');
  });

  it('an OIDC user has no password to sign in with', async () => {
    const result = await harness.request('mutation { login(email: "carol@example.test", password: "anything-at-all") { token } }');
    expect(result.errors?.[0]?.message).toBe('Wrong email or password.');
  });

  it('says the provider cannot be reached instead of failing obscurely', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const settings = { ...harness.subgraph.services.oidc!.settings, issuer: new URL(closed) };
    const { services } = harness.subgraph;
    const unreachable = new OidcLogin(settings, harness.database.db, services.audit, harness.secrets, services.sessions, createLogger('test', 'silent'));
    await expect(unreachable.start('/')).rejects.toMatchObject({
      code: 'IDENTITY_PROVIDER_UNAVAILABLE',
      message: expect.stringContaining('cannot be reached'),
    });
  });
});
