import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { collectConsoleErrors, launchChromium, type Chromium } from './chromium.ts';
import { startTestPlatform, watchSubscribers, type SubscriberWatch, type TestPlatform } from '@mcp-portal/platform/testing';

interface AuditIds {
  auditEvents: { events: { id: string; action: string }[] };
}

/**
 * The account and admin pages of the built portal, in Chromium against the whole platform: create a
 * user and an API token through the forms, use the token from outside the browser, revoke it, and read
 * the audit log with its pagination, filter and live rows.
 */
describe('portal admin pages in a browser', () => {
  let platform: TestPlatform;
  let subscribers: SubscriberWatch;
  let adminToken: string;
  let context: BrowserContext;
  let browser: Chromium;
  let page: Page;
  const consoleErrors: string[] = [];
  const newUser = { email: `ops-${Date.now().toString(36)}@example.test`, name: 'Olive Operator', password: 'correct-horse-battery' };

  beforeAll(async () => {
    platform = await startTestPlatform({ label: 'web-admin' });
    subscribers = watchSubscribers(platform.platform.router.engine);
    adminToken = await platform.adminToken();
    browser = await launchChromium();
    context = browser.context;
    page = await context.newPage();
    collectConsoleErrors(page, consoleErrors);
    await page.goto(platform.url);
    await page.getByTestId('login-email').fill(platform.admin.email);
    await page.getByTestId('login-password').fill(platform.admin.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-users').waitFor({ timeout: 20_000 });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  }, 60_000);

  /** Same document throughout: a marker set on window survives client-side navigation only. */
  async function markDocument(): Promise<void> {
    await page.evaluate(() => {
      (window as unknown as { __marker?: number }).__marker = 1;
    });
  }
  async function documentMarked(): Promise<boolean> {
    return page.evaluate(() => (window as unknown as { __marker?: number }).__marker === 1);
  }

  it('navigates between pages without reloading', async () => {
    await markDocument();
    // Signed in on the home page: the dashboard.
    expect(await page.getByTestId('nav-dashboard').getAttribute('aria-current')).toBe('page');
    await page.getByTestId('nav-servers').click();
    await page.getByTestId('catalog').waitFor({ timeout: 20_000 });
    expect(new URL(page.url()).pathname).toBe('/servers');
    expect(await page.getByTestId('nav-servers').getAttribute('aria-current')).toBe('page');
    await page.getByTestId('nav-tokens').click();
    await page.getByTestId('create-token-form').waitFor();
    expect(new URL(page.url()).pathname).toBe('/tokens');
    expect(await page.getByTestId('nav-tokens').getAttribute('aria-current')).toBe('page');
    await page.goBack();
    await page.getByTestId('catalog').waitFor({ timeout: 20_000 });
    expect(new URL(page.url()).pathname).toBe('/servers');
    await page.goBack();
    await page.getByTestId('dashboard').waitFor({ timeout: 20_000 });
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await documentMarked()).toBe(true);
  });

  it('creates a user through the form, with field errors first', async () => {
    await page.getByTestId('nav-users').click();
    await page.getByTestId('users-table').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId(`user-row-${platform.admin.email}`).count()).toBe(1);

    // Checked in the browser: a bad email and a short password.
    await page.getByTestId('new-user-email').fill('not-an-email');
    await page.getByTestId('new-user-password').fill('short');
    await page.getByTestId('new-user-submit').click();
    expect(await page.getByTestId('new-user-email-error').textContent()).toContain('valid email');
    expect(await page.getByTestId('new-user-password-error').textContent()).toContain('at least 8 characters');

    // Refused by the server: the admin's email is taken (CONFLICT), shown under the email field.
    await page.getByTestId('new-user-email').fill(platform.admin.email);
    await page.getByTestId('new-user-password').fill(newUser.password);
    await page.getByTestId('new-user-submit').click();
    await page.getByTestId('new-user-email-error').filter({ hasText: 'already exists' }).waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('new-user-password-error').count()).toBe(0);

    await page.getByTestId('new-user-email').fill(newUser.email);
    await page.getByTestId('new-user-display-name').fill(newUser.name);
    await page.getByTestId('new-user-password').fill(newUser.password);
    await page.getByTestId('new-user-role').selectOption('OPERATOR');
    await page.getByTestId('new-user-submit').click();

    const row = page.getByTestId(`user-row-${newUser.email}`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toContain(newUser.name);
    expect(await page.getByTestId(`user-role-${newUser.email}`).textContent()).toBe('operator');
    expect(await page.getByTestId('new-user-created').textContent()).toContain(newUser.email);
    expect(await page.getByTestId('new-user-email').inputValue()).toBe('');
    expect(await page.getByTestId('new-user-email-error').count()).toBe(0);
    await page.screenshot({ path: '/tmp/portal-users.png', fullPage: true });

    // The new user can sign in.
    const login = await platform.request<{ login: { user: { role: string } } }>(
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { user { role } } }',
      { e: newUser.email, p: newUser.password },
    );
    expect(login.data?.login.user.role).toBe('OPERATOR');
  });

  it('creates an API token shown once, which works, then revokes it', async () => {
    await page.getByTestId('nav-tokens').click();
    await page.getByTestId('create-token-form').waitFor();
    // An admin may hand out every role.
    expect(await page.getByTestId('new-token-role').locator('option').allTextContents()).toEqual(['Admin', 'Operator', 'Viewer']);

    await page.getByTestId('new-token-name').fill('browser test');
    await page.getByTestId('new-token-role').selectOption('VIEWER');
    await page.getByTestId('new-token-days').fill('30');
    await page.getByTestId('new-token-submit').click();

    const box = page.getByTestId('new-token');
    await box.waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('new-token-warning').textContent()).toContain('only time it is shown');
    const token = await page.getByTestId('new-token-value').inputValue();
    const tokenId = await box.getAttribute('data-token-id');
    expect(token.length).toBeGreaterThan(20);
    if (!tokenId) throw new Error('the new-token box has no data-token-id');

    const me = await platform.request<{ me: { email: string } | null }>('{ me { email } }', {}, token);
    expect(me.errors).toBeUndefined();
    expect(me.data?.me?.email).toBe(platform.admin.email);

    const status = page.getByTestId(`token-status-${tokenId}`);
    await status.waitFor({ timeout: 15_000 });
    expect(await status.getAttribute('data-status')).toBe('active');
    expect(await page.getByTestId(`token-row-${tokenId}`).getAttribute('data-token-name')).toBe('browser test');

    await page.screenshot({ path: '/tmp/portal-tokens.png', fullPage: true });

    // The secret is never shown again once dismissed.
    await page.getByTestId('new-token-dismiss').click();
    expect(await page.getByTestId('new-token').count()).toBe(0);
    expect(await page.content()).not.toContain(token);

    // Revoking asks first; cancelling keeps the token.
    await page.getByTestId(`revoke-${tokenId}`).click();
    await page.getByTestId(`revoke-cancel-${tokenId}`).click();
    expect(await status.getAttribute('data-status')).toBe('active');
    await page.getByTestId(`revoke-${tokenId}`).click();
    await page.getByTestId(`revoke-confirm-${tokenId}`).click();
    await page.waitForSelector(`[data-testid="token-status-${tokenId}"][data-status="revoked"]`, { timeout: 15_000 });
    expect(await page.getByTestId(`revoke-${tokenId}`).count()).toBe(0);

    const listed = await platform.request<{ apiTokens: { id: string; revokedAt: string | null }[] }>('{ apiTokens { id revokedAt } }', {}, adminToken);
    expect(listed.data?.apiTokens.find((t) => t.id === tokenId)?.revokedAt).toBeTruthy();

    // No subscription on this page: the lazy WebSocket closes on purpose, which is not a lost connection.
    await page.waitForSelector('[data-testid="live-indicator"][data-state="idle"]', { timeout: 15_000 });
  });

  it('refuses a wrong current password when changing it', async () => {
    await page.getByTestId('password-current').fill('not-my-password');
    await page.getByTestId('password-new').fill('another-long-password');
    await page.getByTestId('password-confirm').fill('another-long-password');
    await page.getByTestId('password-submit').click();
    await page.getByTestId('password-error').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('password-error').textContent()).toContain('The current password is wrong.');
  });

  it('pages through the audit log, filters it and prepends new rows live', async () => {
    // More than one page (50) of newer events, so the user creation is on the second page.
    for (let i = 0; i < 52; i += 1) {
      const created = await platform.request('mutation($n: String!) { createApiToken(name: $n, role: VIEWER) { token } }', { n: `bulk-${i}` }, adminToken);
      expect(created.errors).toBeUndefined();
    }

    await markDocument();
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('audit-table').waitFor({ timeout: 20_000 });
    const rows = page.locator('[data-testid="audit-table"] tbody tr');
    expect(await rows.count()).toBe(50);

    const creation = page.locator('[data-testid^="audit-row-"][data-action="user.create"]').filter({ hasText: newUser.email });
    expect(await creation.count()).toBe(0);
    await page.getByTestId('audit-load-more').click();
    await creation.waitFor({ timeout: 15_000 });
    expect(await rows.count()).toBeGreaterThan(50);
    expect(await creation.textContent()).toContain(platform.admin.email);
    expect(await creation.locator('[data-testid^="audit-outcome-"]').getAttribute('data-outcome')).toBe('SUCCESS');

    // A change made outside the browser appears on top, without reload.
    await page.waitForSelector('[data-testid="live-indicator"][data-state="connected"]', { timeout: 20_000 });
    await subscribers.waitFor((s) => s.field === 'auditEventAdded' && s.role === 'admin'); // the page's subscription is in place
    const enabled = await platform.request('mutation { enableServer(name: "time") { id } }', {}, adminToken);
    expect(enabled.errors).toBeUndefined();
    const latest = await platform.request<AuditIds>('{ auditEvents(filter: { action: "server.enable" }, first: 1) { events { id action } } }', {}, adminToken);
    const eventId = latest.data?.auditEvents.events[0]?.id;
    if (!eventId) throw new Error(`no server.enable event: ${JSON.stringify(latest.errors)}`);

    const liveRow = page.getByTestId(`audit-row-${eventId}`);
    await liveRow.waitFor({ timeout: 20_000 });
    expect(await rows.first().getAttribute('data-testid')).toBe(`audit-row-${eventId}`);
    expect(await liveRow.getAttribute('data-action')).toBe('server.enable');
    expect(await liveRow.textContent()).toContain(platform.admin.email);
    expect(await documentMarked()).toBe(true);

    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: '/tmp/portal-audit.png', fullPage: false });

    // Filtering by action asks the server again and keeps only matching rows.
    await page.getByTestId('audit-filter-action').fill('user.create');
    await page.getByTestId('audit-filter-apply').click();
    await page.waitForFunction(
      () => {
        const actions = [...document.querySelectorAll('[data-testid="audit-table"] tbody tr')].map((tr) => tr.getAttribute('data-action'));
        return actions.length > 0 && actions.every((a) => a === 'user.create');
      },
      undefined,
      { timeout: 15_000 },
    );
    await creation.waitFor();
    expect(await page.getByTestId('audit-load-more').count()).toBe(0);

    // By actor: the new operator has only signed in, once.
    const newUserId = await page.getByTestId('audit-filter-actor').locator('option', { hasText: newUser.email }).getAttribute('value');
    await page.getByTestId('audit-filter-action').fill('');
    await page.getByTestId('audit-filter-actor').selectOption(newUserId ?? '');
    await page.getByTestId('audit-filter-apply').click();
    await page.waitForFunction(
      () => {
        const actions = [...document.querySelectorAll('[data-testid="audit-table"] tbody tr')].map((tr) => tr.getAttribute('data-action'));
        return actions.length === 1 && actions[0] === 'auth.login';
      },
      undefined,
      { timeout: 15_000 },
    );

    await page.getByTestId('audit-filter-clear').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="audit-table"] tbody tr').length >= 50, undefined, { timeout: 15_000 });
  });

  it('logged no errors in the browser console', () => {
    expect(consoleErrors).toEqual([]);
  });
});
