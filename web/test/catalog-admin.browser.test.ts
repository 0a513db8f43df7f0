import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Request } from 'playwright-core';
import { startTestPlatform, type TestPlatform } from '@mcp-portal/platform/testing';
import { collectConsoleErrors, launchChromium, signInThroughForm, type Chromium } from './chromium.ts';

/** A catalog with one good entry and one bad one; lines on the right. */
const pastedCatalog = [
  'registry:', //                       1
  '  pasted-good:', //                  2
  '    image: mcp/pasted-good:1', //    3
  '    title: Pasted good', //          4
  '  pasted-bad:', //                   5
  '    image: mcp/pasted-bad:1', //     6
  '    secrets:', //                    7
  '      - name: bad.token', //         8
  '        env: LD_PRELOAD', //         9: the bad field, its key at column 9
].join('\n');

const servedCatalog = ['registry:', '  served-entry:', '    image: mcp/served:1', '    title: Served entry', ''].join('\n');

/**
 * The catalog's administration in the built portal, in Chromium against the whole platform: an operator makes
 * an entry through the form (problems caught before anything is sent, then the API's own refusal under its
 * field), edits it, imports pasted YAML with a bad entry (reported with its line and column) and a catalog
 * from a URL, and deletes the entry (refused while it is enabled); a viewer sees none of the controls.
 */
