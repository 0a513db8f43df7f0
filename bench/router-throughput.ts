/**
 * Router throughput: clients each sending one federated query after another (the signed-in user, and the enabled
 * servers with the user who enabled each and its configuration: a plan across the auth, servers and config
 * subgraphs) to the one-process platform, for some seconds at each concurrency. Prints requests per second,
 * latency percentiles and the platform's CPU time per request (the platform runs in its own process).
 *
 *   npm run router --workspace @mcp-portal/bench
 *   npm run router --workspace @mcp-portal/bench -- --clients 1,8,32 --seconds 10 --database embedded --servers 10
 *   npm run router --workspace @mcp-portal/bench -- --clients 8 --profile-dir /tmp/router-profile
 *
 * `--database postgres` (the default) uses the test setup's PostgreSQL and Redis, as a deployment does;
 * `embedded` is `npm start` with no DATABASE_URL (PGlite). With `--profile-dir` the platform's CPU is profiled while
 * each slice runs (gateway-proxy-cpu-profile.mjs): a .cpuprofile a slice.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { Agent, request } from 'undici';
import { startBenchPlatform, type BenchPlatform } from './gateway-proxy-platform.ts';
import { treeCpuMs } from './gateway-proxy-processes.ts';
import { percentile, table } from './report.ts';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '1,8,32' },
    seconds: { type: 'string', default: '10' },
    servers: { type: 'string', default: '10' },
    database: { type: 'string', default: 'postgres' },
    'profile-dir': { type: 'string' },
  },
});
const profileDir = values['profile-dir'];
const clientCounts = values.clients.split(',').map(Number);
const seconds = Number(values.seconds);
const serverCount = Number(values.servers);
const database = z.enum(['postgres', 'embedded']).parse(values.database);
if (clientCounts.some((count) => !Number.isInteger(count) || count < 1) || !(seconds > 0) || !Number.isInteger(serverCount)) {
  throw new Error('usage: --clients <n,n,…> --seconds <s> --servers <n> --database postgres|embedded');
}

const query = '{ me { email } servers { id name status enabledBy { email } config { key value } } }';
const log = (line: string) => process.stderr.write(`${line}\n`);

/** Catalog entries the benchmark enables (not started: the query reads rows, not processes). */
async function enableServers(platform: BenchPlatform): Promise<void> {
  for (let index = 0; index < serverCount; index++) {
    const name = `bench-${index}`;
    await platform.addRemoteEntry(name, 'http://127.0.0.1:9/mcp');
    await platform.gql('mutation($name: String!) { enableServer(name: $name, start: false) { id } }', { name }, z.unknown(), platform.adminToken);
  }
}

interface Slice {
  requests: number;
  errors: number;
  latencies: number[];
  cpuMs: number;
  elapsedMs: number;
}

/** `clients` loops sending the query for `ms` milliseconds; the platform's CPU is read before and after. */
async function slice(graphqlUrl: string, token: string, clients: number, ms: number, pid: number): Promise<Slice> {
  const dispatcher = new Agent({ connections: clients, keepAliveTimeout: 30_000 });
  const body = JSON.stringify({ query });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const latencies: number[] = [];
  let errors = 0;
  /** Sends the query once: its latency, or null for an error (an HTTP or GraphQL error, or a lost connection). */
  const send = async (): Promise<number | null> => {
    const sent = performance.now();
    try {
      const response = await request(graphqlUrl, { method: 'POST', headers, body, dispatcher });
      const text = await response.body.text();
      return response.statusCode === 200 && !text.includes('"errors"') ? performance.now() - sent : null;
    } catch {
      return null;
    }
  };
  const cpuBefore = treeCpuMs(pid);
  const started = performance.now();
  const deadline = started + ms;
  try {
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (performance.now() < deadline) {
          const latency = await send();
          if (latency === null) errors++;
          else latencies.push(latency);
        }
      }),
    );
  } finally {
    await dispatcher.close();
  }
  const elapsedMs = performance.now() - started;
  const cpuMs = treeCpuMs(pid) - cpuBefore;
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length + errors, errors, latencies, cpuMs, elapsedMs };
}

async function run(): Promise<void> {
  log(`starting the platform (${database})`);
  const platform = await startBenchPlatform({ database, profileDir });
  const rows: string[][] = [];
  try {
    await enableServers(platform);
    const pid = platform.process.process.pid;
    if (pid === undefined) throw new Error('the platform has no pid');
    const { graphqlUrl } = platform;
    log('warming up (2 s)');
    await slice(graphqlUrl, platform.adminToken, 4, 2_000, pid);
    for (const clients of clientCounts) {
      log(`${clients} clients, ${seconds} s`);
      if (profileDir) process.kill(pid, 'SIGUSR2');
      const result = await slice(graphqlUrl, platform.adminToken, clients, seconds * 1000, pid);
      if (profileDir) process.kill(pid, 'SIGUSR2');
      rows.push([
        String(clients),
        ((result.requests / result.elapsedMs) * 1000).toFixed(0),
        String(result.errors),
        percentile(result.latencies, 50).toFixed(2),
        percentile(result.latencies, 99).toFixed(2),
        ((result.cpuMs / Math.max(1, result.requests)) * 1000).toFixed(0),
      ]);
    }
  } finally {
    await platform.stop();
  }
  process.stdout.write(
    `Federated query through the router (${database}; ${serverCount} servers; Node ${process.versions.node}):\n` +
      `${table(['clients', 'requests/s', 'errors', 'p50 ms', 'p99 ms', 'platform CPU µs/request'], rows, 'right')}\n`,
  );
}

await run();
