import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { collectConsoleErrors, launchChromium, type Chromium } from './chromium.ts';
import { startTestPlatform, watchSubscribers, type SubscriberWatch, type TestPlatform } from '@mcp-portal/platform/testing';
import { print } from 'graphql';
import type { ResultOf } from '@graphql-typed-document-node/core';
import { EnableServerDocument } from '../src/graphql/servers-documents.ts';

/** What the lifecycle would do when the server starts, without starting it (the portal sends no such mutation). */
const setServerStatusMutation = 'mutation SetServerStatus($id: ID!, $status: ServerStatus!) { setServerStatus(id: $id, status: $status) { id status } }';

/**
 * The built portal (web/dist, served by the router) in Debian's Chromium against the whole platform:
 * sign in through the form, see an enabled server, and watch its badge change live when its status is
 * set from outside the browser.
 */
describe('portal in a browser', () => {
  let platform: TestPlatform;
  let subscribers: SubscriberWatch;
  let context: BrowserContext;
  let browser: Chromium;
  let serverId: string;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    platform = await startTestPlatform({ label: 'web' });
    subscribers = watchSubscribers(platform.platform.router.engine);
    const enabled = await platform.request<ResultOf<typeof EnableServerDocument>>(
      print(EnableServerDocument),
      { name: 'time', start: false },
      await platform.adminToken(),
    );
    if (!enabled.data) throw new Error(`enableServer failed: ${JSON.stringify(enabled.errors)}`);
    serverId = enabled.data.enableServer.id;
    expect(enabled.data.enableServer.status).toBe('STOPPED');

    browser = await launchChromium();
    context = browser.context;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  }, 60_000);

  /** Opens the portal at `path` (the home page, the dashboard, by default): the sign-in form, then that page. */
  async function openPortal(path = '/'): Promise<Page> {
    const page = await context.newPage();
    collectConsoleErrors(page, consoleErrors);
    await page.goto(`${platform.url}${path}`);
    await page.getByTestId('login-email').waitFor();
    return page;
  }

  async function signIn(page: Page, email: string, password: string): Promise<void> {
    await page.getByTestId('login-email').fill(email);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
  }

  it('shows the error message on a wrong password and stays on the form', async () => {
    const page = await openPortal();
    // Hold the login request to see the form while it is in flight.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(
      '**/auth/login',
      async (route) => {
        await held;
        await route.continue();
      },
      { times: 1 },
    );
    await signIn(page, platform.admin.email, `${platform.admin.password}-wrong`);
    const submit = page.getByTestId('login-submit');
    await page.waitForFunction(() => document.querySelector<HTMLButtonElement>('[data-testid="login-submit"]')?.disabled === true);
    expect(await submit.textContent()).toBe('Signing in…');
    release();

    const error = page.getByTestId('login-error');
    await error.waitFor({ timeout: 15_000 });
    expect(await error.textContent()).toContain('Wrong email or password.');
    expect(await submit.isEnabled()).toBe(true);
    expect(await page.evaluate(() => localStorage.getItem('mcp-portal.token'))).toBeNull();
    await page.close();
  });

  it('signs in on the servers list, lists the enabled server and updates its badge live', async () => {
    const page = await openPortal('/servers');
    await signIn(page, platform.admin.email, platform.admin.password);

    const badge = page.getByTestId('status-time');
    await page.getByTestId('server-row-time').waitFor({ timeout: 20_000 });
    expect(await badge.textContent()).toBe('STOPPED');
    expect(await badge.getAttribute('data-status')).toBe('STOPPED');
    await page.waitForFunction(() => document.querySelector('[data-testid="user-email"]')?.textContent?.includes('@'));
    expect(await page.getByTestId('user-email').textContent()).toContain(platform.admin.email);

    // The subscription must be live before the change, or the event is missed: the socket is connected and
    // the router has registered the page's subscription.
    await page.waitForSelector('[data-testid="live-indicator"][data-state="connected"]', { timeout: 20_000 });
    await subscribers.waitFor((s) => s.field === 'serverStatusChanged' && s.role === 'admin');
    await page.evaluate(() => {
      (window as unknown as { __marker?: number }).__marker = 1;
    });

    const changed = await platform.request(setServerStatusMutation, { id: serverId, status: 'RUNNING' }, await platform.adminToken());
    expect(changed.errors).toBeUndefined();

    await page.waitForFunction(
      () => {
        const element = document.querySelector('[data-testid="status-time"]');
        return element?.textContent === 'RUNNING' && element.getAttribute('data-status') === 'RUNNING';
      },
      undefined,
      { timeout: 20_000 },
    );
    expect(await badge.textContent()).toBe('RUNNING');
    // Same document: no reload or navigation happened.
    expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(1);

    // The page suggests the catalog entries not enabled yet; `time` is enabled already.
    await page.getByTestId('catalog-memory').waitFor();
    expect(await page.getByTestId('catalog-time').count()).toBe(0);

    // Enabling (without starting) from the entry's page comes back to the list with the new row.
    await page.getByTestId('catalog-link-memory').click();
    await page.getByTestId('enable-start').uncheck();
    await page.getByTestId('enable-submit').click();
    await page.getByTestId('server-row-memory').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('status-memory').getAttribute('data-status')).toBe('STOPPED');
    await page.waitForFunction(() => !document.querySelector('[data-testid="catalog-memory"]'));
    expect(await badge.textContent()).toBe('RUNNING');

    await page.screenshot({ path: '/tmp/portal-servers.png', fullPage: true });

    // Signing out (from the user menu) returns to the form.
    await page.getByTestId('user-menu-button').click();
    await page.getByTestId('sign-out').click();
    await page.getByTestId('login-email').waitFor();
    expect(await page.evaluate(() => localStorage.getItem('mcp-portal.token'))).toBeNull();
    await page.close();
  });

  it('logged no errors in the browser console besides the refused sign-in', () => {
    const unexpected = consoleErrors.filter((text) => !/401|Wrong email or password/i.test(text));
    expect(unexpected).toEqual([]);
  });
});
