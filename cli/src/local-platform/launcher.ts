/**
 * The local platform of `docker mcp gateway run` when the CLI is logged in to none: the one-process platform of
 * `npm start` (platform/src/embedded.ts) on loopback only, PGlite in the data folder, in-memory events,
 * free ports, plus the control socket CLIs attach to (control-server.ts). Started by the CLI (src/lib/local-platform.ts)
 * as `node --import tsx launcher.ts <data folder> [--port N]`, detached, its output going to platform.log.
 *
 * Whoever creates platform.pid (O_EXCL) runs the platform on the folder; a second launcher exits with
 * ALREADY_RUNNING_EXIT and its CLI attaches to the first. The platform's code is imported only once the pid file is
 * ours (seconds of loading), so a launcher that loses exits at once.
 */
import { chmodSync, existsSync, fstatSync, ftruncateSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { isAbsolute, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Environment, RunningSubgraph } from '@mcp-portal/kit';
import type { AuthServices } from '@mcp-portal/auth';
import type { RunningPlatform } from '@mcp-portal/platform';
import { ControlServer } from './control-server.ts';
import { LocalCredentials } from './credentials.ts';
import { ALREADY_RUNNING_EXIT, controlSocketPath, localFiles, processAlive, readPidFile, removeStalePidFile } from './protocol.ts';

/** Settings the local platform never takes from the environment: it is this user's, on loopback, on PGlite. */
const NOT_INHERITED = [
  'DATABASE_URL',
  'REDIS_URL',
  'MCP_MASTER_KEY',
  'MCP_PUBLIC_URL',
  'PORT',
  'GATEWAY_PROXY_PORT',
  'HOST',
  'SUBGRAPH_PORTS',
  'TRUSTED_PROXIES',
];

function fail(message: string): never {
  // A plain line the CLI looks for in platform.log (the rest of the log is JSON).
  process.stderr.write(`FATAL: ${message}\n`);
  process.exit(1);
}

/** Creates the pid file exclusively; false when a live launcher already has it. */
function claimPidFile(file: string): boolean {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readPidFile(file);
      if (holder !== undefined && processAlive(holder)) return false;
      if (holder !== undefined) removeStalePidFile(file, holder);
    }
  }
  return false;
}

async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('No free port on 127.0.0.1.');
  return address.port;
}

/** The first admin's generated password, kept (0600) for signing in to the local portal: it is shown nowhere else. */
function keepGeneratedPassword(dataDir: string, auth: AuthServices): void {
  const password = auth.firstAdmin?.generatedPassword;
  if (!password) return;
  const file = join(dataDir, localFiles.adminPassword);
  writeFileSync(file, `${auth.firstAdmin?.email}\n${password}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}

const { values, positionals } = parseArgs({ args: process.argv.slice(2), allowPositionals: true, options: { port: { type: 'string' } } });
const dataDir = positionals[0];
if (!dataDir || !isAbsolute(dataDir)) fail('usage: launcher.ts <absolute data folder> [--port N]');
mkdirSync(dataDir, { recursive: true, mode: 0o700 });
const pidFile = join(dataDir, localFiles.pid);
if (!claimPidFile(pidFile)) process.exit(ALREADY_RUNNING_EXIT);
const releasePidFile = () => removeStalePidFile(pidFile, process.pid);
// The log is this run's only (stdout is platform.log, opened for appending by the CLI that started us).
if (fstatSync(1).isFile()) ftruncateSync(1, 0);

const routerPort = values.port ? Number(values.port) : await freeLoopbackPort();
/** The settings the platform is read from: this process's environment, less what is never inherited, plus the local platform's own. */
const env: Environment = {
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !NOT_INHERITED.includes(name))),
  HOST: '127.0.0.1',
  PORT: String(routerPort),
  GATEWAY_PROXY_PORT: '0',
  SUBGRAPH_PORTS: 'ephemeral',
  MCP_DATA_DIR: dataDir,
  // A local stop has no load balancer to drain: what is in flight gets a short grace.
  SHUTDOWN_GRACE_SECONDS: process.env.SHUTDOWN_GRACE_SECONDS ?? '2',
};

const [{ createLogger, readLogSettings }, { readPlatformOptions, startPlatform }, { readRouterSettings }] = await Promise.all([
  import('@mcp-portal/kit'),
  import('@mcp-portal/platform'),
  import('@mcp-portal/router'),
]).catch((error: unknown) => {
  releasePidFile();
  fail(`the platform's code did not load: ${error instanceof Error ? error.message : String(error)}`);
});
const logger = createLogger('mcp-portal-local', readLogSettings(env));
let platform: RunningPlatform;
try {
  // Everything local (loopback, the free port, PGlite in dataDir, in-memory events, ephemeral ports) is in env.
  platform = await startPlatform(await readPlatformOptions(env, readRouterSettings(env), logger));
} catch (error) {
  releasePidFile();
  fail(`the local platform could not start: ${error instanceof Error ? error.message : String(error)}`);
}

const running = platform;
const auth = (running.subgraphs.find((subgraph) => subgraph.name === 'auth') as RunningSubgraph<AuthServices> | undefined)?.services;
const gatewayUrl = running.gatewayProxy.mcpUrl;
if (!auth || !gatewayUrl) {
  await running.close().catch(() => undefined);
  releasePidFile();
  fail('the local platform started without its auth subgraph or gateway-proxy endpoint.');
}
keepGeneratedPassword(dataDir, auth);
const credentials = await LocalCredentials.forFirstAdmin(auth, env.MCP_ADMIN_EMAIL);
const leftovers = await credentials.revokeLeftovers();
if (leftovers > 0) logger.info({ revoked: leftovers }, 'revoked the tokens an earlier local platform left');

const passwordFile = join(dataDir, localFiles.adminPassword);
const control = new ControlServer({
  socketPath: controlSocketPath(dataDir),
  credentials,
  endpoints: () => ({ routerUrl: running.router.url, gatewayUrl, adminPasswordFile: existsSync(passwordFile) ? passwordFile : null }),
  stopPlatform: () => running.close(),
  logger,
  firstAttachMs: 60_000,
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void control.stop(`received ${signal}`));
try {
  await control.listen();
} catch (error) {
  await running.close().catch(() => undefined);
  releasePidFile();
  fail(`the control socket could not listen: ${error instanceof Error ? error.message : String(error)}`);
}
logger.info({ router: running.router.url, gateway: gatewayUrl, dataDir }, 'the local platform is ready');

await control.stopped.catch((error: unknown) => logger.error({ err: error }, 'the local platform did not stop cleanly'));
releasePidFile();
logger.info('the local platform stopped');
// Handles some libraries keep (timers, PGlite's worker) must not keep a stopped platform's process alive.
setTimeout(() => process.exit(0), 50);
