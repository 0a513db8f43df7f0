import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  enableServerMutation,
  serverStatusChangedSubscription,
  setServerStatusMutation,
  type EnableServerResult,
  type ServerStatusChangedResult,
} from '@mcp-portal/schema/operations';
import { freePort, testRedisUrl, waitForHttp } from '@mcp-portal/kit/testing';
import { runTs, startTestPlatform, subscribe, wsClient, type ServiceProcess, type TestPlatform } from '../src/testing/index.ts';

let platform: TestPlatform;
const routers: { process: ServiceProcess; url: string }[] = [];

beforeAll(async () => {
  platform = await startTestPlatform({ label: 'two-routers' });
  const subgraphUrls = Object.fromEntries(
    platform.platform.subgraphs.map((s) => [`SUBGRAPH_${s.name.toUpperCase()}_URL`, `${s.url}/graphql`]),
  );
  const auth = platform.platform.subgraphs.find((s) => s.name === 'auth')!;
  for (let i = 0; i < 2; i++) {
    const port = await freePort();
    const process = runTs('router/src/main.ts', {
      ...subgraphUrls,
      PORT: String(port),
      REDIS_URL: testRedisUrl,
      MCP_CHANNEL_PREFIX: platform.channelPrefix,
      AUTH_JWKS_URL: `${auth.url}/.well-known/jwks.json`,
    });
    routers.push({ process, url: `http://127.0.0.1:${port}` });
  }
  await Promise.all(routers.map((r) => waitForHttp(`${r.url}/health`, 45_000).catch((e: Error) => {
    throw new Error(`${e.message}\n${r.process.output()}`);
  })));
}, 90_000);

afterAll(async () => {
  for (const router of routers) await router.process.stop();
  await platform?.close();
});

it('two router processes both deliver an event published by the servers subgraph through Redis', async () => {
  const token = await platform.adminToken();
  const enabled = await platform.request<EnableServerResult>(enableServerMutation, { name: 'github' }, token);
  const id = enabled.data!.enableServer.id;

  const clients = routers.map((r) => wsClient(`${r.url.replace('http', 'ws')}/graphql`, token));
  const lives = clients.map((c) => subscribe<ServerStatusChangedResult>(c, serverStatusChangedSubscription, { id }));
  await new Promise((r) => setTimeout(r, 500));

  // The mutation goes through the in-test router: neither process sees the write, only the Redis event.
  await platform.request(setServerStatusMutation, { id, status: 'RUNNING' }, token);
  const events = await Promise.all(lives.map((live) => live.next((e) => e.serverStatusChanged.status === 'RUNNING')));
  for (const event of events) {
    expect(event.serverStatusChanged).toMatchObject({ id, name: 'github', status: 'RUNNING', enabledBy: { email: platform.admin.email } });
  }
  for (const client of clients) await client.dispose();
});

it('each router process exits cleanly on SIGTERM', async () => {
  for (const router of routers) expect(await router.process.stop()).toBe(0);
});
