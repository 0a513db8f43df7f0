import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page, Response } from 'playwright-core';
import { startTestIdentityProvider, type TestIdentityProvider } from '@mcp-portal/auth/testing';
import { freePort } from '@mcp-portal/kit/testing';
import { startTestPlatform, watchSubscribers, type SubscriberWatch, type TestPlatform } from '@mcp-portal/platform/testing';
import { print } from 'graphql';
import type { ResultOf } from '@graphql-typed-document-node/core';
import { EnableServerDocument } from '../src/graphql/servers-documents.ts';

/** What the lifecycle would do when the server starts, without starting it (the portal sends no such mutation). */
const setServerStatusMutation = 'mutation SetServerStatus($id: ID!, $status: ServerStatus!) { setServerStatus(id: $id, status: $status) { id status } }';
import { launchChromium, type Chromium } from './chromium.ts';

interface SessionAnswer {
  token: string;
  expiresAt: string;
  user: { id: string; email: string; role: string };
}

interface DeviceCodeAnswer {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete: string;
}

/**
 * The portal's session in Chromium against the whole platform and a real OpenID Connect provider: the
 * access token in memory only (refresh cookie httpOnly), restored on reload, shared and ended across
 * tabs, single sign-on with a return address, device sign-in approval for the CLI, and a refresh ahead
 * of expiry that keeps live updates flowing (browser time is fast-forwarded, not waited for).
 */
