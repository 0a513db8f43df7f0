/**
 * Fan-out benchmark: N WebSocket subscribers of serverStatusChanged on one router process, events at a
 * fixed rate, latency from the mutation being sent to each subscriber receiving that event (matched by a
 * sequence number carried in `lastError`); "delivered" counts every event that arrived within 3 s of the last.
 *
 *   npm run bench                              # 1000, 2000 and 5000 subscribers
 *   npm run bench -- --subscribers 10000 --rate 2 --seconds 10
 *
 * The platform runs in its own process (real PostgreSQL and Redis, as in production); the clients run
 * here over raw sockets speaking graphql-transport-ws, so client overhead stays small.
 */
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { percentile, table } from './report.ts';
import { createTestDatabase, freePort, testRedisUrl, waitForHttp } from '@mcp-portal/kit/testing';
import { graphqlRequest, runTs } from '@mcp-portal/platform/testing';
import {
  enableServerMutation,
  loginMutation,
  serverStatusChangedSubscription,
  setServerStatusMutation,
  type EnableServerResult,
  type LoginResult,
} from '@mcp-portal/platform/testing';

const { values } = parseArgs({
  options: {
    subscribers: { type: 'string', default: '1000,2000,5000' },
    rate: { type: 'string', default: '2' },
    seconds: { type: 'string', default: '10' },
  },
});
const subscriberCounts = values.subscribers.split(',').map(Number);
const rate = Number(values.rate);
const seconds = Number(values.seconds);

/** Reads the event's sequence number from the `lastError` marker without parsing the whole message. */
function sequenceOf(text: string): number | null {
  const at = text.indexOf('"lastError":"seq-');
  return at < 0 ? null : Number.parseInt(text.slice(at + 17), 10);
}

async function openSubscriber(wsUrl: string, token: string, serverId: string, onEvent: (sequence: number) => void): Promise<WebSocket> {
  const socket = new WebSocket(wsUrl, 'graphql-transport-ws');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
    socket.on('message', (raw: Buffer) => {
      const text = raw.toString();
      const sequence = sequenceOf(text);
      if (sequence !== null) return onEvent(sequence);
      const message = JSON.parse(text) as { type: string };
      if (message.type === 'connection_ack') {
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: serverStatusChangedSubscription, variables: { id: serverId } } }));
        resolve();
      } else if (message.type === 'ping') {
        socket.send(JSON.stringify({ type: 'pong' }));
      }
    });
  });
  return socket;
}

async function run() {
  const database = await createTestDatabase('bench');
  const port = await freePort();
  const password = randomBytes(12).toString('base64url');
  const platform = runTs(
    'platform/src/main.ts',
    {
      DATABASE_URL: database.url,
      REDIS_URL: testRedisUrl,
      MCP_CHANNEL_PREFIX: `bench:${randomBytes(4).toString('hex')}:`,
      MCP_ADMIN_EMAIL: 'bench@example.test',
      MCP_ADMIN_PASSWORD: password,
      SUBGRAPH_PORTS: 'ephemeral',
      GATEWAY_PROXY_PORT: String(await freePort()),
      LOG_LEVEL: 'error',
    },
    ['--port', String(port)],
  );
  const rows: string[][] = [];
  try {
    await waitForHttp(`http://127.0.0.1:${port}/health`, 60_000);
    const graphqlUrl = `http://127.0.0.1:${port}/graphql`;
    const login = await graphqlRequest<LoginResult>(graphqlUrl, loginMutation, { email: 'bench@example.test', password });
    const token = login.data!.login.token;
    const enabled = await graphqlRequest<EnableServerResult>(graphqlUrl, enableServerMutation, { name: 'time', start: false }, token);
    const serverId = enabled.data!.enableServer.id;

    for (const count of subscriberCounts) {
      const latencies: number[] = [];
      const sentAt: number[] = [];
      const sockets: WebSocket[] = [];
      const record = (sequence: number) => {
        const sent = sentAt[sequence];
        if (sent !== undefined) latencies.push(performance.now() - sent);
      };
      for (let opened = 0; opened < count; opened += 200) {
        const batch = Math.min(200, count - opened);
        sockets.push(...(await Promise.all(Array.from({ length: batch }, () => openSubscriber(`ws://127.0.0.1:${port}/graphql`, token, serverId, record)))));
      }
      await new Promise((r) => setTimeout(r, 500));
      const events = Math.max(1, Math.round(rate * seconds));
      for (let i = 0; i < events; i++) {
        const started = performance.now();
        sentAt[i] = started;
        const status = i % 2 === 0 ? 'RUNNING' : 'STOPPED';
        await graphqlRequest(graphqlUrl, setServerStatusMutation, { id: serverId, status, lastError: `seq-${i}` }, token);
        await new Promise((r) => setTimeout(r, Math.max(0, 1000 / rate - (performance.now() - started))));
      }
      await new Promise((r) => setTimeout(r, 3000));
      latencies.sort((a, b) => a - b);
      const expected = count * events;
      rows.push([
        String(count),
        `${rate}/s`,
        String(events),
        `${((latencies.length / expected) * 100).toFixed(1)}%`,
        percentile(latencies, 50).toFixed(1),
        percentile(latencies, 95).toFixed(1),
        percentile(latencies, 99).toFixed(1),
        (latencies.at(-1) ?? NaN).toFixed(1),
      ]);
      for (const socket of sockets) socket.terminate();
      await new Promise((r) => setTimeout(r, 500));
      process.stderr.write(`done: ${count} subscribers\n`);
    }
  } finally {
    await platform.stop();
    await database.drop();
  }
  const header = ['subscribers', 'rate', 'events', 'delivered', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'];
  process.stdout.write(`serverStatusChanged fan-out through one router process (latency: mutation sent → event received)\n${table(header, rows, 'right')}\n`);
}

await run();
