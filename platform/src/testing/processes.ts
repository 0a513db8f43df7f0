import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface ServiceProcess {
  process: ChildProcess;
  output(): string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Runs a TypeScript entry point of this repo as its own Node process (through tsx's loader), importing the workspace
 * packages' sources as `npm start` does (a benchmark's process, unlike vitest's, sets no condition for it).
 */
export function runTs(entry: string, env: Record<string, string | undefined>, args: string[] = []): ServiceProcess {
  const child = spawn(process.execPath, ['--conditions=@mcp-portal/source', '--import', 'tsx', entry, ...args], {
    cwd: repoRoot,
    // NODE_ENV as in a real start (vitest sets 'test', which changes library behaviour such as signal handling).
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return {
    process: child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      return code;
    },
  };
}

/**
 * Resolves once the process answers 2xx at `url`, however long a loaded machine takes to start it; rejects
 * with its output as soon as it exits instead. Only the test's own timeout bounds a hang.
 */
export async function waitForHealth(service: ServiceProcess, url: string): Promise<void> {
  for (;;) {
    if (service.process.exitCode !== null || service.process.signalCode !== null) {
      throw new Error(`the process exited (${service.process.exitCode ?? service.process.signalCode}) before ${url} answered:\n${service.output()}`);
    }
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) }).catch(() => null);
    if (response?.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
