import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { print } from 'graphql';
import type { ResultOf } from '@graphql-typed-document-node/core';
import { type Chromium, collectConsoleErrors, launchChromium, narrowViewport, noContainerEngineEnv, signInThroughForm, wideViewport } from './chromium.ts';
import { startTestPlatform, type TestPlatform } from '@mcp-portal/platform/testing';
import { EnableServerDocument } from '../src/graphql/servers-documents.ts';

const narrow = narrowViewport;
const wide = wideViewport;

/**
 * The built portal at a phone's width (360 px) and a desktop's (1440 px), in Chromium against the whole
 * platform: no page scrolls sideways, the navigation is reached through the menu button on the phone, the
 * servers table's rows become cards whose action buttons are on screen and work, and every control the
 * keyboard reaches shows its focus.
 */
describe('portal on narrow and wide screens', () => {
  let platform: TestPlatform;
  let browser: Chromium;
  let page: Page;
  let serverId: string;
  let adminId: string;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    // No container engine answers: `time` is enabled and left stopped, nothing is started.
    platform = await startTestPlatform({ label: 'web-responsive', env: noContainerEngineEnv() });
    const adminToken = await platform.adminToken();
    const enabled = await platform.request<ResultOf<typeof EnableServerDocument>>(print(EnableServerDocument), { name: 'time', start: false }, adminToken);
    if (!enabled.data) throw new Error(`enableServer failed: ${JSON.stringify(enabled.errors)}`);
    serverId = enabled.data.enableServer.id;
    const me = await platform.request<{ me: { id: string } | null }>('{ me { id } }', {}, adminToken);
    if (!me.data?.me) throw new Error(`me failed: ${JSON.stringify(me.errors)}`);
    adminId = me.data.me.id;

    browser = await launchChromium();
    page = await browser.context.newPage();
    collectConsoleErrors(page, consoleErrors);
    await page.setViewportSize(wide);
    await signInThroughForm(page, platform.url, platform.admin.email, platform.admin.password);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  }, 60_000);

  /** The main pages, each with what shows once it has loaded (a user's page: the admin's own, with its session). */
  const pages = () => [
    { path: '/', ready: 'status-counts' },
    { path: '/servers', ready: 'servers-table' },
    { path: `/servers/${serverId}`, ready: 'server-detail' },
    { path: '/catalog', ready: 'catalog-count' },
    { path: '/catalog/github', ready: 'entry-secrets' },
    { path: '/users', ready: 'users-table' },
    { path: `/users/${adminId}`, ready: 'user-sessions' },
    { path: '/audit', ready: 'audit-table' },
    { path: '/tokens', ready: 'create-token-form' },
    { path: '/connect', ready: 'gateway-mcp-url' },
  ];

  async function overflow(): Promise<{ scrollWidth: number; innerWidth: number }> {
    return page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  }

  /** The element's box lies within the viewport's width. */
  async function expectOnScreen(locator: Locator, viewportWidth: number): Promise<void> {
    expect(await locator.isVisible()).toBe(true);
    const box = await locator.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(viewportWidth);
  }

  for (const viewport of [narrow, wide]) {
    it(`scrolls no page sideways ${viewport.width} px wide`, async () => {
      await page.setViewportSize(viewport);
      for (const { path, ready } of pages()) {
        await page.goto(new URL(path, platform.url).href);
        await page.getByTestId(ready).waitFor({ timeout: 20_000 });
        // The live data has arrived (the audit table's rows, the server's facts): give layout a frame.
        await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
        const { scrollWidth, innerWidth } = await overflow();
        expect({ path, scrollWidth }).toEqual({ path, scrollWidth: Math.min(scrollWidth, innerWidth) });
        expect(innerWidth).toBe(viewport.width);
      }
    }, 90_000);
  }

  it('shows the navigation in the header on a wide screen, without the menu button', async () => {
    await page.setViewportSize(wide);
    await page.goto(`${platform.url}/servers`);
    await page.getByTestId('servers-table').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('nav-menu-button').isVisible()).toBe(false);
    for (const link of ['nav-dashboard', 'nav-servers', 'nav-catalog', 'nav-tokens', 'nav-connect', 'nav-users', 'nav-audit']) {
      await expectOnScreen(page.getByTestId(link), wide.width);
    }
    expect(await page.getByTestId('user-email').isVisible()).toBe(true);
  });

  it('reaches the navigation through the menu button on a phone, by pointer and by keyboard', async () => {
    await page.setViewportSize(narrow);
    await page.goto(`${platform.url}/servers`);
    await page.getByTestId('servers-table').waitFor({ timeout: 20_000 });
    const button = page.getByTestId('nav-menu-button');
    await expectOnScreen(button, narrow.width);
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByTestId('nav-catalog').isVisible()).toBe(false);
    // The header's other controls are on screen too.
    for (const control of ['theme-toggle', 'user-menu-button', 'live-indicator']) await expectOnScreen(page.getByTestId(control), narrow.width);

    await button.click();
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    expect(await page.getByTestId('nav').getAttribute('id')).toBe(await button.getAttribute('aria-controls'));
    for (const link of ['nav-dashboard', 'nav-servers', 'nav-catalog', 'nav-tokens', 'nav-connect', 'nav-users', 'nav-audit']) {
      await expectOnScreen(page.getByTestId(link), narrow.width);
    }
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('audit-table').waitFor({ timeout: 20_000 });
    expect(new URL(page.url()).pathname).toBe('/audit');
    // Following a link closes the menu.
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByTestId('nav-catalog').isVisible()).toBe(false);

    // Keyboard: Enter opens it, Tab goes to its first link, Escape closes it and focuses the button again.
    await button.focus();
    await page.keyboard.press('Enter');
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('nav-dashboard');
    await page.keyboard.press('Escape');
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('nav-menu-button');
    // Enter on a link reached with Tab navigates.
    await page.keyboard.press('Enter');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('nav-catalog');
    await page.keyboard.press('Enter');
    await page.getByTestId('catalog-count').waitFor({ timeout: 20_000 });
    expect(new URL(page.url()).pathname).toBe('/catalog');
    expect(await button.getAttribute('aria-expanded')).toBe('false');

    // A click outside closes it.
    await button.click();
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    await page.mouse.click(narrow.width / 2, narrow.height - 10);
    expect(await button.getAttribute('aria-expanded')).toBe('false');
  });

  it('shows the servers as cards with their labels and their action buttons on a phone', async () => {
    await page.setViewportSize(narrow);
    await page.goto(`${platform.url}/servers`);
    const row = page.getByTestId('server-row-time');
    await row.waitFor({ timeout: 20_000 });
    await expectOnScreen(row, narrow.width);
    expect(await page.getByTestId('runtime-time').getAttribute('data-label')).toBe('Runtime');
    expect(await page.getByTestId('restarts-time').getAttribute('data-label')).toBe('Restarts');
    // The column names show in the cards (the table's own header row is for screen readers only).
    expect(await page.getByTestId('runtime-time').evaluate((cell) => getComputedStyle(cell, '::before').content)).toContain('Runtime');
    const head = await page.locator('[data-testid="servers-table"] thead').boundingBox();
    expect(head!.height).toBeLessThanOrEqual(1);

    for (const action of ['start-time', 'stop-time', 'restart-time', 'disable-time']) await expectOnScreen(page.getByTestId(action), narrow.width);
    expect(await page.getByTestId('start-time').isEnabled()).toBe(true);
    await page.getByTestId('disable-time').click();
    await expectOnScreen(page.getByTestId('disable-confirm-time'), narrow.width);
    await expectOnScreen(page.getByTestId('disable-cancel-time'), narrow.width);
    await page.getByTestId('disable-cancel-time').click();
    await expectOnScreen(page.getByTestId('disable-time'), narrow.width);
    expect(await page.getByTestId('status-time').getAttribute('data-status')).toBe('STOPPED');
    const { scrollWidth, innerWidth } = await overflow();
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
  });

  it('shows the keyboard focus on every control it reaches', async () => {
    for (const viewport of [narrow, wide]) {
      await page.setViewportSize(viewport);
      await page.goto(`${platform.url}/servers`);
      await page.getByTestId('server-row-time').waitFor({ timeout: 20_000 });
      await page.getByTestId('catalog').waitFor({ timeout: 20_000 });
      await page.locator('body').focus();
      const seen = new Set<string>();
      for (let i = 0; i < 30; i++) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => {
          const element = document.activeElement;
          if (!element || element === document.body) return null;
          // The theme's radio buttons are hidden: their label shows the focus.
          const shown = element.matches('.theme-toggle__input') ? element.closest('label')! : element;
          const style = getComputedStyle(shown);
          return {
            name: element.getAttribute('data-testid') ?? `${element.tagName.toLowerCase()}:${element.textContent?.trim().slice(0, 30) ?? ''}`,
            outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
          };
        });
        if (!focused) continue;
        seen.add(focused.name);
        expect(focused, `focus ring ${viewport.width} px`).toEqual({ name: focused.name, outline: true });
      }
      // The header's controls and the table's buttons were among them.
      for (const name of ['user-menu-button', 'server-link-time', 'start-time', 'disable-time']) expect(seen, `${viewport.width} px`).toContain(name);
      expect(seen).toContain(viewport === narrow ? 'nav-menu-button' : 'nav-servers');
    }
  }, 60_000);

  it('logged no errors in the browser console', () => {
    expect(consoleErrors).toEqual([]);
  });
});
