import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { collectConsoleErrors, launchChromium, signInThroughForm, type Chromium } from './chromium.ts';
import { startTestPlatform, type TestPlatform } from '@mcp-portal/platform/testing';

const storageKey = 'mcp-portal.theme';
const light = 'rgb(245, 246, 248)';
const dark = 'rgb(16, 19, 24)';

/** WCAG 2 contrast ratio of two `#rrggbb` (or `#rgb`) colours. */
function contrast(first: string, second: string): number {
  const luminance = (short: string) => {
    // The minified stylesheet may have shortened #ffffff to #fff.
    const hex = short.length === 4 ? `#${[...short.slice(1)].map((digit) => digit + digit).join('')}` : short;
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [lighter, darker] = [luminance(first), luminance(second)].sort((a, b) => b - a);
  return (lighter! + 0.05) / (darker! + 0.05);
}

/** Text colour tokens on the backgrounds styles.css sets them on. */
const pairs: [text: string, background: string][] = [
  ['--text', '--bg'],
  ['--text', '--surface'],
  ['--text', '--surface-hover'],
  ['--muted', '--bg'],
  ['--muted', '--surface'],
  ['--muted', '--surface-subtle'],
  ['--muted', '--stopped-bg'],
  ['--accent', '--surface'],
  ['--accent', '--accent-bg'],
  ['--on-accent', '--accent'],
  ['--on-danger', '--danger'],
  ['--danger', '--danger-bg'],
  ['--running', '--running-bg'],
  ['--running', '--surface'],
  ['--pending', '--pending-bg'],
  ['--stopped', '--stopped-bg'],
  ['--error', '--error-bg'],
  ['--warning', '--warning-bg'],
  ['--purple', '--purple-bg'],
];

/**
 * Dark mode in the built portal, in Chromium: the portal follows the system's colour scheme (emulated),
 * the header's toggle overrides it and is remembered across a reload, the theme is on <html> before the
 * portal's script runs (no flash of the other one), and text keeps a readable contrast in both themes.
 */
describe('colour theme in a browser', () => {
  let platform: TestPlatform;
  let browser: Chromium;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    platform = await startTestPlatform({ label: 'web-theme' });
    browser = await launchChromium();
    page = await browser.context.newPage();
    collectConsoleErrors(page, consoleErrors);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  }, 60_000);

  const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
  const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  const stored = () => page.evaluate((key) => localStorage.getItem(key), storageKey);
  const checked = () => page.evaluate(() => document.querySelector<HTMLInputElement>('.theme-toggle__input:checked')?.value);

  it('follows the system colour scheme, on the sign-in page and once signed in', async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(platform.url);
    await page.getByTestId('login-email').waitFor();
    expect(await theme()).toBe('light');
    expect(await background()).toBe(light);

    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    expect(await background()).toBe(dark);

    await signInThroughForm(page, platform.url, platform.admin.email, platform.admin.password);
    expect(await theme()).toBe('dark');
    expect(await background()).toBe(dark);
    expect(await checked()).toBe('system');
    // The signed-in pages follow a change of the system's setting live.
    await page.emulateMedia({ colorScheme: 'light' });
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
    expect(await background()).toBe(light);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    expect(await stored()).toBeNull();
  });

  it('overrides the system with the header toggle, remembered across a reload', async () => {
    // The system is dark: choose light.
    await page.getByTestId('theme-light').click();
    expect(await theme()).toBe('light');
    expect(await background()).toBe(light);
    expect(await stored()).toBe('light');
    await page.reload();
    await page.getByTestId('nav-servers').waitFor({ timeout: 20_000 });
    expect(await theme()).toBe('light');
    expect(await background()).toBe(light);
    expect(await checked()).toBe('light');

    // The system is light: choose dark.
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByTestId('theme-dark').click();
    expect(await theme()).toBe('dark');
    expect(await stored()).toBe('dark');
    await page.reload();
    await page.getByTestId('nav-servers').waitFor({ timeout: 20_000 });
    expect(await theme()).toBe('dark');
    expect(await background()).toBe(dark);
    expect(await checked()).toBe('dark');

    // Back to the system's setting (light): nothing stored any more.
    await page.getByTestId('theme-system').click();
    expect(await theme()).toBe('light');
    expect(await stored()).toBeNull();
    await page.reload();
    await page.getByTestId('nav-servers').waitFor({ timeout: 20_000 });
    expect(await theme()).toBe('light');
    expect(await checked()).toBe('system');
  });

  it('is chosen with the keyboard (the arrow keys of a radio group)', async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.locator('.theme-toggle__input:checked').focus();
    await page.keyboard.press('ArrowRight');
    expect(await checked()).toBe('light');
    await page.keyboard.press('ArrowRight');
    expect(await checked()).toBe('dark');
    expect(await theme()).toBe('dark');
    expect(await stored()).toBe('dark');
    // The focused option shows its focus ring.
    expect(await page.getByTestId('theme-dark').evaluate((label) => getComputedStyle(label).outlineStyle)).toBe('solid');
  });

  it('applies the remembered theme before the portal script runs', async () => {
    // The stored choice (dark) against a light system, with the portal's own script held back.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let requested = () => {};
    const scriptRequested = new Promise<void>((resolve) => (requested = resolve));
    let continued: Promise<void> = Promise.resolve();
    await page.route(
      /\/assets\/index-[^/]*\.js$/,
      (route) => {
        requested();
        continued = held.then(() => route.continue());
        return continued;
      },
      { times: 1 },
    );
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(platform.url, { waitUntil: 'commit' });
    await scriptRequested;
    await page.waitForSelector('#root', { state: 'attached' });
    expect(await page.evaluate(() => document.getElementById('root')?.childElementCount)).toBe(0);
    expect(await theme()).toBe('dark');
    expect(await background()).toBe(dark);
    release();
    await continued;
    await page.getByTestId('nav-servers').waitFor({ timeout: 20_000 });
    expect(await theme()).toBe('dark');
  });

  it('keeps text readable in both themes (contrast of 4.5:1 at least)', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      await page.getByTestId(`theme-${scheme}`).click();
      expect(await theme()).toBe(scheme);
      const tokens = await page.evaluate(
        (names) => {
          const style = getComputedStyle(document.documentElement);
          return Object.fromEntries(names.map((name) => [name, style.getPropertyValue(name).trim()]));
        },
        [...new Set(pairs.flat())],
      );
      for (const [text, back] of pairs) {
        expect(tokens[text], text).toMatch(/^#([0-9a-f]{3}){1,2}$/);
        expect(tokens[back], back).toMatch(/^#([0-9a-f]{3}){1,2}$/);
        const ratio = contrast(tokens[text]!, tokens[back]!);
        expect({ scheme, text, back, readable: ratio >= 4.5 }).toEqual({ scheme, text, back, readable: true });
      }
    }
  });

  it('logged no errors in the browser console', () => {
    // A blocked theme script (Content-Security-Policy) would show here.
    expect(consoleErrors).toEqual([]);
  });
});
