import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestPlatform, type TestPlatform } from '@mcp-portal/platform/testing';
import { describeFindings, seriousViolations } from './axe.ts';
import { collectConsoleErrors, launchChromium, type Chromium, keepOnLoopback } from './chromium.ts';

/** A native MCP client's loopback redirect URI (RFC 8252 §7.3): records what the browser brings back to /callback. */
interface LoopbackClient {
  redirectUri: string;
  /** The query of the next request to /callback. */
  nextCallback(): Promise<URLSearchParams>;
  close(): Promise<void>;
}

async function startLoopbackClient(): Promise<LoopbackClient> {
  const waiting: ((query: URLSearchParams) => void)[] = [];
  const arrived: URLSearchParams[] = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/callback') {
      response.writeHead(204).end();
      return;
    }
    const next = waiting.shift();
    if (next) next(url.searchParams);
    else arrived.push(url.searchParams);
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Signed in</title><p>You can close this window.</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return {
    redirectUri: `http://127.0.0.1:${address.port}/callback`,
    nextCallback: () => {
      const already = arrived.shift();
      return already ? Promise.resolve(already) : new Promise((resolve) => waiting.push(resolve));
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/**
 * The consent page of the platform's own authorization server (issue 14), in Chromium against the whole platform, as
 * an MCP client on the user's computer uses it: it registers, opens /oauth/authorize in the browser and listens on a
 * loopback port. Signed out, the sign-in page comes first at the consent page's address; then the page names the
 * application and the host it sends the browser back to (an application on this computer); Allow brings a code to
 * the client, which redeems it for tokens; Deny brings access_denied; an answered request is gone; a request answered
 * in another tab is gone when answered again.
 */
describe('the OAuth consent page in a browser', () => {
  let platform: TestPlatform;
  let loopback: LoopbackClient;
  let browser: Chromium;
  let page: Page;
  let mcpUrl: string;
  const consoleErrors: string[] = [];
  /** Requests the browser made for anything off loopback (refused): none is expected. */
  const offLoopback: string[] = [];

  async function register(metadata: Record<string, unknown>): Promise<string> {
    const response = await fetch(`${platform.url}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ redirect_uris: [loopback.redirectUri], token_endpoint_auth_method: 'none', ...metadata }),
    });
    if (response.status !== 201) throw new Error(`registration failed: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { client_id: string }).client_id;
  }

  function authorizeUrl(clientId: string, challenge: string, state: string): string {
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: loopback.redirectUri,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state,
      resource: mcpUrl,
    });
    return `${platform.url}/oauth/authorize?${query.toString()}`;
  }

  /** Opens the authorization request in the browser; it lands on the consent page (after the sign-in page if signed out). */
  async function openAuthorization(target: Page, clientId: string, challenge: string, state: string): Promise<string> {
    await target.goto(authorizeUrl(clientId, challenge, state));
    await target.waitForURL((url) => url.origin === platform.url && /^\/oauth\/consent\/[A-Za-z0-9_-]{43}$/.test(url.pathname), { timeout: 20_000 });
    return target.url();
  }

  /**
   * What the page says once answered ("Returning to …"), as it says it: the browser leaves the page right after, and
   * Playwright's queries would wait for that navigation, so the page reports it on the console.
   */
  const watchReturning = async (target: Page): Promise<() => string | undefined> => {
    const said: string[] = [];
    target.on('console', (message) => {
      if (message.text().startsWith('returning:')) said.push(message.text().slice('returning:'.length));
    });
    await target.evaluate(() => {
      new MutationObserver((_, observer) => {
        const returning = document.querySelector('[data-testid="oauth-consent-returning"]');
        if (!returning) return;
        console.info(`returning:${returning.getAttribute('data-decision') ?? ''} ${returning.textContent ?? ''}`);
        observer.disconnect();
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    return () => said[0];
  };
  const waitForFocus = (target: Page, selector: string) =>
    target.waitForFunction((wanted) => document.activeElement?.matches(wanted) === true, selector, { timeout: 10_000 });
  const expectAccessible = async (target: Page, where: string) => {
    const findings = await seriousViolations(target);
    expect(findings, describeFindings(where, findings)).toEqual([]);
  };

  beforeAll(async () => {
    platform = await startTestPlatform({ label: 'web-oauth-consent', env: { MCP_DCR_REGISTRATIONS_PER_WINDOW: '0', MCP_DCR_MAX_CLIENTS_PER_ADDRESS: '0' } });
    mcpUrl = platform.platform.gatewayProxy.mcpUrl ?? '';
    expect(mcpUrl).not.toBe('');
    loopback = await startLoopbackClient();
    browser = await launchChromium();
    // The browser stays on loopback: the portal, the router and the client's loopback redirect URI.
    await keepOnLoopback(browser.context, offLoopback);
    page = await browser.context.newPage();
    collectConsoleErrors(page, consoleErrors);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await loopback?.close();
    await platform?.close();
  }, 60_000);

  let answeredConsentUrl = '';

  it('signs in first, shows the application and where it goes back to, and Allow brings a code the client redeems for tokens', async () => {
    const clientId = await register({ client_name: 'Notes Desktop', client_uri: 'https://notes.example/about' });
    const { verifier, challenge } = pkce();
    answeredConsentUrl = await openAuthorization(page, clientId, challenge, 'state-allow');

    // Signed out: the sign-in page, at the consent page's address.
    await page.getByTestId('login-email').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('login-oauth-consent-pending').isVisible()).toBe(true);
    await page.getByTestId('login-email').fill(platform.admin.email);
    await page.getByTestId('login-password').fill(platform.admin.password);
    await page.getByTestId('login-submit').click();

    const consent = page.getByTestId('oauth-consent');
    await consent.and(page.locator('[data-phase="request"]')).waitFor({ timeout: 20_000 });
    expect(page.url()).toBe(answeredConsentUrl);
    expect(await page.locator('h1').allTextContents()).toEqual(['Authorize an application']);
    expect(await page.title()).toBe('Authorize an application · MCP Portal');
    await waitForFocus(page, '#oauth-consent-title');
    expect(await page.getByTestId('oauth-consent-client').textContent()).toBe('Notes Desktop');
    expect(await page.locator('#oauth-consent-title').textContent()).toBe('Notes Desktop asks to use the MCP gateway as you');
    const host = new URL(loopback.redirectUri).host;
    expect(await page.getByTestId('oauth-consent-redirect-host').textContent()).toBe(host);
    expect(await page.getByTestId('oauth-consent-loopback').textContent()).toContain('an application on this computer');
    expect(await page.getByTestId('oauth-consent-identity').getAttribute('data-kind')).toBe('registered');
    expect(await page.getByTestId('oauth-consent-identity').textContent()).toContain(clientId);
    expect(await page.getByTestId('oauth-consent-home-page').textContent()).toContain('notes.example');
    expect(await page.getByTestId('oauth-consent-user').textContent()).toBe(`${platform.admin.email} (admin)`);
    expect(await page.getByTestId('oauth-consent-scopes').textContent()).toContain('mcp');
    expect(await consent.textContent()).toContain(mcpUrl);
    expect(await page.locator('[data-testid="oauth-consent-expires"] time').count()).toBe(1);
    await expectAccessible(page, 'the consent page');

    const returning = await watchReturning(page);
    const callback = loopback.nextCallback();
    await page.getByTestId('oauth-consent-approve').click();
    const query = await callback;
    expect(query.get('state')).toBe('state-allow');
    expect(query.get('error')).toBeNull();
    const code = query.get('code');
    expect(code).toBeTruthy();
    await expect.poll(returning).toContain(`approved Allowed. Returning to ${host}…`);
    await page.waitForURL((url) => url.href.startsWith(loopback.redirectUri), { timeout: 20_000 });

    const response = await fetch(`${platform.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: code ?? '',
        code_verifier: verifier,
        redirect_uri: loopback.redirectUri,
        client_id: clientId,
      }),
    });
    expect(response.status).toBe(200);
    const tokens = (await response.json()) as { access_token?: string; token_type?: string };
    expect(tokens.access_token).toBeTruthy();
    expect(tokens.token_type).toBe('Bearer');
  }, 60_000);

  it('Deny brings access_denied back to the application; an unnamed one is called so', async () => {
    const clientId = await register({});
    const { challenge } = pkce();
    await openAuthorization(page, clientId, challenge, 'state-deny');
    await page.getByTestId('oauth-consent').and(page.locator('[data-phase="request"]')).waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('oauth-consent-client').textContent()).toBe('An unnamed application');
    expect(await page.getByTestId('oauth-consent-identity').textContent()).toContain(clientId);
    expect(await page.getByTestId('oauth-consent-home-page').count()).toBe(0);

    const returning = await watchReturning(page);
    const callback = loopback.nextCallback();
    await page.getByTestId('oauth-consent-deny').click();
    const query = await callback;
    await expect.poll(returning).toContain(`denied Denied. Returning to ${new URL(loopback.redirectUri).host}…`);
    await page.waitForURL((url) => url.href.startsWith(loopback.redirectUri), { timeout: 20_000 });
    expect(query.get('error')).toBe('access_denied');
    expect(query.get('state')).toBe('state-deny');
    expect(query.get('code')).toBeNull();
  }, 60_000);

  it('shows an answered request as gone, telling the user to start again from their application', async () => {
    expect(answeredConsentUrl).not.toBe('');
    await page.goto(answeredConsentUrl);
    await page.getByTestId('oauth-consent-gone').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('oauth-consent-gone').textContent()).toContain('Start again from your application');
    expect(await page.getByTestId('oauth-consent-approve').count()).toBe(0);
    await waitForFocus(page, '#oauth-consent-title');
    await expectAccessible(page, 'the consent page of an answered request');

    // An address that is no request id at all: the same, without asking the API.
    await page.goto(`${platform.url}/oauth/consent/${encodeURIComponent('<b>not-an-id</b>')}`);
    await page.getByTestId('oauth-consent-gone').waitFor({ timeout: 20_000 });
    expect(await page.locator('#oauth-consent-title b').count()).toBe(0);
  }, 60_000);

  it('a request answered in another tab is gone when answered again', async () => {
    const clientId = await register({ client_name: 'Two Tabs' });
    const { challenge } = pkce();
    const consentUrl = await openAuthorization(page, clientId, challenge, 'state-tabs');
    const other = await browser.context.newPage();
    collectConsoleErrors(other, consoleErrors);
    try {
      await other.goto(consentUrl);
      await other.getByTestId('oauth-consent').and(other.locator('[data-phase="request"]')).waitFor({ timeout: 20_000 });
      await page.getByTestId('oauth-consent').and(page.locator('[data-phase="request"]')).waitFor({ timeout: 20_000 });

      const callback = loopback.nextCallback();
      await page.getByTestId('oauth-consent-approve').click();
      expect((await callback).get('state')).toBe('state-tabs');

      await other.getByTestId('oauth-consent-deny').click();
      await other.getByTestId('oauth-consent-gone').waitFor({ timeout: 20_000 });
    } finally {
      await other.close();
    }
  }, 60_000);

  it('kept the browser on loopback and logged no console error', () => {
    expect(offLoopback).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
