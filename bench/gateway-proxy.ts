/**
 * The gateway-proxy against supergateway and mcp-proxy (npm), each fronting the same upstream,
 * `@modelcontextprotocol/server-everything` over stdio, in one run:
 *
 *   npm run gateway-proxy --workspace @mcp-portal/bench
 *   npm run gateway-proxy --workspace @mcp-portal/bench -- --calls 2000 --clients 100,1000 --seconds 10 --sessions 10000
 *
 * - added latency: `tools/call` of `echo` through each proxy minus the same call to server-everything's own
 *   Streamable HTTP server ("direct"), p50 and p99 over `--calls` sequential calls, the targets taking turns
 *   call by call so a busy moment of the machine hits them alike;
 * - throughput: `--clients` concurrent sessions each calling in a loop for `--seconds` per target, calls per
 *   second, in `--rounds` slices, the targets taking turns slice by slice, and the CPU time the target's process
 *   tree used per call (what a loaded machine changes least; PostgreSQL's and Redis's share is not in it);
 * - idle sessions: `--sessions` sessions opened (initialize) and left idle, the resident memory of the
 *   proxy's process tree (the proxy and the servers it started) before and after, per session.
 *
 * The gateway-proxy is the one-process platform (`npm start`'s entry point) on the real PostgreSQL and Redis,
 * with server-everything enabled as a local process; every call is authenticated and audited as in production.
 * It holds at most 32 sessions per user, so the load is spread over operator accounts (32 sessions each), and
 * its per-user rate limit stays on, as in production, but far above the load (GATEWAY_PROXY_RATE_LIMIT_PER_MINUTE=1000000).
 * supergateway 4.0.0 runs `--stateful` (it starts one server-everything per session, so its sessions are capped
 * by `--supergateway-max-sessions`); mcp-proxy 6.7.19 shares one server-everything. Load comes from this
 * process through a minimal client (gateway-proxy-client.ts), the same for every target. With `--profile-dir`
 * the platform's CPU is profiled while the throughput slices run (gateway-proxy-cpu-profile.mjs).
 */
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { RawMcpSession } from './gateway-proxy-client.ts';
import { startBenchPlatform, type BenchPlatform } from './gateway-proxy-platform.ts';
import { startListening, treeCpuMs, treeResidentBytes, type ListeningProcess } from './gateway-proxy-processes.ts';
import { binOf, ensureNpmPackages, mcpProxyVersion, supergatewayVersion } from './gateway-proxy-tools.ts';
import { percentile, table } from './report.ts';

const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '2000' },
    clients: { type: 'string', default: '100,1000' },
    seconds: { type: 'string', default: '10' },
    sessions: { type: 'string', default: '10000' },
    'supergateway-max-sessions': { type: 'string', default: '100' },
    peers: { type: 'string', default: 'supergateway,mcp-proxy' },
    /** A folder for CPU profiles of the platform's process (node --cpu-prof), written when it stops. */
    'profile-dir': { type: 'string' },
    /** Throughput slices per target, taking turns. */
    rounds: { type: 'string', default: '5' },
  },
});
const calls = Number(values.calls);
const clientCounts = values.clients.split(',').map(Number);
const seconds = Number(values.seconds);
const idleSessions = Number(values.sessions);
const supergatewayMaxSessions = Number(values['supergateway-max-sessions']);
const peerNames = values.peers.split(',').filter(Boolean);
const rounds = Math.max(1, Number(values.rounds));
const profileDir = values['profile-dir'];
const sessionsPerUser = 32;

const require = createRequire(new URL('../subgraphs/servers/package.json', import.meta.url));
const everythingEntry = join(require.resolve('@modelcontextprotocol/server-everything/package.json'), '..', 'dist', 'index.js');

