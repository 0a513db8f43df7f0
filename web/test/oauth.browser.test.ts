import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Route } from 'playwright-core';
import { startProtectedMcpServer, startTestAuthorizationServer, type ProtectedMcpServer, type TestAuthorizationServer } from '@mcp-portal/dcr/testing';
import { startTestPlatform, watchSubscribers, type SubscriberWatch, type TestPlatform } from '@mcp-portal/platform/testing';
import { describeFindings, seriousViolations } from './axe.ts';
import { launchChromium, signInThroughForm, type Chromium, keepOnLoopback } from './chromium.ts';

/** A loopback port free right now: the router listens on it, so the platform knows its own redirect URI. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * OAuth connections in the portal, in Chromium against the whole platform, a real authorization server
 * (oidc-provider with dynamic registration, its own login and consent pages) and a remote MCP server built with
 * the SDK that it protects. "Authorize" on the server's page sends the browser to the consent page, which returns
 * to the portal's /oauth/callback; the callback completes it, a second tab on the server's page turns AUTHORIZED
 * live, the Connections page lists it, and revoking on the server's page turns it REVOKED there and on the
 * Connections page, live. An error from the authorization server and a refused completion are shown plainly.
 * A session that ends (sign-out, expiry) while the user is at the authorization server: back at the callback the
 * sign-in page asks, and signing in completes it; another user signing in is refused.
 */
