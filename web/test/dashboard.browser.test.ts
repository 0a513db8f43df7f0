import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { waitUntil } from '@mcp-portal/kit/testing';
import { startTestPlatform, watchSubscribers, type SubscriberWatch, type TestPlatform } from '@mcp-portal/platform/testing';
import { describeFindings, seriousViolations } from './axe.ts';
import { collectConsoleErrors, launchChromium, signInThroughForm, type Chromium } from './chromium.ts';

/**
 * The dashboard, the home page, in Chromium against the whole platform (server-memory runs as a local
 * process): the servers by status and the failing ones follow changes made through the API live, tool calls
 * made through the API show in the totals, the chart, the busiest tools and the recent calls as they are
 * recorded, and an admin sees the audit events arrive while a viewer has no such card. The page is never
 * reloaded, and the portal's CSP refuses nothing (no console error).
 */
describe('the dashboard in a browser', () => {
  let platform: TestPlatform;
  let adminToken: string;
  let subscribers: SubscriberWatch;
  let browser: Chromium;
  let viewerBrowser: Chromium | undefined;
  let page: Page;
  let serverId: string;
  const consoleErrors: string[] = [];
  const viewer = { email: `viewer-${Date.now().toString(36)}@example.test`, password: 'viewer-password-1' };

  const statusOf = async () => {
    const read = await platform.request<{ server: { status: string } | null }>('query($id: ID!) { server(id: $id) { status } }', { id: serverId }, adminToken);
    return read.data?.server?.status;
  };
  const countOf = (target: Page, status: string) => target.getByTestId(`status-count-value-${status}`).getAttribute('data-count');
  const waitForCount = (target: Page, status: string, count: number) =>
    target.waitForSelector(`[data-testid="status-count-value-${status}"][data-count="${count}"]`, { timeout: 30_000 });
  const markDocument = (target: Page) =>
    target.evaluate(() => {
      (window as unknown as { __marker?: number }).__marker = 1;
    });
  const documentMarked = (target: Page) => target.evaluate(() => (window as unknown as { __marker?: number }).__marker === 1);

  beforeAll(async () => {
    platform = await startTestPlatform({ label: 'web-dashboard', env: { MCP_RUNTIME: 'process' } });
    subscribers = watchSubscribers(platform.platform.router.engine);
    adminToken = await platform.adminToken();
    const user = await platform.request(
      'mutation($email: String!, $password: String!) { createUser(email: $email, password: $password, role: VIEWER) { id } }',
      viewer,
      adminToken,
    );
    expect(user.errors).toBeUndefined();
    const enabled = await platform.request<{ enableServer: { id: string } }>('mutation { enableServer(name: "memory") { id } }', {}, adminToken);
    serverId = enabled.data?.enableServer.id ?? '';
    await waitUntil('memory to run', statusOf, (status) => status === 'RUNNING', { timeoutMs: 60_000 });
    browser = await launchChromium();
    page = await browser.context.newPage();
    collectConsoleErrors(page, consoleErrors);
    await signInThroughForm(page, platform.url, platform.admin.email, platform.admin.password);
  }, 120_000);

  afterAll(async () => {
    await viewerBrowser?.close();
    await browser?.close();
    await platform?.close();
  }, 60_000);

  it('is the home page after sign-in, with the servers by status', async () => {
    await page.getByTestId('dashboard').waitFor({ timeout: 20_000 });
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.getByTestId('nav-dashboard').getAttribute('aria-current')).toBe('page');
    await waitForCount(page, 'RUNNING', 1);
    expect(await countOf(page, 'STOPPED')).toBe('0');
    expect(await countOf(page, 'FAILED')).toBe('0');
    expect(await page.getByTestId('recent-failures').count()).toBe(0);
    // No tool call yet: each tool-call card says how to make one.
    await page.getByTestId('activity-empty').first().waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('activity-empty').count()).toBe(3);
    expect(await page.getByTestId('activity-total-calls').getAttribute('data-count')).toBe('0');
    expect(await page.getByTestId('activity-connect-link').first().getAttribute('href')).toBe('/connect');
    // The empty state's links sit in running text (the accessibility test sees the dashboard with calls only).
    const findings = await seriousViolations(page);
    expect(findings, describeFindings('/ without tool calls', findings)).toEqual([]);
    // A count links to the servers list.
    await page.getByTestId('status-count-RUNNING').click();
    await page.getByTestId('server-row-memory').waitFor({ timeout: 20_000 });
    expect(new URL(page.url()).pathname).toBe('/servers');
    await page.getByTestId('nav-dashboard').click();
    await page.getByTestId('status-counts').waitFor();
  });

  it('counts the servers live as they are stopped, started and fail elsewhere, with the failures and their errors', async () => {
    await markDocument(page);
    await page.waitForSelector('[data-testid="live-indicator"][data-state="connected"]', { timeout: 20_000 });
    await subscribers.waitFor((s) => s.field === 'serverStatusChanged' && s.filterValue === null && s.role === 'admin');

    const stopped = await platform.request('mutation($id: ID!) { stopServer(id: $id) { id } }', { id: serverId }, adminToken);
    expect(stopped.errors).toBeUndefined();
    await waitForCount(page, 'STOPPED', 1);
    expect(await countOf(page, 'RUNNING')).toBe('0');

    const started = await platform.request('mutation($id: ID!) { startServer(id: $id) { id } }', { id: serverId }, adminToken);
    expect(started.errors).toBeUndefined();
    await waitForCount(page, 'RUNNING', 1);
    expect(await countOf(page, 'STOPPED')).toBe('0');

    // github starts without its secret: it fails at once, and the failure shows with its error and a link.
    // The dashboard reads the list again when an event names a server it does not know. Here that read answers
    // as if it had been read just before github failed, and arrives after the failure was announced (a race a
    // loaded CI machine hit): the answer must not leave github counted STARTING.
    let listReads = 0;
    await page.route('**/graphql', async (route) => {
      if (!route.request().postData()?.includes('query PortalServers')) return route.continue();
      listReads += 1;
      const response = await route.fetch();
      if (listReads > 1) return route.fulfill({ response });
      const answer = (await response.json()) as { data: { servers: { name: string; status: string; lastError: string | null }[] } };
      for (const server of answer.data.servers) if (server.name === 'github') Object.assign(server, { status: 'STARTING', lastError: null });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.fulfill({ response, json: answer });
    });
    const github = await platform.request<{ enableServer: { id: string } }>('mutation { enableServer(name: "github") { id } }', {}, adminToken);
    expect(github.errors).toBeUndefined();
    await waitForCount(page, 'FAILED', 1);
    await page.unroute('**/graphql');
    expect(listReads).toBeGreaterThanOrEqual(2);
    await page.getByTestId('failure-github').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('failure-status-github').getAttribute('data-status')).toBe('FAILED');
    expect(await page.getByTestId('failure-error-github').textContent()).toContain('github needs the secret "github.personal_access_token"');
    expect(await page.getByTestId('failure-link-github').getAttribute('href')).toBe(`/servers/${github.data?.enableServer.id}`);
    expect(await documentMarked(page)).toBe(true);
  }, 90_000);

  it('counts tool calls made through the API as they are recorded: totals, chart, busiest tools, recent calls', async () => {
    await markDocument(page);
    await subscribers.waitFor((s) => s.field === 'toolCallRecorded' && s.role === 'admin');
    const call = (tool: string) =>
      platform.request<{ callTool: { isError: boolean } }>(
        'mutation($id: ID!, $tool: String!) { callTool(serverId: $id, name: $tool) { isError } }',
        { id: serverId, tool },
        adminToken,
      );
    expect((await call('read_graph')).errors).toBeUndefined();
    await page.waitForSelector('[data-testid="activity-total-calls"][data-count="1"]', { timeout: 20_000 });
    await page.getByTestId('activity-chart').waitFor();
    expect(await page.getByTestId('activity-chart-summary').textContent()).toMatch(/^1 call and 0 errors over 1 server/);
    expect(await page.locator('[data-testid="activity-chart"] svg .recharts-bar-rectangle').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('busiest-calls-memory-read_graph').getAttribute('data-count')).toBe('1');
    expect(await page.locator('[data-testid="recent-calls"] tr[data-tool="read_graph"]').count()).toBe(1);

    // A second call of the same tool, and a call of a tool memory does not have (an error).
    expect((await call('read_graph')).errors).toBeUndefined();
    expect((await call('no_such_tool')).errors).toBeDefined();
    await page.waitForSelector('[data-testid="activity-total-calls"][data-count="3"]', { timeout: 20_000 });
    await page.waitForSelector('[data-testid="activity-total-errors"][data-count="1"]', { timeout: 20_000 });
    await page.waitForSelector('[data-testid="busiest-calls-memory-read_graph"][data-count="2"]', { timeout: 20_000 });
    expect(await page.locator('[data-testid="busiest-tools"] tbody tr').first().getAttribute('data-testid')).toBe('busiest-tool-memory-read_graph');
    expect(await page.getByTestId('busiest-errors-memory-no_such_tool').getAttribute('data-count')).toBe('1');
    expect(await page.locator('[data-testid="recent-calls"] tbody tr').first().getAttribute('data-tool')).toBe('no_such_tool');
    expect(await page.locator('[data-testid="recent-calls"] tbody tr').count()).toBe(3);
    // The chart's numbers, as its table shows them (one bucket: the calls were made within the hour or two).
    await page.getByTestId('activity-chart').locator('summary').click();
    const bucketCalls = await page.locator('[data-testid="activity-bucket-calls-memory"]').allTextContents();
    expect(bucketCalls.map(Number).reduce((sum, count) => sum + count, 0)).toBe(3);

    // What the page counted live is what the API counts.
    const read = await platform.request<{ toolCallActivity: { totalCalls: number; totalErrors: number } }>(
      '{ toolCallActivity { totalCalls totalErrors } }',
      {},
      adminToken,
    );
    expect(read.data?.toolCallActivity).toEqual({ totalCalls: 3, totalErrors: 1 });
    await page.screenshot({ path: '/tmp/portal-dashboard.png', fullPage: true });
    await page.getByTestId('theme-dark').click();
    await page.screenshot({ path: '/tmp/portal-dashboard-dark.png', fullPage: true });
    await page.getByTestId('theme-system').click();
    await page.setViewportSize({ width: 360, height: 800 });
    await page.screenshot({ path: '/tmp/portal-dashboard-360.png', fullPage: true });
    // On a phone the chart and the tables fit the screen's width (the tables' rows as cards).
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await page.getByTestId('busiest-calls-memory-read_graph').getAttribute('data-label')).toBe('Calls');
    await page.setViewportSize({ width: 1280, height: 800 });
    // Another period reads the activity again.
    await page.getByTestId('activity-range').selectOption('1h');
    await page.waitForSelector('[data-testid="activity-total-calls"][data-count="3"]', { timeout: 20_000 });
    await page.getByTestId('activity-range').selectOption('24h');
    expect(await documentMarked(page)).toBe(true);
  }, 60_000);

  it('shows an admin the audit events as they are recorded', async () => {
    await page.getByTestId('dashboard-audit').waitFor();
    await subscribers.waitFor((s) => s.field === 'auditEventAdded' && s.role === 'admin');
    const created = await platform.request<{ createUser: { id: string } }>(
      'mutation($email: String!) { createUser(email: $email, password: "another-password-1", role: VIEWER) { id } }',
      { email: `someone-${Date.now().toString(36)}@example.test` },
      adminToken,
    );
    expect(created.errors).toBeUndefined();
    const row = page.locator('[data-testid="dashboard-audit"] [data-action="user.create"]');
    await row.first().waitFor({ timeout: 20_000 });
    expect(await row.first().textContent()).toContain(created.data?.createUser.id.slice(0, 8));
    expect(await documentMarked(page)).toBe(true);
  }, 60_000);

  it('shows a viewer the servers by status, without the audit events', async () => {
    viewerBrowser = await launchChromium();
    const viewerPage = await viewerBrowser.context.newPage();
    collectConsoleErrors(viewerPage, consoleErrors);
    await signInThroughForm(viewerPage, platform.url, viewer.email, viewer.password);
    await viewerPage.getByTestId('dashboard').waitFor({ timeout: 20_000 });
    await waitForCount(viewerPage, 'RUNNING', 1);
    await waitForCount(viewerPage, 'FAILED', 1);
    await viewerPage.waitForSelector('[data-testid="activity-total-calls"][data-count="3"]', { timeout: 20_000 });
    expect(await viewerPage.getByTestId('dashboard-audit').count()).toBe(0);
    expect(await viewerPage.getByTestId('nav-audit').count()).toBe(0);
    await viewerPage.close();
  }, 60_000);

  it('logged no errors in the browser console (the CSP refused nothing)', () => {
    expect(consoleErrors).toEqual([]);
  });
});
