import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMcpClient, ProcessRuntime } from '../src/runtime/index.ts';
import { bundledCatalogPath, Catalog } from '../src/services/catalog.ts';
import { resolveRun, RunResolutionError } from '../src/services/catalog-run.ts';
import { launchPlanFor } from '../src/services/lifecycle/launch-plan.ts';

let catalog: Catalog;
let scratch: string;
let runtime: ProcessRuntime;

beforeAll(async () => {
  catalog = await Catalog.load(bundledCatalogPath);
  scratch = await mkdtemp(join(tmpdir(), 'mcp-catalog-run-'));
  runtime = new ProcessRuntime();
});
afterAll(async () => {
  await runtime?.close();
  await rm(scratch, { recursive: true, force: true });
});

describe('the starter catalog', () => {
  it('has process entries for the npm reference servers', () => {
    const packages = catalog
      .list()
      .map((entry) => entry.run?.package)
      .filter(Boolean);
    expect(packages.sort()).toEqual([
      '@modelcontextprotocol/server-everything',
      '@modelcontextprotocol/server-filesystem',
      '@modelcontextprotocol/server-github',
      '@modelcontextprotocol/server-memory',
      'mcp-fetch-server',
      'time-mcp',
    ]);
  });

  it('says which entries reach the network: fetch any host, github its API; the others none', () => {
    expect(catalog.get('fetch')?.allowHosts).toEqual(['*']);
    expect(catalog.get('github')?.allowHosts).toEqual(['api.github.com:443']);
    for (const name of ['everything', 'filesystem', 'memory', 'time']) expect(catalog.get(name)?.allowHosts, name).toEqual([]);
  });

  // Only tools/list: nothing here makes a server send traffic (fetch and github would need the internet).
  for (const name of ['everything', 'filesystem', 'memory', 'fetch', 'github', 'time']) {
    it(`runs ${name} here: it answers MCP over stdio with the tools the catalog lists`, async () => {
      const entry = catalog.get(name);
      if (!entry?.run) throw new Error(`${name} has no run: entry`);
      // A made-up token: github lists its tools without using it.
      const secrets = Object.fromEntries(entry.secrets.map((secret) => [secret.name, 'ghp_not-a-real-token']));
      // The same launch plan the lifecycle uses ({dataDir} expanded to the server's own folder).
      const plan = launchPlanFor(
        randomUUID(),
        entry,
        { preference: 'process', dockerAvailable: false, cpus: 1, memoryBytes: 256 * 1024 * 1024, serversDataDir: scratch },
        { values: {}, secrets },
      );
      if (plan.kind !== 'process') throw new Error(`${name} would not run as a process`);
      expect(plan.spec.command).toBe(process.execPath);
      await mkdir(plan.spec.cwd!, { recursive: true });
      // Through the process runtime and the handshake the lifecycle uses.
      const instance = await runtime.start(plan.spec);
      try {
        const connection = await connectMcpClient(runtime, instance, { timeoutMs: 20_000 });
        try {
          const { tools } = await connection.client.listTools();
          expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(catalog.get(name)?.tools ?? []));
        } finally {
          await connection.close();
        }
      } finally {
        await runtime.stop(instance.id, { timeoutMs: 5_000 });
        await runtime.remove(instance.id);
      }
    });
  }
});

describe('resolveRun', () => {
  it('takes a plain command as written', () => {
    expect(resolveRun({ command: 'uvx', package: null, bin: null, args: ['mcp-server-time'], env: [{ name: 'TZ', value: 'UTC' }] })).toEqual({
      command: 'uvx',
      args: ['mcp-server-time'],
      env: { TZ: 'UTC' },
    });
  });

  it('names the package that is missing and a bin that does not exist', () => {
    expect(() => resolveRun({ command: 'node', package: '@example/not-installed', bin: null, args: [], env: [] })).toThrow(RunResolutionError);
    expect(() => resolveRun({ command: 'node', package: '@modelcontextprotocol/server-memory', bin: 'nope', args: [], env: [] })).toThrow(
      /no bin script named nope \(its bins: mcp-server-memory\)/,
    );
  });
});
