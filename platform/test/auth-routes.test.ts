import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@mcp-portal/kit/testing';
import { signInAtTestProvider, startTestIdentityProvider, type TestIdentityProvider } from '@mcp-portal/auth/testing';
import { startTestPlatform, type TestPlatform } from '../src/testing/index.ts';

let platform: TestPlatform;
let idp: TestIdentityProvider;

beforeAll(async () => {
  const port = await freePort();
  idp = await startTestIdentityProvider({ redirectUris: [`http://127.0.0.1:${port}/auth/oidc/callback`] });
  const env = {
    OIDC_ISSUER_URL: idp.issuer,
    OIDC_CLIENT_ID: idp.clientId,
    OIDC_CLIENT_SECRET: idp.clientSecret,
    OIDC_ROLE_MAP: 'MCP.Admin=admin,MCP.Operator=operator',
  };
  platform = await startTestPlatform({ label: 'auth-routes', routerPort: port, env });
});
afterAll(async () => {
  await platform?.close();
  await idp?.close();
});

const json = { 'content-type': 'application/json' };

describe('the router serves the auth endpoints on the portal origin', () => {
  it('signs in, refreshes and signs out through /auth/* with the cookie on the router origin', async () => {
    const login = await fetch(`${platform.url}/auth/login`, {
      method: 'POST',
      headers: { ...json, origin: platform.url },
      body: JSON.stringify(platform.admin),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const refreshed = await fetch(`${platform.url}/auth/refresh`, { method: 'POST', headers: { ...json, cookie, origin: platform.url }, body: '{}' });
    expect(refreshed.status).toBe(200);
    const { token } = (await refreshed.json()) as { token: string };
    const me = await platform.request<{ me: { email: string } }>('{ me { email } }', {}, token);
    expect(me.data?.me.email).toBe(platform.admin.email);
    const next = refreshed.headers.getSetCookie()[0]!.split(';')[0]!;
    const out = await fetch(`${platform.url}/auth/logout`, { method: 'POST', headers: { ...json, cookie: next, origin: platform.url }, body: '{}' });
    expect(out.status).toBe(204);
  });

  it('a page of another origin cannot use the cookie through the router', async () => {
    const login = await fetch(`${platform.url}/auth/login`, { method: 'POST', headers: json, body: JSON.stringify(platform.admin) });
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const forged = await fetch(`${platform.url}/auth/refresh`, { method: 'POST', headers: { ...json, cookie, origin: 'http://evil.example' }, body: '{}' });
    expect(forged.status).toBe(403);
  });

  it('device sign-in links point at the portal the CLI talked to', async () => {
    const response = await fetch(`${platform.url}/auth/device/code`, { method: 'POST', headers: json, body: '{}' });
    const body = (await response.json()) as { verification_uri: string };
    expect(body.verification_uri).toBe(`${platform.url}/device`);
  });

  it('completes a Microsoft-style sign-in through the router and the session works on the graph', async () => {
    idp.accounts.set('erin', { email: 'erin@example.test', roles: ['MCP.Operator'] });
    const { location, cookies } = await signInAtTestProvider(`${platform.url}/auth/oidc/login?returnTo=/servers`, 'erin');
    expect(location).toBe('/servers');
    const cookie = cookies.find((c) => c.startsWith('mcp_refresh='))!.split(';')[0]!;
    const refreshed = await fetch(`${platform.url}/auth/refresh`, { method: 'POST', headers: { ...json, cookie }, body: '{}' });
    const { token } = (await refreshed.json()) as { token: string };
    const me = await platform.request<{ me: { email: string; role: string } }>('{ me { email role } }', {}, token);
    expect(me.data?.me).toEqual({ email: 'erin@example.test', role: 'OPERATOR' });
  });
});
