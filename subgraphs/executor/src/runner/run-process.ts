import { spawn as nodeSpawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { constants as fsConstants, existsSync } from 'node:fs';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { z } from 'zod';

/**
 * The one place the executor starts a process. No shell anywhere (`shell: false`, argv passed as is), a fixed
 * executable named by the caller, a scrubbed environment (nothing inherited from this process), a private HOME and
 * TMPDIR removed afterwards, its own process group killed as a whole on timeout, cancel or flood, and resource limits
 * through util-linux's prlimit when the machine has it.
 *
 * Limits of the process-group approach: a process that leaves the group (setsid) escapes the group kill; the
 * `processes` limit (RLIMIT_NPROC) counts every process of the user id and does not bind root, so it only means
 * something when the CLI runs under a dedicated unprivileged user.
 */

export type OutputStream = 'stdout' | 'stderr';

export interface OutputChunk {
  stream: OutputStream;
  text: string;
  /** 0, 1, 2, … across both streams, in the order the chunks were forwarded. */
  seq: number;
}

export interface ResourceLimits {
  /** RLIMIT_CPU (soft = hard): past it the kernel ends the process (SIGXCPU / SIGKILL). */
  cpuSeconds?: number;
  /** RLIMIT_AS, the address space: Node needs well over 1 GB of it just to start. */
  memoryBytes?: number;
  /** RLIMIT_NOFILE. */
  openFiles?: number;
  /** RLIMIT_NPROC: per user id, not per run, and not enforced for root. */
  processes?: number;
}

export type SpawnFunction = (command: string, args: readonly string[], options: SpawnOptions) => ChildProcess;

export interface RunOptions {
  /** Absolute path, fixed by the caller: never looked up in PATH. */
  executable: string;
  argv: readonly string[];
  /** Added to the scrubbed base (PATH, LANG, HOME, TMPDIR), which it may not override. */
  env?: Record<string, string>;
  /** Absolute; default the run's private temporary directory. */
  cwd?: string;
  timeoutMs: number;
  /** Raw bytes of stdout + stderr forwarded at most; more ends the run (see RunResult.outputTruncated). */
  maxOutputBytes: number;
  /** Lines (complete or not) of stdout + stderr forwarded at most; more ends the run. */
  maxOutputLines: number;
  onChunk?: (chunk: OutputChunk) => void;
  signal?: AbortSignal;
  limits?: ResourceLimits;
  /** Between SIGTERM and SIGKILL to the process group. Default 2000. */
  killGraceMs?: number;
  /** For tests. Default node:child_process spawn. */
  spawn?: SpawnFunction;
  /** Default /usr/bin/prlimit when it exists; null runs without limits. */
  prlimitPath?: string | null;
}

export type RunStatus = 'succeeded' | 'failed' | 'timed_out' | 'cancelled';

export interface RunResult {
  status: RunStatus;
  exitCode: number | null;
  signal: string | null;
  /** The output went past maxOutputBytes or maxOutputLines: the rest was dropped and the run ended (status failed). */
  outputTruncated: boolean;
  /** Raw bytes of output forwarded. */
  bytes: number;
  /** Lines of output forwarded (a last line without a newline counts). */
  lines: number;
  limitsApplied: boolean;
  /** Why the run did not succeed when it was not the process's own exit code: start failure, timeout, cancel, output cap. */
  message: string | null;
}

/** How many processes this module started (for "no process was spawned" proofs: compare before and after). */
export const runnerStats = { spawned: 0 };

export const defaultPrlimitPath = '/usr/bin/prlimit';
export const basePath = '/usr/local/bin:/usr/bin:/bin';
const baseEnvNames = new Set(['PATH', 'LANG', 'HOME', 'TMPDIR']);

const noNul = (value: string) => !value.includes('\0');
const positiveInt = z.number().int().positive();
const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'not an environment variable name')
  .refine((name) => !baseEnvNames.has(name), 'is set by the runner')
  .refine((name) => !name.startsWith('LD_'), 'dynamic loader variables are refused');
const absolutePath = z.string().refine(noNul, 'contains NUL').refine(isAbsolute, 'must be an absolute path');

const runOptionsSchema = z.object({
  executable: absolutePath,
  argv: z.array(z.string().refine(noNul, 'contains NUL')),
  env: z.record(envName, z.string().refine(noNul, 'contains NUL')).default({}),
  cwd: absolutePath.optional(),
  timeoutMs: positiveInt,
  maxOutputBytes: positiveInt,
  maxOutputLines: positiveInt,
  limits: z
    .object({ cpuSeconds: positiveInt.optional(), memoryBytes: positiveInt.optional(), openFiles: positiveInt.optional(), processes: positiveInt.optional() })
    .strict()
    .optional(),
  killGraceMs: z.number().int().nonnegative().default(2000),
  prlimitPath: absolutePath.nullable().optional(),
});

