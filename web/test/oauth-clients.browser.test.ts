import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestPlatform, type TestPlatform } from '@mcp-portal/platform/testing';
import { describeFindings, seriousViolations } from './axe.ts';
import { collectConsoleErrors, launchChromium, signInThroughForm, type Chromium } from './chromium.ts';

interface Registered {
  client_id: string;
  client_secret?: string;
  registration_access_token: string;
  registration_client_uri: string;
}

/**
 * The OAuth clients page for admins (issue 14), in Chromium against the whole platform: clients registered at the
 * router's RFC 7591 endpoint are listed, filtered and paged; a client's page rotates its secret (shown once, copied)
 * and revokes it after an in-place confirmation, after which the list shows it as revoked; a viewer has no such page.
 */
describe('portal OAuth clients page in a browser', () => {
  let platform: TestPlatform;
  let browser: Chromium;
  let page: Page;
  const consoleErrors: string[] = [];
  const clients: Registered[] = [];
  const viewer = { email: `viewer-${Date.now().toString(36)}@example.test`, password: 'viewer-password-1' };

  async function register(metadata: Record<string, unknown>): Promise<Registered> {
    const response = await fetch(`${platform.url}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(metadata),
    });
    if (response.status !== 201) throw new Error(`registration failed: ${response.status} ${await response.text()}`);
    return (await response.json()) as Registered;
  }

  beforeAll(async () => {
    platform = await startTestPlatform({ label: 'web-oauth-clients', env: { MCP_DCR_REGISTRATIONS_PER_WINDOW: '0', MCP_DCR_MAX_CLIENTS_PER_ADDRESS: '0' } });
    const adminToken = await platform.adminToken();
    await platform.request(
      'mutation($e: String!, $p: String!) { createUser(email: $e, password: $p, role: VIEWER) { id } }',
      { e: viewer.email, p: viewer.password },
      adminToken,
    );
    // 26 public clients fill more than one page (25), then the confidential one everything below works on.
    for (let i = 0; i < 26; i += 1) {
      clients.push(
        await register({ redirect_uris: [`http://127.0.0.1:${40000 + i}/callback`], client_name: `Desktop ${i}`, token_endpoint_auth_method: 'none' }),
      );
    }
    clients.push(await register({ redirect_uris: ['https://notes.example/callback'], client_name: 'Notes web app' }));
    browser = await launchChromium();
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: platform.url });
    page = await browser.context.newPage();
    collectConsoleErrors(page, consoleErrors);
    await signInThroughForm(page, platform.url, platform.admin.email, platform.admin.password);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  }, 60_000);

  const confidential = () => clients.at(-1)!;

  it('lists the clients newest first, a page at a time, with one h1 and no serious accessibility finding', async () => {
    await page.getByTestId('nav-oauth-clients').click();
    await page.getByTestId('oauth-clients-table').waitFor({ timeout: 20_000 });
    expect(new URL(page.url()).pathname).toBe('/oauth-clients');
    expect(await page.locator('h1').allTextContents()).toEqual(['OAuth clients']);
    const rows = page.locator('[data-testid^="oauth-client-row-"]');
    expect(await rows.count()).toBe(25);
    expect(await rows.first().getAttribute('data-testid')).toBe(`oauth-client-row-${confidential().client_id}`);
    expect(await page.getByTestId(`oauth-client-status-${confidential().client_id}`).textContent()).toBe('ACTIVE');
    expect(await page.getByTestId('oauth-clients-count').textContent()).toBe('25 of 27');
    const findings = await seriousViolations(page);
    expect(findings, describeFindings('/oauth-clients', findings)).toEqual([]);

    await page.getByTestId('oauth-clients-load-more').click();
    await page.getByTestId('oauth-clients-count').filter({ hasText: '27 of 27' }).waitFor({ timeout: 15_000 });
    expect(await rows.count()).toBe(27);
    expect(await page.getByTestId('oauth-clients-load-more').count()).toBe(0);
  });

  it('filters by search and backend', async () => {
    await page.getByTestId('oauth-client-filter-search').fill('notes');
    await page.getByTestId('oauth-client-filter-apply').click();
    await page.getByTestId('oauth-clients-count').filter({ hasText: '1 of 1' }).waitFor({ timeout: 15_000 });
    expect(await page.getByTestId(`oauth-client-row-${confidential().client_id}`).textContent()).toContain('notes.example');

    await page.getByTestId('oauth-client-filter-backend').selectOption('AZURE');
    await page.getByTestId('oauth-client-filter-apply').click();
    await page.getByText('No OAuth client registered (that matches).').waitFor({ timeout: 15_000 });

    await page.getByTestId('oauth-client-filter-clear').click();
    await page.getByTestId('oauth-clients-count').filter({ hasText: '25 of 27' }).waitFor({ timeout: 15_000 });
  });

  it("rotates a confidential client's secret, shown once with a copy button", async () => {
    await page.getByTestId(`oauth-client-link-${confidential().client_id}`).click();
    await page.getByTestId('oauth-client-facts').waitFor({ timeout: 20_000 });
    expect(new URL(page.url()).pathname).toBe(`/oauth-clients/${confidential().client_id}`);
    expect(await page.locator('h1').allTextContents()).toEqual(['OAuth client']);
    expect(await page.getByTestId('oauth-client-name').textContent()).toBe('Notes web app');
    expect(await page.getByTestId('oauth-client-redirect-uris').textContent()).toBe('https://notes.example/callback');
    // A local secret does not expire; a local client has no Entra application.
    expect(await page.getByTestId('oauth-client-secret-expires').textContent()).toBe('never');
    expect(await page.getByTestId('oauth-client-azure-application').count()).toBe(0);

    await page.getByTestId('oauth-client-rotate').click();
    const value = page.getByTestId('oauth-client-secret-value');
    await value.waitFor({ timeout: 15_000 });
    const secret = await value.inputValue();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(secret).not.toBe(confidential().client_secret);
    const findings = await seriousViolations(page);
    expect(findings, describeFindings('/oauth-clients/:clientId', findings)).toEqual([]);
    await page.getByTestId('oauth-client-secret-copy').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="oauth-client-secret-copy"]')?.textContent === 'Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await page.getByTestId('oauth-client-secret-dismiss').click();
    expect(await page.getByTestId('oauth-client-secret').count()).toBe(0);
  });

  it('revokes a client after an in-place confirmation: its registration access token stops working; the list shows it revoked', async () => {
    const client = confidential();
    const read = () => fetch(client.registration_client_uri, { headers: { authorization: `Bearer ${client.registration_access_token}` } });
    expect((await read()).status).toBe(200);
    await page.getByTestId('oauth-client-revoke').click();
    await page.getByTestId('oauth-client-revoke-cancel').click();
    expect(await page.getByTestId('oauth-client-status').getAttribute('data-status')).toBe('active');
    expect((await read()).status).toBe(200);

    await page.getByTestId('oauth-client-revoke').click();
    await page.getByTestId('oauth-client-revoke-confirm').click();
    await page.waitForSelector('[data-testid="oauth-client-status"][data-status="revoked"]', { timeout: 15_000 });
    await page.getByTestId('oauth-client-revoked-at').waitFor();
    expect((await read()).status).toBe(401);

    await page.getByTestId('back-to-oauth-clients').click();
    const status = page.getByTestId(`oauth-client-status-${client.client_id}`);
    await page.waitForSelector(`[data-testid="oauth-client-status-${client.client_id}"][data-status="revoked"]`, { timeout: 15_000 });
    expect(await status.textContent()).toBe('REVOKED');
    expect(await page.getByTestId('oauth-clients-count').textContent()).toBe('25 of 27');

    await page.getByTestId('oauth-client-filter-status').selectOption('ACTIVE');
    await page.getByTestId('oauth-client-filter-apply').click();
    await page.getByTestId('oauth-clients-count').filter({ hasText: 'of 26' }).waitFor({ timeout: 15_000 });
    expect(await page.getByTestId(`oauth-client-row-${client.client_id}`).count()).toBe(0);
    await page.getByTestId('oauth-client-filter-status').selectOption('REVOKED');
    await page.getByTestId('oauth-client-filter-apply').click();
    await page.getByTestId('oauth-clients-count').filter({ hasText: '1 of 1' }).waitFor({ timeout: 15_000 });
    await page.getByTestId('oauth-client-filter-clear').click();
    await page.getByTestId('oauth-clients-count').filter({ hasText: '25 of 27' }).waitFor({ timeout: 15_000 });
  });

  it('is not for viewers', async () => {
    const viewerBrowser = await launchChromium();
    try {
      const viewerPage = await viewerBrowser.context.newPage();
      await signInThroughForm(viewerPage, platform.url, viewer.email, viewer.password);
      expect(await viewerPage.getByTestId('nav-oauth-clients').count()).toBe(0);
      await viewerPage.goto(`${platform.url}/oauth-clients`);
      await viewerPage.getByText('This page is for administrators.').waitFor({ timeout: 15_000 });
    } finally {
      await viewerBrowser.close();
    }
  });

  it('logged no console error', () => {
    expect(consoleErrors).toEqual([]);
  });
});
