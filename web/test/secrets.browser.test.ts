import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { collectConsoleErrors, launchChromium, type Chromium, signInThroughForm } from './chromium.ts';
import { startTestPlatform, type TestPlatform } from '@mcp-portal/platform/testing';

/**
 * Secrets on a server's page, in Chromium against the whole platform with the real lifecycle. A custom
 * catalog entry runs `@modelcontextprotocol/server-memory` as a local process, declares the secret
 * `vault.token` (MEMORY_TOKEN) and fills MEMORY_FILE_PATH from the configuration value `vault.file_path`.
 * Enabled through the API with neither, it fails naming the secret; set on its page, the next start fails
 * naming the value; set too, it starts. The value never reaches the page; a viewer gets no inputs.
 */
describe('server secrets in a browser', () => {
  let platform: TestPlatform;
  let adminToken: string;
  let browser: Chromium;
  let viewerBrowser: Chromium | undefined;
  let page: Page;
  let serverId: string;
  const consoleErrors: string[] = [];
  const viewer = { email: `viewer-${Date.now().toString(36)}@example.test`, password: 'viewer-password-1' };
  const token = `tok-${Math.random().toString(36).slice(2)}-${Date.now().toString(36)}`;

  const vaultEntry = {
    name: 'vault',
    entry: {
      title: 'Vault memory',
      description: 'Knowledge-graph memory that needs a token.',
      run: { package: '@modelcontextprotocol/server-memory', env: [{ name: 'MEMORY_FILE_PATH', value: '{{vault.file_path}}' }] },
      configSchema: [
        {
          name: 'vault',
          type: 'object',
          // The form checks neither `format` nor `not`: the API's check (Ajv) refuses such a value, and the page shows why.
          properties: {
            file_path: { type: 'string', description: 'File holding the graph' },
            endpoint: { type: 'string', format: 'uri', description: 'Where the vault answers' },
          },
        },
      ],
      secrets: [{ name: 'vault.token', env: 'MEMORY_TOKEN', description: 'The vault token', example: 'tok-…' }],
    },
  };

  const watchConsole = (target: Page) => collectConsoleErrors(target, consoleErrors);
  const signIn = (target: Page, email: string, password: string) => signInThroughForm(target, `${platform.url}/servers`, email, password);

  const waitForStatus = (target: Page, status: string, timeout = 20_000) =>
    target.waitForSelector(`[data-testid="server-status"][data-status="${status}"]`, { timeout });

  beforeAll(async () => {
    platform = await startTestPlatform({ label: 'web-secrets' });
    adminToken = await platform.adminToken();
    const created = await platform.request(
      'mutation($input: CreateCatalogEntryInput!) { createCatalogEntry(input: $input) { name } }',
      { input: vaultEntry },
      adminToken,
    );
    expect(created.errors).toBeUndefined();
    const user = await platform.request(
      'mutation($email: String!, $password: String!) { createUser(email: $email, password: $password, role: VIEWER) { id } }',
      viewer,
      adminToken,
    );
    expect(user.errors).toBeUndefined();
    browser = await launchChromium();
    page = await browser.context.newPage();
    watchConsole(page);
    await signIn(page, platform.admin.email, platform.admin.password);
  }, 60_000);

  afterAll(async () => {
    await viewerBrowser?.close();
    await browser?.close();
    await platform?.close();
  }, 60_000);

  it('fails without the secret, and starts once the secret and the value are set on its page', async () => {
    // The page learns of the server through its live subscription: enabled before that is open, it would miss it.
    await page.waitForSelector('[data-testid="live-indicator"][data-state="connected"]', { timeout: 30_000 });
    const enabled = await platform.request<{ enableServer: { id: string } }>('mutation { enableServer(name: "vault") { id } }', {}, adminToken);
    expect(enabled.errors).toBeUndefined();
    serverId = enabled.data?.enableServer.id ?? '';

    await page.getByTestId('server-link-vault').click();
    await waitForStatus(page, 'FAILED');
    expect(await page.getByTestId('server-last-error').textContent()).toContain('needs the secret "vault.token"');
    const row = page.getByTestId('secret-row-vault.token');
    expect(await row.getAttribute('data-state')).toBe('unset');
    expect(await page.getByTestId('secret-state-vault.token').textContent()).toBe('not set');
    // The row shows the missing secret at once, its variable and description once the catalog entry has loaded.
    await row.getByText('MEMORY_TOKEN').waitFor({ timeout: 10_000 });
    expect(await row.textContent()).toContain('MEMORY_TOKEN');
    expect(await row.textContent()).toContain('The vault token');

    // "Set it" leads to the secret's input, which is write-only and empty.
    await page.getByTestId('set-missing-secret-vault.token').click();
    const input = page.getByTestId('secret-input-vault.token');
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'secret-input-vault.token');
    expect(await input.getAttribute('type')).toBe('password');
    expect(await input.inputValue()).toBe('');
    await page.getByTestId('secret-save-vault.token').click();
    expect(await page.getByTestId('secret-input-vault.token-error').textContent()).toBe('Enter a value.');

    await input.fill(token);
    await page.getByTestId('secret-save-vault.token').click();
    await page.waitForSelector('[data-testid="secret-row-vault.token"][data-state="set"]', { timeout: 10_000 });
    expect(await page.getByTestId('secret-state-vault.token').textContent()).toMatch(new RegExp(`^set .* by ${platform.admin.email}$`));
    expect(await input.inputValue()).toBe('');
    expect(await page.getByTestId('restart-hint').textContent()).toContain('Start the server to use it');

    // The next start gets the secret, and stops at the value the entry's env uses.
    await page.getByTestId('apply-start').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="server-last-error"]')?.textContent?.includes('configuration value'), undefined, {
      timeout: 20_000,
    });
    await waitForStatus(page, 'FAILED');
    expect(await page.getByTestId('restart-hint').count()).toBe(0);
    await page.getByTestId('set-missing-config-vault.file_path').click();
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'config-vault.file_path');
    await page.getByTestId('config-vault.file_path').fill(`/tmp/vault-graph-${serverId}.json`);
    await page.getByTestId('server-config-save').click();
    await page.getByTestId('restart-hint').waitFor({ timeout: 10_000 });
    await page.getByTestId('apply-start').click();
    await waitForStatus(page, 'RUNNING', 30_000);
    expect(await page.getByTestId('restart-hint').count()).toBe(0);

    // The value is nowhere in the page (nor in its inputs), and only its name comes back from the API.
    expect(await page.content()).not.toContain(token);
    expect(await page.evaluate((value) => [...document.querySelectorAll('input')].some((e) => e.value.includes(value)), token)).toBe(false);
    const read = await platform.request<{ server: { secrets: { name: string }[]; config: { key: string; value: unknown }[] } }>(
      'query($id: ID!) { server(id: $id) { secrets { name } config { key value } } }',
      { id: serverId },
      adminToken,
    );
    expect(read.data?.server.secrets).toEqual([{ name: 'vault.token' }]);
    expect(read.data?.server.config).toEqual([{ key: 'vault.file_path', value: `/tmp/vault-graph-${serverId}.json` }]);
  }, 60_000);

  it('offers a Restart after a change to a running server, and deletes a secret after a confirmation', async () => {
    await page.getByTestId('secret-delete-vault.token').click();
    await page.getByTestId('secret-delete-cancel-vault.token').click();
    expect(await page.getByTestId('secret-row-vault.token').getAttribute('data-state')).toBe('set');
    await page.getByTestId('secret-delete-vault.token').click();
    await page.getByTestId('secret-delete-confirm-vault.token').click();
    await page.waitForSelector('[data-testid="secret-row-vault.token"][data-state="unset"]', { timeout: 10_000 });
    expect(await page.getByTestId('restart-hint').textContent()).toContain('Restart the server to use it');
    expect(await page.getByTestId('apply-restart').isEnabled()).toBe(true);
    // Put it back for the viewer's look (without restarting: the running server keeps its environment).
    await page.getByTestId('secret-input-vault.token').fill(token);
    await page.getByTestId('secret-save-vault.token').click();
    await page.waitForSelector('[data-testid="secret-row-vault.token"][data-state="set"]', { timeout: 10_000 });
    expect(await page.content()).not.toContain(token);
  });

  it("shows the API's refusal of a value under its field, naming the place and the problem", async () => {
    await page.getByTestId('config-vault.endpoint').fill('not a uri');
    await page.getByTestId('server-config-save').click();
    await page.getByTestId('config-vault.endpoint-error').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('config-vault.endpoint-error').textContent()).toBe('vault.endpoint must match format "uri".');
    await page.getByTestId('server-config-discard').click();
    const read = await platform.request<{ server: { config: { key: string }[] } }>(
      'query($id: ID!) { server(id: $id) { config { key } } }',
      { id: serverId },
      adminToken,
    );
    expect(read.data?.server.config.map((c) => c.key)).toEqual(['vault.file_path']);
  });

  it('shows a viewer the secrets by state and the values read-only, with no inputs', async () => {
    viewerBrowser = await launchChromium();
    const viewerPage = await viewerBrowser.context.newPage();
    watchConsole(viewerPage);
    await signIn(viewerPage, viewer.email, viewer.password);
    await viewerPage.goto(`${platform.url}/servers/${serverId}`);
    await viewerPage.getByTestId('secret-row-vault.token').waitFor({ timeout: 15_000 });
    expect(await viewerPage.getByTestId('secret-state-vault.token').textContent()).toMatch(/^set /);
    expect(await viewerPage.getByTestId('config-value-vault.file_path').textContent()).toContain('vault-graph');
    // On the page itself: the header's theme toggle is a radio group on every page, and the search over the
    // tools (a server with more than five) changes nothing.
    expect(await viewerPage.locator('main').locator('input, textarea, select').and(viewerPage.locator(':not([data-testid="tool-search"])')).count()).toBe(0);
    expect(await viewerPage.locator('main').count()).toBe(1);
    expect(await viewerPage.getByTestId('secret-save-vault.token').count()).toBe(0);
    expect(await viewerPage.getByTestId('secret-delete-vault.token').count()).toBe(0);
    expect(await viewerPage.content()).not.toContain(token);
    await viewerPage.close();
  });

  it('logged no errors in the browser console', () => {
    expect(consoleErrors).toEqual([]);
  });
});