export class RunOptionsError extends Error {
  override name = 'RunOptionsError';
}

/** `--cpu=…` etc. for the limits that are set; empty when none is. */
export function prlimitArguments(limits: ResourceLimits | undefined): string[] {
  if (!limits) return [];
  const flags: string[] = [];
  if (limits.cpuSeconds !== undefined) flags.push(`--cpu=${limits.cpuSeconds}`);
  if (limits.memoryBytes !== undefined) flags.push(`--as=${limits.memoryBytes}`);
  if (limits.openFiles !== undefined) flags.push(`--nofile=${limits.openFiles}`);
  if (limits.processes !== undefined) flags.push(`--nproc=${limits.processes}`);
  return flags;
}

type StopReason = { status: 'timed_out' | 'cancelled' | 'failed'; message: string; truncated?: boolean };

/**
 * Runs one process to its end and reports how it ended. Rejects (RunOptionsError) only for invalid options, a bug in
 * the caller, before anything is started; a process that cannot start ends as `failed` with a message on stderr.
 */
export async function runProcess(options: RunOptions): Promise<RunResult> {
  const parsed = runOptionsSchema.safeParse(options);
  if (!parsed.success) throw new RunOptionsError(`invalid run options: ${z.prettifyError(parsed.error)}`);
  const { executable, argv, env, cwd, timeoutMs, maxOutputBytes, maxOutputLines, limits, killGraceMs } = parsed.data;
  const { onChunk, signal } = options;
  const spawn = options.spawn ?? nodeSpawn;

  let seq = 0;
  const emit = (stream: OutputStream, text: string) => onChunk?.({ stream, text, seq: seq++ });
  const notStarted = (status: RunStatus, message: string): RunResult => ({
    status,
    exitCode: null,
    signal: null,
    outputTruncated: false,
    bytes: 0,
    lines: 0,
    limitsApplied: false,
    message,
  });

  if (signal?.aborted) return notStarted('cancelled', 'cancelled before it started');
  try {
    await access(executable, fsConstants.X_OK);
  } catch (error) {
    const message = `cannot run ${executable}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
    safeEmit(emit, 'stderr', `${message}\n`);
    return notStarted('failed', message);
  }

  const prlimitPath = options.prlimitPath === undefined ? (existsSync(defaultPrlimitPath) ? defaultPrlimitPath : null) : options.prlimitPath;
  const limitFlags = prlimitArguments(limits);
  const limitsApplied = limitFlags.length > 0 && prlimitPath !== null;
  const viaPrlimit = limitsApplied && prlimitPath ? prlimitPath : null;
  const command = viaPrlimit ?? executable;
  const args = viaPrlimit ? [...limitFlags, '--', executable, ...argv] : [...argv];

  const home = await mkdtemp(join(tmpdir(), 'mcp-exec-'));
  const childEnv: Record<string, string> = { ...env, PATH: basePath, LANG: 'C.UTF-8', HOME: home, TMPDIR: home };

  try {
    return await supervise();
  } finally {
    await rm(home, { recursive: true, force: true }).catch(() => undefined);
  }

  function supervise(): Promise<RunResult> {
    return new Promise<RunResult>((resolve) => {
      let child: ChildProcess;
      let stop: StopReason | null = null;
      let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
      let bytes = 0;
      let lines = 0;
      let outputTruncated = false;
      /** Off once the output was cut or its consumer failed: nothing more is forwarded. */
      let forwarding = true;
      let finished = false;
      const timers: NodeJS.Timeout[] = [];
      const atLineStart: Record<OutputStream, boolean> = { stdout: true, stderr: true };
      const decoders: Record<OutputStream, StringDecoder> = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };

      const killGroup = (killSignal: NodeJS.Signals) => {
        if (child.pid === undefined) return;
        try {
          process.kill(-child.pid, killSignal);
        } catch {
          // ESRCH: nothing left in the group.
        }
      };
      const requestStop = (reason: StopReason) => {
        if (stop || exited) {
          // Already stopping, or the leader is gone (its leftovers were killed on exit).
          return;
        }
        stop = reason;
        killGroup('SIGTERM');
        timers.push(setTimeout(() => killGroup('SIGKILL'), killGraceMs));
      };
      const onAbort = () => requestStop({ status: 'cancelled', message: 'cancelled' });

      const finish = (result: RunResult) => {
        if (finished) return;
        finished = true;
        for (const timer of timers) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve(result);
      };

      /** The longest prefix of `data` that stays within both caps. */
      const allowedLength = (stream: OutputStream, data: Buffer): { end: number; newLines: number; lineStart: boolean } => {
        let end = Math.min(data.length, maxOutputBytes - bytes);
        if (end < data.length) {
          // Back to the start of a UTF-8 sequence, so that the last forwarded character is whole.
          while (end > 0 && ((data[end] ?? 0) & 0xc0) === 0x80) end--;
        }
        let position = 0;
        let newLines = 0;
        let lineStart = atLineStart[stream];
        while (position < end) {
          if (lineStart) {
            if (lines + newLines >= maxOutputLines) return { end: position, newLines, lineStart };
            newLines++;
            lineStart = false;
          }
          const newline = data.indexOf(0x0a, position);
          if (newline === -1 || newline >= end) break;
          position = newline + 1;
          lineStart = true;
        }
        return { end, newLines, lineStart };
      };

      const onData = (stream: OutputStream) => (data: Buffer) => {
        if (!forwarding || finished) return;
        const { end, newLines, lineStart } = allowedLength(stream, data);
        if (end > 0) {
          bytes += end;
          lines += newLines;
          atLineStart[stream] = lineStart;
          const text = decoders[stream].write(end === data.length ? data : data.subarray(0, end));
          if (text && !safeEmit(emit, stream, text)) {
            forwarding = false;
            requestStop({ status: 'failed', message: 'the output consumer failed' });
            return;
          }
        }
        if (end < data.length) {
          outputTruncated = true;
          forwarding = false;
          requestStop({ status: 'failed', message: `output past the limit (${maxOutputBytes} bytes, ${maxOutputLines} lines): the run was ended` });
        }
      };

      const flushDecoders = () => {
        if (!forwarding) return;
        forwarding = false;
        for (const stream of ['stdout', 'stderr'] as const) {
          const rest = decoders[stream].end();
          if (rest) safeEmit(emit, stream, rest);
        }
      };

      const result = (): RunResult => {
        const code = exited?.code ?? null;
        const exitSignal = exited?.signal ?? null;
        const reason: StopReason | null = stop;
        const status: RunStatus = reason ? reason.status : code === 0 ? 'succeeded' : 'failed';
        const message = reason ? reason.message : exitSignal ? `ended by ${exitSignal}` : null;
        return { status, exitCode: code, signal: exitSignal, outputTruncated, bytes, lines, limitsApplied, message };
      };

      try {
        runnerStats.spawned++;
        child = spawn(command, args, { shell: false, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: childEnv, cwd: cwd ?? home });
      } catch (error) {
        const message = `cannot start ${executable}: ${error instanceof Error ? error.message : String(error)}`;
        safeEmit(emit, 'stderr', `${message}\n`);
        finish(notStarted('failed', message));
        return;
      }

      child.stdout?.on('data', onData('stdout'));
      child.stderr?.on('data', onData('stderr'));
      child.on('error', (error) => {
        // After a start, errors are about signals to a process already gone: its exit and close still come.
        if (child.pid !== undefined) return;
        const message = `cannot start ${executable}: ${error.message}`;
        safeEmit(emit, 'stderr', `${message}\n`);
        finish(notStarted('failed', message));
      });
      child.once('exit', (code, exitSignal) => {
        exited = { code, signal: exitSignal };
        // The leader is gone: whatever it left behind in its group goes too.
        killGroup('SIGKILL');
        // Output pipes held open by a process outside the group must not keep the run open.
        timers.push(
          setTimeout(() => {
            child.stdout?.destroy();
            child.stderr?.destroy();
            flushDecoders();
            finish(result());
          }, killGraceMs),
        );
      });
      child.once('close', () => {
        if (!exited) return;
        flushDecoders();
        finish(result());
      });

      if (child.pid !== undefined) {
        timers.push(setTimeout(() => requestStop({ status: 'timed_out', message: `timed out after ${timeoutMs} ms` }), timeoutMs));
        signal?.addEventListener('abort', onAbort, { once: true });
        // Aborted while the temporary directory was being made.
        if (signal?.aborted) onAbort();
      }
    });
  }
}

/** Forwards a chunk; false when the consumer threw (the run is then ended rather than the server crashed). */
function safeEmit(emit: (stream: OutputStream, text: string) => void, stream: OutputStream, text: string): boolean {
  try {
    emit(stream, text);
    return true;
  } catch {
    return false;
  }
}
