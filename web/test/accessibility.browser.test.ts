import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { print } from 'graphql';
import type { ResultOf } from '@graphql-typed-document-node/core';
import { describeFindings, seriousViolations } from './axe.ts';
import { type Chromium, collectConsoleErrors, launchChromium, narrowViewport, noContainerEngineEnv, signInThroughForm, wideViewport } from './chromium.ts';
import { startTestPlatform, type TestPlatform } from '@mcp-portal/platform/testing';
import { EnableServerDocument } from '../src/graphql/servers-documents.ts';

const narrow = narrowViewport;
const wide = wideViewport;

/**
 * axe-core's automated WCAG checks on the built portal, in Chromium against the whole platform: the sign-in
 * page and, signed in as an admin, the main pages (a server's page with its configuration form and its
 * secrets, the dashboard) in the light and the dark theme at 1440 px, and the dashboard and the servers list at 360 px, have no serious or
 * critical violation (every input labelled, text readable against its background, names on buttons and links).
 */
describe('accessibility of the portal (axe-core)', () => {
  let platform: TestPlatform;
  let browser: Chromium;
  let page: Page;
  let serverId: string;
  let adminId: string;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    // No container engine answers: the servers are enabled and left stopped, nothing is started.
    platform = await startTestPlatform({ label: 'web-a11y', env: noContainerEngineEnv() });
    const adminToken = await platform.adminToken();
    // An entry with a configuration value and a secret, so that the server's page shows both forms.
    const created = await platform.request(
      'mutation($input: CreateCatalogEntryInput!) { createCatalogEntry(input: $input) { name } }',
      {
        input: {
          name: 'vault',
          entry: {
            title: 'Vault memory',
            description: 'Knowledge-graph memory that needs a token.',
            run: { package: '@modelcontextprotocol/server-memory', env: [{ name: 'MEMORY_FILE_PATH', value: '{{vault.file_path}}' }] },
            configSchema: [{ name: 'vault', type: 'object', properties: { file_path: { type: 'string', description: 'File holding the graph' } } }],
            secrets: [{ name: 'vault.token', env: 'MEMORY_TOKEN', description: 'The vault token', example: 'tok-…' }],
          },
        },
      },
      adminToken,
    );
    if (created.errors) throw new Error(`createCatalogEntry failed: ${JSON.stringify(created.errors)}`);
    const enabled = await platform.request<ResultOf<typeof EnableServerDocument>>(print(EnableServerDocument), { name: 'vault', start: false }, adminToken);
    if (!enabled.data) throw new Error(`enableServer failed: ${JSON.stringify(enabled.errors)}`);
    serverId = enabled.data.enableServer.id;
    // A tool call (it fails: the server is stopped), so that the dashboard draws its chart and tables.
    const called = await platform.request('mutation($id: ID!) { callTool(serverId: $id, name: "read_graph") { isError } }', { id: serverId }, adminToken);
    if (!called.errors) throw new Error('callTool on a stopped server was expected to fail.');
    const me = await platform.request<{ me: { id: string } | null }>('{ me { id } }', {}, adminToken);
    if (!me.data?.me) throw new Error(`me failed: ${JSON.stringify(me.errors)}`);
    adminId = me.data.me.id;

    browser = await launchChromium();
    page = await browser.context.newPage();
    collectConsoleErrors(page, consoleErrors);
    await page.setViewportSize(wide);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  }, 60_000);

  /** The main pages, each with what shows once it has loaded. */
  const pages = () => [
    { path: '/', ready: 'activity-chart' },
    { path: '/servers', ready: 'servers-table' },
    { path: `/servers/${serverId}`, ready: 'secret-row-vault.token' },
    { path: '/catalog', ready: 'catalog-count' },
    { path: '/catalog/github', ready: 'entry-secrets' },
    { path: '/tokens', ready: 'create-token-form' },
    { path: '/connect', ready: 'gateway-mcp-url' },
    { path: '/users', ready: 'users-table' },
    { path: `/users/${adminId}`, ready: 'user-sessions' },
    { path: '/audit', ready: 'audit-table' },
    { path: '/run', ready: 'run-form' },
  ];

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`finds no serious violation on the sign-in page (${colorScheme})`, async () => {
      await page.emulateMedia({ colorScheme });
      await page.goto(platform.url);
      await page.getByTestId('login-email').waitFor();
      const findings = await seriousViolations(page);
      expect(findings, describeFindings(`sign-in (${colorScheme})`, findings)).toEqual([]);
    });
  }

  it('signs in as the admin', async () => {
    await signInThroughForm(page, platform.url, platform.admin.email, platform.admin.password);
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`finds no serious violation on the main pages at 1440 px (${colorScheme})`, async () => {
      await page.emulateMedia({ colorScheme });
      await page.setViewportSize(wide);
      const failures: string[] = [];
      for (const { path, ready } of pages()) {
        await page.goto(new URL(path, platform.url).href);
        await page.getByTestId(ready).waitFor({ timeout: 20_000 });
        expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(colorScheme);
        // One h1 per page, the page's title (visually hidden: the cards carry the visible headings), also the document's.
        const headings = await page.locator('h1').allTextContents();
        expect(headings, path).toHaveLength(1);
        expect(await page.title(), path).toBe(`${headings[0]} · MCP Portal`);
        // The dashboard's chart, its numbers' table open as well.
        if (ready === 'activity-chart') await page.getByTestId('activity-chart').locator('summary').click();
        const findings = await seriousViolations(page);
        if (findings.length > 0) failures.push(describeFindings(`${path} (${colorScheme})`, findings));
      }
      expect(failures, failures.join('\n')).toEqual([]);
    }, 120_000);
  }

  it('finds no serious violation on the dashboard and the servers list at 360 px, light and dark', async () => {
    await page.setViewportSize(narrow);
    const failures: string[] = [];
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await page.goto(platform.url);
      await page.getByTestId('activity-chart').waitFor({ timeout: 20_000 });
      await page.getByTestId('dashboard-audit').locator('tbody tr').first().waitFor({ timeout: 20_000 });
      const dashboard = await seriousViolations(page);
      if (dashboard.length > 0) failures.push(describeFindings(`/ at 360 px (${colorScheme})`, dashboard));
      await page.goto(`${platform.url}/servers`);
      await page.getByTestId('servers-table').waitFor({ timeout: 20_000 });
      const findings = await seriousViolations(page);
      if (findings.length > 0) failures.push(describeFindings(`/servers at 360 px (${colorScheme})`, findings));
      // The navigation menu, opened.
      await page.getByTestId('nav-menu-button').click();
      await page.getByTestId('nav-catalog').waitFor();
      const opened = await seriousViolations(page);
      if (opened.length > 0) failures.push(describeFindings(`/servers at 360 px with the menu open (${colorScheme})`, opened));
    }
    expect(failures, failures.join('\n')).toEqual([]);
  }, 60_000);

  it('finds no serious violation in the catalog’s administration (the entry form, an import report), light and dark', async () => {
    await page.setViewportSize(wide);
    const failures: string[] = [];
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      // The new-entry form with a row in each list and its problems shown, and an import's report.
      await page.goto(`${platform.url}/catalog`);
      await page.getByTestId('new-entry-toggle').click();
      for (const list of ['command', 'env', 'secrets', 'tools', 'oauth-providers']) await page.getByTestId(`entry-field-${list}-add`).click();
      await page.getByTestId('entry-form-create-submit').click();
      await page.getByTestId('entry-field-name-error').waitFor();
      await page.getByTestId('import-toggle').click();
      await page.getByTestId('import-yaml').fill('registry:\n  a11y-good:\n    image: mcp/a11y:1\n  a11y-bad:\n    type: remote\n');
      await page.getByTestId('import-submit').click();
      await page.getByTestId('import-skipped').waitFor({ timeout: 15_000 });
      const catalog = await seriousViolations(page);
      if (catalog.length > 0) failures.push(describeFindings(`/catalog with its forms open (${colorScheme})`, catalog));
      // A custom entry's page with the edit form open, as a remote entry.
      await page.goto(`${platform.url}/catalog/vault`);
      await page.getByTestId('entry-edit-toggle').click();
      await page.getByTestId('entry-field-type').selectOption('REMOTE');
      const entry = await seriousViolations(page);
      if (entry.length > 0) failures.push(describeFindings(`/catalog/vault with its edit form open (${colorScheme})`, entry));
    }
    expect(failures, failures.join('\n')).toEqual([]);
  }, 90_000);

  it('logged no errors in the browser console', () => {
    expect(consoleErrors).toEqual([]);
  });
});
