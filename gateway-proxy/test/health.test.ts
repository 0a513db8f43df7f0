import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger, type RunningHttpServer } from '@mcp-portal/kit';
import { startGatewayProxy } from '../src/index.ts';

let proxy: RunningHttpServer;
beforeAll(async () => {
  proxy = await startGatewayProxy({ port: 0, host: '127.0.0.1', logger: createLogger('test', 'silent') });
});
afterAll(() => proxy.close());

it('answers /health with ok', async () => {
  const response = await fetch(`${proxy.url}/health`);
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ status: 'ok' });
});

it('answers unknown paths with a JSON 404, not a stack trace', async () => {
  const response = await fetch(`${proxy.url}/mcp`);
  expect(response.status).toBe(404);
  expect(await response.json()).toMatchObject({ error: 'not_found' });
});
