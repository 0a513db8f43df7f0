import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { collectConsoleErrors, launchChromium, signInThroughForm, type Chromium } from './chromium.ts';
import { startTestPlatform, type TestPlatform } from '@mcp-portal/platform/testing';

interface Login {
  token: string;
  refreshToken: string;
  user: { id: string };
}

/**
 * A user's page for admins, in Chromium against the whole platform: reached from the users table, it
 * changes the role, disables and re-enables, shows the API's refusal when the admin tries it on themself,
 * and lists the user's sessions (ending one) and API tokens (revoking one).
 */
describe('portal user page in a browser', () => {
  let platform: TestPlatform;
  let adminToken: string;
  let browser: Chromium;
  let page: Page;
  const consoleErrors: string[] = [];
  const target = { email: `managed-${Date.now().toString(36)}@example.test`, password: 'managed-user-password', id: '' };

  async function login(email: string, password: string): Promise<Login> {
    const result = await platform.request<{ login: Login }>(
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token refreshToken user { id } } }',
      { e: email, p: password },
    );
    if (!result.data) throw new Error(`login failed: ${JSON.stringify(result.errors)}`);
    return result.data.login;
  }

  const refresh = (refreshToken: string) => platform.request('mutation($r: String!) { refreshSession(refreshToken: $r) { token } }', { r: refreshToken });

  beforeAll(async () => {
    platform = await startTestPlatform({ label: 'web-users' });
    adminToken = await platform.adminToken();
    const created = await platform.request<{ createUser: { id: string } }>(
      'mutation($e: String!, $p: String!) { createUser(email: $e, password: $p, role: VIEWER, displayName: "Manny Managed") { id } }',
      { e: target.email, p: target.password },
      adminToken,
    );
    target.id = created.data!.createUser.id;
    browser = await launchChromium();
    page = await browser.context.newPage();
    collectConsoleErrors(page, consoleErrors);
    await signInThroughForm(page, platform.url, platform.admin.email, platform.admin.password);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  }, 60_000);

  it("opens a user's page from the users table", async () => {
    await page.getByTestId('nav-users').click();
    await page.getByTestId(`user-link-${target.email}`).click();
    await page.getByTestId('user-detail').waitFor({ timeout: 20_000 });
    expect(new URL(page.url()).pathname).toBe(`/users/${target.id}`);
    await page.getByTestId('user-detail-email').filter({ hasText: target.email }).waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('user-facts').textContent()).toContain('Manny Managed');
    expect(await page.getByTestId('user-detail-role').textContent()).toBe('viewer');
    expect(await page.getByTestId('user-status').getAttribute('data-status')).toBe('active');
    expect(await page.getByTestId('user-own-account').count()).toBe(0);
  });

  it('changes the role at once', async () => {
    await page.getByTestId('user-role-select').selectOption('OPERATOR');
    await page.getByTestId('user-change-done').filter({ hasText: 'Role changed to operator.' }).waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('user-detail-role').textContent()).toBe('operator');
    expect(await page.getByTestId('user-role-select').inputValue()).toBe('OPERATOR');
    const stored = await platform.request<{ user: { role: string } }>('query($id: ID!) { user(id: $id) { role } }', { id: target.id }, adminToken);
    expect(stored.data?.user.role).toBe('OPERATOR');
  });

  it('disables the user (after asking), which ends their sessions, then enables them again', async () => {
    const session = await login(target.email, target.password);
    await page.reload();
    await page.getByTestId('sessions-table').waitFor({ timeout: 20_000 });

    await page.getByTestId('user-disable').click();
    await page.getByTestId('user-disable-cancel').click();
    expect(await page.getByTestId('user-status').getAttribute('data-status')).toBe('active');
    await page.getByTestId('user-disable').click();
    await page.getByTestId('user-disable-confirm').click();
    await page.waitForSelector('[data-testid="user-status"][data-status="disabled"]', { timeout: 15_000 });
    // Disabling ended every session: the list is read again.
    await page.getByTestId('user-sessions').getByText('No active session').waitFor({ timeout: 15_000 });
    expect((await refresh(session.refreshToken)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const refused = await platform.request('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', {
      e: target.email,
      p: target.password,
    });
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    await page.getByTestId('user-enable').click();
    await page.waitForSelector('[data-testid="user-status"][data-status="active"]', { timeout: 15_000 });
    await page.getByTestId('user-change-done').filter({ hasText: 'Enabled again.' }).waitFor();
    await login(target.email, target.password);

    // The table shows the status too (the same User in Apollo's cache).
    await page.getByTestId('back-to-users').click();
    await page.waitForSelector(`[data-testid="user-status-${target.email}"][data-status="active"]`, { timeout: 15_000 });
    expect(await page.getByTestId(`user-role-${target.email}`).textContent()).toBe('operator');
  });

  it("lists the user's sessions and API tokens, ends one session and revokes a token", async () => {
    const older = await login(target.email, target.password);
    const newer = await login(target.email, target.password);
    const created = await platform.request<{ createApiToken: { token: string; apiToken: { id: string } } }>(
      'mutation { createApiToken(name: "their integration", role: VIEWER) { token apiToken { id } } }',
      {},
      newer.token,
    );
    const { token: secret, apiToken } = created.data!.createApiToken;
    const sessions = await platform.request<{ user: { sessions: { id: string }[] } }>(
      'query($id: ID!) { user(id: $id) { sessions { id } } }',
      { id: target.id },
      adminToken,
    );
    // Oldest sign-in first: the one signed in after re-enabling, then `older`, then `newer`.
    const ids = sessions.data!.user.sessions.map((s) => s.id);
    expect(ids).toHaveLength(3);
    const olderId = ids[1]!;

    await page.getByTestId(`user-link-${target.email}`).click();
    await page.getByTestId('sessions-table').waitFor({ timeout: 20_000 });
    const rows = page.locator('[data-testid="sessions-table"] tbody tr');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(3);
    const tokenRow = page.getByTestId(`token-row-${apiToken.id}`);
    await tokenRow.waitFor({ timeout: 15_000 });
    expect(await tokenRow.getAttribute('data-token-name')).toBe('their integration');
    expect(await page.content()).not.toContain(secret);
    await page.screenshot({ path: '/tmp/portal-user.png', fullPage: true });

    await page.getByTestId(`end-session-${olderId}`).click();
    await page.getByTestId(`end-session-confirm-${olderId}`).click();
    await page.getByTestId(`session-row-${olderId}`).waitFor({ state: 'detached', timeout: 15_000 });
    expect(await rows.count()).toBe(2);
    expect((await refresh(older.refreshToken)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await refresh(newer.refreshToken)).errors).toBeUndefined();

    await page.getByTestId(`revoke-${apiToken.id}`).click();
    await page.getByTestId(`revoke-confirm-${apiToken.id}`).click();
    await page.waitForSelector(`[data-testid="token-status-${apiToken.id}"][data-status="revoked"]`, { timeout: 15_000 });
    const me = await platform.request('{ me { id } }', {}, secret);
    expect(me.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('on their own account, the admin finds the role and Disable disabled, saying why, and nothing changes', async () => {
    await page.getByTestId('back-to-users').click();
    await page.getByTestId(`user-link-${platform.admin.email}`).click();
    await page.getByTestId('user-own-account').waitFor({ timeout: 20_000 });
    await page.getByTestId('user-detail-email').filter({ hasText: platform.admin.email }).waitFor();

    const roleSelect = page.getByTestId('user-role-select');
    const disable = page.getByTestId('user-disable');
    expect(await roleSelect.isDisabled()).toBe(true);
    expect(await disable.isDisabled()).toBe(true);
    expect(await roleSelect.inputValue()).toBe('ADMIN');
    // Both name the note as their description, which says who can change them.
    for (const control of [roleSelect, disable]) expect(await control.getAttribute('aria-describedby')).toBe('user-own-account');
    expect(await page.getByTestId('user-own-account').textContent()).toContain('another admin changes its role or status');
    expect(await page.getByTestId('user-status').getAttribute('data-status')).toBe('active');

    const me = await platform.request<{ me: { role: string; disabled: boolean } }>('{ me { role disabled } }', {}, adminToken);
    expect(me.data?.me).toEqual({ role: 'ADMIN', disabled: false });
    expect(await page.getByTestId('nav-users').count()).toBe(1);
  });

  it('shows an unknown user as not found', async () => {
    await page.goto(`${platform.url}/users/00000000-0000-4000-8000-000000000000`);
    await page.getByTestId('user-not-found').waitFor({ timeout: 20_000 });
  });

  it('logged no errors in the browser console', () => {
    expect(consoleErrors).toEqual([]);
  });
});
