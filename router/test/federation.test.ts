import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  enableServerMutation,
  serverStatusChangedSubscription,
  setServerStatusMutation,
  type EnableServerResult,
  type ServerStatusChangedResult,
} from '@mcp-portal/schema/operations';
import { startTestPlatform, subscribe, wsClient, type TestPlatform } from '../src/testing/index.ts';

let platform: TestPlatform;
let token: string;
let serverId: string;

beforeAll(async () => {
  platform = await startTestPlatform({ label: 'router' });
  token = await platform.adminToken();
  const enabled = await platform.request<EnableServerResult>(enableServerMutation, { name: 'fetch' }, token);
  serverId = enabled.data!.enableServer.id;
});
afterAll(async () => {
  await platform?.close();
});

describe('router over the five subgraphs', () => {
  it('resolves one query across the servers, auth and config subgraphs', async () => {
    await platform.request(
      'mutation($id: ID!) { setServerConfig(serverId: $id, key: "timeout", value: 30) { key } }',
      { id: serverId },
      token,
    );
    const result = await platform.request<{
      servers: { name: string; status: string; enabledBy: { email: string; role: string }; config: { key: string; value: unknown }[] }[];
      me: { email: string };
    }>('{ me { email } servers { name status enabledBy { email role } config { key value } } }', {}, token);
    expect(result.errors).toBeUndefined();
    expect(result.data?.me.email).toBe(platform.admin.email);
    expect(result.data?.servers).toEqual([
      { name: 'fetch', status: 'STOPPED', enabledBy: { email: platform.admin.email, role: 'ADMIN' }, config: [{ key: 'timeout', value: 30 }] },
    ]);
  });

  it('delivers a status change to a subscriber, with fields from the auth and config subgraphs', async () => {
    const client = wsClient(platform.wsUrl, token);
    const live = subscribe<ServerStatusChangedResult & { serverStatusChanged: { config: { key: string }[] } }>(
      client,
      serverStatusChangedSubscription.replace('catalogEntry { title description }', 'catalogEntry { title description } config { key }'),
      { id: serverId },
    );
    await new Promise((r) => setTimeout(r, 300));
    await platform.request(setServerStatusMutation, { id: serverId, status: 'RUNNING' }, token);
    const event = await live.next((e) => e.serverStatusChanged.status === 'RUNNING');
    expect(event.serverStatusChanged).toMatchObject({
      id: serverId,
      name: 'fetch',
      status: 'RUNNING',
      enabledBy: { email: platform.admin.email },
      config: [{ key: 'timeout' }],
    });
    await live.close();
    await client.dispose();
  });

  it('filters by id: a subscriber to another server sees nothing', async () => {
    const client = wsClient(platform.wsUrl, token);
    const other = await platform.request<EnableServerResult>(enableServerMutation, { name: 'memory' }, token);
    const otherId = other.data!.enableServer.id;
    const onlyOther = subscribe<ServerStatusChangedResult>(client, serverStatusChangedSubscription, { id: otherId });
    const all = subscribe<ServerStatusChangedResult>(client, serverStatusChangedSubscription, {});
    await new Promise((r) => setTimeout(r, 300));
    await platform.request(setServerStatusMutation, { id: serverId, status: 'ERROR', lastError: 'exit 1' }, token);
    const seen = await all.next((e) => e.serverStatusChanged.status === 'ERROR');
    expect(seen.serverStatusChanged.lastError).toBe('exit 1');
    await platform.request(setServerStatusMutation, { id: otherId, status: 'STARTING' }, token);
    await onlyOther.next((e) => e.serverStatusChanged.status === 'STARTING');
    expect(onlyOther.received.every((e) => e.serverStatusChanged.id === otherId)).toBe(true);
    await client.dispose();
  });

  it('refuses a subscription without a token (socket closed with 4403)', async () => {
    const closed = new Promise<{ code: number }>((resolve) => {
      const client = wsClient(platform.wsUrl, undefined, (event) => resolve(event as { code: number }));
      subscribe(client, serverStatusChangedSubscription, {});
    });
    expect((await closed).code).toBe(4403);
  });

  it('refuses a subscription with a forged token', async () => {
    const closed = new Promise<{ code: number }>((resolve) => {
      const client = wsClient(platform.wsUrl, `${token.slice(0, -4)}AAAA`, (event) => resolve(event as { code: number }));
      subscribe(client, serverStatusChangedSubscription, {});
    });
    expect((await closed).code).toBe(4403);
  });

  it('refuses queries and mutations without a token at the subgraph that owns the data', async () => {
    const result = await platform.request('{ servers { id } }');
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('enforces the depth and alias limits', async () => {
    const deep = `{ servers { catalogEntry { name } enabledBy { ${'id '.repeat(1)} } } }`;
    expect((await platform.request(deep, {}, token)).errors).toBeUndefined();
    const aliases = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
    const refused = await platform.request(aliases, {}, token);
    expect(refused.errors?.[0]?.message).toMatch(/alias/i);
  });

  it('reports every subgraph, Postgres and Redis on /health', async () => {
    const response = await fetch(`${platform.url}/health`);
    const report = (await response.json()) as { status: string; checks: Record<string, { status: string }> };
    expect(response.status).toBe(200);
    expect(Object.keys(report.checks).sort()).toEqual(
      ['postgres', 'redis', 'subgraph:auth', 'subgraph:config', 'subgraph:dcr', 'subgraph:executor', 'subgraph:servers'].sort(),
    );
    expect(Object.values(report.checks).every((c) => c.status === 'ok')).toBe(true);
  });
});
