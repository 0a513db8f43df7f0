import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSubgraphHarness, type SubgraphHarness } from '@mcp-portal/kit/testing';
import { authSubgraph, type AuthServices } from '../src/index.ts';

const admin = { email: 'session-admin@example.test', password: 'correct horse battery' };
let harness: SubgraphHarness<AuthServices>;

beforeAll(async () => {
  harness = await startSubgraphHarness(authSubgraph, { env: { MCP_ADMIN_EMAIL: admin.email, MCP_ADMIN_PASSWORD: admin.password, JWT_TTL_SECONDS: '120' } });
});
afterAll(async () => {
  await harness?.close();
});

interface SessionBody {
  token: string;
  expiresAt: string;
  user: { id: string; email: string; role: string };
}

const json = { 'content-type': 'application/json' };

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${harness.subgraph.url}${path}`, { method: 'POST', headers: { ...json, ...headers }, body: JSON.stringify(body) });
}

/** The refresh cookie's value from a Set-Cookie answer, with its attributes. */
function refreshCookieOf(response: Response): { value: string; attributes: string } {
  const header = response.headers.getSetCookie().find((c) => c.startsWith('mcp_refresh='));
  if (!header) throw new Error('no refresh cookie');
  const [pair = '', ...attributes] = header.split(';');
  return { value: pair.slice('mcp_refresh='.length), attributes: attributes.join(';') };
}

async function browserLogin() {
  const response = await post('/auth/login', admin);
  expect(response.status).toBe(200);
  return { body: (await response.json()) as SessionBody, cookie: refreshCookieOf(response) };
}

const refresh = (cookie: string, headers: Record<string, string> = {}) => post('/auth/refresh', {}, { cookie: `mcp_refresh=${cookie}`, ...headers });

async function auditActions(token: string, action: string) {
  const result = await harness.request<{ auditEvents: { events: { outcome: string; targetId: string | null }[] } }>(
    'query($a: String!) { auditEvents(filter: { action: $a }, first: 50) { events { outcome targetId } } }',
    { a: action },
    token,
  );
  return result.data?.auditEvents.events ?? [];
}

describe('browser sessions (/auth/login, /auth/refresh, /auth/logout)', () => {
  it('signs in with a short-lived access token and an httpOnly, same-site refresh cookie scoped to /auth', async () => {
    const { body, cookie } = await browserLogin();
    expect(body.user).toMatchObject({ email: admin.email, role: 'ADMIN' });
    const lifetime = new Date(body.expiresAt).getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(100_000);
    expect(lifetime).toBeLessThanOrEqual(120_000);
    expect(cookie.value).toMatch(/^mcprt_[0-9a-f]{64}$/);
    expect(cookie.attributes).toContain('HttpOnly');
    expect(cookie.attributes).toContain('SameSite=Strict');
    expect(cookie.attributes).toContain('Path=/auth');
    expect(JSON.stringify(body)).not.toContain(cookie.value);
    const me = await harness.request<{ me: { email: string } }>('{ me { email } }', {}, body.token);
    expect(me.data?.me.email).toBe(admin.email);
  });

  it('rotates the refresh token on every use and answers a new access token', async () => {
    const { cookie } = await browserLogin();
    const first = await refresh(cookie.value);
    expect(first.status).toBe(200);
    const next = refreshCookieOf(first);
    expect(next.value).not.toBe(cookie.value);
    const second = await refresh(next.value);
    expect(second.status).toBe(200);
    const body = (await second.json()) as SessionBody;
    expect((await harness.request<{ me: { email: string } }>('{ me { email } }', {}, body.token)).data?.me.email).toBe(admin.email);
  });

  it('a replayed refresh token revokes the whole family, and the reuse is audited', async () => {
    const { body, cookie } = await browserLogin();
    const rotated = refreshCookieOf(await refresh(cookie.value));
    const replay = await refresh(cookie.value);
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ error: 'unauthenticated', message: expect.stringContaining('used twice') });
    expect(replay.headers.getSetCookie().some((c) => c.startsWith('mcp_refresh=;') && c.includes('Max-Age=0'))).toBe(true);
    // The legitimate holder's newer token is dead too.
    expect((await refresh(rotated.value)).status).toBe(401);
    const reuse = await auditActions(body.token, 'auth.refresh-token-reuse');
    expect(reuse[0]).toMatchObject({ outcome: 'FAILURE', targetId: body.user.id });
  });

  it('logout revokes the session and clears the cookie', async () => {
    const { body, cookie } = await browserLogin();
    const out = await post('/auth/logout', {}, { cookie: `mcp_refresh=${cookie.value}` });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie()[0]).toContain('Max-Age=0');
    expect((await refresh(cookie.value)).status).toBe(401);
    expect((await auditActions(body.token, 'auth.logout')).length).toBeGreaterThan(0);
    // Logging out twice is not an error.
    expect((await post('/auth/logout', {}, { cookie: `mcp_refresh=${cookie.value}` })).status).toBe(204);
  });

  it('refuses cookie requests that a cross-site page could forge', async () => {
    const { cookie } = await browserLogin();
    const form = await fetch(`${harness.subgraph.url}/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `mcp_refresh=${cookie.value}` },
      body: '',
    });
    expect(form.status).toBe(415);
    const foreign = await refresh(cookie.value, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ error: 'invalid_origin' });
    // Neither attempt used up the token.
    expect((await refresh(cookie.value)).status).toBe(200);
  });

  it('answers wrong credentials, bad input and a missing cookie with clear JSON errors', async () => {
    const wrong = await post('/auth/login', { email: admin.email, password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: 'unauthenticated', message: 'Wrong email or password.' });
    const bad = await post('/auth/login', { email: 'not-an-email', password: 'x' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'invalid_request', message: expect.stringContaining('email') });
    const oversized = await post('/auth/login', { email: admin.email, password: 'x'.repeat(10_000) });
    expect(oversized.status).toBe(413);
    expect((await post('/auth/refresh', {})).status).toBe(401);
    expect((await fetch(`${harness.subgraph.url}/auth/login`)).status).toBe(405);
  });

  it('disabling a user ends their sessions', async () => {
    const { body: adminSession } = await browserLogin();
    const email = `disabled-${Date.now()}@example.test`;
    const created = await harness.request<{ createUser: { id: string } }>(
      'mutation($e: String!) { createUser(email: $e, password: "password-of-test", role: VIEWER) { id } }',
      { e: email },
      adminSession.token,
    );
    const viewerLogin = await post('/auth/login', { email, password: 'password-of-test' });
    const viewerCookie = refreshCookieOf(viewerLogin);
    await harness.request('mutation($id: ID!) { updateUser(id: $id, disabled: true) { id } }', { id: created.data!.createUser.id }, adminSession.token);
    expect((await refresh(viewerCookie.value)).status).toBe(401);
  });

  it('says which sign-in methods exist', async () => {
    const providers = await fetch(`${harness.subgraph.url}/auth/providers`);
    expect(await providers.json()).toEqual({ local: true, oidc: null });
    expect((await fetch(`${harness.subgraph.url}/auth/oidc/login`)).status).toBe(404);
  });
});