describe('portal session in a browser', () => {
  let idp: TestIdentityProvider;
  let platform: TestPlatform;
  let subscribers: SubscriberWatch;
  let browser: Chromium;
  let context: BrowserContext;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    const port = await freePort();
    idp = await startTestIdentityProvider({ redirectUris: [`http://127.0.0.1:${port}/auth/oidc/callback`] });
    idp.accounts.set('frank', { roles: ['MCP.Operator'] });
    const env = {
      OIDC_ISSUER_URL: idp.issuer,
      OIDC_CLIENT_ID: idp.clientId,
      OIDC_CLIENT_SECRET: idp.clientSecret,
      OIDC_DISPLAY_NAME: 'Microsoft',
      OIDC_ROLE_MAP: 'MCP.Operator=operator',
      MCP_PUBLIC_URL: `http://127.0.0.1:${port}`,
    };
    platform = await startTestPlatform({ label: 'web-session', routerPort: port, env });
    subscribers = watchSubscribers(platform.platform.router.engine);
    browser = await launchChromium();
    context = browser.context;
    // The test IdP's pages import a web font: answer it here rather than from the internet.
    await context.route(/fonts\.googleapis\.com/, (route) => route.fulfill({ status: 200, contentType: 'text/css', body: '' }));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
    await idp?.close();
  }, 60_000);

  async function newPage(): Promise<Page> {
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${message.text()} (${message.location().url})`);
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    return page;
  }

  async function signInWithForm(page: Page, email: string, password: string): Promise<SessionAnswer> {
    await page.getByTestId('login-email').fill(email);
    await page.getByTestId('login-password').fill(password);
    const answer = page.waitForResponse((response) => response.url().endsWith('/auth/login'));
    await page.getByTestId('login-submit').click();
    const response = await answer;
    expect(response.status()).toBe(200);
    return (await response.json()) as SessionAnswer;
  }

  async function signedInAs(page: Page, email: string): Promise<void> {
    await page.waitForFunction((expected) => document.querySelector('[data-testid="user-email"]')?.textContent?.includes(expected), email, { timeout: 20_000 });
  }

  async function signOut(page: Page): Promise<void> {
    await page.getByTestId('user-menu-button').click();
    await page.getByTestId('sign-out').click();
    await page.getByTestId('login-email').waitFor({ timeout: 15_000 });
  }

  /** Everything the page's scripts can read in Web Storage. */
  async function webStorage(page: Page): Promise<Record<string, string | null>> {
    return page.evaluate(() => {
      const all: Record<string, string | null> = {};
      for (const [name, storage] of [
        ['local', localStorage],
        ['session', sessionStorage],
      ] as const) {
        for (let i = 0; i < storage.length; i += 1) {
          const key = storage.key(i);
          if (key !== null) all[`${name}:${key}`] = storage.getItem(key);
        }
      }
      return all;
    });
  }

  async function refreshCookie(): Promise<{ value: string; httpOnly: boolean; sameSite: string } | undefined> {
    return (await context.cookies(`${platform.url}/auth/refresh`)).find((cookie) => cookie.name === 'mcp_refresh');
  }

  async function requestDeviceCode(clientName: string): Promise<DeviceCodeAnswer> {
    const response = await fetch(`${platform.url}/auth/device/code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_name: clientName }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as DeviceCodeAnswer;
  }

  async function pollDeviceToken(deviceCode: string): Promise<{ status: number; body: { access_token?: string; error?: string } }> {
    const response = await fetch(`${platform.url}/auth/device/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: deviceCode }),
    });
    return { status: response.status, body: (await response.json()) as { access_token?: string; error?: string } };
  }

  it('keeps the access token out of storage, restores the session on reload and ends it on sign-out', async () => {
    const page = await newPage();
    await page.goto(platform.url);
    // What an older version left behind is removed at start.
    await page.evaluate(() => localStorage.setItem('mcp-portal.token', 'token-of-an-older-version'));
    await page.reload();
    await page.getByTestId('login-email').waitFor();
    expect(await webStorage(page)).not.toHaveProperty('local:mcp-portal.token');

    const session = await signInWithForm(page, platform.admin.email, platform.admin.password);
    await signedInAs(page, platform.admin.email);
    expect(await page.getByTestId('user-role').getAttribute('data-role')).toBe('ADMIN');

    const stored = Object.values(await webStorage(page)).join('\n');
    expect(stored).not.toContain(session.token);
    expect(stored).not.toMatch(/eyJ[\w-]+\.[\w-]+\./); // no JWT at all
    expect(await page.evaluate(() => document.cookie)).not.toContain('mcp_refresh');
    const cookie = await refreshCookie();
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });

    // A reload shows "Loading…" (not the form) while the session is restored from the cookie.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(
      '**/auth/refresh',
      async (route) => {
        await held;
        await route.continue();
      },
      { times: 1 },
    );
    await page.reload();
    await page.getByTestId('session-restoring').waitFor();
    expect(await page.getByTestId('session-restoring').textContent()).toBe('Loading…');
    expect(await page.getByTestId('login-email').count()).toBe(0);
    const restored = page.waitForResponse((response) => response.url().endsWith('/auth/refresh'));
    release();
    const restoredSession = (await (await restored).json()) as SessionAnswer;
    await signedInAs(page, platform.admin.email);
    expect(restoredSession.token).not.toBe(session.token);
    expect(Object.values(await webStorage(page)).join('\n')).not.toContain(restoredSession.token);

    // The user menu: who, the account links, sign out.
    await page.getByTestId('user-menu-button').click();
    expect(await page.getByTestId('user-menu-button').getAttribute('aria-expanded')).toBe('true');
    expect(await page.getByTestId('user-menu').textContent()).toContain(`Signed in as ${platform.admin.email} with the admin role`);
    await page.screenshot({ path: '/tmp/portal-user-menu.png' });
    await page.getByTestId('menu-password').click();
    await page.getByTestId('change-password-form').waitFor();
    expect(new URL(page.url()).pathname).toBe('/tokens');
    expect(await page.getByTestId('user-menu').count()).toBe(0);

    const cookieBeforeSignOut = (await refreshCookie())?.value;
    await signOut(page);
    expect(await refreshCookie()).toBeUndefined();
    const restoreAttempts: string[] = [];
    const onRequest = (request: { url(): string }) => void (request.url().endsWith('/auth/refresh') && restoreAttempts.push(request.url()));
    page.on('request', onRequest);
    await page.reload();
    await page.getByTestId('login-email').waitFor();
    page.off('request', onRequest);
    // Signed out for good: the page shows the form without trying to restore a session, so nothing is on its way to sign it in.
    expect(restoreAttempts).toEqual([]);
    expect(await page.getByTestId('user-email').count()).toBe(0);
    // Signing out revoked the session on the server: its refresh token no longer works.
    const replay = await fetch(`${platform.url}/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `mcp_refresh=${cookieBeforeSignOut}` },
      body: '{}',
    });
    expect(replay.status).toBe(401);
    await page.close();
  });

  it('signs every open tab in and out together', async () => {
    const first = await newPage();
    const second = await newPage();
    await first.goto(platform.url);
    await second.goto(`${platform.url}/tokens`);
    await first.getByTestId('login-email').waitFor();
    await second.getByTestId('login-email').waitFor();

    await signInWithForm(second, platform.admin.email, platform.admin.password);
    await signedInAs(second, platform.admin.email);
    await signedInAs(first, platform.admin.email);

    // A tab in the background gets no animation frames, which Playwright's clicks wait for.
    await first.bringToFront();
    await signOut(first);
    await second.getByTestId('login-email').waitFor({ timeout: 15_000 });
    expect(await second.getByTestId('user-email').count()).toBe(0);
    await first.close();
    await second.close();
  });

  it('shows a failed single sign-on as a message, once', async () => {
    const page = await newPage();
    // A callback the portal did not start: the server sends the browser back with ?loginError=.
    await page.goto(`${platform.url}/auth/oidc/callback?code=not-a-code&state=not-a-state`);
    const error = page.getByTestId('login-sso-error');
    await error.waitFor({ timeout: 15_000 });
    expect(await error.textContent()).toContain('This sign-in link has expired or was already used');
    expect(new URL(page.url()).search).toBe('');
    expect(await page.getByTestId('login-sso').textContent()).toBe('Sign in with Microsoft');
    await page.reload();
    await page.getByTestId('login-email').waitFor();
    expect(await page.getByTestId('login-sso-error').count()).toBe(0);
    await page.close();
  });

  it('signs in with Microsoft from a device link and approves the CLI as that user', async () => {
    const device = await requestDeviceCode('frank laptop');
    expect(new URL(device.verification_uri_complete).origin).toBe(platform.url);
    const page = await newPage();
    await page.goto(device.verification_uri_complete);

    const sso = page.getByTestId('login-sso');
    await sso.waitFor({ timeout: 15_000 });
    expect(await sso.getAttribute('href')).toBe(`/auth/oidc/login?returnTo=${encodeURIComponent(`/device?code=${device.user_code}`)}`);
    await page.screenshot({ path: '/tmp/portal-login-sso.png' });
    await sso.click();

    // The test IdP's own pages: a login form, then a consent form.
    await page.waitForURL((url) => url.origin === idp.issuer, { timeout: 15_000 });
    await page.locator('input[name="login"]').fill('frank');
    await page.locator('input[name="password"]').fill('any-password');
    await page.locator('button[type="submit"]').click();
    await page.locator('button[type="submit"]').first().click({ timeout: 15_000 });

    await page.waitForURL((url) => url.origin === platform.url && url.pathname === '/device', { timeout: 20_000 });
    expect(new URL(page.url()).searchParams.get('code')).toBe(device.user_code);
    await signedInAs(page, 'frank@example.test');
    expect(await page.getByTestId('user-role').getAttribute('data-role')).toBe('OPERATOR');

    await page.getByTestId('device-request').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('device-client').textContent()).toBe('frank laptop');
    expect(await page.getByTestId('device-request-code').textContent()).toBe(device.user_code);
    await page.screenshot({ path: '/tmp/portal-device.png' });
    await page.getByTestId('device-approve').click();
    await page.getByTestId('device-approved').waitFor({ timeout: 15_000 });
    await page.screenshot({ path: '/tmp/portal-device-approved.png' });
    expect(await page.getByTestId('device-approved').textContent()).toContain('Done — return to your terminal.');

    const token = await pollDeviceToken(device.device_code);
    expect(token.status).toBe(200);
    expect(token.body.access_token).toMatch(/^mcpat_/);
    const me = await platform.request<{ me: { email: string; role: string } | null }>('{ me { email role } }', {}, token.body.access_token);
    expect(me.data?.me).toEqual({ email: 'frank@example.test', role: 'OPERATOR' });

    await signOut(page);
    await page.close();
  });

  it('asks a signed-out user to sign in, then approves, denies and refuses device codes', async () => {
    const approved = await requestDeviceCode('ci runner');
    const page = await newPage();
    await page.goto(approved.verification_uri_complete);
    await signInWithForm(page, platform.admin.email, platform.admin.password);
    await page.getByTestId('device-request').waitFor({ timeout: 20_000 });
    expect(new URL(page.url()).pathname).toBe('/device');
    expect(await page.getByTestId('device-code').inputValue()).toBe(approved.user_code);
    expect(await page.getByTestId('device-client').textContent()).toBe('ci runner');
    expect(await page.getByTestId('device-expires').locator('time').getAttribute('datetime')).toBeTruthy();
    await page.getByTestId('device-approve').click();
    await page.getByTestId('device-approved').waitFor({ timeout: 15_000 });
    const token = await pollDeviceToken(approved.device_code);
    expect(token.body.access_token).toMatch(/^mcpat_/);

    // Typed by hand, in lower case with a space: shown as the CLI writes it, then denied.
    const denied = await requestDeviceCode('unknown laptop');
    await page.goto(`${platform.url}/device`);
    await page.getByTestId('device-code').waitFor({ timeout: 15_000 });
    await page.getByTestId('device-code').pressSequentially(denied.user_code.toLowerCase().replace('-', ' '));
    expect(await page.getByTestId('device-code').inputValue()).toBe(denied.user_code);
    await page.getByTestId('device-request').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('device-client').textContent()).toBe('unknown laptop');
    await page.getByTestId('device-deny').click();
    await page.getByTestId('device-denied').waitFor({ timeout: 15_000 });
    expect(await pollDeviceToken(denied.device_code)).toEqual({ status: 400, body: { error: 'access_denied' } });

    // An incomplete code asks for the rest; a code nobody asked for (or an answered one) says so.
    await page.goto(`${platform.url}/device`);
    await page.getByTestId('device-code').fill('abc');
    await page.getByTestId('device-continue').click();
    expect(await page.getByTestId('device-code-error').textContent()).toContain('eight letters');
    expect(await page.getByTestId('device-code').getAttribute('aria-invalid')).toBe('true');
    await page.getByTestId('device-code').fill('aaaa eeee');
    expect(await page.getByTestId('device-code').inputValue()).toBe('AAAA-EEEE');
    await page.getByTestId('device-unknown').waitFor({ timeout: 15_000 });
    await page.getByTestId('device-code').fill(approved.user_code);
    await page.getByTestId('device-unknown').filter({ hasText: approved.user_code }).waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('device-approve').count()).toBe(0);

    await signOut(page);
    await page.close();
  });

  // Browser time is faked from here on (the clock is installed for the whole context): keep these last.

  it('refreshes the token ahead of expiry and keeps live updates flowing on a new connection', async () => {
    const enabled = await platform.request<ResultOf<typeof EnableServerDocument>>(
      print(EnableServerDocument),
      { name: 'time', start: false },
      await platform.adminToken(),
    );
    if (!enabled.data) throw new Error(`enableServer failed: ${JSON.stringify(enabled.errors)}`);
    const serverId = enabled.data.enableServer.id;

    const page = await newPage();
    await page.clock.install();
    const connectionInits: string[] = [];
    page.on('websocket', (socket) => {
      socket.on('framesent', ({ payload }) => {
        const message = JSON.parse(String(payload)) as { type: string; payload?: { authorization?: string } };
        if (message.type === 'connection_init') connectionInits.push(message.payload?.authorization ?? '');
      });
    });
    await page.goto(`${platform.url}/servers`);
    const first = await signInWithForm(page, platform.admin.email, platform.admin.password);
    await page.getByTestId('server-row-time').waitFor({ timeout: 20_000 });
    await page.waitForSelector('[data-testid="live-indicator"][data-state="connected"]', { timeout: 20_000 });
    expect(connectionInits).toEqual([`Bearer ${first.token}`]);

    // 80% of the 15-minute lifetime later, as after a laptop's sleep: the portal refreshes by itself.
    const refreshed = page.waitForResponse((response: Response) => response.url().endsWith('/auth/refresh'), { timeout: 15_000 });
    await page.clock.fastForward('12:30');
    const second = (await (await refreshed).json()) as SessionAnswer;
    expect(second.token).not.toBe(first.token);

    // The WebSocket reconnects at once with the new token, and its subscription resumes there.
    await page.waitForFunction(() => document.querySelector('[data-testid="live-indicator"]')?.getAttribute('data-state') === 'connected', undefined, {
      timeout: 15_000,
    });
    await expect.poll(() => connectionInits, { timeout: 10_000 }).toEqual([`Bearer ${first.token}`, `Bearer ${second.token}`]);
    // The subscription is registered again on the new connection, with the new token.
    await subscribers.waitFor((s) => s.field === 'serverStatusChanged' && s.authorization === `Bearer ${second.token}`);
    const changed = await platform.request(setServerStatusMutation, { id: serverId, status: 'RUNNING' }, await platform.adminToken());
    expect(changed.errors).toBeUndefined();
    await page.waitForSelector('[data-testid="status-time"][data-status="RUNNING"]', { timeout: 15_000 });
    expect(Object.values(await webStorage(page)).join('\n')).not.toContain(second.token);

    // A session revoked elsewhere ends here at the next refresh.
    const cookie = await refreshCookie();
    const revoked = await fetch(`${platform.url}/auth/logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `mcp_refresh=${cookie?.value}` },
      body: '{}',
    });
    expect(revoked.status).toBe(204);
    await page.clock.fastForward('12:30');
    await page.getByTestId('session-problem').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('session-problem').textContent()).toBe('Your session has ended: sign in again.');
    await page.close();
  });

  it('logged no errors in the browser console besides the refused refresh of the revoked session', () => {
    const unexpected = consoleErrors.filter((text) => !/status of 401 .*\/auth\/refresh/.test(text));
    expect(unexpected).toEqual([]);
  });
});
