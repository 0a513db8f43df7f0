import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { supergraphPath } from '@mcp-portal/schema';
import {
  enableServerMutation,
  serverStatusChangedSubscription,
  setServerStatusMutation,
  type EnableServerResult,
  type ServerStatusChangedResult,
} from '../src/testing/index.ts';
import { freePort, testRedisUrl } from '@mcp-portal/kit/testing';
import {
  runTs,
  startTestPlatform,
  subscribe,
  waitForHealth,
  wsClient,
  type ServiceProcess,
  type TestPlatform,
  waitForSubscribers,
} from '../src/testing/index.ts';

let platform: TestPlatform;
let tempDir: string;
const routers: { process: ServiceProcess; url: string }[] = [];

beforeAll(async () => {
  platform = await startTestPlatform({ label: 'two-routers' });
  const subgraphUrls = Object.fromEntries(platform.platform.subgraphs.map((s) => [`SUBGRAPH_${s.name.toUpperCase()}_URL`, `${s.url}/graphql`]));
  // The second router reads its subgraph URLs from a supergraph file given with --supergraph.
  tempDir = await mkdtemp(join(tmpdir(), 'mcp-supergraph-'));
  let rewritten = await readFile(supergraphPath, 'utf8');
  for (const subgraph of platform.platform.subgraphs) {
    rewritten = rewritten.replace(new RegExp(`(@join__graph\\(name: "${subgraph.name}", url: ")[^"]*`), `$1${subgraph.url}/graphql`);
  }
  const customSupergraph = join(tempDir, 'supergraph.graphql');
  await writeFile(customSupergraph, rewritten);
  const shared = { REDIS_URL: testRedisUrl, MCP_CHANNEL_PREFIX: platform.channelPrefix };
  const ports = [await freePort(), await freePort()];
  routers.push({ process: runTs('router/src/main.ts', { ...shared, ...subgraphUrls, PORT: String(ports[0]) }), url: `http://127.0.0.1:${ports[0]}` });
  routers.push({
    process: runTs('router/src/main.ts', shared, ['--supergraph', customSupergraph, '--port', String(ports[1])]),
    url: `http://127.0.0.1:${ports[1]}`,
  });
  await Promise.all(routers.map((r) => waitForHealth(r.process, `${r.url}/health`)));
}, 90_000);

afterAll(async () => {
  for (const router of routers) await router.process.stop();
  await platform?.close();
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
});

it('two router processes both deliver an event published by the servers subgraph through Redis', async () => {
  const token = await platform.adminToken();
  const enabled = await platform.request<EnableServerResult>(enableServerMutation, { name: 'github', start: false }, token);
  const id = enabled.data!.enableServer.id;

  const clients = routers.map((r) => wsClient(`${r.url.replace('http', 'ws')}/graphql`, token));
  const lives = clients.map((c) => subscribe<ServerStatusChangedResult>(c, serverStatusChangedSubscription, { id }));
  for (const router of routers) await waitForSubscribers(router.url, 1);

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
