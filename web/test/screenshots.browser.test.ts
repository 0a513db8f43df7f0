import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { waitUntil } from '@mcp-portal/kit/testing';
import { startTestPlatform, type TestPlatform } from '@mcp-portal/platform/testing';
import { collectConsoleErrors, launchChromium, signInThroughForm, type Chromium } from './chromium.ts';

/** Where the captures go, and the README that shows them (paths in it are relative to the repository root). */
const screenshotsDir = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const readmePath = fileURLToPath(new URL('../../README.md', import.meta.url));
const screenshotsPrefix = 'docs/screenshots/';
const viewport = { width: 1280, height: 800 };
/** The captures, each written as docs/screenshots/<name>.png; README.md shows every one of them. */
const shots = ['sign-in', 'dashboard', 'servers', 'server', 'tool-call', 'catalog', 'catalog-entry', 'audit-log', 'connect', 'dashboard-dark'] as const;
type Shot = (typeof shots)[number];
const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG's size, from its IHDR chunk (always the first, right after the signature); null for anything else. */
function pngSize(bytes: Buffer): { width: number; height: number } | null {
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(pngSignature) || bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** The images README.md shows or links to under docs/screenshots/, by file name. */
function screenshotsReferencedBy(readme: string): Set<string> {
  const references = readme.matchAll(/\]\((?:\.\/)?docs\/screenshots\/([^)\s]+)\)/g);
  return new Set(Array.from(references, (match) => match[1] ?? ''));
}

/**
 * The README's screenshots of the portal, retaken on every run so that they show the portal as it is: in
 * Chromium against the whole platform (server-memory runs as a local process), with a believable state (memory
 * running with tools called by two users, time enabled and stopped, a viewer), each main page at 1280×800 once
 * its content and live data have arrived, written to docs/screenshots/<name>.png. Every capture is a PNG of that
 * size, no page logged a console error, and the README and the folder name the same images.
 */
