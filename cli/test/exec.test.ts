import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '@mcp-portal/platform/testing';
import { executionsTable, mirroredExitCode, OutputPrinter, parseTime, shortDuration } from '../src/lib/exec-format.ts';
import type { ExecutionChunkView, ExecutionView, ExecutionWithOutput } from '../src/lib/exec-operations.ts';
import { expectOneErrorLine, followCli, runCli, tempDockerConfig } from './helpers.ts';

interface Page {
  executions: ExecutionView[];
  endCursor: string | null;
  hasNextPage: boolean;
}

const ENDED = ['SUCCEEDED', 'FAILED', 'CANCELLED', 'TIMED_OUT'];
/** A tool of the reference server that takes `duration` seconds: a run that stays RUNNING long enough to watch. */
const LONG_TOOL = 'trigger-long-running-operation';

/**
 * `docker mcp exec ls|show|cancel` through bin/docker-mcp against the whole platform, whose executor runs the real
 * CLI for each run: runs started with GraphQL `runCommand` (server ls, catalog ls, a failing server inspect, a long
 * tool call on the reference server) are listed with filters, shown with their output and followed live with the
 * exit code of the run; a running one is cancelled, a finished one cannot be; a second user sees and cancels none of
 * the admin's, the admin sees and cancels theirs.
 */
