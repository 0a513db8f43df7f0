import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { findLocalPlatformCode } from '../src/lib/local-platform.ts';
import { processAlive, readPidFile } from '../src/local-platform/protocol.ts';
import { binary, expectOneErrorLine, runCli } from './helpers.ts';

/** A first start creates the PGlite database and runs every migration: tens of seconds on a busy 2-core machine. */
const START_TIMEOUT = 240_000;

/** Resolves once `test` holds, checking every 100 ms; rejects after `ms` naming `what`. */
async function until(test: () => boolean, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface StdioCli {
  client: Client;
  stderr(): string;
  /** Resolves once the CLI exited (its stderr closed). */
  exited: Promise<void>;
}

describe('docker mcp gateway run with a local platform (logged in to none)', () => {
  let home: string;
  let dataDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'gateway-local-'));
    dataDir = join(home, 'data', 'mcp-portal');
    env = {};
    for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !key.startsWith('DOCKER_MCP_') && key !== 'NODE_ENV') env[key] = value;
    // No saved login (an empty Docker config), the data under XDG_DATA_HOME, servers as local processes.
    Object.assign(env, { DOCKER_CONFIG: join(home, 'docker'), XDG_DATA_HOME: join(home, 'data'), MCP_RUNTIME: 'process', LOG_LEVEL: 'info' });
  });

  afterAll(async () => {
    const pid = dataDir ? readPidFile(join(dataDir, 'platform.pid')) : undefined;
    if (pid !== undefined && processAlive(pid)) process.kill(pid, 'SIGTERM');
    if (home) await rm(home, { recursive: true, force: true });
  });

  async function connect(args: string[]): Promise<StdioCli> {
    const transport = new StdioClientTransport({ command: binary, args: ['gateway', 'run', ...args], env, cwd: tmpdir(), stderr: 'pipe' });
    let stderr = '';
    const exited = new Promise<void>((resolve) => transport.stderr?.on('close', () => resolve()));
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const client = new Client({ name: 'gateway-local-test', version: '1.0.0' });
    await client.connect(transport);
    return { client, stderr: () => stderr, exited };
  }

  it(
    'two clients at once start one platform; it runs --servers memory, bridges stdio to both, and stops after the last one',
    { timeout: START_TIMEOUT },
    async () => {
      // Started together: both CLIs find no platform, their launchers race for platform.pid, one runs it.
      const started = await Promise.allSettled([connect(['--servers', 'memory']), connect([])]);
      const [first, second] = started.map((result) => (result.status === 'fulfilled' ? result.value : undefined));
      let launcherPid: number | undefined;
      try {
        const failed = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
        if (!first || !second) throw failed?.reason;
        expect(first.client.getServerVersion()?.name).toBe('mcp-portal-gateway-proxy');
        const { tools } = await first.client.listTools();
        expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['create_entities', 'read_graph']));
        const graph = (await first.client.callTool({ name: 'read_graph', arguments: {} })) as CallToolResult;
        expect(graph.isError).not.toBe(true);
        expect(first.stderr()).toContain('Enabled and started memory (9 tools).');

        launcherPid = readPidFile(join(dataDir, 'platform.pid'));
        expect(launcherPid).toBeDefined();
        const both = [first, second];
        expect(both.filter((cli) => cli.stderr().includes(`Starting a local MCP Portal platform (data in ${dataDir}`)).length).toBeGreaterThanOrEqual(1);
        const starters = both.filter((cli) => cli.stderr().includes(`The local platform is running (pid ${launcherPid}): portal http://127.0.0.1:`));
        expect(starters).toHaveLength(1);
        expect(starters[0]!.stderr()).toContain('(admin: admin@localhost; its password is in ');
        const joiner = both.find((cli) => !starters.includes(cli))!;
        expect(joiner.stderr()).toMatch(new RegExp(`Using the local platform already running in \\S+ \\(pid ${launcherPid}, [12] clients? with this one\\)`));

        // The folder is the user's alone; the tokens went over the socket only: no file outside the database holds one.
        expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
        for (const name of ['platform.sock', 'platform.log', 'admin-password', 'platform.pid']) expect((await stat(join(dataDir, name))).mode & 0o077).toBe(0);
        for (const name of (await readdir(dataDir)).filter((name) => name !== 'pgdata' && name !== 'platform.sock')) {
          const path = join(dataDir, name);
          if ((await stat(path)).isFile()) expect(await readFile(path, 'utf8'), name).not.toMatch(/mcpat_/);
        }

        // The second client sees the server the first one started; leaving, it lets the platform run for the first.
        expect((await second.client.listTools()).tools.map((tool) => tool.name)).toContain('read_graph');
        await second.client.close();
        await second.exited;
        expect(second.stderr()).toContain('The local platform keeps running for its 1 other client.');
        expect(processAlive(launcherPid!)).toBe(true);
        expect((await first.client.callTool({ name: 'read_graph', arguments: {} })).isError).not.toBe(true);
      } finally {
        await second?.client.close();
        await first?.client.close();
      }
      await first.exited;
      expect(first.stderr()).toContain('Stopped the local platform.');
      // The stop finished before the CLI exited (its last step closes the socket); the process then exits.
      expect(existsSync(join(dataDir, 'platform.sock'))).toBe(false);
      expect(existsSync(join(dataDir, 'platform.pid'))).toBe(false);
      await until(() => !processAlive(launcherPid!), `the launcher (pid ${launcherPid}) to exit`);
    },
  );

  it(
    'starts again on the data of the first start; a platform stopped under it (SIGTERM) ends the CLI with one error naming the log',
    { timeout: START_TIMEOUT },
    async () => {
      const cli = await connect(['--local']);
      const transportClosed = new Promise<void>((resolve) => (cli.client.onclose = () => resolve()));
      try {
        expect(cli.stderr()).toMatch(/The local platform is running \(pid \d+\)/);
        const { tools } = await cli.client.listTools();
        expect(Array.isArray(tools)).toBe(true);
        const launcherPid = readPidFile(join(dataDir, 'platform.pid'))!;
        process.kill(launcherPid, 'SIGTERM');
        await cli.exited;
        await transportClosed;
        expect(cli.stderr()).toContain(`Error: The local platform went away (it is stopping); see ${dataDir}/platform.log.`);
        expect(cli.stderr()).not.toContain('Stopped the local platform.');
        await until(() => !processAlive(launcherPid), `the launcher (pid ${launcherPid}) to exit`);
        expect(existsSync(join(dataDir, 'platform.pid'))).toBe(false);
      } finally {
        await cli.client.close();
      }
    },
  );

  it('refuses --local with --url, and --data-dir when logged in, in one line each, without starting anything', async () => {
    const both = await runCli(['gateway', 'run', '--local', '--url', 'http://127.0.0.1:4000'], { env });
    expect(both.code).toBe(1);
    expect(expectOneErrorLine(both.stderr)).toBe('Error: --local runs a local platform: --url and --gateway-url name another one.');
    const remote = await runCli(['gateway', 'run', '--data-dir', dataDir], {
      env: { ...env, DOCKER_MCP_URL: 'http://127.0.0.1:4000', DOCKER_MCP_TOKEN: 'mcpat_x' },
    });
    expect(expectOneErrorLine(remote.stderr)).toBe('Error: --data-dir and --platform-port are for a local platform (--local, or when logged in to none).');
  });

  it('a CLI without the repository around it says what the local platform needs', async () => {
    const alone = await mkdtemp(join(tmpdir(), 'cli-alone-'));
    try {
      const launcher = join(alone, 'local-platform', 'launcher.ts');
      expect(() => findLocalPlatformCode(launcher)).toThrow(
        /runs from the MCP Portal repository with its dependencies installed \(`npm ci`\), and .*launcher\.ts, node_modules\/tsx, node_modules\/@mcp-portal\/router are missing/,
      );
    } finally {
      await rm(alone, { recursive: true, force: true });
    }
  });
});
