import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '@mcp-portal/kit/testing';
import { startTestPlatform, subscribe, waitForSubscribers, wsClient, type TestPlatform } from '../src/testing/index.ts';

/** serverLogs through the router: the last lines first (tail on subscribe), then live ones, in order. */
let platform: TestPlatform;
let token: string;
let serverId: string;

interface LogLine {
  serverLogs: { id: string; stream: string; line: string };
}

beforeAll(async () => {
  platform = await startTestPlatform({ label: 'server-logs', env: { MCP_RUNTIME: 'process' } });
  token = await platform.adminToken();
  serverId = (await platform.request<{ enableServer: { id: string } }>('mutation { enableServer(name: "memory") { id } }', {}, token)).data!.enableServer.id;
  const statusOf = async () =>
    (await platform.request<{ server: { status: string } }>('query($id: ID!) { server(id: $id) { status } }', { id: serverId }, token)).data?.server.status;
  await waitUntil('the memory server to run', statusOf, (status) => status === 'RUNNING', { timeoutMs: 60_000 });
}, 90_000);
afterAll(async () => {
  await platform?.close();
});

describe('serverLogs with a tail', () => {
  it('sends the last lines first, then new lines live, in order and without repeats', async () => {
    const tail = async () =>
      (
        await platform.request<{ server: { logs: { id: string; line: string }[] } }>(
          'query($id: ID!) { server(id: $id) { logs(tail: 2) { id line } } }',
          { id: serverId },
          token,
        )
      ).data!.server.logs;
    await expect.poll(async () => (await tail()).map((l) => l.line), { timeout: 20_000 }).toContain('running');
    const lastTwo = await tail();

    const client = wsClient(platform.wsUrl, token);
    try {
      const live = subscribe<LogLine>(client, 'subscription($id: ID!) { serverLogs(serverId: $id, tail: 2) { id stream line } }', { id: serverId });
      await live.next((e) => e.serverLogs.id === lastTwo[1]!.id);
      expect(live.received.slice(0, 2).map((e) => e.serverLogs.id)).toEqual(lastTwo.map((l) => l.id));
      await waitForSubscribers(platform.url, 1);
      await platform.request('mutation($id: ID!) { restartServer(id: $id) { id } }', { id: serverId }, token);
      await live.next((e) => e.serverLogs.line === 'running' && !lastTwo.some((l) => l.id === e.serverLogs.id), 20_000);
      const ids = live.received.map((e) => Number(e.serverLogs.id));
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(new Set(ids).size).toBe(ids.length);
      expect(live.received.map((e) => e.serverLogs.line)).toContain('stopping (restarting)');
    } finally {
      await client.dispose();
    }
  });

  it('refuses a tail above 1000', async () => {
    const client = wsClient(platform.wsUrl, token);
    try {
      const live = subscribe<LogLine>(client, 'subscription($id: ID!) { serverLogs(serverId: $id, tail: 5000) { id } }', { id: serverId });
      await expect(live.next(() => true, 15_000)).rejects.toThrow(/tail must be between 0 and 1000/);
    } finally {
      await client.dispose();
    }
  });
});
