import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { waitUntil } from '@mcp-portal/kit/testing';
import { startTestPlatform, type TestPlatform } from '@mcp-portal/platform/testing';
import { finiteAnimationsEnded, seriousViolations } from './axe.ts';
import { collectConsoleErrors, launchChromium, signInThroughForm, type Chromium } from './chromium.ts';

interface ToolCallRow {
  actorEmail: string | null;
  detail: { tool?: string; via?: string; isError?: boolean } | null;
}

/**
 * Calling tools from a server's page, in Chromium against the whole platform: server-everything (13 tools)
 * runs as a local process; an operator calls tools through the generated forms, the calls go through the
 * gateway-proxy (or GraphQL callTool when the portal learns of no gateway-proxy), arguments are checked
 * before anything is sent, results show as text, images, resource links and structured content, the tool
 * list can be searched, recent calls survive a reload and run again, a long call shows its progress and can be
 * cancelled; a viewer gets no call form.
 */
describe('tool calls from the portal', () => {
  let platform: TestPlatform;
  let adminToken: string;
  let serverId: string;
  let browser: Chromium;
  let viewerBrowser: Chromium | undefined;
  let page: Page;
  const consoleErrors: string[] = [];
  const suffix = Date.now().toString(36);
  const operator = { email: `operator-${suffix}@example.test`, password: 'operator-password-1' };
  const viewer = { email: `viewer-${suffix}@example.test`, password: 'viewer-password-1' };

  const toolCalls = async (): Promise<ToolCallRow[]> => {
    const read = await platform.request<{ auditEvents: { events: ToolCallRow[] } }>(
      '{ auditEvents(filter: { action: "tool.call" }, first: 100) { events { actorEmail detail } } }',
      {},
      adminToken,
    );
    return read.data?.auditEvents.events ?? [];
  };

  const openCall = async (tool: string) => {
    await page.getByTestId(`tool-call-toggle-${tool}`).click();
    await page.getByTestId(`tool-call-${tool}`).waitFor();
  };

  const resultOf = async (tool: string) => {
    const result = page.getByTestId(`tool-call-result-${tool}`);
    await result.waitFor({ timeout: 20_000 });
    return result;
  };

  beforeAll(async () => {
    platform = await startTestPlatform({ label: 'web-tool-call', env: { MCP_RUNTIME: 'process' } });
    adminToken = await platform.adminToken();
    for (const [user, role] of [
      [operator, 'OPERATOR'],
      [viewer, 'VIEWER'],
    ] as const) {
      const created = await platform.request(
        'mutation($email: String!, $password: String!, $role: Role!) { createUser(email: $email, password: $password, role: $role) { id } }',
        { ...user, role },
        adminToken,
      );
      expect(created.errors).toBeUndefined();
    }
    const enabled = await platform.request<{ enableServer: { id: string } }>('mutation { enableServer(name: "everything") { id } }', {}, adminToken);
    serverId = enabled.data?.enableServer.id ?? '';
    await waitUntil(
      'everything to run and list its tools',
      async () =>
        (
          await platform.request<{ server: { status: string; tools: { name: string }[] } }>(
            'query($id: ID!) { server(id: $id) { status tools { name } } }',
            { id: serverId },
            adminToken,
          )
        ).data?.server,
      (server) => server?.status === 'RUNNING' && server.tools.length >= 13,
      { timeoutMs: 60_000 },
    );
    // One tool kept for admins and one disabled: the operator sees why they cannot be called.
    for (const change of ['tool: "get-env", minRole: ADMIN', 'tool: "toggle-subscriber-updates", enabled: false']) {
      const set = await platform.request(`mutation($id: ID!) { setToolPolicy(serverId: $id, ${change}) { enabled } }`, { id: serverId }, adminToken);
      expect(set.errors).toBeUndefined();
    }
    browser = await launchChromium();
    page = await browser.context.newPage();
    collectConsoleErrors(page, consoleErrors);
    await signInThroughForm(page, platform.url, operator.email, operator.password);
    await page.goto(`${platform.url}/servers/${serverId}`);
    await page.getByTestId('tool-echo').waitFor({ timeout: 20_000 });
  }, 120_000);

  afterAll(async () => {
    await viewerBrowser?.close();
    await browser?.close();
    await platform?.close();
  }, 60_000);

  it('calls a tool through its form and the gateway-proxy, showing the result and how long it took', async () => {
    await openCall('echo');
    expect(await page.getByTestId('tool-call-path-echo').textContent()).toMatch(/gateway-proxy/);
    await page.getByTestId('tool-echo-arg-message').fill('hello portal');
    await page.getByTestId('tool-call-submit-echo').click();
    const result = await resultOf('echo');
    expect(await result.getAttribute('data-outcome')).toBe('ok');
    expect(await result.getByTestId('tool-result-text').textContent()).toBe('Echo: hello portal');
    expect(await page.getByTestId('tool-call-duration-echo').textContent()).toMatch(/^\d+ ms$/);
    expect(await page.getByTestId('tool-call-via-echo').getAttribute('data-via')).toBe('gateway-proxy');

    // The raw result is the MCP CallToolResult.
    await page.getByTestId('tool-call-raw-result-echo').check();
    expect(JSON.parse((await page.getByTestId('tool-call-raw-json-echo').textContent()) ?? '')).toMatchObject({
      content: [{ type: 'text', text: 'Echo: hello portal' }],
    });

    // The audit log has the call, made by the operator through the gateway-proxy.
    const rows = await waitUntil('the call in the audit log', toolCalls, (events) => events.some((event) => event.detail?.tool === 'echo'));
    expect(rows.find((event) => event.detail?.tool === 'echo')).toMatchObject({ actorEmail: operator.email, detail: { via: 'gateway-proxy' } });
  }, 60_000);

  it('checks the arguments as the CLI does before sending anything', async () => {
    const before = (await toolCalls()).length;
    await openCall('get-sum');
    await page.getByTestId('tool-get-sum-arg-a').fill('1');
    await page.getByTestId('tool-call-submit-get-sum').click();
    expect(await page.getByTestId('tool-get-sum-arg-b-error').textContent()).toBe('This field is required.');
    expect(await page.getByTestId('tool-get-sum-arg-b').getAttribute('aria-invalid')).toBe('true');

    await page.getByTestId('tool-call-raw-toggle-get-sum').check();
    const raw = page.getByTestId('tool-call-raw-get-sum');
    await raw.fill('{"a": 1, "b": "two"}');
    await page.getByTestId('tool-call-submit-get-sum').click();
    expect(await page.getByTestId('tool-call-form-error-get-sum').textContent()).toBe('The argument b must be a number, not "two".');
    await raw.fill('{"a": 1, "b": 2, "c": 3}');
    await page.getByTestId('tool-call-submit-get-sum').click();
    expect(await page.getByTestId('tool-call-form-error-get-sum').textContent()).toBe('The tool get-sum has no argument c: its arguments are a, b.');
    await raw.fill('[1, 2]');
    await page.getByTestId('tool-call-submit-get-sum').click();
    expect(await page.getByTestId('tool-call-form-error-get-sum').textContent()).toMatch(/^The arguments must be a JSON object/);

    await raw.fill('{"a": 2, "b": 3}');
    await page.getByTestId('tool-call-submit-get-sum').click();
    expect(await (await resultOf('get-sum')).getByTestId('tool-result-text').textContent()).toBe('The sum of 2 and 3 is 5.');
    // Back to the inputs: they show the arguments of the JSON.
    await page.getByTestId('tool-call-raw-toggle-get-sum').uncheck();
    expect(await page.getByTestId('tool-get-sum-arg-b').inputValue()).toBe('3');
    // Only the one call that was sent reached the platform.
    const after = await waitUntil('the sum in the audit log', toolCalls, (events) => events.length > before);
    expect(after.length - before).toBe(1);
  }, 60_000);

  it('marks a result the tool reported as an error (isError)', async () => {
    await openCall('gzip-file-as-resource');
    // A protocol the tool refuses before fetching anything.
    await page.getByTestId('tool-gzip-file-as-resource-arg-data').fill('ftp://example.invalid/file.txt');
    await page.getByTestId('tool-call-submit-gzip-file-as-resource').click();
    const result = await resultOf('gzip-file-as-resource');
    expect(await result.getAttribute('data-outcome')).toBe('tool-error');
    expect(await page.getByTestId('tool-call-outcome-gzip-file-as-resource').textContent()).toMatch(/isError/);
    expect(await result.getByTestId('tool-result-text').textContent()).toMatch(/ftp/);
  }, 60_000);

  it('shows images, resource links and structured content', async () => {
    await openCall('get-tiny-image');
    await page.getByTestId('tool-call-submit-get-tiny-image').click();
    const image = (await resultOf('get-tiny-image')).getByTestId('tool-result-image');
    await image.waitFor();
    expect(await image.getAttribute('src')).toMatch(/^data:image\/png;base64,iVBOR/);
    // The CSP lets the data: image load.
    await waitUntil(
      'the image to load',
      () => image.evaluate((element) => (element as HTMLImageElement).naturalWidth),
      (width) => width > 0,
    );

    await openCall('get-resource-links');
    await page.getByTestId('tool-get-resource-links-arg-count').fill('2');
    await page.getByTestId('tool-call-submit-get-resource-links').click();
    const links = (await resultOf('get-resource-links')).getByTestId('tool-result-link');
    await links.first().waitFor();
    expect(await links.count()).toBe(2);
    expect(await links.first().textContent()).toMatch(/demo:\/\/resource\/dynamic\//);
    // Not an http(s) URI: no link to follow.
    expect(await links.first().locator('a').count()).toBe(0);

    await openCall('get-structured-content');
    await page.getByTestId('tool-get-structured-content-arg-location').selectOption({ label: 'Chicago' });
    await page.getByTestId('tool-call-submit-get-structured-content').click();
    const structured = (await resultOf('get-structured-content')).getByTestId('tool-result-structured');
    await structured.waitFor();
    expect(await structured.textContent()).toMatch(/"temperature"/);

    // The open forms and their results (an error among them) pass axe-core's checks, light and dark.
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      // The page follows the scheme live: wait for the theme and its colour transitions to settle.
      await page.waitForFunction((scheme) => document.documentElement.dataset.theme === scheme, colorScheme);
      await finiteAnimationsEnded(page);
      expect(await seriousViolations(page), colorScheme).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: 'light' });
  }, 60_000);

  it('narrows the tools with the search box', async () => {
    const items = page.locator('[data-testid="tools"] > li');
    const all = await items.count();
    expect(all).toBeGreaterThanOrEqual(13);
    await page.getByTestId('tool-search').fill('sum');
    await waitUntil(
      'the search to apply',
      () => items.count(),
      (count) => count === 1,
    );
    expect(await page.getByTestId('tool-get-sum').isVisible()).toBe(true);
    expect(await page.getByTestId('tool-search-count').textContent()).toBe(`1 of ${all} tools`);
    await page.getByTestId('tool-search').fill('image tiny');
    await waitUntil(
      'the search to apply',
      () => items.count(),
      (count) => count === 1,
    );
    expect(await page.getByTestId('tool-get-tiny-image').isVisible()).toBe(true);
    await page.getByTestId('tool-search').fill('no such tool');
    await page.getByTestId('tool-search-empty').waitFor();
    await page.getByTestId('tool-search').fill('');
    await waitUntil(
      'every tool again',
      () => items.count(),
      (count) => count === all,
    );
  });

  it('says why a tool cannot be called: disabled, or kept for admins', async () => {
    expect(await page.getByTestId('tool-call-blocked-get-env').textContent()).toMatch(/Admins only/);
    expect(await page.getByTestId('tool-call-blocked-toggle-subscriber-updates').textContent()).toMatch(/Disabled/);
    expect(await page.getByTestId('tool-call-toggle-get-env').count()).toBe(0);
  });

  it('keeps the recent calls across a reload and runs one again', async () => {
    await page.reload();
    const recent = page.getByTestId('recent-tool-call');
    await recent.first().waitFor({ timeout: 20_000 });
    expect(await recent.count()).toBe(6);
    expect(await recent.first().getAttribute('data-tool')).toBe('get-structured-content');
    const echo = page.locator('[data-testid="recent-tool-call"][data-tool="echo"]');
    expect(await echo.getAttribute('data-outcome')).toBe('ok');
    expect(JSON.parse((await echo.getByTestId('recent-tool-call-arguments').textContent()) ?? '')).toEqual({ message: 'hello portal' });
    expect(await page.locator('[data-testid="recent-tool-call"][data-tool="gzip-file-as-resource"]').getAttribute('data-outcome')).toBe('tool-error');

    await echo.getByTestId('recent-tool-call-rerun').click();
    const result = await resultOf('echo');
    expect(await result.getAttribute('data-outcome'), (await result.textContent()) ?? '').toBe('ok');
    expect(await result.getByTestId('tool-result-text').textContent()).toBe('Echo: hello portal');
    expect(await page.getByTestId('tool-echo-arg-message').inputValue()).toBe('hello portal');
    await waitUntil(
      'the re-run to be listed',
      () => recent.count(),
      (count) => count === 7,
    );
    expect(await recent.first().getAttribute('data-tool')).toBe('echo');
    expect(consoleErrors).toEqual([]);
  }, 60_000);

  it('shows the progress of a long-running tool and cancels it', async () => {
    await openCall('trigger-long-running-operation');
    await page.getByTestId('tool-trigger-long-running-operation-arg-duration').fill('30');
    await page.getByTestId('tool-trigger-long-running-operation-arg-steps').fill('30');
    await page.getByTestId('tool-call-submit-trigger-long-running-operation').click();
    const progress = page.getByTestId('tool-call-progress-trigger-long-running-operation');
    await progress.waitFor({ timeout: 10_000 });
    expect(await progress.textContent()).toMatch(/^Progress \d+ of 30/);
    await page.getByTestId('tool-call-cancel-trigger-long-running-operation').click();
    const result = await resultOf('trigger-long-running-operation');
    expect(await result.getAttribute('data-outcome')).toBe('failed');
    expect(await page.getByTestId('tool-call-error-trigger-long-running-operation').textContent()).toMatch(/^Cancelled/);
    expect(await page.locator('[data-testid="recent-tool-call"]').first().getAttribute('data-tool')).toBe('trigger-long-running-operation');
  }, 60_000);

  it('falls back to GraphQL callTool when the portal learns of no gateway-proxy, and says so', async () => {
    const fallbackPage = await browser.context.newPage();
    const errors: string[] = [];
    collectConsoleErrors(fallbackPage, errors);
    await fallbackPage.route('**/.well-known/mcp-portal', (route) =>
      route.fulfill({ status: 404, contentType: 'application/json', body: '{"error":"not_found"}' }),
    );
    await fallbackPage.goto(`${platform.url}/servers/${serverId}`);
    await fallbackPage.getByTestId('tool-call-toggle-echo').click();
    await fallbackPage.getByTestId('tool-echo-arg-message').fill('via graphql');
    expect(await fallbackPage.getByTestId('tool-call-path-echo').textContent()).toMatch(/GraphQL callTool: this platform runs no gateway-proxy/);
    await fallbackPage.getByTestId('tool-call-submit-echo').click();
    const result = fallbackPage.getByTestId('tool-call-result-echo');
    await result.waitFor({ timeout: 20_000 });
    expect(await result.getByTestId('tool-result-text').textContent()).toBe('Echo: via graphql');
    expect(await fallbackPage.getByTestId('tool-call-via-echo').getAttribute('data-via')).toBe('graphql');
    await waitUntil('the GraphQL call in the audit log', toolCalls, (events) =>
      events.some((event) => event.detail?.tool === 'echo' && event.detail.via === 'graphql'),
    );
    await fallbackPage.close();
    // Chromium reports the 404 this test answers for the portal metadata; nothing else.
    expect(errors.filter((error) => !error.includes('status of 404'))).toEqual([]);
  }, 60_000);

  it('gives a viewer no call form and no recent calls, only the tools and their search', async () => {
    viewerBrowser = await launchChromium();
    const viewerPage = await viewerBrowser.context.newPage();
    await signInThroughForm(viewerPage, platform.url, viewer.email, viewer.password);
    await viewerPage.goto(`${platform.url}/servers/${serverId}`);
    await viewerPage.getByTestId('tool-echo').waitFor({ timeout: 20_000 });
    expect(await viewerPage.getByTestId('tool-search').count()).toBe(1);
    expect(await viewerPage.locator('[data-testid^="tool-call-"]').count()).toBe(0);
    expect(await viewerPage.getByTestId('recent-tool-calls').count()).toBe(0);
  }, 60_000);
});
