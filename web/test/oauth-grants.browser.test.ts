import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestPlatform, type TestPlatform } from '@mcp-portal/platform/testing';
import { describeFindings, seriousViolations } from './axe.ts';
import { collectConsoleErrors, launchChromium, narrowViewport, signInThroughForm, wideViewport, type Chromium, keepOnLoopback } from './chromium.ts';

/** A native MCP client's loopback redirect URI: nothing needs to listen there, the test reads the code from the consent's answer. */
const redirectUri = 'http://127.0.0.1:53682/callback';

interface TokenAnswer {
  status: number;
  body: { access_token?: string; refresh_token?: string; error?: string };
}

/**
 * "Applications you authorized" in Chromium against the whole platform: an MCP client signs in with OAuth (by HTTP,
 * as it would: registration, /oauth/authorize with PKCE, the consent page's decision, the code for tokens); the
 * Connect page lists it, Revoke (after a confirmation) removes it and its refresh token stops at once. Without one,
 * the page says what appears there. An admin sees another user's on that user's page.
 */
describe('authorized applications in a browser', () => {
  let platform: TestPlatform;
  let browser: Chromium;
  let page: Page;
  let adminToken: string;
  let mcpUrl: string;
  const consoleErrors: string[] = [];
  /** Requests the browser made for anything off loopback (refused): none is expected. */
  const offLoopback: string[] = [];

  async function register(metadata: Record<string, unknown>): Promise<string> {
    const response = await fetch(`${platform.url}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
        token_endpoint_auth_method: 'none',
        ...metadata,
      }),
    });
    if (response.status !== 201) throw new Error(`registration failed: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { client_id: string }).client_id;
  }

  async function tokenRequest(form: Record<string, string>): Promise<TokenAnswer> {
    const response = await fetch(`${platform.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    });
    return { status: response.status, body: (await response.json()) as TokenAnswer['body'] };
  }

  /** The authorization code flow as the user whose token is given approves it: the client's tokens. */
  async function authorize(clientId: string, userToken: string): Promise<{ accessToken: string; refreshToken: string }> {
    const verifier = randomBytes(32).toString('base64url');
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: redirectUri,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      state: 'st',
      scope: 'mcp',
      resource: mcpUrl,
    });
    const started = await fetch(`${platform.url}/oauth/authorize?${query.toString()}`, { redirect: 'manual' });
    await started.body?.cancel();
    expect(started.status).toBe(302);
    const consent = new URL(started.headers.get('location') ?? '', platform.url);
    const requestId = /^\/oauth\/consent\/([A-Za-z0-9_-]{43})$/.exec(consent.pathname)?.[1];
    expect(requestId, consent.href).toBeDefined();

    const decided = await platform.request<{ decideOAuthAuthorization: { redirectTo: string } }>(
      'mutation($id: ID!, $approve: Boolean!) { decideOAuthAuthorization(id: $id, approve: $approve) { redirectTo } }',
      { id: requestId, approve: true },
      userToken,
    );
    expect(decided.errors).toBeUndefined();
    const code = new URL(decided.data!.decideOAuthAuthorization.redirectTo).searchParams.get('code');
    expect(code).toBeTruthy();

    const tokens = await tokenRequest({
      grant_type: 'authorization_code',
      code: code!,
      code_verifier: verifier,
      redirect_uri: redirectUri,
      client_id: clientId,
    });
    expect(tokens.status).toBe(200);
    expect(tokens.body.refresh_token).toBeTruthy();
    return { accessToken: tokens.body.access_token!, refreshToken: tokens.body.refresh_token! };
  }

  const expectAccessible = async (where: string) => {
    const findings = await seriousViolations(page);
    expect(findings, describeFindings(where, findings)).toEqual([]);
  };

  async function openConnectPage(): Promise<void> {
    await page.goto(`${platform.url}/connect`);
    await page.getByTestId('oauth-grants').or(page.getByTestId('oauth-grants-empty')).waitFor({ timeout: 20_000 });
  }

  beforeAll(async () => {
    platform = await startTestPlatform({ label: 'web-oauth-grants', env: { MCP_DCR_REGISTRATIONS_PER_WINDOW: '0', MCP_DCR_MAX_CLIENTS_PER_ADDRESS: '0' } });
    mcpUrl = platform.platform.gatewayProxy.mcpUrl ?? '';
    expect(mcpUrl).not.toBe('');
    adminToken = await platform.adminToken();
    browser = await launchChromium();
    await keepOnLoopback(browser.context, offLoopback);
    page = await browser.context.newPage();
    collectConsoleErrors(page, consoleErrors);
    await signInThroughForm(page, platform.url, platform.admin.email, platform.admin.password);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  }, 60_000);

  it('says which applications appear there when you authorized none', async () => {
    await openConnectPage();
    const empty = page.getByTestId('oauth-grants-empty');
    expect(await empty.textContent()).toContain('MCP clients that sign in with OAuth');
    expect(await page.getByRole('heading', { name: 'Applications you authorized' }).count()).toBe(1);
    expect(await page.getByTestId('oauth-grant-row').count()).toBe(0);
    await expectAccessible('the Connect page without authorized applications');
  }, 60_000);

  it('lists the applications you authorized, by name (or unnamed), with the client id, scopes and when; a cancelled Revoke keeps one', async () => {
    const clientId = await register({ client_name: 'Notes Desktop' });
    const unnamedId = await register({});
    const { refreshToken } = await authorize(clientId, adminToken);
    await authorize(unnamedId, adminToken);

    await openConnectPage();
    const rows = page.getByTestId('oauth-grant-row');
    await expect.poll(() => rows.count()).toBe(2);
    const row = page.locator(`[data-testid="oauth-grant-row"][data-client-id="${clientId}"]`);
    expect(await row.getByTestId('oauth-grant-name').textContent()).toBe('Notes Desktop');
    expect(await row.getByTestId('oauth-grant-client-id').textContent()).toBe(clientId);
    expect(await row.getByTestId('oauth-grant-scopes').textContent()).toContain('mcp');
    expect(await row.locator('time').count()).toBeGreaterThanOrEqual(1);
    const unnamed = page.locator(`[data-testid="oauth-grant-row"][data-client-id="${unnamedId}"]`);
    expect(await unnamed.getByTestId('oauth-grant-name').textContent()).toBe('An unnamed application');
    expect(await page.locator('[data-testid="oauth-grants"] th[scope="col"]').allTextContents()).toEqual([
      'Application',
      'Authorized',
      'Last used',
      'Scopes',
      'Actions',
    ]);
    expect(await page.getByRole('button', { name: 'Revoke Notes Desktop', exact: true }).count()).toBe(1);
    await expectAccessible('the Connect page with authorized applications');

    // On a phone: no sideways scrolling, the Revoke button on screen.
    await page.setViewportSize(narrowViewport);
    try {
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(narrowViewport.width);
      const revoke = row.getByTestId('oauth-grant-revoke');
      await revoke.scrollIntoViewIfNeeded();
      const box = await revoke.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.x + box!.width).toBeLessThanOrEqual(narrowViewport.width);
      await expectAccessible('the Connect page with authorized applications, 360 px wide');
    } finally {
      await page.setViewportSize(wideViewport);
    }

    // A cancelled confirmation changes nothing: the application stays, its refresh token works.
    await row.getByTestId('oauth-grant-revoke').click();
    await row.getByTestId('oauth-grant-revoke-cancel').click();
    await row.getByTestId('oauth-grant-revoke').waitFor();
    expect(await rows.count()).toBe(2);
    expect(await tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: clientId })).toMatchObject({ status: 200 });
  }, 90_000);

  it('revoking (confirmed) removes the application and its refresh token gets invalid_grant', async () => {
    const clientId = await register({ client_name: 'Revoked Desktop' });
    const { refreshToken } = await authorize(clientId, adminToken);
    await openConnectPage();
    const row = page.locator(`[data-testid="oauth-grant-row"][data-client-id="${clientId}"]`);
    await row.waitFor({ timeout: 20_000 });

    await row.getByTestId('oauth-grant-revoke').click();
    const confirm = row.getByRole('group', { name: 'Revoke Revoked Desktop?' });
    await confirm.waitFor();
    await expectAccessible('the confirmation to revoke an application');
    await confirm.getByRole('button', { name: 'Yes, revoke Revoked Desktop' }).click();
    await row.waitFor({ state: 'detached', timeout: 20_000 });
    expect(await page.getByTestId('oauth-grant-revoke-error').count()).toBe(0);

    expect(await tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: clientId })).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
    // Still gone after a reload.
    await openConnectPage();
    expect(await page.locator(`[data-testid="oauth-grant-row"][data-client-id="${clientId}"]`).count()).toBe(0);
  }, 90_000);

  it("shows an admin another user's applications on their page, not on the admin's Connect page", async () => {
    const email = `viewer-${randomBytes(4).toString('hex')}@example.test`;
    const password = randomBytes(12).toString('base64url');
    const created = await platform.request<{ createUser: { id: string } }>(
      'mutation($e: String!, $p: String!) { createUser(email: $e, password: $p, role: VIEWER) { id } }',
      { e: email, p: password },
      adminToken,
    );
    expect(created.errors).toBeUndefined();
    const login = await platform.request<{ login: { token: string } }>('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', {
      e: email,
      p: password,
    });
    const clientId = await register({ client_name: 'Viewer Agent' });
    await authorize(clientId, login.data!.login.token);

    await page.goto(`${platform.url}/users/${created.data!.createUser.id}`);
    const section = page.getByTestId('user-oauth-grants');
    const row = section.locator(`[data-testid="oauth-grant-row"][data-client-id="${clientId}"]`);
    await row.waitFor({ timeout: 20_000 });
    expect(await row.getByTestId('oauth-grant-name').textContent()).toBe('Viewer Agent');
    expect(await section.getByTestId('oauth-grant-row').count()).toBe(1);
    await expectAccessible("a user's page with their authorized applications");

    await openConnectPage();
    expect(await page.locator(`[data-testid="oauth-grant-row"][data-client-id="${clientId}"]`).count()).toBe(0);

    // The admin revokes it there.
    await page.goto(`${platform.url}/users/${created.data!.createUser.id}`);
    await row.waitFor({ timeout: 20_000 });
    await row.getByTestId('oauth-grant-revoke').click();
    await row.getByTestId('oauth-grant-revoke-confirm').click();
    await section.getByTestId('oauth-grants-empty').waitFor({ timeout: 20_000 });
  }, 90_000);

  it('kept the browser on loopback and logged no console error', () => {
    expect(offLoopback).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
