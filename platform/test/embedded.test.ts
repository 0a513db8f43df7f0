import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  enableServerMutation,
  loginMutation,
  serversQuery,
  serverStatusChangedSubscription,
  type EnableServerResult,
  type LoginResult,
  type ServersResult,
  type ServerStatusChangedResult,
} from '../src/testing/index.ts';
import { freePort } from '@mcp-portal/kit/testing';
import { graphqlRequest, runTs, subscribe, waitForHealth, wsClient, type ServiceProcess, waitForSubscribers } from '../src/testing/index.ts';

let dataDir: string;
let port: number;
let running: ServiceProcess | null = null;

async function startEmbedded(): Promise<ServiceProcess> {
  const process = runTs(
    'platform/src/main.ts',
    {
      // Embedded defaults: no external Postgres or Redis.
      DATABASE_URL: '',
      REDIS_URL: '',
      MCP_DATA_DIR: dataDir,
      MCP_ADMIN_EMAIL: 'owner@example.test',
      MCP_ADMIN_PASSWORD: '',
      GATEWAY_PROXY_PORT: String(await freePort()),
      SUBGRAPH_PORTS: 'ephemeral',
    },
    ['--port', String(port)],
  );
  running = process;
  await waitForHealth(process, `http://127.0.0.1:${port}/health`);
  return process;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'mcp-embedded-'));
  port = await freePort();
});
afterAll(async () => {
  await running?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/**
 * Each start waits for the platform to answer, whatever it takes (an idle machine: seconds; a 2-core machine
 * at load 15: ~50-90 s, mostly compiling PGlite's wasm), so the two starts are two tests, each with its own
 * bound on a hang.
 */
const startTimeout = 180_000;
let password: string | undefined;

it(
  'starts on a fresh data directory, answers a query and a subscription',
  async () => {
    const graphqlUrl = `http://127.0.0.1:${port}/graphql`;
    running = await startEmbedded();
    expect(running.output()).toContain(`MCP Portal is running at http://127.0.0.1:${port}`);
    expect(running.output()).toContain('PGlite');
    password = /Generated password: (\S+)/.exec(running.output())?.[1];
    expect(password).toBeTruthy();

    const login = await graphqlRequest<LoginResult>(graphqlUrl, loginMutation, { email: 'owner@example.test', password });
    const token = login.data!.login.token;
    expect(login.data!.login.user.role).toBe('ADMIN');
    // The memory server runs as a local process (no container engine in embedded mode).
    const client = wsClient(`ws://127.0.0.1:${port}/graphql`, token);
    const live = subscribe<ServerStatusChangedResult>(client, serverStatusChangedSubscription, {});
    await waitForSubscribers(`http://127.0.0.1:${port}`, 1);
    const enabled = await graphqlRequest<EnableServerResult>(graphqlUrl, enableServerMutation, { name: 'memory' }, token);
    expect(enabled.data?.enableServer.status).toBe('STARTING');
    const event = await live.next((e) => e.serverStatusChanged.status === 'RUNNING', 30_000);
    expect(event.serverStatusChanged.enabledBy.email).toBe('owner@example.test');
    await client.dispose();

    expect(await running.stop()).toBe(0);
    running = null;
  },
  startTimeout,
);

it(
  'keeps its data across a restart',
  async () => {
    expect(password).toBeTruthy();
    const graphqlUrl = `http://127.0.0.1:${port}/graphql`;
    running = await startEmbedded();
    expect(running.output()).not.toContain('Generated password');
    const again = await graphqlRequest<LoginResult>(graphqlUrl, loginMutation, { email: 'owner@example.test', password });
    expect(again.errors).toBeUndefined();
    // Still enabled and wanted running, so the restarted platform starts it again.
    await expect
      .poll(
        async () => (await graphqlRequest<ServersResult>(graphqlUrl, serversQuery, {}, again.data!.login.token)).data?.servers.map((s) => [s.name, s.status]),
        { timeout: 30_000 },
      )
      .toEqual([['memory', 'RUNNING']]);
    expect(await running.stop()).toBe(0);
    running = null;
  },
  startTimeout,
);
