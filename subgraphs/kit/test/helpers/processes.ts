import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../src/testing/index.ts';

export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

export interface ChildService {
  process: ChildProcess;
  output(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited: Promise<number | string | null>;
  alive(): boolean;
  stop(): Promise<void>;
}

function track(child: ChildProcess): ChildService {
  let output = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    stderr += chunk.toString();
  });
  const exited = once(child, 'exit').then(([code, signal]) => (code as number | null) ?? (signal as string | null));
  return {
    process: child,
    output: () => output,
    stderr: () => stderr,
    exited,
    alive: () => child.exitCode === null && child.signalCode === null,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Runs a TypeScript entry point of this repository (a path from the repository root) as its own Node process. */
export function runTs(entry: string, env: Record<string, string | undefined>): ChildService {
  return track(
    spawn(process.execPath, ['--import', 'tsx', entry], {
      cwd: repoRoot,
      env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', LOG_FORMAT: 'json', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
}

/** A Redis of the test's own (never the shared one) that may be killed and started again on the same port. */
export interface ThrowawayRedis {
  url: string;
  port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function throwawayRedis(): Promise<ThrowawayRedis> {
  const port = await freePort();
  let server: ChildService | null = null;
  const ready = async () => {
    const deadline = Date.now() + 10_000;
    while (!server?.output().includes('Ready to accept connections')) {
      if (Date.now() > deadline || !server?.alive()) throw new Error(`redis-server did not start on ${port}: ${server?.output()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const handle: ThrowawayRedis = {
    url: `redis://127.0.0.1:${port}`,
    port,
    async start() {
      server = track(
        spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] }),
      );
      await ready();
    },
    async stop() {
      await server?.stop();
      server = null;
    },
  };
  await handle.start();
  return handle;
}
