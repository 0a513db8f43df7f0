import { spawn as nodeSpawn, type SpawnOptions } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runnerStats, runProcess, RunOptionsError, type OutputChunk, type RunOptions, type RunResult } from '../src/runner/index.ts';

const sh = '/bin/sh';
const hasPrlimit = existsSync('/usr/bin/prlimit');
const scratch = mkdtempSync(join(tmpdir(), 'runner-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const caps = { timeoutMs: 10_000, maxOutputBytes: 1_000_000, maxOutputLines: 10_000, killGraceMs: 500 };

async function run(
  options: Partial<RunOptions> & Pick<RunOptions, 'executable' | 'argv'>,
): Promise<RunResult & { chunks: OutputChunk[]; out: string; err: string }> {
  const chunks: OutputChunk[] = [];
  const result = await runProcess({
    ...caps,
    ...options,
    onChunk: (chunk) => {
      chunks.push(chunk);
      options.onChunk?.(chunk);
    },
  });
  const text = (stream: OutputChunk['stream']) =>
    chunks
      .filter((chunk) => chunk.stream === stream)
      .map((chunk) => chunk.text)
      .join('');
  return { ...result, chunks, out: text('stdout'), err: text('stderr') };
}

/** Gone, or a zombie nobody reaps (PID 1 of a container may not): either way it runs no more. */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

async function waitUntilStopped(pid: number, withinMs = 2000): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (!isRunning(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return !isRunning(pid);
}

describe('runProcess: no shell, scrubbed environment', () => {
  it('passes argv literally: shell syntax reaches the program as text', async () => {
    const sentinel = join(scratch, 'sentinel');
    const argv = ['a;b', `; touch ${sentinel}`, '$(id)', '`id`', '&& ls', '| cat', "'q'", '"dq"', '$HOME', '*', '> /tmp/x', 'line\nbreak'];
    const result = await run({ executable: '/bin/echo', argv });
    expect(result).toMatchObject({ status: 'succeeded', exitCode: 0, signal: null, outputTruncated: false });
    expect(result.out).toBe(`${argv.join(' ')}\n`);
    expect(existsSync(sentinel)).toBe(false);
  });

  it('gives the child only the base variables and the caller’s, with a private HOME = TMPDIR = cwd removed afterwards', async () => {
    process.env.RUNNER_TEST_SECRET = 'must not leak';
    const result = await run({ executable: '/usr/bin/env', argv: [], env: { MCP_TOKEN: 'token-value' } });
    const env = Object.fromEntries(
      result.out
        .trim()
        .split('\n')
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    expect(Object.keys(env).sort()).toEqual(['HOME', 'LANG', 'MCP_TOKEN', 'PATH', 'TMPDIR']);
    expect(env).toMatchObject({ PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8', MCP_TOKEN: 'token-value' });
    expect(env.HOME).toMatch(/mcp-exec-/);
    expect(env.TMPDIR).toBe(env.HOME);
    expect(existsSync(env.HOME ?? '')).toBe(false);

    const where = await run({ executable: sh, argv: ['-c', 'pwd; echo "$HOME"; touch "$HOME/left-behind"'] });
    const [cwd, home] = where.out.trim().split('\n');
    expect(cwd).toBe(home);
    expect(existsSync(home ?? '')).toBe(false);
  });

  it('runs in the given cwd', async () => {
    const result = await run({ executable: '/bin/pwd', argv: [], cwd: scratch });
    expect(result.out.trim()).toBe(scratch);
  });

  it('refuses invalid options before starting anything', async () => {
    const before = runnerStats.spawned;
    const refused: Array<Partial<RunOptions>> = [
      { executable: 'echo' },
      { executable: '/bin/echo\0x' },
      { argv: ['a\0b'] },
      { env: { PATH: '/tmp' } },
      { env: { HOME: '/root' } },
      { env: { LD_PRELOAD: '/tmp/x.so' } },
      { env: { 'A=B': 'x' } },
      { env: { X: 'a\0b' } },
      { cwd: 'relative' },
      { timeoutMs: 0 },
      { maxOutputBytes: -1 },
      { limits: { cpuSeconds: 0 } },
    ];
    for (const options of refused) {
      await expect(runProcess({ executable: '/bin/echo', argv: [], ...caps, ...options })).rejects.toBeInstanceOf(RunOptionsError);
    }
    expect(runnerStats.spawned).toBe(before);
  });
});

describe('runProcess: start failures', () => {
  it('reports a missing or non-executable program as failed, with a message on stderr and no process', async () => {
    const before = runnerStats.spawned;
    const missing = await run({ executable: '/nonexistent/docker-mcp', argv: ['server', 'ls'] });
    expect(missing).toMatchObject({ status: 'failed', exitCode: null, signal: null });
    expect(missing.err).toMatch(/cannot run \/nonexistent\/docker-mcp: ENOENT/);
    const plainFile = join(scratch, 'not-executable');
    writeFileSync(plainFile, 'echo should not run\n', { mode: 0o644 });
    const notExecutable = await run({ executable: plainFile, argv: [] });
    expect(notExecutable.status).toBe('failed');
    expect(notExecutable.err).toMatch(/EACCES/);
    expect(runnerStats.spawned).toBe(before);

    // Passes the access check, fails at exec: still failed, never thrown.
    const directory = await run({ executable: scratch, argv: [] });
    expect(directory.status).toBe('failed');
    expect(directory.err).toMatch(/cannot start .*EACCES/);
  });

  it('reports a spawn that throws or fails as failed', async () => {
    const throwing = await run({
      executable: '/bin/echo',
      argv: [],
      spawn: () => {
        throw new Error('spawn refused');
      },
    });
    expect(throwing).toMatchObject({ status: 'failed', message: expect.stringMatching(/spawn refused/) });
    expect(throwing.err).toMatch(/spawn refused/);

    const failing = await run({ executable: '/bin/echo', argv: [], spawn: (_command, args, options) => nodeSpawn('/nonexistent/binary', args, options) });
    expect(failing.status).toBe('failed');
    expect(failing.err).toMatch(/ENOENT/);
  });

  it('spawns with shell: false, its own process group and stdin ignored', async () => {
    const seen: SpawnOptions[] = [];
    const before = runnerStats.spawned;
    const result = await run({
      executable: '/bin/echo',
      argv: ['x'],
      spawn: (command, args, options) => {
        seen.push(options);
        return nodeSpawn(command, args, options);
      },
    });
    expect(result.status).toBe('succeeded');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ shell: false, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    expect(runnerStats.spawned).toBe(before + 1);
  });

  it('is cancelled without a process when the signal was aborted already', async () => {
    const before = runnerStats.spawned;
    const result = await run({ executable: '/bin/echo', argv: [], signal: AbortSignal.abort() });
    expect(result.status).toBe('cancelled');
    expect(runnerStats.spawned).toBe(before);
  });
});

describe('runProcess: timeout, cancel, process group', () => {
  it('times out a long command', async () => {
    const started = Date.now();
    const result = await run({ executable: '/bin/sleep', argv: ['30'], timeoutMs: 300 });
    expect(result).toMatchObject({ status: 'timed_out', exitCode: null, signal: 'SIGTERM' });
    expect(Date.now() - started).toBeLessThan(300 + 500 + 1500);
  });

  it('kills with SIGKILL after the grace when SIGTERM is ignored', async () => {
    const started = Date.now();
    const result = await run({ executable: sh, argv: ['-c', 'trap "" TERM; echo ready; while :; do sleep 1; done'], timeoutMs: 300, killGraceMs: 300 });
    expect(result).toMatchObject({ status: 'timed_out', signal: 'SIGKILL' });
    expect(result.out).toBe('ready\n');
    expect(Date.now() - started).toBeLessThan(300 + 300 + 1500);
  });

  it('cancels through the AbortSignal and kills the grandchildren with the group', async () => {
    const controller = new AbortController();
    const result = await run({
      executable: sh,
      argv: ['-c', 'sleep 1000 & echo $!; wait'],
      signal: controller.signal,
      onChunk: () => controller.abort(),
    });
    expect(result).toMatchObject({ status: 'cancelled', exitCode: null, signal: 'SIGTERM', message: 'cancelled' });
    const grandchild = Number(result.out.trim());
    expect(grandchild).toBeGreaterThan(1);
    expect(await waitUntilStopped(grandchild)).toBe(true);
  });

  it('kills what a finished program left running in its group', async () => {
    const started = Date.now();
    // The leader exits at once; its grandchild would hold stdout open for 1000 s.
    const result = await run({ executable: sh, argv: ['-c', 'sleep 1000 & echo $!'] });
    expect(result).toMatchObject({ status: 'succeeded', exitCode: 0 });
    expect(await waitUntilStopped(Number(result.out.trim()))).toBe(true);
    expect(Date.now() - started).toBeLessThan(3000);
  });
  it('does not wait for the pipes of a process that left the group (which the group kill cannot reach)', async () => {
    const started = Date.now();
    // Exits once its child leads a session of its own (field 6 of /proc/PID/stat).
    const script = 'setsid sleep 5 & while [ "$(cut -d" " -f6 /proc/$!/stat)" != "$!" ]; do sleep 0.02; done; echo $!';
    const result = await run({ executable: sh, argv: ['-c', script], killGraceMs: 300 });
    const escaped = Number(result.out.trim());
    try {
      expect(result).toMatchObject({ status: 'succeeded', exitCode: 0 });
      expect(isRunning(escaped)).toBe(true);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      if (escaped > 1 && isRunning(escaped)) process.kill(escaped, 'SIGKILL');
    }
  });
});

describe('runProcess: output', () => {
  it('forwards stdout and stderr chunks in order with seq', async () => {
    const result = await run({ executable: sh, argv: ['-c', 'echo one; sleep 0.15; echo two >&2; sleep 0.15; echo three'] });
    expect(result.status).toBe('succeeded');
    expect(result.chunks).toEqual([
      { stream: 'stdout', text: 'one\n', seq: 0 },
      { stream: 'stderr', text: 'two\n', seq: 1 },
      { stream: 'stdout', text: 'three\n', seq: 2 },
    ]);
    expect(result).toMatchObject({ bytes: 14, lines: 3 });
  });

  it('ends a flood at the byte cap', async () => {
    const result = await run({ executable: '/usr/bin/yes', argv: [], maxOutputBytes: 10_000, maxOutputLines: 1_000_000 });
    expect(result).toMatchObject({ status: 'failed', outputTruncated: true, bytes: 10_000, lines: 5000 });
    expect(result.out).toBe('y\n'.repeat(5000));
    expect(result.message).toMatch(/output past the limit/);
  });

  it('ends a flood at the line cap', async () => {
    const result = await run({ executable: '/usr/bin/yes', argv: ['line'], maxOutputLines: 5 });
    expect(result).toMatchObject({ status: 'failed', outputTruncated: true, lines: 5, bytes: 25 });
    expect(result.out).toBe('line\n'.repeat(5));
  });

  it('counts a last line without newline, and output exactly at the caps is not truncated', async () => {
    const result = await run({ executable: '/usr/bin/printf', argv: ['a\nb\nc'], maxOutputLines: 3, maxOutputBytes: 5 });
    expect(result).toMatchObject({ status: 'succeeded', outputTruncated: false, lines: 3, bytes: 5 });
    const over = await run({ executable: '/usr/bin/printf', argv: ['a\nb\nc'], maxOutputLines: 2 });
    expect(over).toMatchObject({ outputTruncated: true, lines: 2 });
    expect(over.out).toBe('a\nb\n');
  });

  it('keeps UTF-8 characters whole across chunks and at the byte cap', async () => {
    const split = await run({ executable: sh, argv: ['-c', "printf '\\303'; sleep 0.15; printf '\\251\\n'"] });
    expect(split.out).toBe('é\n');
    expect(split.chunks.every((chunk) => !chunk.text.includes('\ufffd'))).toBe(true);

    const capped = await run({ executable: '/usr/bin/printf', argv: ['ééééé'], maxOutputBytes: 5 });
    expect(capped.out).toBe('éé');
    expect(capped).toMatchObject({ outputTruncated: true, bytes: 4 });
  });

  it('ends the run when the output consumer throws, and stops calling it', async () => {
    let calls = 0;
    const result = await run({
      executable: sh,
      argv: ['-c', 'trap "" TERM; echo one; echo two >&2; sleep 0.3; echo three; printf partial'],
      killGraceMs: 500,
      onChunk: () => {
        calls++;
        throw new Error('consumer broke');
      },
    });
    expect(result).toMatchObject({ status: 'failed', message: 'the output consumer failed' });
    expect(calls).toBe(1);
  });
});

describe.runIf(hasPrlimit)('runProcess: resource limits through prlimit', () => {
  it('ends a busy loop at the CPU limit', async () => {
    const result = await run({ executable: sh, argv: ['-c', 'while :; do :; done'], limits: { cpuSeconds: 1 } });
    expect(result.limitsApplied).toBe(true);
    expect(result.status).toBe('failed');
    expect(['SIGXCPU', 'SIGKILL']).toContain(result.signal);
  });

  it('limits open files, and runs without limits when prlimit is not used', async () => {
    const script = 'exec 3</dev/null 4</dev/null 5</dev/null 6</dev/null && echo opened';
    const limited = await run({ executable: sh, argv: ['-c', script], limits: { openFiles: 5 } });
    expect(limited).toMatchObject({ status: 'failed', limitsApplied: true });
    expect(limited.out).toBe('');
    expect(limited.err).toMatch(/open/i);

    const unlimited = await run({ executable: sh, argv: ['-c', script], limits: { openFiles: 5 }, prlimitPath: null });
    expect(unlimited).toMatchObject({ status: 'succeeded', limitsApplied: false });
    expect(unlimited.out).toBe('opened\n');
  });

  it('passes the limits to prlimit in front of the executable', async () => {
    const calls: Array<{ command: string; args: readonly string[] }> = [];
    await run({
      executable: '/bin/echo',
      argv: ['--cpu=9'],
      limits: { cpuSeconds: 5, memoryBytes: 4_000_000_000, openFiles: 64, processes: 32 },
      spawn: (command, args, options) => {
        calls.push({ command, args });
        return nodeSpawn(command, args, options);
      },
    });
    expect(calls).toEqual([{ command: '/usr/bin/prlimit', args: ['--cpu=5', '--as=4000000000', '--nofile=64', '--nproc=32', '--', '/bin/echo', '--cpu=9'] }]);
  });
});
