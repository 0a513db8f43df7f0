import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '@mcp-portal/kit';
import { startGatewayProxy, type RunningGatewayProxy } from '../src/index.ts';

/** The proxy started without its MCP options (see standalone.test.ts for the proxy on its own): health only. */
let proxy: RunningGatewayProxy;
beforeAll(async () => {
  proxy = await startGatewayProxy({ port: 0, host: '127.0.0.1', logger: createLogger('test', 'silent') });
});
afterAll(() => proxy.close());

it('answers /health with ok', async () => {
  const response = await fetch(`${proxy.url}/health`);
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ status: 'ok' });
});

it('says plainly that /mcp is not served without its options, rather than pretending', async () => {
  expect(proxy.mcpUrl).toBeNull();
  const response = await fetch(`${proxy.url}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  expect(response.status).toBe(501);
  expect(await response.json()).toMatchObject({ error: 'not_implemented', message: expect.stringContaining('without its MCP options') });
  expect((await fetch(`${proxy.url}/.well-known/oauth-protected-resource/mcp`)).status).toBe(501);
});

it('answers unknown paths with a JSON 404, not a stack trace', async () => {
  const response = await fetch(`${proxy.url}/nothing-here`);
  expect(response.status).toBe(404);
  expect(await response.json()).toMatchObject({ error: 'not_found' });
});
