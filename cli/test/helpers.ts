import { expect } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const cliDir = fileURLToPath(new URL('..', import.meta.url));
export const binary = join(cliDir, 'bin', 'docker-mcp');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program with a clean env (no DOCKER_MCP_* from the outside) plus `env`, feeding `input` on stdin. */
export function run(command: string, args: string[], options: { env?: Record<string, string>; input?: string; cwd?: string } = {}): Promise<RunResult> {
  const env: Record<string, string | undefined> = { ...process.env };
  delete env.DOCKER_MCP_URL;
  delete env.DOCKER_MCP_TOKEN;
  Object.assign(env, options.env);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, cwd: options.cwd ?? tmpdir(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** Runs cli/bin/docker-mcp itself, as a user or Docker would. */
export const runCli = (args: string[], options: { env?: Record<string, string>; input?: string; cwd?: string } = {}) => run(binary, args, options);

export const tempDockerConfig = () => mkdtemp(join(tmpdir(), 'docker-config-'));

/** A localhost port nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Matches the lines of a Node stack trace. */
export const STACK_LINE = /^\s+at .+\(?.+:\d+:\d+\)?$/m;

/** A failure is exactly one `Error: ...` line on stderr, with no stack trace. */
export function expectOneErrorLine(stderr: string): string {
  expect(stderr).not.toMatch(STACK_LINE);
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^Error: /);
  return lines[0] ?? '';
}

export interface FollowedCli {
  stdout(): string;
  stderr(): string;
  /** Resolves once `test` holds for the output so far; rejects after `ms` with the output in the message. */
  waitFor(test: () => boolean, what: string, ms?: number): Promise<void>;
  /** Sends `signal` (unless it already exited; SIGKILL 5 s later if it still runs) and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts cli/bin/docker-mcp as a long-running process (`--follow`), with a clean env plus `env`. Call
 * `stop()` in a `finally` so that nothing is left running when a test fails.
 */
export function followCli(args: string[], env: Record<string, string>): FollowedCli {
  const fullEnv: Record<string, string | undefined> = { ...process.env };
  delete fullEnv.DOCKER_MCP_URL;
  delete fullEnv.DOCKER_MCP_TOKEN;
  Object.assign(fullEnv, env);
  const child = spawn(binary, args, { env: fullEnv, cwd: tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters: { test: () => boolean; resolve: () => void }[] = [];
  const check = () => {
    for (const waiter of [...waiters]) {
      if (!waiter.test()) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => ((stdout += chunk), check()));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => ((stderr += chunk), check()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    stdout: () => stdout,
    stderr: () => stderr,
    waitFor: (test, what, ms = 20_000) =>
      new Promise<void>((resolve, reject) => {
        if (test()) return resolve();
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; stdout: ${stdout}; stderr: ${stderr}`)), ms);
        waiters.push({ test, resolve: () => (clearTimeout(timer), resolve()) });
        void exited.then(() => setTimeout(() => reject(new Error(`the CLI exited while waiting for ${what}; stdout: ${stdout}; stderr: ${stderr}`)), 50));
      }),
    async stop(signal = 'SIGINT') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      try {
        return await exited;
      } finally {
        clearTimeout(killer);
      }
    },
  };
}
