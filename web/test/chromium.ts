import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export interface Chromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * One Debian Chromium (never a downloaded browser), headless, per test worker: the files of a package share the worker
 * and its module cache (vitest.shared.ts), so they share this browser too, and each file (each `launchChromium()`) gets
 * a fresh context of its own: no cookies, storage or permissions carried over. Starting Chromium once instead of once
 * per context saves a second or two of a loaded machine's time each; Playwright ends it when the worker exits.
 */
let shared: Promise<Browser> | null = null;

function sharedBrowser(): Promise<Browser> {
  shared ??= chromium
    .launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    })
    .then((browser) => {
      // A browser that crashed or was closed is started again for the next file.
      browser.on('disconnected', () => (shared = null));
      return browser;
    })
    .catch((error: unknown) => {
      shared = null;
      throw error;
    });
  return shared;
}

/** A fresh browser context (its own cookies, storage and permissions), closed by `close()`. */
export async function launchChromium(): Promise<Chromium> {
  const context = await (await sharedBrowser()).newContext({ viewport: { width: 1280, height: 800 } });
  return { context, close: () => context.close() };
}

/** Keeps the browser on loopback: every request elsewhere is aborted and its URL recorded in `refused` (tests expect none). */
export async function keepOnLoopback(context: BrowserContext, refused: string[]): Promise<void> {
  await context.route(
    (url) => url.hostname !== '127.0.0.1',
    (route) => {
      refused.push(route.request().url());
      return route.abort();
    },
  );
}

/** Records the page's console errors and uncaught exceptions into `errors` (tests expect none unexpected). */
export function collectConsoleErrors(page: Page, errors: string[]): void {
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
}

/** Opens the portal and signs in through the form, then waits for the navigation to show. */
export async function signInThroughForm(page: Page, portalUrl: string, email: string, password: string): Promise<void> {
  await page.goto(portalUrl);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('nav-catalog').waitFor({ timeout: 20_000 });
}

/** The widths the portal is checked at: a phone's and a desktop's. */
export const narrowViewport = { width: 360, height: 740 };
export const wideViewport = { width: 1440, height: 900 };

/** A platform environment where no container engine answers (a socket nobody listens on): servers are enabled, none starts. */
export function noContainerEngineEnv(): Record<string, string> {
  return { DOCKER_HOST: `unix://${join(tmpdir(), `mcp-web-no-engine-${process.pid}.sock`)}` };
}
