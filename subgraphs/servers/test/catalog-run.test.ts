import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { bundledCatalogPath, Catalog } from '../src/services/catalog.ts';
import { resolveRun, RunResolutionError } from '../src/services/catalog-run.ts';

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
      const run = catalog.get(name)?.run;
      if (!run) throw new Error(`${name} has no run: entry`);
      const commandLine = resolveRun(run);
      expect(commandLine.command).toBe(process.execPath);
      const transport = new StdioClientTransport({
        command: commandLine.command,
        args: commandLine.args,
        // The memory server writes its graph beside its script unless told otherwise.
        env: { ...commandLine.env, PATH: process.env.PATH ?? '', MEMORY_FILE_PATH: join(scratch, `${name}.jsonl`) },
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
