import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, watchSubscribers, type SubscriberWatch, type TestPlatform } from '@mcp-portal/platform/testing';
import type { InspectedServer, LogLine, ServerStateView } from '../src/lib/operations.ts';
import { expectOneErrorLine, followCli, runCli, tempDockerConfig } from './helpers.ts';

const SPAWN_TIMEOUT = 60_000;

/** A server that exits at once: `tsc6 --version` (the `typescript` package is TypeScript 6, for lint) speaks no MCP. */
const brokenCatalog = [
  'registry:',
  '  cli-exits-at-once:',
  '    title: Exits at once',
  '    run:',
  '      package: typescript',
  '      bin: tsc6',
  '      args: ["--version"]',
].join('\n');

describe('docker mcp server: lifecycle and logs against the platform', () => {
  let platform: TestPlatform;
  let subscribers: SubscriberWatch;
  let config: string;
  let adminToken: string;
  let viewerToken: string;
  const env = (token: string) => ({ DOCKER_CONFIG: config, DOCKER_MCP_URL: platform.url, DOCKER_MCP_TOKEN: token });
  const asAdmin = (args: string[]) => runCli(args, { env: env(adminToken) });
  const asViewer = (args: string[]) => runCli(args, { env: env(viewerToken) });

  beforeAll(async () => {
    // The imported entry that exits at once runs `tsc6 --version`: an admin has to allow that package for API entries.
    platform = await startTestPlatform({ label: 'cli-servers', env: { MCP_RUNNABLE_PACKAGES: 'typescript:tsc6' } });
    subscribers = watchSubscribers(platform.platform.router.engine);
    config = await tempDockerConfig();
    adminToken = await platform.adminToken();
    const viewer = await platform.request<{ createApiToken: { token: string } }>(
      'mutation { createApiToken(name: "servers-viewer", role: VIEWER) { token } }',
      {},
      adminToken,
    );
    viewerToken = viewer.data!.createApiToken.token;
  }, 120_000);

  afterAll(async () => {
    await platform?.close();
    if (config) await rm(config, { recursive: true, force: true });
  });

  it('enables memory without starting it, then start waits until it is RUNNING', { timeout: SPAWN_TIMEOUT }, async () => {
    const enable = await asAdmin(['server', 'enable', 'memory', '--no-start', '--json']);
    expect(enable.stderr).toBe('');
    expect(enable.code).toBe(0);
    expect(JSON.parse(enable.stdout)).toMatchObject({ name: 'memory', status: 'STOPPED', desiredState: 'STOPPED', runtime: null });

    const start = await asAdmin(['server', 'start', 'memory']);
    expect(start.code).toBe(0);
    expect(start.stdout.trim()).toMatch(/^Started memory \(RUNNING, \d+ tools\)$/);
    // Progress on stderr, one line per status on a pipe, ending at RUNNING.
    const progress = start.stderr.trim().split('\n');
    expect(progress.every((line) => /^memory: [A-Z]+$/.test(line))).toBe(true);
    expect(progress.at(-1)).toBe('memory: RUNNING');

    const [ls, lsJsonRun] = await Promise.all([asAdmin(['server', 'ls']), asAdmin(['server', 'ls', '--json'])]);
    expect(ls.code).toBe(0);
    const [header, ...rows] = ls.stdout.trim().split('\n');
    expect(header).toMatch(/^NAME\s+STATUS\s+RUNTIME\s+TOOLS\s+ENABLED BY\s+UPDATED$/);
    expect(rows.find((row) => row.startsWith('memory '))).toMatch(/^memory\s+RUNNING\s+PROCESS\s+[1-9]\d*\s+\S+@\S+\s+.+ago$/);
    const lsJson = JSON.parse(lsJsonRun.stdout) as ServerStateView[];
    expect(lsJson.find((server) => server.name === 'memory')).toMatchObject({ status: 'RUNNING', runtime: 'PROCESS', desiredState: 'RUNNING' });
  });

  it('inspects a server by name or id, as text or JSON; a viewer may read it', { timeout: SPAWN_TIMEOUT }, async () => {
    const json = await asAdmin(['server', 'inspect', 'memory', '--json']);
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const server = JSON.parse(json.stdout) as InspectedServer;
    expect(server).toMatchObject({ name: 'memory', status: 'RUNNING', desiredState: 'RUNNING', runtime: 'PROCESS', restartCount: 0, lastError: null });
    expect(server.startedAt).toEqual(expect.any(String));
    expect(server.tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['create_entities', 'read_graph', 'search_nodes']));
    expect(server.tools.find((tool) => tool.name === 'create_entities')?.inputSchema).toMatchObject({
      type: 'object',
      properties: { entities: { type: 'array' } },
    });

    const text = await asViewer(['server', 'inspect', server.id]);
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Name:\s+memory$/m);
    expect(text.stdout).toMatch(/^Status:\s+RUNNING$/m);
    expect(text.stdout).toMatch(/^Runtime:\s+PROCESS$/m);
    expect(text.stdout).toMatch(/^Restarts:\s+0$/m);
    expect(text.stdout).toMatch(new RegExp(`^Tools \\(${server.tools.length}\\):\\s+\\S`, 'm'));
    expect(text.stdout).toMatch(/create_entities\s+Create multiple new entities/);
  });

  it('shows the log tail: stderr as it is, the lifecycle marked [portal]', { timeout: SPAWN_TIMEOUT }, async () => {
    const [text, json] = await Promise.all([
      asAdmin(['server', 'logs', 'memory', '--tail', '20']),
      asViewer(['server', 'logs', 'memory', '--tail', '2', '--json']),
    ]);
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    const lines = text.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThanOrEqual(20);
    expect(lines).toContain('Knowledge Graph MCP Server running on stdio');
    expect(lines.some((line) => line.startsWith('[portal] '))).toBe(true);

    expect(json.code).toBe(0);
    const entries = JSON.parse(json.stdout) as LogLine[];
    expect(entries).toHaveLength(2);
    for (const entry of entries) expect(['STDOUT', 'STDERR', 'SYSTEM']).toContain(entry.stream);
    // The same last two lines, in the same order.
    expect(entries.map((entry) => (entry.stream === 'SYSTEM' ? `[portal] ${entry.line}` : entry.line))).toEqual(lines.slice(-2));
  });

  it('follows the log across a restart, printing each line once', { timeout: SPAWN_TIMEOUT }, async () => {
    const follower = followCli(['server', 'logs', 'memory', '--follow', '--tail', '5', '--json'], env(adminToken));
    const printed = () =>
      follower
        .stdout()
        .split('\n')
        .filter((line) => line.trim())
        .map((line) => JSON.parse(line) as LogLine);
    let exitCode: number | null = null;
    try {
      await follower.waitFor(() => printed().length > 0, 'the tail');
      await subscribers.waitFor((s) => s.field === 'serverLogs'); // its live subscription is in place
      const tail = printed();
      expect(tail.length).toBeLessThanOrEqual(5);

      const restart = await asAdmin(['server', 'restart', 'memory']);
      expect(restart.code).toBe(0);
      expect(restart.stdout.trim()).toMatch(/^Restarted memory \(RUNNING, \d+ tools\)$/);
      expect(restart.stderr.trim().split('\n').at(-1)).toBe('memory: RUNNING');

      const tailIds = new Set(tail.map((line) => line.id));
      await follower.waitFor(
        () => printed().some((line) => !tailIds.has(line.id) && line.line === 'Knowledge Graph MCP Server running on stdio'),
        'the restarted server saying it runs',
      );
    } finally {
      exitCode = await follower.stop('SIGINT');
    }
    expect(exitCode).toBe(0);
    expect(follower.stderr()).toBe('');
    const ids = printed().map((line) => line.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(printed().some((line) => line.stream === 'SYSTEM')).toBe(true);
  });

  it('refuses a viewer with one FORBIDDEN line, and unknown servers with exit 1', { timeout: SPAWN_TIMEOUT }, async () => {
    const [forbidden, ...unknowns] = await Promise.all([
      asViewer(['server', 'stop', 'memory']),
      asAdmin(['server', 'start', 'no-such-server']),
      asAdmin(['server', 'logs', 'no-such-server']),
      asAdmin(['server', 'inspect', 'no-such-server']),
    ]);
    expect(forbidden.code).toBe(1);
    expect(forbidden.stdout).toBe('');
    expect(expectOneErrorLine(forbidden.stderr)).toMatch(/^Error: Your role \(viewer\) may not use Mutation\.stopServer\.$/);

    for (const unknown of unknowns) {
      expect(unknown.code).toBe(1);
      expect(expectOneErrorLine(unknown.stderr)).toBe('Error: There is no enabled server named "no-such-server" or with that id: see `docker mcp server ls`.');
    }
  });

  it('ends a wait with exit 1 and the last error when the server fails', { timeout: SPAWN_TIMEOUT }, async () => {
    const imported = await platform.request<{ importCatalog: { imported: number } }>(
      'mutation($yaml: String!) { importCatalog(yaml: $yaml) { imported } }',
      { yaml: brokenCatalog },
      adminToken,
    );
    expect(imported.data?.importCatalog.imported).toBe(1);
    const failed = await asAdmin(['server', 'enable', 'cli-exits-at-once', '--wait', '--timeout', '30']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe('');
    const lines = failed.stderr.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^Error: cli-exits-at-once failed: \S/);
    expect(lines.slice(0, -1).every((line) => /^cli-exits-at-once: [A-Z]+$/.test(line))).toBe(true);

    const inspected = JSON.parse((await asAdmin(['server', 'inspect', 'cli-exits-at-once', '--json'])).stdout) as InspectedServer;
    expect(inspected.status).toBe('FAILED');
    expect(lines.at(-1)).toContain(inspected.lastError?.split('\n')[0]?.trim());

    const disabled = await asAdmin(['server', 'disable', 'cli-exits-at-once']);
    expect(disabled.code).toBe(0);
    expect(disabled.stdout.trim()).toBe('Disabled cli-exits-at-once');
    expect((await asAdmin(['server', 'inspect', 'cli-exits-at-once'])).code).toBe(1);
  });

  it('stop waits until the server is STOPPED; stopping it again is a conflict', { timeout: SPAWN_TIMEOUT }, async () => {
    const stop = await asAdmin(['server', 'stop', 'memory', '--json']);
    expect(stop.code).toBe(0);
    expect(JSON.parse(stop.stdout)).toMatchObject({ name: 'memory', status: 'STOPPED', desiredState: 'STOPPED' });
    expect(stop.stderr.trim().split('\n').at(-1)).toBe('memory: STOPPED');

    const again = await asAdmin(['server', 'stop', 'memory']);
    expect(again.code).toBe(1);
    expectOneErrorLine(again.stderr);
  });
});