describe('sessions through GraphQL (for API clients)', () => {
  const loginDocument = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token refreshToken refreshExpiresAt } }';
  const refreshDocument = 'mutation($r: String!) { refreshSession(refreshToken: $r) { token refreshToken user { email } } }';

  it('login answers a refresh token; refreshSession rotates it; a replay is refused and ends the session', async () => {
    const login = await harness.request<{ login: { token: string; refreshToken: string } }>(loginDocument, { e: admin.email, p: admin.password });
    const original = login.data!.login.refreshToken;
    const rotated = await harness.request<{ refreshSession: { token: string; refreshToken: string; user: { email: string } } }>(refreshDocument, {
      r: original,
    });
    expect(rotated.data?.refreshSession.user.email).toBe(admin.email);
    expect(rotated.data?.refreshSession.refreshToken).not.toBe(original);
    const replay = await harness.request(refreshDocument, { r: original });
    expect(replay.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const afterReplay = await harness.request(refreshDocument, { r: rotated.data!.refreshSession.refreshToken });
    expect(afterReplay.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('logout ends the session once', async () => {
    const login = await harness.request<{ login: { refreshToken: string } }>(loginDocument, { e: admin.email, p: admin.password });
    const token = login.data!.login.refreshToken;
    const out = await harness.request<{ logout: boolean }>('mutation($r: String!) { logout(refreshToken: $r) }', { r: token });
    expect(out.data?.logout).toBe(true);
    const again = await harness.request<{ logout: boolean }>('mutation($r: String!) { logout(refreshToken: $r) }', { r: token });
    expect(again.data?.logout).toBe(false);
    expect((await harness.request(refreshDocument, { r: token })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await harness.request(refreshDocument, { r: 'x'.repeat(500) })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