describe('docker mcp exec against the platform', () => {
  let platform: TestPlatform;
  let config: string;
  let adminToken: string;
  let adminEmail: string;
  let operatorToken: string;
  let operatorId: string;
  const operator = { email: `exec-operator-${Date.now().toString(36)}@example.test`, password: 'operator-password-1' };

  const env = (token: string) => ({ DOCKER_CONFIG: config, DOCKER_MCP_URL: platform.url, DOCKER_MCP_TOKEN: token });
  const asAdmin = (args: string[]) => runCli(['exec', ...args], { env: env(adminToken) });
  const asOperator = (args: string[]) => runCli(['exec', ...args], { env: env(operatorToken) });

  async function start(command: string, args: Record<string, unknown> = {}, token = adminToken): Promise<string> {
    const started = await platform.request<{ runCommand: { id: string; status: string } }>(
      'mutation($command: String!, $args: JSON) { runCommand(command: $command, args: $args) { id status } }',
      { command, args },
      token,
    );
    expect(started.errors, command).toBeUndefined();
    expect(['QUEUED', 'RUNNING']).toContain(started.data?.runCommand.status);
    return started.data?.runCommand.id ?? '';
  }

  async function read(id: string, token = adminToken): Promise<ExecutionWithOutput> {
    const result = await platform.request<{ execution: ExecutionWithOutput | null }>(
      'query($id: ID!) { execution(id: $id) { id command status exitCode message runningAt finishedAt output { id seq stream text } } }',
      { id },
      token,
    );
    expect(result.errors).toBeUndefined();
    if (!result.data?.execution) throw new Error(`no execution ${id}`);
    return result.data.execution;
  }

  async function waitUntil(id: string, test: (execution: ExecutionWithOutput) => boolean, what: string, ms = 60_000): Promise<ExecutionWithOutput> {
    const deadline = Date.now() + ms;
    for (;;) {
      const execution = await read(id);
      if (test(execution)) return execution;
      if (Date.now() > deadline) throw new Error(`run ${id} (${execution.command}) did not become ${what}: ${JSON.stringify(execution)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  const ended = (id: string) => waitUntil(id, (execution) => ENDED.includes(execution.status), 'ended');
  const listed = async (args: string[], as = asAdmin): Promise<Page> => {
    const result = await as(['ls', ...args, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout) as Page;
  };

  let serverLs: string;
  let catalogLs: string;
  let failing: string;
  let operatorRun: string;

  beforeAll(async () => {
    platform = await startTestPlatform({ label: 'cli-exec' });
    config = await tempDockerConfig();
    adminToken = await platform.adminToken();
    const me = await platform.request<{ me: { email: string } }>('{ me { email } }', {}, adminToken);
    adminEmail = me.data?.me.email ?? '';
    const created = await platform.request<{ createUser: { id: string } }>(
      'mutation($email: String!, $password: String!) { createUser(email: $email, password: $password, role: OPERATOR) { id } }',
      operator,
      adminToken,
    );
    expect(created.errors).toBeUndefined();
    operatorId = created.data?.createUser.id ?? '';
    const login = await platform.request<{ login: { token: string } }>(
      'mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }',
      operator,
    );
    operatorToken = login.data?.login.token ?? '';

    serverLs = await start('server ls');
    await ended(serverLs);
    catalogLs = await start('catalog ls', { search: 'memory' });
    await ended(catalogLs);
    failing = await start('server inspect', { server: 'no-such-server' });
    await ended(failing);
    operatorRun = await start('catalog ls', { json: true }, operatorToken);
    await ended(operatorRun);
  }, 180_000);

  afterAll(async () => {
    await platform?.close();
    if (config) await rm(config, { recursive: true, force: true });
  });

  it('lists runs newest first as a table and as JSON, with filters and pages', async () => {
    const table = await asAdmin(['ls']);
    expect(table.stderr).toBe('');
    expect(table.code).toBe(0);
    const [header, ...rows] = table.stdout.trim().split('\n');
    expect(header).toMatch(/^ID\s+COMMAND\s+STATUS\s+EXIT CODE\s+STARTED BY\s+STARTED\s+DURATION$/);
    const email = adminEmail.replace(/\./g, '\\.');
    const operatorEmail = operator.email.replace(/\./g, '\\.');
    expect(rows.slice(0, 4)).toEqual([
      expect.stringMatching(new RegExp(`^${operatorRun}\\s+catalog ls\\s+SUCCEEDED\\s+0\\s+${operatorEmail}\\s+.+ago\\s+[\\d.]+(ms|s)$`)),
      expect.stringMatching(new RegExp(`^${failing}\\s+server inspect\\s+FAILED\\s+1\\s+${email}\\s+.+ago\\s+[\\d.]+(ms|s)$`)),
      expect.stringMatching(new RegExp(`^${catalogLs}\\s+catalog ls\\s+SUCCEEDED\\s+0\\s+${email}\\s+.+ago\\s+[\\d.]+(ms|s)$`)),
      expect.stringMatching(new RegExp(`^${serverLs}\\s+server ls\\s+SUCCEEDED\\s+0\\s+${email}\\s+.+ago\\s+[\\d.]+(ms|s)$`)),
    ]);

    // The admin sees everyone's, the operator's too.
    const all = await listed([]);
    expect(all.executions.map((execution) => execution.id)).toEqual(expect.arrayContaining([operatorRun, failing, catalogLs, serverLs]));
    expect(all.executions.find((execution) => execution.id === catalogLs)).toMatchObject({
      command: 'catalog ls',
      argv: ['catalog', 'ls', '--search=memory'],
      arguments: { search: 'memory' },
      status: 'SUCCEEDED',
      exitCode: 0,
      startedBy: { email: adminEmail },
      finishedAt: expect.any(String),
      outputTruncated: false,
    });
    expect(all.hasNextPage).toBe(false);

    expect((await listed(['--command', 'catalog ls'])).executions.map((e) => e.id)).toEqual([operatorRun, catalogLs]);
    expect((await listed(['--status', 'failed'])).executions.map((e) => e.id)).toEqual([failing]);
    expect((await listed(['--user', operator.email])).executions.map((e) => e.id)).toEqual([operatorRun]);
    expect((await listed(['--user', operatorId, '--command', 'server ls'])).executions).toEqual([]);
    expect((await listed(['--since', '1h'])).executions).toHaveLength(all.executions.length);
    expect((await listed(['--since', new Date(Date.now() + 60_000).toISOString()])).executions).toEqual([]);

    // A page at a time: the cursor is printed under the table and taken by --after.
    const first = await listed(['--limit', '2']);
    expect(first.executions.map((e) => e.id)).toEqual(all.executions.slice(0, 2).map((e) => e.id));
    expect(first.hasNextPage).toBe(true);
    const second = await listed(['--limit', '2', '--after', first.endCursor ?? '']);
    expect(second.executions.map((e) => e.id)).toEqual(all.executions.slice(2, 4).map((e) => e.id));
    const paged = await asAdmin(['ls', '--limit', '2']);
    expect(paged.stdout.trim().split('\n').at(-1)).toBe(`Next page: --after ${first.endCursor}`);

    const none = await asAdmin(['ls', '--status', 'timed_out']);
    expect(none.code).toBe(0);
    expect(none.stdout.trim()).toBe('No executions (that match).');
    const badSince = await asAdmin(['ls', '--since', 'yesterday']);
    expect(badSince.code).toBe(1);
    expect(expectOneErrorLine(badSince.stderr)).toContain('--since must be an ISO-8601 time');
  });

  it('shows a run with its output: stdout, stderr and the executor notes; exit 0 whatever the status', async () => {
    const shown = await asAdmin(['show', catalogLs]);
    expect(shown.stderr).toBe('');
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(new RegExp(`^ID:\\s+${catalogLs}\\nCommand:\\s+catalog ls\\n`));
    expect(shown.stdout).toMatch(/\nCommand line: +docker mcp catalog ls --search=memory\n/);
    expect(shown.stdout).toMatch(/\nStatus: +SUCCEEDED\n/);
    expect(shown.stdout).toContain(`Started by:   ${adminEmail}\n`);
    expect(shown.stdout).toContain('[executor] $ docker mcp catalog ls --search=memory\n');
    expect(shown.stdout).toMatch(/\nmemory\s/);
    expect(shown.stdout.trimEnd().split('\n').at(-1)).toBe('[executor] Finished: exit code 0.');

    // The failing run's error went to stderr, its notes to stdout; show itself succeeds.
    const failed = await asAdmin(['show', failing]);
    expect(failed.code).toBe(0);
    expect(failed.stdout).toMatch(/\nStatus: +FAILED \(exit code 1\)\n/);
    expect(failed.stdout).toContain('[executor] Failed: exit code 1.');
    expect(failed.stderr).toBe('Error: There is no enabled server named "no-such-server" or with that id: see `docker mcp server ls`.\n');

    const json = await asAdmin(['show', serverLs, '--json']);
    expect(json.code).toBe(0);
    const execution = JSON.parse(json.stdout) as ExecutionWithOutput;
    expect(execution).toMatchObject({ id: serverLs, command: 'server ls', argv: ['server', 'ls'], status: 'SUCCEEDED', exitCode: 0 });
    expect(execution.output.map((chunk) => chunk.stream)).toContain('SYSTEM');
    expect(execution.output.every((chunk, index, all) => index === 0 || Number(chunk.id) > Number(all[index - 1]?.id))).toBe(true);

    // --follow on a run that already ended: shown, then exits like the run.
    const followedOk = await asAdmin(['show', serverLs, '--follow']);
    expect(followedOk.code).toBe(0);
    expect(followedOk.stdout).toContain('[executor] Finished: exit code 0.');
    const followedFailed = await asAdmin(['show', failing, '--follow']);
    expect(followedFailed.code).toBe(1);
    expect(followedFailed.stdout).toContain('[executor] Failed: exit code 1.');
    const followedJson = await asAdmin(['show', failing, '--follow', '--json']);
    expect(followedJson.code).toBe(1);
    const lines = followedJson.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.at(-1)).toMatchObject({ id: failing, status: 'FAILED', exitCode: 1 });
    expect(lines.slice(0, -1).every((line) => typeof line.seq === 'number' && typeof line.text === 'string')).toBe(true);
  });

  describe('with a run that takes a while (a long tool call on the reference server)', () => {
    beforeAll(async () => {
      const enable = await runCli(['server', 'enable', 'everything', '--wait'], { env: env(adminToken) });
      if (enable.code !== 0) throw new Error(`server enable everything --wait failed: ${enable.stderr}`);
    }, 120_000);

    it('follows a running run live until it ends, with the exit code of the run', { timeout: 90_000 }, async () => {
      const id = await start('tools call', { server: 'everything', tool: LONG_TOOL, arguments: { duration: 4, steps: 2 } });
      const followed = followCli(['exec', 'show', id, '--follow'], env(adminToken));
      try {
        await followed.waitFor(() => /Status:\s+(QUEUED|RUNNING)/.test(followed.stdout()), 'the status while it runs');
        await followed.waitFor(() => followed.stdout().includes('[executor] $ docker mcp tools call'), 'the first note');
        // The run is still going while the CLI waits.
        expect((await read(id)).status).toMatch(/^(QUEUED|RUNNING)$/);
        await followed.waitFor(() => followed.stdout().includes('[executor] Finished'), 'the end of the run', 60_000);
        // SIGCONT changes nothing: stop() only waits for the exit the CLI makes on its own.
        expect(await followed.stop('SIGCONT')).toBe(0);
      } finally {
        await followed.stop();
      }
      expect(followed.stdout()).toContain('Long running operation completed. Duration: 4 seconds, Steps: 2.');
      expect(followed.stdout().trimEnd().split('\n').at(-1)).toBe('[executor] Finished: exit code 0.');
      expect(followed.stderr()).toBe('');
      // Each chunk once, in order: the command line first.
      expect(followed.stdout().match(/\[executor\] \$ docker mcp/g)).toHaveLength(1);
      expect((await read(id)).status).toBe('SUCCEEDED');
    });

    it('cancels a running run; cancelling it again is a clear error; --follow exits 125', { timeout: 90_000 }, async () => {
      const id = await start('tools call', { server: 'everything', tool: LONG_TOOL, arguments: { duration: 60, steps: 2 } });
      await waitUntil(id, (execution) => execution.status === 'RUNNING' && execution.output.some((chunk) => chunk.text.includes('$ docker mcp')), 'RUNNING');
      const followed = followCli(['exec', 'show', id, '--follow'], env(adminToken));
      try {
        await followed.waitFor(() => followed.stdout().includes('[executor] $ docker mcp tools call'), 'the first note');
        const cancelled = await asAdmin(['cancel', id]);
        expect(cancelled.stderr).toBe('');
        expect(cancelled.code).toBe(0);
        expect(cancelled.stdout.trim()).toBe(`Cancelled ${id} (tools call): CANCELLED`);
        await followed.waitFor(() => followed.stdout().includes('[executor] Cancelled'), 'the end of the run', 30_000);
        expect(await followed.stop('SIGCONT')).toBe(125);
      } finally {
        await followed.stop();
      }
      expect(followed.stdout()).toContain('[executor] Cancelled:');
      expect((await read(id)).status).toBe('CANCELLED');

      const again = await asAdmin(['cancel', id]);
      expect(again.code).toBe(1);
      expect(expectOneErrorLine(again.stderr)).toBe(
        `Error: The run ${id} already ended (CANCELLED): there is nothing to cancel (\`docker mcp exec show ${id}\` shows how it ended).`,
      );
      const finished = await asAdmin(['cancel', serverLs, '--json']);
      expect(finished.code).toBe(1);
      expect(expectOneErrorLine(finished.stderr)).toContain(`The run ${serverLs} already ended (SUCCEEDED)`);
    });

    it('follows a queued run until it runs and ends; cancels a queued one', { timeout: 120_000 }, async () => {
      // Two long runs fill the admin's slots (MCP_EXECUTOR_MAX_PER_USER, 2 by default): the next ones wait.
      const long = [
        await start('tools call', { server: 'everything', tool: LONG_TOOL, arguments: { duration: 60, steps: 2 } }),
        await start('tools call', { server: 'everything', tool: LONG_TOOL, arguments: { duration: 60, steps: 2 } }),
      ];
      for (const id of long) await waitUntil(id, (execution) => execution.status === 'RUNNING', 'RUNNING');
      const queued = await start('server ls');
      const second = await start('catalog ls');
      expect((await read(queued)).status).toBe('QUEUED');
      const followed = followCli(['exec', 'show', queued, '--follow'], env(adminToken));
      try {
        await followed.waitFor(() => /\nStatus: +QUEUED \(position 1\)\n/.test(followed.stdout()), 'the queue position');
        await followed.waitFor(() => followed.stdout().includes('[executor] Queued (position 1)'), 'the queued note');

        const cancelled = await asAdmin(['cancel', second, '--json']);
        expect(cancelled.stderr).toBe('');
        expect(cancelled.code).toBe(0);
        expect(JSON.parse(cancelled.stdout)).toMatchObject({ id: second });
        const ended = await waitUntil(second, (execution) => ENDED.includes(execution.status), 'ended', 10_000);
        expect(ended).toMatchObject({ status: 'CANCELLED', runningAt: null });

        // A free slot: the queued run starts, ends, and --follow exits 0.
        expect((await asAdmin(['cancel', long[0] ?? ''])).code).toBe(0);
        await followed.waitFor(() => followed.stdout().includes('[executor] Finished'), 'the end of the run', 60_000);
        expect(await followed.stop('SIGCONT')).toBe(0);
      } finally {
        await followed.stop();
        await asAdmin(['cancel', long[1] ?? '']);
      }
      const notes = followed.stdout().match(/^\[executor\] .*$/gm) ?? [];
      expect(notes).toEqual([
        '[executor] Queued (position 1): waiting for a free slot.',
        '[executor] $ docker mcp server ls',
        '[executor] Finished: exit code 0.',
      ]);
      // The stored output reads back in the same order, numbered 0, 1, 2, …
      const shown = await asAdmin(['show', queued]);
      expect(shown.stdout.match(/^\[executor\] .*$/gm)).toEqual(notes);
      const json = JSON.parse((await asAdmin(['show', queued, '--json'])).stdout) as ExecutionWithOutput;
      expect(json.output.map((chunk) => chunk.seq)).toEqual([...json.output.keys()]);
    });

    it("keeps a second user away from the admin's runs; the admin cancels theirs", { timeout: 90_000 }, async () => {
      const mine = await listed([], asOperator);
      expect(mine.executions.map((execution) => execution.id)).toEqual([operatorRun]);
      const refused = await asOperator(['ls', '--user', adminEmail]);
      expect(refused.code).toBe(1);
      expectOneErrorLine(refused.stderr);

      for (const args of [
        ['show', catalogLs],
        ['show', catalogLs, '--follow'],
        ['cancel', catalogLs],
      ]) {
        const result = await asOperator(args);
        expect(result.code, args.join(' ')).toBe(1);
        const verb = args[0] === 'cancel' ? 'cancel' : 'see';
        expect(expectOneErrorLine(result.stderr), args.join(' ')).toBe(`Error: There is no run ${catalogLs} that you may ${verb}: see \`docker mcp exec ls\`.`);
      }

      // The operator's long run: the admin sees it and cancels it (with --json), the operator sees it cancelled.
      const id = await start('tools call', { server: 'everything', tool: LONG_TOOL, arguments: { duration: 60, steps: 2 } }, operatorToken);
      await waitUntil(id, (execution) => execution.status === 'RUNNING', 'RUNNING');
      const adminRun = await start('server ls');
      const notTheirs = await asOperator(['cancel', adminRun]);
      expect(notTheirs.code).toBe(1);
      expect(expectOneErrorLine(notTheirs.stderr)).toBe(`Error: There is no run ${adminRun} that you may cancel: see \`docker mcp exec ls\`.`);
      expect((await listed(['--user', operator.email])).executions[0]).toMatchObject({ id, status: 'RUNNING', startedBy: { email: operator.email } });
      const cancelled = await asAdmin(['cancel', id, '--json']);
      expect(cancelled.code).toBe(0);
      expect(JSON.parse(cancelled.stdout)).toMatchObject({ id, status: 'CANCELLED', startedBy: { id: operatorId } });
      const seen = await asOperator(['show', id]);
      expect(seen.code).toBe(0);
      expect(seen.stdout).toMatch(/\nStatus: +CANCELLED\n/);
    });
  });

  it('gives one error line and exit 1 for an id that names no run', async () => {
    for (const id of ['nothing', '00000000-0000-4000-8000-000000000000']) {
      for (const verb of ['show', 'cancel'] as const) {
        const result = await asAdmin([verb, id]);
        expect(result.code, `${verb} ${id}`).toBe(1);
        expect(expectOneErrorLine(result.stderr)).toBe(
          `Error: There is no run ${id} that you may ${verb === 'show' ? 'see' : 'cancel'}: see \`docker mcp exec ls\`.`,
        );
      }
    }
  });
});

