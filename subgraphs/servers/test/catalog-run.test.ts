import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { bundledCatalogPath, Catalog } from '../src/services/catalog.ts';
import { resolveRun, RunResolutionError } from '../src/services/catalog-run.ts';
import { launchPlanFor } from '../src/services/lifecycle/launch-plan.ts';

let catalog: Catalog;
let scratch: string;

beforeAll(async () => {
  catalog = await Catalog.load(bundledCatalogPath);
  scratch = await mkdtemp(join(tmpdir(), 'mcp-catalog-run-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('the starter catalog', () => {
  it('has process entries for the npm reference servers', () => {
    const packages = catalog
      .list()
      .map((entry) => entry.run?.package)
      .filter(Boolean);
    expect(packages.sort()).toEqual(['@modelcontextprotocol/server-everything', '@modelcontextprotocol/server-filesystem', '@modelcontextprotocol/server-memory']);
  });

  for (const name of ['everything', 'filesystem', 'memory']) {
    it(`runs ${name} here: it answers MCP over stdio with the tools the catalog lists`, async () => {
      const entry = catalog.get(name);
      if (!entry?.run) throw new Error(`${name} has no run: entry`);
      // The same launch plan the lifecycle uses ({dataDir} expanded to the server's own folder).
      const plan = launchPlanFor(randomUUID(), entry, { preference: 'process', dockerAvailable: false, cpus: 1, memoryBytes: 256 * 1024 * 1024, serversDataDir: scratch });
      if (plan.kind !== 'process') throw new Error(`${name} would not run as a process`);
      expect(plan.spec.command).toBe(process.execPath);
      await mkdir(plan.spec.cwd!, { recursive: true });
      const transport = new StdioClientTransport({
        command: plan.spec.command!,
        args: plan.spec.args,
        cwd: plan.spec.cwd,
        env: { ...plan.spec.env, PATH: process.env.PATH ?? '' },
        stderr: 'pipe',
      });
      const client = new Client({ name: 'catalog-test', version: '1.0.0' });
      await client.connect(transport);
      try {
        const { tools } = await client.listTools();
        expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(catalog.get(name)?.tools ?? []));
      } finally {
        await client.close();
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
