import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { waitUntil } from '@mcp-portal/kit/testing';
import { startTestPlatform, type TestPlatform } from '@mcp-portal/platform/testing';
import { collectConsoleErrors, launchChromium, signInThroughForm, type Chromium } from './chromium.ts';

/**
 * Tool policies on a server's page, in Chromium against the whole platform: server-memory runs as a local
 * process; an admin disables one tool and keeps another for admins with the controls of its tools list,
 * the page follows a change made elsewhere live, and a viewer sees each tool's policy without controls.
 */
describe('tool policies in a browser', () => {
  let platform: TestPlatform;
  let adminToken: string;
  let browser: Chromium;
  let viewerBrowser: Chromium | undefined;
  let page: Page;
  let serverId: string;
  const consoleErrors: string[] = [];
  const viewer = { email: `viewer-${Date.now().toString(36)}@example.test`, password: 'viewer-password-1' };

  const policyOf = async (tool: string) => {
    const read = await platform.request<{ server: { tools: { name: string; policy: { enabled: boolean; minRole: string } }[] } }>(
      'query($id: ID!) { server(id: $id) { tools { name policy { enabled minRole } } } }',
      { id: serverId },
      adminToken,
    );
    return read.data?.server.tools.find((candidate) => candidate.name === tool)?.policy;
  };

  beforeAll(async () => {
    platform = await startTestPlatform({ label: 'web-tool-policy', env: { MCP_RUNTIME: 'process' } });
    adminToken = await platform.adminToken();
    const user = await platform.request(
      'mutation($email: String!, $password: String!) { createUser(email: $email, password: $password, role: VIEWER) { id } }',
      viewer,
      adminToken,
    );
    expect(user.errors).toBeUndefined();
    const enabled = await platform.request<{ enableServer: { id: string } }>('mutation { enableServer(name: "memory") { id } }', {}, adminToken);
    serverId = enabled.data?.enableServer.id ?? '';
    await waitUntil(
      'memory to list its tools',
      () => policyOf('read_graph'),
      (policy) => policy !== undefined,
      { timeoutMs: 60_000 },
    );
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

  it('lets an admin disable a tool and keep another for admins, and follows a change made elsewhere', async () => {
    await page.goto(`${platform.url}/servers/${serverId}`);
    await page.getByTestId('tool-delete_entities').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('tool-policy-delete_entities').getAttribute('data-state')).toBe('enabled');
    const toggle = page.getByTestId('tool-enabled-delete_entities');
    expect(await toggle.isChecked()).toBe(true);

    // The checkbox follows the stored policy: it changes once the API answered.
    await toggle.click();
    await page.waitForSelector('[data-testid="tool-policy-delete_entities"][data-state="disabled"]', { timeout: 10_000 });
    expect(await toggle.isChecked()).toBe(false);
    expect(await policyOf('delete_entities')).toEqual({ enabled: false, minRole: 'OPERATOR' });

    await page.getByTestId('tool-min-role-read_graph').selectOption('ADMIN');
    await page.waitForSelector('[data-testid="tool-policy-read_graph"][data-state="admin-only"]', { timeout: 10_000 });
    expect(await page.getByTestId('tool-policy-read_graph').textContent()).toBe('Admins only');
    expect(await policyOf('read_graph')).toEqual({ enabled: true, minRole: 'ADMIN' });

    // Another admin (here the API) enables the tool again: the open page shows it without a reload.
    const changed = await platform.request(
      'mutation($id: ID!) { setToolPolicy(serverId: $id, tool: "delete_entities", enabled: true) { enabled } }',
      { id: serverId },
      adminToken,
    );
    expect(changed.errors).toBeUndefined();
    await page.waitForSelector('[data-testid="tool-policy-delete_entities"][data-state="enabled"]', { timeout: 15_000 });
    expect(await toggle.isChecked()).toBe(true);
    expect(consoleErrors).toEqual([]);
  }, 60_000);

  it("shows a viewer each tool's policy, without the controls", async () => {
    viewerBrowser = await launchChromium();
    const viewerPage = await viewerBrowser.context.newPage();
    await signInThroughForm(viewerPage, platform.url, viewer.email, viewer.password);
    await viewerPage.goto(`${platform.url}/servers/${serverId}`);
    await viewerPage.getByTestId('tool-read_graph').waitFor({ timeout: 20_000 });
    expect(await viewerPage.getByTestId('tool-policy-read_graph').getAttribute('data-state')).toBe('admin-only');
    expect(await viewerPage.getByTestId('tool-policy-delete_entities').getAttribute('data-state')).toBe('enabled');
    expect(await viewerPage.locator('[data-testid^="tool-enabled-"]').count()).toBe(0);
    expect(await viewerPage.locator('[data-testid^="tool-min-role-"]').count()).toBe(0);
  }, 60_000);
});
