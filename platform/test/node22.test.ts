import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '@mcp-portal/kit/testing';
import { graphqlRequest, loginMutation, serversQuery, waitForHealth, type LoginResult, type ServersResult, type ServiceProcess } from '../src/testing/index.ts';

/**
 * The machine runs Node 20; production runs Node 22 (the Dockerfile's node:22-bookworm-slim). This test gets Node 22
 * from the npm registry (the `node` package, which ships the binary; npm keeps it and the registry's answer in its
 * cache, so a second run asks nothing: ~1.5 s) and starts the built one-process platform on it: platform/dist/main.js
 * with plain node, no tsx and no source condition, the way production resolves the workspace packages (their dist/).
 */
const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const adminEmail = 'node22@example.test';
const adminPassword = 'node-22-smoke-password';

let dataDir: string;
let platform: ServiceProcess | null = null;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'mcp-node22-'));
});
afterAll(async () => {
  await platform?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** The path of a Node 22 binary from the `node` npm package, or why the registry could not be reached. */
async function node22(): Promise<{ path: string } | { unreachable: string }> {
  const npm = (args: string[]) => run('npm', args, { cwd: tmpdir(), env: withoutSourceCondition(), timeout: 120_000 });
  try {
    const { stdout } = await npm(['exec', '--yes', '--prefer-offline', '--package=node@22', '--', 'node', '-p', 'process.execPath']);
    return { path: stdout.trim() };
  } catch (error) {
    const ping = await npm(['ping']).then(
      () => null,
      (pingError: Error) => pingError.message,
    );
    if (ping !== null) return { unreachable: ping };
    throw error;
  }
}

/** This test's environment without the `@mcp-portal/source` condition vitest.shared.ts adds for the processes tests start. */
function withoutSourceCondition(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  return env;
}

/** The platform's build and its workspace dependencies' (turbo: nothing to do when they are up to date). */
async function buildPlatform(): Promise<void> {
  await run('npx', ['--no-install', 'turbo', 'run', 'build', '--filter=@mcp-portal/platform...', '--output-logs=errors-only'], {
    cwd: repoRoot,
    timeout: 300_000,
  });
}

function startBuiltPlatform(node: string, env: NodeJS.ProcessEnv, port: number): ServiceProcess {
  const child = spawn(node, ['platform/dist/main.js', '--port', String(port)], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return {
    process: child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      return code;
    },
  };
}

/** The first start compiles PGlite's wasm: seconds on an idle machine, a minute or more on a loaded 2-core one. */
it('the built platform starts on Node 22, signs the admin in and answers a query', async (context) => {
  const node = await node22();
  if ('unreachable' in node) {
    context.skip(`Node 22 comes from the npm registry, which is unreachable here: ${node.unreachable}`);
    return;
  }
  const { stdout: version } = await run(node.path, ['--version']);
  expect(version.trim()).toMatch(/^v22\./);
  await buildPlatform();

  const port = await freePort();
  platform = startBuiltPlatform(
    node.path,
    {
      ...withoutSourceCondition(),
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      // Embedded defaults: PGlite in the data folder, events in memory.
      DATABASE_URL: '',
      REDIS_URL: '',
      MCP_DATA_DIR: dataDir,
      MCP_ADMIN_EMAIL: adminEmail,
      MCP_ADMIN_PASSWORD: adminPassword,
      GATEWAY_PROXY_PORT: String(await freePort()),
      SUBGRAPH_PORTS: 'ephemeral',
    },
    port,
  );
  await waitForHealth(platform, `http://127.0.0.1:${port}/health`);
  expect(platform.output()).toContain(`MCP Portal is running at http://127.0.0.1:${port}`);

  const graphqlUrl = `http://127.0.0.1:${port}/graphql`;
  const login = await graphqlRequest<LoginResult>(graphqlUrl, loginMutation, { email: adminEmail, password: adminPassword });
  expect(login.errors).toBeUndefined();
  expect(login.data?.login.user.role).toBe('ADMIN');
  const servers = await graphqlRequest<ServersResult>(graphqlUrl, serversQuery, {}, login.data!.login.token);
  expect(servers.errors).toBeUndefined();
  expect(servers.data?.servers).toEqual([]);

  expect(await platform.stop()).toBe(0);
  platform = null;
}, 300_000);