interface Target {
  name: string;
  url: string;
  /** The process whose tree's memory counts. */
  pid: number;
  /** Sessions it can hold at once (supergateway: one server process each). */
  maxSessions: number;
  /** Headers for the `index`-th concurrent session. */
  headersFor(index: number): Promise<Record<string, string>>;
  stop(): Promise<void>;
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

async function inBatches<T>(count: number, batch: number, open: (index: number) => Promise<T>): Promise<T[]> {
  const opened: T[] = [];
  for (let start = 0; start < count; start += batch) {
    opened.push(...(await Promise.all(Array.from({ length: Math.min(batch, count - start) }, (_, i) => open(start + i)))));
  }
  return opened;
}

function fromProcess(name: string, server: ListeningProcess, path: string, maxSessions = Infinity): Target {
  return { name, url: `http://127.0.0.1:${server.port}${path}`, pid: server.pid, maxSessions, headersFor: () => Promise.resolve({}), stop: server.stop };
}

async function gatewayProxyTarget(platform: BenchPlatform): Promise<Target> {
  await platform.enable('everything');
  const latencyToken = await platform.apiToken();
  const users: Promise<string>[] = [];
  return {
    name: 'gateway-proxy',
    url: platform.mcpUrl,
    pid: platform.process.process.pid!,
    maxSessions: Infinity,
    async headersFor(index) {
      if (index < 0) return { authorization: `Bearer ${latencyToken}` };
      const user = Math.floor(index / sessionsPerUser);
      while (users.length <= user) users.push(platform.operatorJwt());
      return { authorization: `Bearer ${await users[user]!}` };
    },
    stop: () => platform.stop(),
  };
}

async function startTargets(): Promise<{ direct: Target; targets: Target[] }> {
  const direct = fromProcess('direct', await startListening('server-everything', process.execPath, () => [everythingEntry, 'streamableHttp']), '/mcp');
  const targets: Target[] = [];
  log('starting the platform');
  // The per-user rate limit (600 requests a minute by default) would refuse most of the load: it is raised, not
  // turned off, so that counting requests is measured as a deployment pays for it.
  targets.push(
    await gatewayProxyTarget(await startBenchPlatform({ database: 'postgres', env: { GATEWAY_PROXY_RATE_LIMIT_PER_MINUTE: '1000000' }, profileDir })),
  );
  const upstream = `${process.execPath} ${everythingEntry} stdio`;
  if (peerNames.includes('supergateway')) {
    ensureNpmPackages({ supergateway: supergatewayVersion });
    const server = await startListening('supergateway', process.execPath, (port) => [
      binOf('supergateway'),
      '--stdio',
      upstream,
      '--outputTransport',
      'streamableHttp',
      '--stateful',
      '--port',
      String(port),
      '--logLevel',
      'none',
    ]);
    targets.push(fromProcess(`supergateway ${supergatewayVersion}`, server, '/mcp', supergatewayMaxSessions));
  }
  if (peerNames.includes('mcp-proxy')) {
    ensureNpmPackages({ 'mcp-proxy': mcpProxyVersion });
    const server = await startListening('mcp-proxy', process.execPath, (port) => [
      binOf('mcp-proxy'),
      '--port',
      String(port),
      '--server',
      'stream',
      '--',
      process.execPath,
      everythingEntry,
      'stdio',
    ]);
    targets.push(fromProcess(`mcp-proxy ${mcpProxyVersion}`, server, '/mcp'));
  }
  return { direct, targets };
}

const echo = (session: RawMcpSession) => session.callTool('echo', { message: 'bench' });

/** p50/p99 of sequential calls, the targets taking turns call by call. */
async function latencies(targets: Target[]): Promise<Map<string, { p50: number; p99: number }>> {
  const sessions = await Promise.all(targets.map(async (target) => RawMcpSession.open(target.url, await target.headersFor(-1))));
  for (let i = 0; i < 200; i++) for (const session of sessions) await echo(session);
  const samples = targets.map((): number[] => []);
  for (let i = 0; i < calls; i++) {
    for (const [index, session] of sessions.entries()) {
      const started = performance.now();
      await echo(session);
      samples[index]!.push(performance.now() - started);
    }
  }
  await Promise.all(sessions.map((session) => session.close()));
  return new Map(
    targets.map((target, index) => {
      const sorted = samples[index]!.sort((a, b) => a - b);
      return [target.name, { p50: percentile(sorted, 50), p99: percentile(sorted, 99) }];
    }),
  );
}

interface Throughput {
  perSecond: number;
  errors: number;
  /** CPU time of the target's process tree per completed call. */
  cpuMsPerCall: number;
}

/** `clients` sessions calling in a loop for `slice` seconds: calls completed, failed, and the time taken. */
async function callLoop(sessions: RawMcpSession[], slice: number): Promise<{ completed: number; errors: number; elapsed: number }> {
  let completed = 0;
  let errors = 0;
  const until = performance.now() + slice * 1000;
  const started = performance.now();
  await Promise.all(
    sessions.map(async (session) => {
      while (performance.now() < until) {
        await echo(session).then(
          () => (completed += 1),
          () => (errors += 1),
        );
      }
    }),
  );
  return { completed, errors, elapsed: (performance.now() - started) / 1000 };
}

/**
 * Calls per second with `clients` sessions per target calling in a loop, `seconds` per target in all, in
 * `rounds` slices taking turns target by target (a busy moment of the machine hits them alike); null where
 * the target cannot hold that many sessions.
 */
async function throughputs(targets: Target[], clients: number, around: { before(): Promise<void>; after(): void }): Promise<Map<string, Throughput | null>> {
  const able = targets.filter((target) => clients <= target.maxSessions);
  const sessions = new Map<Target, RawMcpSession[]>();
  for (const target of able)
    sessions.set(target, await inBatches(clients, 50, async (index) => RawMcpSession.open(target.url, await target.headersFor(index))));
  const totals = new Map(able.map((target) => [target, { completed: 0, errors: 0, elapsed: 0, cpuMs: 0 }]));
  await around.before();
  for (let round = 0; round < rounds; round++) {
    for (const target of able) {
      const cpuBefore = treeCpuMs(target.pid);
      const slice = await callLoop(sessions.get(target)!, seconds / rounds);
      const total = totals.get(target)!;
      total.cpuMs += treeCpuMs(target.pid) - cpuBefore;
      total.completed += slice.completed;
      total.errors += slice.errors;
      total.elapsed += slice.elapsed;
    }
  }
  around.after();
  for (const target of able) {
    const opened = sessions.get(target)!;
    await inBatches(clients, 100, (index) => opened[index]!.close().catch(() => undefined));
  }
  return new Map(
    targets.map((target) => {
      const total = totals.get(target);
      return [target.name, total ? { perSecond: total.completed / total.elapsed, errors: total.errors, cpuMsPerCall: total.cpuMs / total.completed } : null];
    }),
  );
}

/** Memory per idle session: the process tree's resident memory before and after opening them. */
async function idleMemory(target: Target): Promise<{ sessions: number; errors: number; bytesPerSession: number; processes: number } | null> {
  const count = Math.min(idleSessions, target.maxSessions);
  await inBatches(Math.ceil(count / sessionsPerUser), 20, (user) => target.headersFor(user * sessionsPerUser)); // accounts first, outside the measurement
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const before = treeResidentBytes(target.pid);
  let errors = 0;
  const sessions = await inBatches(count, 100, async (index) =>
    RawMcpSession.open(target.url, await target.headersFor(index)).catch(() => ((errors += 1), null)),
  );
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const after = treeResidentBytes(target.pid);
  const open = sessions.filter((session) => session !== null).length;
  await inBatches(sessions.length, 100, (index) => sessions[index]?.close().catch(() => undefined) ?? Promise.resolve());
  return { sessions: open, errors, bytesPerSession: open === 0 ? NaN : (after.bytes - before.bytes) / open, processes: after.processes };
}

/** How many times `theirs` is `ours`; only for two positive measures (an added latency within noise of zero has none). */
const ratio = (ours: number, theirs: number) =>
  ours > 0 && theirs > 0 && Number.isFinite(ours) && Number.isFinite(theirs) ? `${(theirs / ours).toFixed(1)}×` : '—';

async function run(): Promise<void> {
  const loadAtStart = loadavg()[0]!;
  const { direct, targets } = await startTargets();
  const [ours, ...peers] = targets as [Target, ...Target[]];
  const rows: string[][] = [];
  const ratioCells = (value: (target: Target) => number, higherIsBetter: boolean) =>
    peers.map((peer) => (higherIsBetter ? ratio(value(peer), value(ours)) : ratio(value(ours), value(peer))));
  try {
    log(`latency: ${calls} calls per target`);
    const latency = await latencies([direct, ...targets]);
    const base = latency.get(direct.name)!;
    const added = (target: Target, key: 'p50' | 'p99') => latency.get(target.name)![key] - base[key];
    for (const key of ['p50', 'p99'] as const) {
      rows.push([
        `tools/call ${key} added (ms; direct ${base[key].toFixed(2)})`,
        ...targets.map((t) => added(t, key).toFixed(2)),
        ...ratioCells((t) => added(t, key), false),
      ]);
    }
    for (const clients of clientCounts) {
      log(`throughput: ${clients} clients, ${rounds} rounds`);
      // The platform's profiler (--profile-dir) runs while the slices do (the peers' turns are its idle time);
      // starting it takes a moment, so the slices begin a few seconds later.
      const profiling = {
        before: async () => {
          if (!profileDir) return;
          process.kill(ours.pid, 'SIGUSR2');
          await new Promise((resolve) => setTimeout(resolve, 5000));
        },
        after: () => profileDir && process.kill(ours.pid, 'SIGUSR2'),
      };
      const results = await throughputs(targets, clients, profiling).catch((error: unknown) => (log(`  failed: ${String(error)}`), new Map<string, null>()));
      const value = (target: Target) => results.get(target.name)?.perSecond ?? NaN;
      rows.push([
        `calls/s, ${clients} clients`,
        ...targets.map((t) => {
          const result = results.get(t.name);
          return result ? `${result.perSecond.toFixed(0)}${result.errors > 0 ? ` (${result.errors} errors)` : ''}` : 'not run';
        }),
        ...ratioCells(value, true),
      ]);
      const cpu = (target: Target) => results.get(target.name)?.cpuMsPerCall ?? NaN;
      rows.push([
        `CPU ms per call, ${clients} clients (process tree)`,
        ...targets.map((t) => (Number.isFinite(cpu(t)) ? cpu(t).toFixed(2) : 'not run')),
        ...ratioCells(cpu, false),
      ]);
    }
    const memory = new Map<string, Awaited<ReturnType<typeof idleMemory>>>();
    for (const target of targets) {
      log(`idle sessions: ${target.name}`);
      memory.set(target.name, await idleMemory(target).catch((error: unknown) => (log(`  failed: ${String(error)}`), null)));
    }
    const perSession = (target: Target) => memory.get(target.name)?.bytesPerSession ?? NaN;
    rows.push([
      `idle sessions open (of ${idleSessions}), errors`,
      ...targets.map((t) => {
        const result = memory.get(t.name);
        return result ? `${result.sessions}, ${result.errors}` : 'failed';
      }),
      ...peers.map(() => ''),
    ]);
    rows.push(['KiB per idle session (process tree)', ...targets.map((t) => (perSession(t) / 1024).toFixed(1)), ...ratioCells(perSession, false)]);
  } finally {
    for (const target of [direct, ...targets]) await target.stop().catch((error: unknown) => log(`stopping ${target.name}: ${String(error)}`));
  }
  process.stdout.write(
    [
      `gateway-proxy vs peers, each fronting server-everything (stdio); ratios are how many times better the gateway-proxy is`,
      `${calls} sequential calls, ${seconds} s per throughput point, ${idleSessions} idle sessions; ${cpus().length} CPUs, load average ${loadAtStart.toFixed(1)} at start and ${loadavg()[0]!.toFixed(1)} at the end`,
      table(['measure', ...targets.map((t) => t.name), ...peers.map((p) => `vs ${p.name.split(' ')[0]}`)], rows),
    ].join('\n') + '\n',
  );
}

await run();