describe('catalog administration in a browser', () => {
  let platform: TestPlatform;
  let adminToken: string;
  let catalogServer: Server;
  let catalogPort: number;
  const browsers: Chromium[] = [];
  let page: Page;
  const consoleErrors: string[] = [];
  const sentMutations: string[] = [];
  const operator = { email: `catalog-op-${Date.now().toString(36)}@example.test`, password: 'operator-password-1' };
  const viewer = { email: `catalog-viewer-${Date.now().toString(36)}@example.test`, password: 'viewer-password-1' };

  async function createUser(user: { email: string; password: string }, role: 'OPERATOR' | 'VIEWER'): Promise<void> {
    const created = await platform.request(
      `mutation($email: String!, $password: String!) { createUser(email: $email, password: $password, role: ${role}) { id } }`,
      user,
      adminToken,
    );
    expect(created.errors).toBeUndefined();
  }

  async function signedInPage(user: { email: string; password: string }): Promise<Page> {
    const browser = await launchChromium();
    browsers.push(browser);
    const opened = await browser.context.newPage();
    collectConsoleErrors(opened, consoleErrors);
    await signInThroughForm(opened, platform.url, user.email, user.password);
    return opened;
  }

  beforeAll(async () => {
    catalogServer = createServer((req, res) => {
      if (req.url === '/catalog.yaml') {
        res.writeHead(200, { 'content-type': 'application/yaml' });
        res.end(servedCatalog);
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => catalogServer.listen(0, '127.0.0.1', resolve));
    catalogPort = (catalogServer.address() as AddressInfo).port;
    // As in the servers subgraph's tests: the local catalog server is reachable because the setting names it.
    platform = await startTestPlatform({ label: 'web-catalog-admin', env: { MCP_CATALOG_IMPORT_ALLOW_HOSTS: '127.0.0.1' } });
    adminToken = await platform.adminToken();
    await createUser(operator, 'OPERATOR');
    await createUser(viewer, 'VIEWER');
    page = await signedInPage(operator);
    page.on('request', (request: Request) => {
      const body = request.method() === 'POST' ? (request.postData() ?? '') : '';
      const operation = /"operationName":"(\w+)"/.exec(body)?.[1];
      if (operation && /^((Create|Update|Delete)CatalogEntry|ImportCatalog)$/.test(operation)) sentMutations.push(operation);
    });
  }, 90_000);

  afterAll(async () => {
    for (const browser of browsers) await browser.close();
    await platform?.close();
    await new Promise((resolve) => catalogServer?.close(resolve));
  }, 60_000);

  const field = (testId: string) => page.getByTestId(testId);
  const errorOf = (testId: string) => page.getByTestId(`${testId}-error`);

  it('creates an entry: problems are caught before sending, the API’s refusal shows under its field', async () => {
    await page.getByTestId('nav-catalog').click();
    await page.getByTestId('catalog-admin').waitFor({ timeout: 20_000 });
    await page.getByTestId('new-entry-toggle').click();
    const form = page.getByTestId('entry-form-create');
    await form.waitFor();

    // Checked in the browser with the catalog format's rules: nothing is sent.
    await field('entry-field-name').fill('Acme Tools');
    await page.getByTestId('entry-field-secrets-add').click();
    await field('entry-field-secrets-0-name').fill('acme.token');
    await field('entry-field-secrets-0-env').fill('LD_PRELOAD');
    await field('entry-field-configSchema').fill('{"type": "object",');
    await page.getByTestId('entry-form-create-submit').click();
    expect(await errorOf('entry-field-configSchema').textContent()).toMatch(/^configSchema: not valid JSON/);
    await field('entry-field-configSchema').fill('{"type": "object", "properties": {"region": {"type": "string"}}}');
    await page.getByTestId('entry-form-create-submit').click();
    expect(await errorOf('entry-field-name').textContent()).toMatch(/lower-case letters/);
    await field('entry-field-name').fill('acme-tools');
    await page.getByTestId('entry-form-create-submit').click();
    expect(await errorOf('entry-field-image').textContent()).toBe('a server entry needs an image or a run command');
    expect(await errorOf('entry-field-secrets-0-env').textContent()).toMatch(/^secrets\[0\]\.env: LD_PRELOAD may not be set by a catalog entry/);
    // The first invalid input has the focus, and says so.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('entry-field-image');
    expect(await field('entry-field-image').getAttribute('aria-invalid')).toBe('true');
    expect(sentMutations).toEqual([]);
    await page.screenshot({ path: '/tmp/portal-catalog-entry-form.png', fullPage: true });

    // Refused by the API: a package not on the runnable list, shown under the package field.
    await field('entry-field-secrets-0-env').fill('ACME_TOKEN');
    await page.getByTestId('entry-field-runs-as-package').check();
    await field('entry-field-run-package').fill('left-pad');
    await page.getByTestId('entry-form-create-submit').click();
    await errorOf('entry-field-run-package').filter({ hasText: 'not on the list of runnable packages' }).waitFor({ timeout: 15_000 });
    expect(await errorOf('entry-field-run-package').textContent()).toMatch(/^Invalid catalog entry "acme-tools" \(run\.package\): left-pad is not on the list/);
    expect(sentMutations).toEqual(['CreateCatalogEntry']);

    // A good one: an image, with a secret, a variable, a configuration schema, a tool and metadata.
    await page.getByTestId('entry-field-runs-as-image').check();
    await field('entry-field-image').fill('mcp/acme:1');
    await page.getByTestId('entry-field-command-add').click();
    await field('entry-field-command-0').fill('--stdio');
    await page.getByTestId('entry-field-env-add').click();
    await field('entry-field-env-0-name').fill('ACME_REGION');
    await field('entry-field-env-0-value').fill('eu');
    await page.getByTestId('entry-field-tools-add').click();
    await field('entry-field-tools-0-name').fill('acme_search');
    await field('entry-field-title').fill('Acme Tools');
    await field('entry-field-description').fill('Searches Acme.');
    await field('entry-field-category').fill('search');
    await field('entry-field-tags').fill('acme, search');
    await page.getByTestId('entry-form-create-submit').click();

    await page.waitForURL((url) => url.pathname === '/catalog/acme-tools', { timeout: 15_000 });
    await page.locator('#entry-title').filter({ hasText: 'Acme Tools' }).waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('entry-description').textContent()).toBe('Searches Acme.');
    expect(await page.getByTestId('source-acme-tools').textContent()).toMatch(/custom/i);
    expect(await page.getByTestId('entry-image').textContent()).toContain('mcp/acme:1 --stdio');
    expect(await page.getByTestId('entry-secrets').textContent()).toContain('ACME_TOKEN');
    expect(await page.getByTestId('entry-tools').textContent()).toContain('acme_search');
    await page.screenshot({ path: '/tmp/portal-catalog-entry-created.png', fullPage: true });
  });

  it('lists the new entry, and edits it (the form prefilled; saving replaces the entry)', async () => {
    await page.getByTestId('back-to-catalog').click();
    await page.getByTestId('catalog-search').fill('acme');
    await page.getByTestId('catalog-acme-tools').waitFor({ timeout: 15_000 });
    await page.getByTestId('open-acme-tools').click();
    await page.getByTestId('entry-edit-toggle').click();
    const form = page.getByTestId('entry-form-edit');
    await form.waitFor();
    expect(await field('entry-field-name').count()).toBe(0);
    expect(await field('entry-field-image').inputValue()).toBe('mcp/acme:1');
    expect(await field('entry-field-secrets-0-env').inputValue()).toBe('ACME_TOKEN');
    expect(await field('entry-field-tags').inputValue()).toBe('acme, search');
    expect(JSON.parse(await field('entry-field-configSchema').inputValue())).toEqual({ type: 'object', properties: { region: { type: 'string' } } });

    expect(await field('entry-field-remote-url').count()).toBe(0); // a server entry has no remote URL
    await field('entry-field-title').fill('Acme Tools 2');
    await page.getByTestId('entry-field-secrets-remove-0').click();
    await page.getByTestId('entry-form-edit-submit').click();
    await page.getByTestId('entry-saved').waitFor({ timeout: 15_000 });
    await page.locator('#entry-title').filter({ hasText: 'Acme Tools 2' }).waitFor({ timeout: 15_000 });
    await page.getByTestId('entry-secrets').waitFor({ state: 'detached', timeout: 15_000 });
    expect(await page.getByTestId('entry-image').textContent()).toContain('mcp/acme:1');
  });

  it('imports pasted YAML with a good and a bad entry, reporting the bad one with its line and column', async () => {
    await page.getByTestId('back-to-catalog').click();
    await page.getByTestId('import-toggle').click();
    await page.getByTestId('import-form').waitFor();
    await page.getByTestId('import-submit').click();
    expect(await page.getByTestId('import-yaml-error').textContent()).toMatch(/Paste the catalog/);
    await page.getByTestId('import-yaml').fill(pastedCatalog);
    await page.getByTestId('import-submit').click();
    const report = page.getByTestId('import-report');
    await report.waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('import-imported').textContent()).toBe('Imported 1 entry: pasted-good.');
    expect(await page.getByTestId('import-skipped-count').textContent()).toContain('Skipped 1 entry');
    expect(await page.getByTestId('import-skip-pasted-bad').textContent()).toMatch(
      /^yaml:9:9: registry\.pasted-bad\.secrets\[0\]\.env: LD_PRELOAD may not be set by a catalog entry/,
    );
    // Show puts the caret on the bad field in the text.
    await page.getByTestId('import-skip-pasted-bad').getByRole('button', { name: 'Show line 9, column 9 in the YAML' }).click();
    const caret = await page.getByTestId('import-yaml').evaluate((area) => (area as HTMLTextAreaElement).selectionStart);
    expect(pastedCatalog.slice(caret)).toMatch(/^env: LD_PRELOAD/);
    // The list shows the imported entry (the search still says "acme", so clear it).
    await page.getByTestId('catalog-search').fill('pasted');
    await page.getByTestId('catalog-count').filter({ hasText: '1 entry matches “pasted”' }).waitFor({ timeout: 15_000 });
    await page.getByTestId('catalog-acme-tools').waitFor({ state: 'detached', timeout: 15_000 });
    await page.getByTestId('catalog-pasted-good').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('catalog-pasted-bad').count()).toBe(0);
    await page.screenshot({ path: '/tmp/portal-catalog-import.png', fullPage: true });
  });

  it('imports from a URL the platform may reach, and shows the refusal of one it may not', async () => {
    await page.getByTestId('import-source-url').check();
    // `localhost` is refused by name: MCP_CATALOG_IMPORT_ALLOW_HOSTS lists 127.0.0.1 only.
    await page.getByTestId('import-url').fill(`http://localhost:${catalogPort}/catalog.yaml`);
    await page.getByTestId('import-submit').click();
    await page.getByTestId('import-error').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('import-error').textContent()).toMatch(/could not be imported: .*MCP_CATALOG_IMPORT_ALLOW_HOSTS/s);
    expect(await page.getByTestId('import-report').count()).toBe(0);

    await page.getByTestId('import-url').fill(`http://127.0.0.1:${catalogPort}/catalog.yaml`);
    await page.getByTestId('import-submit').click();
    await page.getByTestId('import-report').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('import-error').count()).toBe(0);
    expect(await page.getByTestId('import-imported').textContent()).toBe('Imported 1 entry: served-entry.');
    expect(await page.getByTestId('import-skipped').count()).toBe(0);
    // Again: the entry is there now, and the report says it was replaced.
    await page.getByTestId('import-submit').click();
    await page.getByTestId('import-imported').filter({ hasText: 'replacing' }).waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('import-imported').textContent()).toBe(
      'Imported 1 entry, 1 of them replacing an entry of the same name: served-entry (replaced).',
    );
    await page.getByTestId('import-entry-served-entry').click();
    await page.waitForURL((url) => url.pathname === '/catalog/served-entry');
    expect(await page.getByTestId('source-served-entry').textContent()).toMatch(/imported/i);
    expect(await page.getByTestId('entry-admin').count()).toBe(1);
  });

  it('offers no Edit or Delete on a bundled entry', async () => {
    await page.goto(`${platform.url}/catalog/memory`);
    await page.getByTestId('entry-description').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('source-memory').textContent()).toMatch(/bundled/i);
    expect(await page.getByTestId('entry-admin').count()).toBe(0);
  });

  it('deletes the entry after a confirmation, refused while a server is enabled from it', async () => {
    const enabled = await platform.request<{ enableServer: { id: string } }>(
      'mutation { enableServer(name: "acme-tools", start: false) { id } }',
      {},
      adminToken,
    );
    expect(enabled.errors).toBeUndefined();
    await page.goto(`${platform.url}/catalog/acme-tools`);
    await page.getByTestId('entry-admin').waitFor({ timeout: 20_000 });

    await page.getByTestId('entry-delete').click();
    await page.getByTestId('entry-delete-no').click();
    expect(await page.getByTestId('entry-delete-confirm').count()).toBe(0);
    await page.getByTestId('entry-delete').click();
    await page.getByTestId('entry-delete-yes').click();
    const refusal = page.getByTestId('entry-delete-error');
    await refusal.waitFor({ timeout: 15_000 });
    expect(await refusal.textContent()).toBe('The catalog entry "acme-tools" is enabled as a server: disable the server first.');
    expect(new URL(page.url()).pathname).toBe('/catalog/acme-tools');

    const disabled = await platform.request('mutation($id: ID!) { disableServer(id: $id) { id } }', { id: enabled.data?.enableServer.id }, adminToken);
    expect(disabled.errors).toBeUndefined();
    await page.getByTestId('entry-delete').click();
    await page.getByTestId('entry-delete-yes').click();
    await page.waitForURL((url) => url.pathname === '/catalog', { timeout: 15_000 });
    await page.getByTestId('catalog-search').fill('acme');
    await page.getByTestId('catalog-empty').waitFor({ timeout: 15_000 });
    const gone = await platform.request<{ catalogEntry: unknown }>('{ catalogEntry(name: "acme-tools") { name } }', {}, adminToken);
    expect(gone.data?.catalogEntry).toBeNull();
  });

  it('shows a viewer no administration', { timeout: 90_000 }, async () => {
    const viewerPage = await signedInPage(viewer);
    await viewerPage.getByTestId('nav-catalog').click();
    await viewerPage.getByTestId('catalog-results').waitFor({ timeout: 20_000 });
    expect(await viewerPage.getByTestId('catalog-admin').count()).toBe(0);
    expect(await viewerPage.getByTestId('new-entry-toggle').count()).toBe(0);
    await viewerPage.goto(`${platform.url}/catalog/pasted-good`);
    await viewerPage.getByTestId('source-pasted-good').waitFor({ timeout: 20_000 });
    expect(await viewerPage.getByTestId('source-pasted-good').textContent()).toMatch(/imported/i);
    expect(await viewerPage.getByTestId('entry-admin').count()).toBe(0);
    expect(await viewerPage.getByTestId('entry-edit-toggle').count()).toBe(0);
    expect(await viewerPage.getByTestId('entry-delete').count()).toBe(0);
  });

  it('logged no errors in the browser but the refusals it provoked', () => {
    // Chromium logs the HTTP status of nothing here: GraphQL refusals come back as 200 with errors.
    expect(consoleErrors).toEqual([]);
  });
});