describe('OAuth connections in a browser', () => {
  let authorizationServer: TestAuthorizationServer;
  let mcp: ProtectedMcpServer;
  let platform: TestPlatform;
  let subscribers: SubscriberWatch;
  let adminToken: string;
  let browser: Chromium;
  let page: Page;
  let serverId: string;
  let teamServerId: string;
  let viewerBrowser: Chromium | undefined;
  const consoleErrors: string[] = [];
  /** Requests the browser made for anything off loopback (refused): none is expected. */
  const offLoopback: string[] = [];
  const viewer = { email: `viewer-${Date.now().toString(36)}@example.test`, password: 'viewer-password-1' };

  /**
   * The portal's console errors and uncaught exceptions. The authorization server's own pages are not the
   * portal's: they ask for resources from the internet, which a test cannot reach.
   */
  const watchConsole = (target: Page) => {
    target.on('console', (message) => {
      if (message.type() === 'error' && !message.location().url.startsWith(authorizationServer.issuer) && new URL(target.url()).origin === platform.url) {
        consoleErrors.push(`${message.text()} (${message.location().url})`);
      }
    });
    target.on('pageerror', (error) => {
      if (new URL(target.url()).origin === platform.url) consoleErrors.push(error.message);
    });
  };
  const waitForStatus = (target: Page, testId: string, status: string, timeout = 20_000) =>
    target.waitForSelector(`[data-testid="${testId}"][data-status="${status}"]`, { timeout });
  const waitForFocus = (target: Page, selector: string, timeout = 10_000) =>
    target.waitForFunction((wanted) => document.activeElement?.matches(wanted) === true, selector, { timeout });
  const markDocument = (target: Page) =>
    target.evaluate(() => {
      (window as unknown as { __marker?: number }).__marker = 1;
    });
  const documentMarked = (target: Page) => target.evaluate(() => (window as unknown as { __marker?: number }).__marker === 1);
  const expectAccessible = async (target: Page, where: string) => {
    const findings = await seriousViolations(target);
    expect(findings, describeFindings(where, findings)).toEqual([]);
  };

  beforeAll(async () => {
    authorizationServer = await startTestAuthorizationServer({ scopes: ['notes:read', 'notes:write'] });
    mcp = await startProtectedMcpServer({
      authorizationServers: [authorizationServer.issuer],
      verifyAccessToken: (token) => authorizationServer.verifyAccessToken(token),
      scopesSupported: ['notes:read'],
    });
    platform = await startTestPlatform({ label: 'web-oauth', routerPort: await freePort(), env: { MCP_OAUTH_ALLOW_HOSTS: '127.0.0.1' } });
    subscribers = watchSubscribers(platform.platform.router.engine);
    adminToken = await platform.adminToken();
    const created = await platform.request(
      'mutation($input: CreateCatalogEntryInput!) { createCatalogEntry(input: $input) { name } }',
      {
        input: {
          name: 'notes',
          entry: { type: 'REMOTE', title: 'Notes', description: 'Remote notes behind OAuth.', remote: { url: mcp.url }, oauth: { providers: [], scopes: [] } },
        },
      },
      adminToken,
    );
    expect(created.errors).toBeUndefined();
    const enabled = await platform.request<{ enableServer: { id: string } }>('mutation { enableServer(name: "notes", start: false) { id } }', {}, adminToken);
    expect(enabled.errors).toBeUndefined();
    serverId = enabled.data?.enableServer.id ?? '';
    const team = await platform.request(
      'mutation($input: CreateCatalogEntryInput!) { createCatalogEntry(input: $input) { name } }',
      {
        input: {
          name: 'team-notes',
          entry: {
            type: 'REMOTE',
            title: 'Team notes',
            description: 'Remote notes with one connection for the team.',
            remote: { url: mcp.url },
            oauth: { providers: [], scopes: [], connection: 'TEAM' },
          },
        },
      },
      adminToken,
    );
    expect(team.errors).toBeUndefined();
    const teamEnabled = await platform.request<{ enableServer: { id: string } }>(
      'mutation { enableServer(name: "team-notes", start: false) { id } }',
      {},
      adminToken,
    );
    expect(teamEnabled.errors).toBeUndefined();
    teamServerId = teamEnabled.data?.enableServer.id ?? '';
    const user = await platform.request(
      'mutation($email: String!, $password: String!) { createUser(email: $email, password: $password, role: VIEWER) { id } }',
      viewer,
      adminToken,
    );
    expect(user.errors).toBeUndefined();
    browser = await launchChromium();
    // The browser stays on loopback; nothing should even ask to leave it (the authorization server's pages link a
    // web font from the internet, which its Content-Security-Policy keeps the browser from loading).
    await keepOnLoopback(browser.context, offLoopback);
    page = await browser.context.newPage();
    watchConsole(page);
    await signInThroughForm(page, platform.url, platform.admin.email, platform.admin.password);
  }, 120_000);

  afterAll(async () => {
    await viewerBrowser?.close();
    await browser?.close();
    await platform?.close();
    await mcp?.close();
    await authorizationServer?.close();
  }, 60_000);

  it('authorizes through the consent page and back through /oauth/callback; another tab sees AUTHORIZED live', async () => {
    // A second tab on the server's page watches: it is never reloaded.
    const watcher = await browser.context.newPage();
    watchConsole(watcher);
    await watcher.goto(`${platform.url}/servers/${serverId}`);
    await waitForStatus(watcher, 'oauth-status', 'NEEDS_AUTHORIZATION');
    await subscribers.waitFor((s) => s.field === 'oauthConnectionChanged' && s.filterValue === serverId);
    await markDocument(watcher);
    expect(await watcher.getByTestId('oauth-intro').textContent()).toContain('your own authorization');
    expect(await watcher.getByTestId('oauth-revoke').count()).toBe(0);
    await expectAccessible(watcher, 'the server page with its OAuth card');

    await page.goto(`${platform.url}/servers/${serverId}`);
    await waitForStatus(page, 'oauth-status', 'NEEDS_AUTHORIZATION');
    await page.getByTestId('oauth-authorize').click();

    // The authorization server's own pages: sign in there, then consent.
    await page.waitForURL((url) => url.origin === authorizationServer.issuer, { timeout: 20_000 });
    await page.locator('input[name="login"]').fill('portal-admin-account');
    await page.locator('input[name="password"]').fill('any-password');
    await page.locator('button[type="submit"]').click();
    await page.waitForSelector('input[name="prompt"][value="consent"]', { state: 'attached', timeout: 20_000 });
    await page.locator('button[type="submit"]').click();

    // Back on the portal: the callback completes it and takes the code out of the address bar.
    await page.waitForURL((url) => url.origin === platform.url && url.pathname === '/oauth/callback', { timeout: 20_000 });
    await page.getByTestId('oauth-callback-done').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('oauth-callback-status').getAttribute('data-status')).toBe('AUTHORIZED');
    expect(await page.getByTestId('oauth-callback-done').textContent()).toContain('notes is authorized for you');
    expect(new URL(page.url()).search).toBe('');
    await waitForFocus(page, '[data-testid="oauth-callback-done"]');
    await expectAccessible(page, 'the OAuth callback page');
    // Through the authorization server's login and consent pages and back, the browser asked nothing off loopback.
    expect(offLoopback).toEqual([]);

    // The watching tab turned AUTHORIZED through the subscription, without a reload.
    await waitForStatus(watcher, 'oauth-status', 'AUTHORIZED');
    expect(await documentMarked(watcher)).toBe(true);
    expect(await watcher.getByTestId('oauth-scopes').textContent()).toContain('notes:read');
    expect(await watcher.getByTestId('oauth-issuer').textContent()).toBe(authorizationServer.issuer);
    expect(await watcher.getByTestId('oauth-authorized-by').textContent()).toBe(platform.admin.email);
    expect(await watcher.locator('[data-testid="oauth-expires"] time').count()).toBe(1);
    expect(await watcher.getByTestId('oauth-authorize').textContent()).toBe('Authorize again');
    await watcher.close();

    // "Back to notes" leads to the server's page, AUTHORIZED.
    await page.getByTestId('oauth-callback-server-link').click();
    await waitForStatus(page, 'oauth-status', 'AUTHORIZED');
    expect(new URL(page.url()).pathname).toBe(`/servers/${serverId}`);
  }, 120_000);

  it('lists the connection on the Connections page, and a revocation on the server page shows there live', async () => {
    const connections = await browser.context.newPage();
    watchConsole(connections);
    await connections.goto(platform.url);
    await connections.getByTestId('nav-connections').click();
    await connections.getByTestId('connections-table').waitFor({ timeout: 20_000 });
    const row = connections.locator('[data-testid^="connection-row-"][data-server="notes"]');
    expect(await row.count()).toBe(1);
    expect(await row.getAttribute('data-owner')).toBe('You');
    expect(await row.locator('[data-testid^="connection-status-"]').getAttribute('data-status')).toBe('AUTHORIZED');
    expect(await row.locator('[data-testid^="connection-scopes-"]').textContent()).toContain('notes:read');
    expect(await connections.getByTestId('nav-connections').getAttribute('aria-current')).toBe('page');
    await subscribers.waitFor((s) => s.field === 'oauthConnectionChanged' && s.filterValue === null);
    await markDocument(connections);
    await expectAccessible(connections, 'the Connections page');

    // Revoke on the server's page, through its confirmation.
    await page.getByTestId('oauth-revoke').click();
    await page.getByTestId('oauth-revoke-confirm').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('oauth-revoke-confirm');
    await page.getByTestId('oauth-revoke-confirm').click();
    await waitForStatus(page, 'oauth-status', 'REVOKED');
    // The status can arrive through the subscription before the mutation's answer, which is what moves the focus.
    await waitForFocus(page, '#oauth-title');
    expect(await page.getByTestId('oauth-authorize').textContent()).toBe('Authorize');

    await row.locator('[data-status="REVOKED"]').waitFor({ timeout: 20_000 });
    expect(await documentMarked(connections)).toBe(true);
    expect(await row.locator('[data-testid^="connection-revoke-"]').count()).toBe(0);
    await connections.close();
  }, 120_000);

  it("shows the authorization server's error plainly, and a completion the platform refuses", async () => {
    await page.goto(`${platform.url}/oauth/callback?error=access_denied&error_description=The+user+said+no&state=whatever`);
    await page.getByTestId('oauth-callback-error').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('oauth-callback-error').textContent()).toContain('Access was denied');
    expect(await page.getByTestId('oauth-callback-error-code').textContent()).toBe('access_denied');
    expect(await page.getByTestId('oauth-callback-error-description').textContent()).toBe('The user said no');
    expect(new URL(page.url()).search).toBe('');
    await expectAccessible(page, 'the OAuth callback page with an error');

    await page.goto(`${platform.url}/oauth/callback?code=not-a-code&state=not-a-state&iss=${encodeURIComponent(authorizationServer.issuer)}`);
    await page.getByTestId('oauth-callback-refused').waitFor({ timeout: 20_000 });
    expect((await page.getByTestId('oauth-callback-refusal').textContent())?.length).toBeGreaterThan(0);
    await page.getByTestId('oauth-callback-connections-link').click();
    await page.getByTestId('connections-page').waitFor();

    await page.goto(`${platform.url}/oauth/callback`);
    await page.getByTestId('oauth-callback-empty').waitFor({ timeout: 20_000 });
    expect(consoleErrors).toEqual([]);
  }, 60_000);

  it('shows a viewer the team connection without Authorize or Revoke, and their own pending one on a per-user server', async () => {
    viewerBrowser = await launchChromium();
    const viewerPage = await viewerBrowser.context.newPage();
    watchConsole(viewerPage);
    await signInThroughForm(viewerPage, platform.url, viewer.email, viewer.password);
    await viewerPage.goto(`${platform.url}/servers/${teamServerId}`);
    await waitForStatus(viewerPage, 'oauth-status', 'NEEDS_AUTHORIZATION');
    expect(await viewerPage.getByTestId('oauth-intro').textContent()).toBe(
      'Every call to team-notes carries one authorization for the whole team. An operator or administrator authorizes it.',
    );
    expect(await viewerPage.getByTestId('oauth-authorize').count()).toBe(0);
    expect(await viewerPage.getByTestId('oauth-revoke').count()).toBe(0);

    // The admin's revoked connection to notes is theirs: the viewer's own is pending, and their list is empty.
    await viewerPage.goto(`${platform.url}/servers/${serverId}`);
    await waitForStatus(viewerPage, 'oauth-status', 'NEEDS_AUTHORIZATION');
    expect(await viewerPage.getByTestId('oauth-authorize').textContent()).toBe('Authorize');
    await viewerPage.getByTestId('nav-connections').click();
    await viewerPage.getByTestId('connections-empty').waitFor({ timeout: 20_000 });
    expect(consoleErrors).toEqual([]);
  }, 60_000);

  /**
   * "Authorize" on the notes page as whoever is signed in on `page`; the portal session ends (`endSession`) while the
   * browser is on its way to the authorization server (its first request there is held meanwhile). Then the
   * authorization server's pages (its login when it does not remember the account, and its consent) until it sends
   * the browser back to the portal's /oauth/callback.
   */
  async function authorizeWhileTheSessionEnds(account: string, endSession: () => Promise<void>): Promise<void> {
    let resolveHeld: ((route: Route) => void) | undefined;
    const held = new Promise<Route>((resolve) => (resolveHeld = resolve));
    // The first request (the navigation) waits for the session to end; anything after it goes through.
    await page.route(
      (url) => url.origin === authorizationServer.issuer,
      async (route) => {
        const hold = resolveHeld;
        resolveHeld = undefined;
        if (hold) hold(route);
        else await route.continue();
      },
    );
    await page.goto(`${platform.url}/servers/${serverId}`);
    await page.getByTestId('oauth-authorize').click();
    const firstRequest = await held;
    await endSession();
    await firstRequest.continue();
    const back = page
      .waitForURL((url) => url.origin === platform.url && url.pathname === '/oauth/callback', { timeout: 30_000 })
      .then(
        () => 'back' as const,
        () => 'timeout' as const,
      );
    for (let step = 0; ; step++) {
      expect(step, 'the authorization server did not send the browser back').toBeLessThan(4);
      const next = await Promise.race([
        back,
        page
          .locator('input[name="login"]')
          .waitFor({ timeout: 20_000 })
          .then(
            () => 'login' as const,
            () => 'timeout' as const,
          ),
        page
          .locator('input[name="prompt"][value="consent"]')
          .waitFor({ state: 'attached', timeout: 20_000 })
          .then(
            () => 'consent' as const,
            () => 'timeout' as const,
          ),
      ]);
      if (next === 'back') break;
      expect(next).not.toBe('timeout');
      if (next === 'login') {
        await page.locator('input[name="login"]').fill(account);
        await page.locator('input[name="password"]').fill('any-password');
      }
      await page.locator('button[type="submit"]').click();
    }
    await page.unrouteAll({ behavior: 'ignoreErrors' });
  }

  /** Ends the portal session the way a user does in another tab: the user menu's "Sign out". */
  async function signOutInAnotherTab() {
    const other = await browser.context.newPage();
    watchConsole(other);
    await other.goto(platform.url);
    await other.getByTestId('user-menu-button').click();
    await other.getByTestId('sign-out').click();
    await other.getByTestId('login-email').waitFor({ timeout: 20_000 });
    await other.close();
  }

  const heldInTab = () => page.evaluate(() => sessionStorage.getItem('mcp-portal.oauth-callback'));

  /** Back at /oauth/callback signed out: the sign-in page asks, with the code out of the address bar. */
  async function expectSignInToFinish() {
    await page.getByTestId('login-oauth-pending').waitFor({ timeout: 20_000 });
    expect(new URL(page.url()).pathname).toBe('/oauth/callback');
    expect(new URL(page.url()).search).toBe('');
    expect(await heldInTab()).toContain('code=');
    await expectAccessible(page, 'the sign-in page back from the authorization server');
  }

  const signInOnPage = async (email: string, password: string) => {
    await page.getByTestId('login-email').fill(email);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
  };

  it('completes the callback once the user signs in again when their session ended while they were at the authorization server', async () => {
    await authorizeWhileTheSessionEnds('portal-admin-account', signOutInAnotherTab);
    await expectSignInToFinish();

    await signInOnPage(platform.admin.email, platform.admin.password);
    await page.getByTestId('oauth-callback-done').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('oauth-callback-status').getAttribute('data-status')).toBe('AUTHORIZED');
    expect(await page.getByTestId('oauth-callback-done').textContent()).toContain('notes is authorized for you');
    expect(new URL(page.url()).search).toBe('');
    // Taken: nothing of the response stays in the tab, and a reload has nothing to complete.
    expect(await heldInTab()).toBeNull();
    await page.reload();
    await page.getByTestId('oauth-callback-empty').waitFor({ timeout: 20_000 });
    await page.getByTestId('oauth-callback-connections-link').click();
    const row = page.locator('[data-testid^="connection-row-"][data-server="notes"]');
    await row.locator('[data-status="AUTHORIZED"]').waitFor({ timeout: 20_000 });
    expect(await row.getAttribute('data-owner')).toBe('You');
    expect(consoleErrors).toEqual([]);
  }, 120_000);

  it('refuses plainly when someone else signs in to finish the callback: the authorization was started by another user', async () => {
    await authorizeWhileTheSessionEnds('portal-admin-account', signOutInAnotherTab);
    await expectSignInToFinish();

    await signInOnPage(viewer.email, viewer.password);
    await page.getByTestId('oauth-callback-refused').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('oauth-callback-refusal').textContent()).toBe('This authorization was started by another user.');
    expect(new URL(page.url()).search).toBe('');
    expect(await heldInTab()).toBeNull();
    // Nothing changed for the viewer, nor for the admin's connection, which stays AUTHORIZED.
    await page.getByTestId('oauth-callback-connections-link').click();
    await page.getByTestId('connections-empty').waitFor({ timeout: 20_000 });
    const connections = await platform.request<{ oauthConnections: { status: string; user: { email: string } | null }[] }>(
      'query($serverId: ID) { oauthConnections(serverId: $serverId) { status user { email } } }',
      { serverId },
      adminToken,
    );
    expect(connections.errors).toBeUndefined();
    expect(connections.data?.oauthConnections.find((c) => c.user?.email === platform.admin.email)?.status).toBe('AUTHORIZED');
    expect(consoleErrors).toEqual([]);
  }, 120_000);

  it('also when the session expired meanwhile: the sign-in page asks, and the same user signing in completes it', async () => {
    // The viewer authorizes their own connection to notes on this page; their refresh cookie is gone by the time
    // the browser comes back, as when the session expired: restoring it is refused, and the sign-in page asks.
    const expire = () => browser.context.clearCookies({ name: 'mcp_refresh' });
    await authorizeWhileTheSessionEnds('portal-viewer-account', expire);
    await expectSignInToFinish();
    // The refused restore (401 from /auth/refresh) is what an expired session looks like, not a fault of the page.
    const refusedRestores = consoleErrors.filter((error) => error.includes('401') && error.includes('/auth/refresh'));
    consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((error) => !refusedRestores.includes(error)));

    await signInOnPage(viewer.email, viewer.password);
    await page.getByTestId('oauth-callback-done').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('oauth-callback-status').getAttribute('data-status')).toBe('AUTHORIZED');
    expect(await page.getByTestId('oauth-callback-done').textContent()).toContain('notes is authorized for you');
    expect(new URL(page.url()).search).toBe('');
    expect(await heldInTab()).toBeNull();
    expect(consoleErrors).toEqual([]);
  }, 120_000);
});
