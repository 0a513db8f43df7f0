import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { waitUntil } from '@mcp-portal/kit/testing';
import { startTestPlatform, type TestPlatform } from '@mcp-portal/platform/testing';
import { describeFindings, finiteAnimationsEnded, seriousViolations } from './axe.ts';
import { collectConsoleErrors, keepOnLoopback, launchChromium, signInThroughForm, type Chromium } from './chromium.ts';

interface CommandRow {
  name: string;
  minimumRole: string;
}

/**
 * The Run page (the CLI executor, issue 15), in Chromium against the whole platform: an admin picks a command,
 * fills in its generated form and runs it; the terminal view shows the live output, the status and the exit code;
 * the form checks arguments before sending and shows the executor's refusal; a long run (a slow tool called
 * through `tools call` on server-everything) is cancelled, and so is a run waiting in the queue behind it; Run again fills the form with a run's arguments; the
 * history filters, updates live and links to each run; a viewer is offered only the viewer commands and sees only
 * their own runs. axe-core finds nothing serious, and the browser never leaves loopback.
 */
describe('the Run page', () => {
  let platform: TestPlatform;
  let adminToken: string;
  let browser: Chromium;
  let viewerBrowser: Chromium | undefined;
  let page: Page;
  const consoleErrors: string[] = [];
  const offLoopback: string[] = [];
  const suffix = Date.now().toString(36);
  const viewer = { email: `viewer-${suffix}@example.test`, password: 'viewer-password-1' };
  let viewerId = '';

  const expectAccessible = async (target: Page, where: string) => {
    for (const colorScheme of ['light', 'dark'] as const) {
      await target.emulateMedia({ colorScheme });
      await target.waitForFunction((scheme) => document.documentElement.dataset.theme === scheme, colorScheme);
      await finiteAnimationsEnded(target);
      const findings = await seriousViolations(target);
      expect(findings, describeFindings(`${where} (${colorScheme})`, findings)).toEqual([]);
    }
    await target.emulateMedia({ colorScheme: 'light' });
  };

  /** A fresh Run page (its form at its start). */
  const openRunPage = async (target: Page) => {
    await target.goto(`${platform.url}/run`);
    await target.getByTestId('run-form').waitFor({ timeout: 20_000 });
  };

  /** Runs the command shown in the form and waits for its terminal view; answers the run's id. */
  const submitAndFollow = async (target: Page): Promise<string> => {
    await target.getByTestId('run-submit').click();
    await target.waitForURL(/\/runs\/[^/]+$/, { timeout: 20_000 });
    await target.getByTestId('run-view').waitFor({ timeout: 20_000 });
    return new URL(target.url()).pathname.split('/').at(-1) ?? '';
  };

  const waitForStatus = async (target: Page, status: string, timeoutMs = 60_000) =>
    waitUntil(
      `the run to be ${status}`,
      () => target.getByTestId('run-status').getAttribute('data-status'),
      (current) => current === status,
      { timeoutMs },
    );

  const terminalText = (target: Page, stream: string) =>
    target.locator(`[data-testid="run-chunk"][data-stream="${stream}"]`).evaluateAll((chunks) => chunks.map((chunk) => chunk.textContent ?? '').join(''));

  beforeAll(async () => {
    platform = await startTestPlatform({
      label: 'web-run-page',
      env: { MCP_RUNTIME: 'process', MCP_EXECUTOR_MAX_PER_USER: '1', MCP_EXECUTOR_MAX_QUEUED_PER_USER: '50' },
    });
    adminToken = await platform.adminToken();
    const created = await platform.request<{ createUser: { id: string } }>(
      'mutation($email: String!, $password: String!) { createUser(email: $email, password: $password, role: VIEWER) { id } }',
      viewer,
      adminToken,
    );
    expect(created.errors).toBeUndefined();
    viewerId = created.data?.createUser.id ?? '';
    // server-everything (a local process) has a slow tool, for a run long enough to cancel.
    const enabled = await platform.request<{ enableServer: { id: string } }>('mutation { enableServer(name: "everything") { id } }', {}, adminToken);
    expect(enabled.errors).toBeUndefined();
    browser = await launchChromium();
    await keepOnLoopback(browser.context, offLoopback);
    page = await browser.context.newPage();
    collectConsoleErrors(page, consoleErrors);
    await signInThroughForm(page, platform.url, platform.admin.email, platform.admin.password);
  }, 120_000);

  afterAll(async () => {
    await viewerBrowser?.close();
    await browser?.close();
    await platform?.close();
  }, 60_000);

  it('runs server ls from the form: the terminal shows the command line, the live output, SUCCEEDED and exit code 0', async () => {
    await page.getByTestId('nav-run').click();
    await page.getByTestId('run-form').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('nav-run').getAttribute('aria-current')).toBe('page');
    // Grouped by topic; the search narrows the list.
    const topics = await page
      .getByTestId('run-command')
      .locator('optgroup')
      .evaluateAll((groups) => groups.map((group) => group.getAttribute('label')));
    expect(topics).toEqual(expect.arrayContaining(['server', 'catalog', 'tools', 'secret', 'config']));
    await page.getByTestId('run-command-search').fill('logs');
    expect(await page.getByTestId('run-command-matches').textContent()).toBe('1 command matches.');
    await page.getByTestId('run-command-search').fill('');
    expect(await page.getByTestId('run-command-matches').textContent()).toMatch(/^\d+ commands match\.$/);

    await page.getByTestId('run-command').selectOption('server ls');
    expect(await page.getByTestId('run-command-summary').textContent()).toMatch(/List the enabled MCP servers/);
    const id = await submitAndFollow(page);
    expect(await page.getByTestId('run-command-line').textContent()).toBe('$ docker mcp server ls');
    await waitForStatus(page, 'SUCCEEDED');
    await waitUntil(
      'the output',
      () => terminalText(page, 'STDOUT'),
      (text) => /NAME\s+STATUS/.test(text),
    );
    expect(await terminalText(page, 'SYSTEM')).toMatch(/docker mcp server ls[\s\S]*Finished: exit code 0/);
    expect(await page.getByTestId('run-exit-code').textContent()).toBe('0');
    expect(await page.getByTestId('run-cancel').count()).toBe(0);
    // Chunks are in seq order, each once.
    const seqs = await page.getByTestId('run-chunk').evaluateAll((chunks) => chunks.map((chunk) => Number(chunk.getAttribute('data-seq'))));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    // A reload replays the stored output once.
    await page.reload();
    await waitUntil(
      'the replay',
      () => page.getByTestId('run-chunk').count(),
      (count) => count === seqs.length,
    );
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await expectAccessible(page, 'a finished run');
  }, 90_000);

  it('checks the arguments before sending, and shows the executor’s refusal from its extensions', async () => {
    await openRunPage(page);
    await page.getByTestId('run-command').selectOption('server logs');
    await page.getByTestId('run-submit').click();
    expect(await page.getByTestId('run-arg-server-error').textContent()).toBe('This field is required.');
    expect(await page.getByTestId('run-arg-server').getAttribute('aria-invalid')).toBe('true');
    await page.getByTestId('run-arg-server').fill('-rf');
    await page.getByTestId('run-submit').click();
    expect(await page.getByTestId('run-arg-server-error').textContent()).toMatch(/^Must match /);
    await page.getByTestId('run-arg-tail').fill('5000');
    await page.getByTestId('run-submit').click();
    expect(await page.getByTestId('run-arg-tail-error').textContent()).toBe('Enter 1000 or less.');
    expect(page.url()).toMatch(/\/run$/);

    // A URL the form's pattern lets through and the executor refuses (it carries credentials): nothing runs.
    const before = await platform.request<{ executions: { executions: unknown[] } }>('{ executions(first: 100) { executions { id } } }', {}, adminToken);
    await page.getByTestId('run-command').selectOption('catalog import');
    await page.getByTestId('run-arg-url').fill('https://user:secret@catalog.example.test/catalog.yaml');
    await page.getByTestId('run-submit').click();
    const refusal = page.getByTestId('run-refusal');
    await refusal.waitFor({ timeout: 20_000 });
    expect(await refusal.getAttribute('data-kind')).toBe('BAD_ARGUMENTS');
    expect(await page.getByTestId('run-refusal-title').textContent()).toBe('Arguments refused.');
    expect(await page.getByTestId('run-refusal-message').textContent()).toBe('Arguments of catalog import: url: must not carry a user name or password.');
    expect(await page.getByTestId('run-arg-url-error').textContent()).toBe('The executor refused it: must not carry a user name or password.');
    expect(await refusal.textContent()).not.toMatch(/\bat \S+ \(|Error:|stack/i);
    const after = await platform.request<{ executions: { executions: unknown[] } }>('{ executions(first: 100) { executions { id } } }', {}, adminToken);
    expect(after.data?.executions.executions.length).toBe(before.data?.executions.executions.length);
    await expectAccessible(page, 'the form with a refusal and inline errors');
  }, 60_000);

  it('cancels a long run while it runs (a slow tool through tools call)', async () => {
    await waitUntil(
      'everything to run',
      async () => (await platform.request<{ servers: { name: string; status: string }[] }>('{ servers { name status } }', {}, adminToken)).data?.servers,
      (servers) => servers?.some((server) => server.name === 'everything' && server.status === 'RUNNING') ?? false,
      { timeoutMs: 60_000 },
    );
    await openRunPage(page);
    await page.getByTestId('run-command').selectOption('tools call');
    await page.getByTestId('run-arg-server').fill('everything');
    await page.getByTestId('run-arg-tool').fill('trigger-long-running-operation');
    await page.getByTestId('run-arg-arguments').fill('{"duration": 60, "steps": 60}');
    const long = await submitAndFollow(page);
    await waitForStatus(page, 'RUNNING', 30_000);
    // The executor's note of the command line is there while it runs (the CLI itself prints only once the tool answers).
    await waitUntil(
      'the command line in the terminal',
      () => terminalText(page, 'SYSTEM'),
      (text) => text.includes('docker mcp tools call'),
    );

    // One run at a time per user here (MCP_EXECUTOR_MAX_PER_USER=1): the next one waits, and says where.
    const queued = await platform.request<{ runCommand: { id: string; status: string } }>(
      'mutation { runCommand(command: "server ls") { id status } }',
      {},
      adminToken,
    );
    expect(queued.data?.runCommand.status).toBe('QUEUED');
    await page.goto(`${platform.url}/runs/${queued.data?.runCommand.id ?? ''}`);
    await waitForStatus(page, 'QUEUED');
    expect(await page.getByTestId('run-queue-position').textContent()).toBe('Waiting in the queue: next to start.');
    await page.getByTestId('run-cancel').click();
    await waitForStatus(page, 'CANCELLED', 30_000);

    await page.goto(`${platform.url}/runs/${long}`);
    await waitForStatus(page, 'RUNNING');
    const cancel = page.getByTestId('run-cancel');
    await cancel.click();
    await waitForStatus(page, 'CANCELLED', 30_000);
    expect(await cancel.count()).toBe(0);
    expect(await page.getByTestId('run-message').textContent()).toMatch(/^Cancelled/);
    await waitUntil(
      'the executor’s note',
      () => terminalText(page, 'SYSTEM'),
      (text) => /Cancelled/.test(text),
    );
  }, 120_000);

  it('runs again with the form filled in from the run’s arguments', async () => {
    await openRunPage(page);
    await page.getByTestId('run-command').selectOption('catalog ls');
    await page.getByTestId('run-arg-search').fill('memory');
    await page.getByTestId('run-arg-json').check();
    const first = await submitAndFollow(page);
    await waitForStatus(page, 'SUCCEEDED');
    expect(await page.getByTestId('run-command-line').textContent()).toBe('$ docker mcp catalog ls --search=memory --json');

    await page.getByTestId('run-again').click();
    await page.getByTestId('run-prefilled').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('run-command').inputValue()).toBe('catalog ls');
    expect(await page.getByTestId('run-arg-search').inputValue()).toBe('memory');
    expect(await page.getByTestId('run-arg-json').isChecked()).toBe(true);
    const second = await submitAndFollow(page);
    expect(second).not.toBe(first);
    await waitForStatus(page, 'SUCCEEDED');
    expect(await page.getByTestId('run-command-line').textContent()).toBe('$ docker mcp catalog ls --search=memory --json');

    // A run that is not there (deleted, or someone else's): the plain form, and a terminal view that says so.
    const missing = '00000000-0000-4000-8000-000000000000';
    await page.goto(`${platform.url}/run?again=${missing}`);
    await page.getByTestId('run-again-missing').waitFor({ timeout: 20_000 });
    await page.getByTestId('run-form').waitFor();
    await page.goto(`${platform.url}/runs/${missing}`);
    await page.getByTestId('run-not-found').waitFor({ timeout: 20_000 });
  }, 60_000);

  it('lists the runs with filters, live, a page at a time, each linking to its terminal view', async () => {
    await openRunPage(page);
    const rows = page.locator('[data-testid^="run-row-"]');
    await waitUntil(
      'the history',
      () => rows.count(),
      (count) => count >= 4,
    );
    const commandsShown = async () => rows.evaluateAll((all) => all.map((row) => row.getAttribute('data-command')));

    await page.getByTestId('runs-filter-command').selectOption('catalog ls');
    await page.getByTestId('runs-filter-apply').click();
    await waitUntil('the command filter', commandsShown, (shown) => shown.length === 2 && shown.every((c) => c === 'catalog ls'));
    expect(page.url()).toMatch(/command=catalog\+ls/);
    await page.getByTestId('runs-filter-command').selectOption('');
    await page.getByTestId('runs-filter-status').selectOption('CANCELLED');
    await page.getByTestId('runs-filter-apply').click();
    await waitUntil('the status filter', commandsShown, (shown) => shown.length === 2 && shown.includes('tools call') && shown.includes('server ls'));
    expect(await rows.evaluateAll((all) => all.map((row) => row.getAttribute('data-status')))).toEqual(['CANCELLED', 'CANCELLED']);
    await page.getByTestId('runs-filter-clear').click();
    await waitUntil(
      'all runs again',
      () => rows.count(),
      (count) => count >= 4,
    );

    // A run started elsewhere (the API) appears live.
    const started = await platform.request<{ runCommand: { id: string } }>(
      'mutation { runCommand(command: "server ls", args: { json: true }) { id } }',
      {},
      adminToken,
    );
    expect(started.errors).toBeUndefined();
    const liveRow = page.getByTestId(`run-row-${started.data?.runCommand.id ?? ''}`);
    await liveRow.waitFor({ timeout: 20_000 });
    await waitUntil(
      'its end, live',
      () => liveRow.getAttribute('data-status'),
      (status) => status === 'SUCCEEDED' || status === 'FAILED',
      { timeoutMs: 60_000 },
    );

    // Pages of 25: enough runs for a second one.
    for (let i = 0; i < 22; i += 1) {
      const run = await platform.request('mutation { runCommand(command: "server ls") { id } }', {}, adminToken);
      expect(run.errors).toBeUndefined();
    }
    await page.reload();
    await page.getByTestId('runs-load-more').waitFor({ timeout: 20_000 });
    const firstPage = await rows.count();
    expect(firstPage).toBe(25);
    await page.getByTestId('runs-load-more').click();
    await waitUntil(
      'the next page',
      () => rows.count(),
      (count) => count > firstPage,
    );

    // The admin's user filter: the viewer has run nothing yet.
    await page.getByTestId('runs-filter-user').selectOption(viewerId);
    await page.getByTestId('runs-filter-apply').click();
    await page.getByTestId('runs-history').getByText('No run matches.').waitFor({ timeout: 20_000 });
    await page.getByTestId('runs-filter-clear').click();

    const link = page.getByTestId(`run-link-${started.data?.runCommand.id ?? ''}`);
    await link.click();
    await page.getByTestId('run-view').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('run-command-line').textContent()).toBe('$ docker mcp server ls --json');
    await openRunPage(page);
    await expectAccessible(page, 'the Run page with its history');
  }, 180_000);

  it('offers a viewer only the viewer commands, and shows them only their own runs', async () => {
    const commands = await platform.request<{ executorCommands: CommandRow[] }>('{ executorCommands { name minimumRole } }', {}, adminToken);
    const viewerCommands = (commands.data?.executorCommands ?? []).filter((c) => c.minimumRole === 'VIEWER').map((c) => c.name);
    expect(viewerCommands).toContain('server ls');

    viewerBrowser = await launchChromium();
    await keepOnLoopback(viewerBrowser.context, offLoopback);
    const viewerPage = await viewerBrowser.context.newPage();
    collectConsoleErrors(viewerPage, consoleErrors);
    await signInThroughForm(viewerPage, platform.url, viewer.email, viewer.password);
    await openRunPage(viewerPage);
    const offered = await viewerPage
      .getByTestId('run-command')
      .locator('option')
      .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
    expect([...offered].sort()).toEqual([...viewerCommands].sort());
    expect(offered).not.toContain('server enable');
    // None of the admin's runs, and no user filter.
    expect(await viewerPage.getByTestId('runs-history').getByText('No run matches.').count()).toBe(1);
    expect(await viewerPage.getByTestId('runs-filter-user').count()).toBe(0);

    await viewerPage.getByTestId('run-command').selectOption('server ls');
    await submitAndFollow(viewerPage);
    await waitForStatus(viewerPage, 'SUCCEEDED');
    await viewerPage.getByTestId('back-to-run').click();
    const rows = viewerPage.locator('[data-testid^="run-row-"]');
    await waitUntil(
      'their one run',
      () => rows.count(),
      (count) => count === 1,
    );
    await expectAccessible(viewerPage, 'the Run page of a viewer');
  }, 90_000);

  it('kept the browser on loopback and logged no console error', () => {
    expect(offLoopback).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