describe('exec formatting', () => {
  const chunk = (id: number, stream: ExecutionChunkView['stream'], text: string): ExecutionChunkView => ({ id: String(id), seq: id, stream, text, at: '' });

  it('writes stdout and stderr as they are, marks the notes on lines of their own, each chunk once', () => {
    let stdout = '';
    let stderr = '';
    const printer = new OutputPrinter({ stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } }, false);
    for (const piece of [
      chunk(1, 'SYSTEM', '$ docker mcp server ls\n'),
      chunk(2, 'STDOUT', 'NAME'),
      chunk(3, 'STDERR', 'oops\n'),
      chunk(2, 'STDOUT', 'NAME'),
    ]) {
      printer.print(piece);
    }
    printer.print(chunk(4, 'SYSTEM', 'Failed: exit code 1.\nsecond line\n'));
    printer.finish();
    expect(stdout).toBe('[executor] $ docker mcp server ls\nNAME\n[executor] Failed: exit code 1.\n[executor] second line\n');
    expect(stderr).toBe('oops\n');

    let dimmed = '';
    new OutputPrinter({ stdout: { write: (text: string) => (dimmed += text) }, stderr: { write: () => undefined } }, true).print(chunk(1, 'SYSTEM', 'note\n'));
    expect(dimmed).toBe('\u001b[2m[executor] note\u001b[22m\n');
  });

  it('mirrors the run in the exit code of --follow', () => {
    expect(mirroredExitCode({ status: 'SUCCEEDED', exitCode: 0 })).toBe(0);
    expect(mirroredExitCode({ status: 'FAILED', exitCode: 3 })).toBe(3);
    expect(mirroredExitCode({ status: 'FAILED', exitCode: null })).toBe(1);
    expect(mirroredExitCode({ status: 'TIMED_OUT', exitCode: null })).toBe(124);
    expect(mirroredExitCode({ status: 'CANCELLED', exitCode: null })).toBe(125);
  });

  it('reads --since as ISO 8601 or a duration ago; shows durations short', () => {
    const now = new Date('2026-03-01T12:00:00Z');
    expect(parseTime('--since', '90m', now)).toBe('2026-03-01T10:30:00.000Z');
    expect(parseTime('--since', '2026-01-31', now)).toBe('2026-01-31T00:00:00.000Z');
    expect(() => parseTime('--since', 'soon', now)).toThrow('--since must be an ISO-8601 time');
    expect([850, 12_345, 125_000, 3_720_000].map(shortDuration)).toEqual(['850ms', '12.3s', '2m05s', '1h02m']);
    const row = executionsTable(
      [
        {
          id: 'r1',
          command: 'server ls',
          argv: ['server', 'ls'],
          arguments: {},
          status: 'QUEUED',
          exitCode: null,
          message: null,
          startedBy: { id: 'u', email: 'a@example.test' },
          startedAt: '2026-03-01T11:59:00Z',
          runningAt: null,
          finishedAt: null,
          queuePosition: 1,
          outputBytes: 0,
          outputLines: 0,
          outputTruncated: false,
        },
      ],
      now,
    ).split('\n')[1];
    expect(row).toBe('r1   server ls   QUEUED   -           a@example.test   About a minute ago   -');
  });
});
