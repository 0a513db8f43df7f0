import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { constants } from 'node:os';
import type { Readable, Writable } from 'node:stream';
import { getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { AttachmentSlot } from './attachment-slot.ts';
import { EXIT_ERROR_STDERR_LINES, InstanceExitedError, InstanceNotFoundError, InstanceStartError, UnsupportedSpecError } from './errors.ts';
import { LineSplitter } from './line-splitter.ts';
import { LogBuffer } from './log-buffer.ts';
import { groupIsRunning, signalGroup } from './process-group.ts';
import {
  MANAGED_LABEL,
  SERVER_ID_LABEL,
  SERVER_NAME_LABEL,
  type ContainerRuntime,
  type InstanceStatus,
  type InstanceSummary,
  type LogLine,
  type LogOptions,
  type RunningInstance,
  type RuntimeEvent,
  type StdioStreams,
  type StopOptions,
} from './runtime.ts';
import { RuntimeEventHub } from './runtime-events.ts';
import type { ServerSpec } from './server-spec.ts';
import { waitUntil } from './wait-until.ts';

export const DEFAULT_STOP_TIMEOUT_MS = 10_000;
/** After SIGKILL, how long to wait for the kernel to take the group down before giving up. */
const KILL_WAIT_MS = 5_000;
/** After the process exits, how long its stderr may still drain before the instance counts as exited. */
const STDERR_DRAIN_MS = 500;

export interface ProcessRuntimeOptions {
  /** Stderr lines kept per instance. */
  logCapacity?: number;
}

type ServerProcess = ChildProcessByStdio<Writable, Readable, Readable>;

interface ProcessInstance {
  handle: RunningInstance;
  labels: Record<string, string>;
  child: ServerProcess;
  /** The child leads its own process group (spawned detached), so its pid is the group id. */
  pgid: number;
  logs: LogBuffer;
  exitCode?: number;
  finishedAt?: Date;
  exited: Promise<void>;
  stdio: AttachmentSlot;
}

/**
 * Stdio MCP servers as local child processes: the embedded default when no container engine answers.
 * Each instance leads its own process group and is stopped as a group. Limits and network isolation of
 * the spec are not enforced here (`isolates` is false).
 */
export class ProcessRuntime implements ContainerRuntime {
  readonly kind = 'process' as const;
  readonly isolates = false;
  private readonly instances = new Map<string, ProcessInstance>();
  private readonly hub = new RuntimeEventHub();

  constructor(private readonly options: ProcessRuntimeOptions = {}) {}

  async ping(): Promise<void> {}

  async available(): Promise<boolean> {
    return true;
  }

  async start(spec: ServerSpec): Promise<RunningInstance> {
    if (spec.command === undefined) {
      throw new UnsupportedSpecError(`The process runtime runs commands, and the server "${spec.name}" names only an image.`);
    }
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      // Only the SDK's safe defaults (PATH, HOME, …) and the spec's own variables: never the portal's secrets.
      env: { ...getDefaultEnvironment(), ...spec.env },
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    try {
      await once(child, 'spawn'); // rejects with the spawn error (ENOENT, EACCES, …)
    } catch (error) {
      throw new InstanceStartError(spec.name, (error as Error).message);
    }
    // Failures after the start (EPIPE when the server is gone, a failed kill) surface through exit and stop.
    child.on('error', () => {});
    child.stdin.on('error', () => {});

    const handle: RunningInstance = { id: randomUUID(), serverId: spec.serverId, name: spec.name, kind: this.kind, startedAt: new Date() };
    const instance: ProcessInstance = {
      handle,
      labels: { ...spec.labels, [MANAGED_LABEL]: 'true', [SERVER_ID_LABEL]: spec.serverId, [SERVER_NAME_LABEL]: spec.name },
      child,
      pgid: child.pid as number,
      logs: new LogBuffer(this.options.logCapacity),
      exited: Promise.resolve(),
      stdio: new AttachmentSlot(
        {
          get writable() {
            return child.stdin.writable;
          },
          write: (chunk, callback) => child.stdin.write(chunk, callback),
        },
        child.stdout,
      ),
    };
    instance.exited = this.trackExit(instance);
    this.captureStderr(instance);
    this.instances.set(handle.id, instance);
    this.hub.publish({ type: 'started', id: handle.id, serverId: spec.serverId, at: handle.startedAt });
    return handle;
  }

  async stop(id: string, options: StopOptions = {}): Promise<void> {
    const instance = this.require(id);
    const groupGone = async () => instance.exitCode !== undefined && !(await groupIsRunning(instance.pgid));
    if (await groupGone()) return;
    signalGroup(instance.pgid, 'SIGTERM');
    if (!(await waitUntil(groupGone, options.timeoutMs ?? DEFAULT_STOP_TIMEOUT_MS))) {
      signalGroup(instance.pgid, 'SIGKILL');
      await waitUntil(groupGone, KILL_WAIT_MS);
    }
    await instance.exited;
  }

  async remove(id: string): Promise<void> {
    const instance = this.instances.get(id);
    if (!instance) return;
    await this.stop(id);
    instance.stdio.detach();
    this.instances.delete(id);
  }

  async inspect(id: string): Promise<InstanceStatus> {
    const instance = this.instances.get(id);
    if (!instance) return { state: 'missing' };
    const { exitCode, finishedAt } = instance;
    return exitCode === undefined
      ? { state: 'running', startedAt: instance.handle.startedAt }
      : { state: 'exited', exitCode, startedAt: instance.handle.startedAt, finishedAt };
  }

  async *logs(id: string, options: LogOptions = {}): AsyncIterable<LogLine> {
    yield* this.require(id).logs.read(options);
  }

  async list(): Promise<InstanceSummary[]> {
    return [...this.instances.values()].map((instance) => ({
      id: instance.handle.id,
      serverId: instance.handle.serverId,
      name: instance.handle.name,
      state: instance.exitCode === undefined ? 'running' : 'exited',
      labels: { ...instance.labels },
    }));
  }

  events(options: { signal?: AbortSignal } = {}): AsyncIterable<RuntimeEvent> {
    return this.hub.subscribe(options.signal);
  }

  /** Replaces any earlier attachment of the same instance (see AttachmentSlot). */
  async attach(id: string): Promise<StdioStreams> {
    const instance = this.require(id);
    if (instance.exitCode !== undefined) {
      throw new InstanceExitedError(instance.handle.name, instance.exitCode, stderrTail(instance));
    }
    return instance.stdio.open();
  }

  /** Stops every instance this runtime started (they would otherwise outlive it: they run detached). */
  async close(): Promise<void> {
    await Promise.all([...this.instances.keys()].map((id) => this.remove(id)));
    this.hub.close();
  }

  private require(id: string): ProcessInstance {
    const instance = this.instances.get(id);
    if (!instance) throw new InstanceNotFoundError(id);
    return instance;
  }

  private captureStderr(instance: ProcessInstance): void {
    const splitter = new LineSplitter((line) => instance.logs.push({ stream: 'stderr', line, at: new Date() }));
    instance.child.stderr.on('data', (chunk: Buffer) => splitter.write(chunk));
    instance.child.stderr.once('close', () => {
      splitter.flush();
      instance.logs.close();
    });
  }

  private async trackExit(instance: ProcessInstance): Promise<void> {
    const { child } = instance;
    const alreadyExited = child.exitCode !== null || child.signalCode !== null;
    const [code, signal] = alreadyExited ? [child.exitCode, child.signalCode] : ((await once(child, 'exit')) as [number | null, NodeJS.Signals | null]);
    // Give stderr a moment to deliver the last lines, which usually say why the server stopped.
    const stderrClosed = child.stderr.closed ? Promise.resolve() : once(child.stderr, 'close');
    await Promise.race([stderrClosed, new Promise((resolve) => setTimeout(resolve, STDERR_DRAIN_MS).unref())]);
    instance.exitCode = code ?? 128 + (signal ? constants.signals[signal] : 0);
    instance.finishedAt = new Date();
    this.hub.publish({ type: 'died', id: instance.handle.id, serverId: instance.handle.serverId, at: instance.finishedAt, exitCode: instance.exitCode });
  }
}

function stderrTail(instance: ProcessInstance): string[] {
  return instance.logs.tail(EXIT_ERROR_STDERR_LINES).map((entry) => entry.line);
}
