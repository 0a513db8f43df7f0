import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clients, gatewayEntryName } from '@mcp-portal/schema/clients';
import { startTestPlatform, type TestPlatform } from '@mcp-portal/platform/testing';
import { collectConsoleErrors, launchChromium, signInThroughForm, type Chromium } from './chromium.ts';

/**
 * The "Connect a client" page of the built portal in Debian's Chromium: the gateway-proxy URL the router
 * names at /.well-known/mcp-portal, each client's snippets from the shared clients module, the CLI
 * command, the copy buttons and the paths of the OS chosen.
 */
describe('Connect a client', () => {
  let platform: TestPlatform;
  let browser: Chromium;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    platform = await startTestPlatform({ label: 'web-connect' });
    browser = await launchChromium();
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: platform.url });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  }, 60_000);

  it('shows the gateway-proxy URL, every client with its snippets and command, and copies them', async () => {
    const page = await browser.context.newPage();
    collectConsoleErrors(page, consoleErrors);
    await signInThroughForm(page, platform.url, platform.admin.email, platform.admin.password);
    await page.getByTestId('nav-connect').click();
    expect(new URL(page.url()).pathname).toBe('/connect');

    const mcpUrl = platform.platform.gatewayProxy.mcpUrl ?? '';
    expect(mcpUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    await page.getByTestId('gateway-mcp-url').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('gateway-mcp-url').textContent()).toBe(mcpUrl);
    expect(await page.getByTestId('gateway-sse-url').textContent()).toBe(new URL('/sse', mcpUrl).href);

    for (const client of clients) await page.getByTestId(`client-${client.id}`).waitFor();
    const vscodeStdio = JSON.parse((await page.getByTestId('client-vscode-stdio').textContent()) ?? '') as unknown;
    expect(vscodeStdio).toEqual({ servers: { [gatewayEntryName]: { type: 'stdio', command: 'docker', args: ['mcp', 'gateway', 'run'] } } });
    const vscodeRemote = JSON.parse((await page.getByTestId('client-vscode-remote').textContent()) ?? '') as {
      servers: Record<string, { type: string; url: string }>;
    };
    expect(vscodeRemote.servers[gatewayEntryName]).toMatchObject({ type: 'http', url: mcpUrl });
    // Claude Desktop starts commands only: no URL entry.
    expect(await page.getByTestId('client-claude-desktop-remote').count()).toBe(0);
    expect(await page.getByTestId('client-claude-code-command').textContent()).toBe('docker mcp client connect claude-code');

    await page.getByTestId('client-cursor-command-copy').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="client-cursor-command-copy"]')?.textContent === 'Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('docker mcp client connect cursor');
    await page.getByTestId('gateway-mcp-url-copy').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="gateway-mcp-url-copy"]')?.textContent === 'Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(mcpUrl);

    // Headless Chromium on Linux: Linux paths first; then those of the OS chosen.
    expect(await page.getByTestId('client-claude-desktop-path-global').textContent()).toBe('~/.config/Claude/claude_desktop_config.json');
    await page.getByTestId('connect-os').selectOption('win32');
    expect(await page.getByTestId('client-claude-desktop-path-global').textContent()).toBe('%APPDATA%\\Claude\\claude_desktop_config.json');
    await page.getByTestId('connect-os').selectOption('darwin');
    expect(await page.getByTestId('client-vscode-path-global').textContent()).toBe('~/Library/Application Support/Code/User/mcp.json');
    expect(await page.getByTestId('client-vscode-path-project').textContent()).toBe('./.vscode/mcp.json');

    // A deep link lands on the same page.
    await page.reload();
    await page.getByTestId('gateway-mcp-url').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('nav-connect').getAttribute('aria-current')).toBe('page');
    expect(consoleErrors).toEqual([]);
    await page.close();
  });
});