describe('screenshots of the portal for the README', () => {
  let platform: TestPlatform;
  let browser: Chromium;
  let page: Page;
  let memoryId: string;
  const consoleErrors: string[] = [];
  const captured = new Set<Shot>();
  /** The tool calls made so far, through the API and from the server's page: the dashboard counts them. */
  let toolCallsMade = 0;
  const operator = { email: 'operator@example.test', password: 'operator-password-1' };

  /** Runs an operation as `token`, failing the test on any GraphQL error. */
  async function ok<T>(query: string, variables: Record<string, unknown>, token: string): Promise<T> {
    const result = await platform.request<T>(query, variables, token);
    if (!result.data || result.errors) throw new Error(`${query.slice(0, 60)}… failed: ${JSON.stringify(result.errors)}`);
    return result.data;
  }

  async function callMemoryTool(name: string, args: Record<string, unknown>, token: string): Promise<void> {
    const { callTool } = await ok<{ callTool: { isError: boolean } }>(
      'mutation($id: ID!, $name: String!, $arguments: JSON) { callTool(serverId: $id, name: $name, arguments: $arguments) { isError } }',
      { id: memoryId, name, arguments: args },
      token,
    );
    expect(callTool.isError, name).toBe(false);
    toolCallsMade += 1;
  }

  beforeAll(async () => {
    await mkdir(screenshotsDir, { recursive: true });
    platform = await startTestPlatform({ label: 'web-screenshots', env: { MCP_RUNTIME: 'process' } });
    const adminToken = await platform.adminToken();
    await ok('mutation($email: String!, $password: String!) { createUser(email: $email, password: $password, role: OPERATOR) { id } }', operator, adminToken);
    await ok(
      'mutation($email: String!, $password: String!) { createUser(email: $email, password: $password, role: VIEWER) { id } }',
      { email: 'viewer@example.test', password: 'viewer-password-1' },
      adminToken,
    );
    const enabled = await ok<{ enableServer: { id: string } }>('mutation { enableServer(name: "memory") { id } }', {}, adminToken);
    memoryId = enabled.enableServer.id;
    await ok('mutation { enableServer(name: "time", start: false) { id } }', {}, adminToken);
    await waitUntil(
      'memory to run with its tools',
      () =>
        ok<{ server: { status: string; tools: { name: string }[] } | null }>(
          'query($id: ID!) { server(id: $id) { status tools { name } } }',
          { id: memoryId },
          adminToken,
        ),
      ({ server }) => server?.status === 'RUNNING' && server.tools.some((tool) => tool.name === 'read_graph'),
      { timeoutMs: 60_000 },
    );
    const { login } = await ok<{ login: { token: string } }>(
      'mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }',
      operator,
      adminToken,
    );
    await callMemoryTool(
      'create_entities',
      {
        entities: [
          { name: 'MCP Portal', entityType: 'project', observations: ['Runs MCP servers behind one gateway'] },
          { name: 'Ada', entityType: 'person', observations: ['Operates the portal'] },
        ],
      },
      adminToken,
    );
    await callMemoryTool('create_relations', { relations: [{ from: 'Ada', to: 'MCP Portal', relationType: 'operates' }] }, login.token);
    await callMemoryTool('search_nodes', { query: 'portal' }, login.token);
    await callMemoryTool('read_graph', {}, adminToken);

    browser = await launchChromium();
    page = await browser.context.newPage();
    collectConsoleErrors(page, consoleErrors);
    await page.setViewportSize(viewport);
    await page.emulateMedia({ colorScheme: 'light' });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  }, 60_000);

  /**
   * Checks that the page shows `heading` and has finished loading (no "Loading…", nothing busy, the fonts in;
   * each test has waited for its servers' settled statuses, so no status badge spins), then writes the viewport
   * as docs/screenshots/<name>.png and checks that the file is a PNG of the viewport's size.
   */
  async function capture(name: Shot, heading: Locator): Promise<void> {
    await heading.waitFor({ state: 'visible', timeout: 20_000 });
    await waitUntil(
      `${name} to finish loading`,
      () =>
        page.evaluate(() => [
          ...Array.from(document.querySelectorAll('main p, main span'), (element) => element.textContent ?? '').filter((text) => /^Loading\b/.test(text)),
          ...Array.from(document.querySelectorAll('[aria-busy="true"]'), (element) => element.outerHTML.slice(0, 120)),
        ]),
      (stillLoading) => stillLoading.length === 0,
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    // The pointer rests on the header's brand, not on whatever the last click left it over (a chart's tooltip).
    await page.mouse.move(1, 1);
    await page.evaluate(async () => {
      await document.fonts.ready;
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    });
    expect(await page.evaluate(() => window.devicePixelRatio)).toBe(1);
    await writeFile(`${screenshotsDir}${name}.png`, await page.screenshot({ animations: 'disabled' }));
    expect(pngSize(await readFile(`${screenshotsDir}${name}.png`)), name).toEqual(viewport);
    captured.add(name);
  }

  /** Waits for the element of `testId` to carry `value` in attribute `name`; a timeout names the last value seen. */
  const waitForAttribute = (testId: string, name: string, value: string) =>
    waitUntil(
      `${testId} to have ${name}="${value}"`,
      () => page.getByTestId(testId).first().getAttribute(name, { timeout: 1_000 }),
      (seen) => seen === value,
      { timeoutMs: 20_000, intervalMs: 200 },
    );
  const waitForLive = () => waitForAttribute('live-indicator', 'data-state', 'connected');

  it('captures the sign-in page', async () => {
    await page.goto(platform.url);
    await page.getByTestId('login-email').waitFor({ timeout: 20_000 });
    await capture('sign-in', page.getByRole('heading', { level: 1, name: 'Sign in to MCP Portal' }));
  });

  it('captures the dashboard with the servers by status, the tool calls and the audit events', async () => {
    await signInThroughForm(page, platform.url, platform.admin.email, platform.admin.password);
    await page.getByTestId('dashboard').waitFor({ timeout: 20_000 });
    await waitForLive();
    await waitForAttribute('status-count-value-RUNNING', 'data-count', '1');
    await waitForAttribute('status-count-value-STOPPED', 'data-count', '1');
    await waitForAttribute('activity-total-calls', 'data-count', String(toolCallsMade));
    await page.getByTestId('recent-calls').waitFor({ timeout: 20_000 });
    await page.getByTestId('dashboard-audit').getByTestId('audit-table').waitFor({ timeout: 20_000 });
    await capture('dashboard', page.getByRole('heading', { level: 1, name: 'Dashboard' }));
  });

  it('captures the servers list', async () => {
    await page.getByTestId('nav-servers').click();
    await waitForAttribute('status-memory', 'data-status', 'RUNNING');
    await waitForAttribute('status-time', 'data-status', 'STOPPED');
    await waitForLive();
    await capture('servers', page.getByRole('heading', { level: 2, name: 'Servers' }));
  });

  it("captures a server's page, and a tool called from it with its result", async () => {
    await page.goto(`${platform.url}/servers/${memoryId}`);
    await waitForAttribute('server-status', 'data-status', 'RUNNING');
    await page.getByTestId('tool-read_graph').waitFor({ timeout: 20_000 });
    await waitForLive();
    await capture('server', page.getByRole('heading', { level: 2, name: /memory/i }).first());

    await page.getByTestId('tool-call-toggle-read_graph').click();
    await page.getByTestId('tool-call-submit-read_graph').click();
    const result = page.getByTestId('tool-call-result-read_graph');
    await page.waitForSelector('[data-testid="tool-call-result-read_graph"][data-outcome="ok"]', { timeout: 20_000 });
    toolCallsMade += 1;
    expect(await result.textContent()).toContain('MCP Portal');
    await page.getByTestId('tool-read_graph').evaluate((tool) => {
      tool.scrollIntoView({ block: 'start' });
      window.scrollBy(0, -24);
    });
    await capture('tool-call', page.getByTestId('tool-call-outcome-read_graph'));
  });

  it('captures the catalog', async () => {
    await page.getByTestId('nav-catalog').click();
    await page.getByTestId('catalog-github').waitFor({ timeout: 20_000 });
    await capture('catalog', page.getByRole('heading', { level: 2, name: 'Catalog' }));
  });

  it('captures a catalog entry with its enable form', async () => {
    await page.goto(`${platform.url}/catalog/github`);
    await page.getByTestId('enable-form').waitFor({ timeout: 20_000 });
    await page.getByTestId('enable-secrets').waitFor();
    await page.getByTestId('enable-section').evaluate((section) => section.scrollIntoView({ block: 'end' }));
    await capture('catalog-entry', page.getByRole('heading', { level: 2, name: 'GitHub' }));
  });

  it('captures the audit log', async () => {
    await page.goto(`${platform.url}/audit`);
    await page.waitForSelector('[data-testid="audit-table"] tr[data-action="tool.call"]', { timeout: 20_000 });
    await waitForLive();
    await capture('audit-log', page.getByRole('heading', { level: 2, name: 'Audit log' }));
  });

  it('captures how to connect a client', async () => {
    await page.goto(`${platform.url}/connect`);
    await page.getByTestId('gateway-mcp-url').waitFor({ timeout: 20_000 });
    await capture('connect', page.getByRole('heading', { level: 2, name: 'Connect a client' }));
  });

  it('captures the dashboard in the dark theme, chosen with the header’s toggle', async () => {
    await page.getByTestId('nav-dashboard').click();
    await page.getByTestId('theme-dark').click();
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    await waitForAttribute('activity-total-calls', 'data-count', String(toolCallsMade));
    await waitForLive();
    await capture('dashboard-dark', page.getByRole('heading', { level: 1, name: 'Dashboard' }));
  });

  it('logged no errors in the browser console', () => {
    expect(consoleErrors).toEqual([]);
  });

  it('retook every screenshot, and README.md shows exactly the ones in docs/screenshots', async () => {
    expect([...captured].sort()).toEqual([...shots].sort());
    const inFolder = new Set((await readdir(screenshotsDir)).filter((file) => file.endsWith('.png')));
    expect([...inFolder].sort(), 'images in docs/screenshots that no capture writes').toEqual(shots.map((name) => `${name}.png`).sort());
    const referenced = screenshotsReferencedBy(await readFile(readmePath, 'utf8'));
    const missing = [...referenced].filter((file) => !inFolder.has(file)).map((file) => screenshotsPrefix + file);
    const unreferenced = [...inFolder].filter((file) => !referenced.has(file)).map((file) => screenshotsPrefix + file);
    expect(missing, 'README.md shows images that no capture writes').toEqual([]);
    expect(unreferenced, 'captures that README.md does not show').toEqual([]);
  });
});
