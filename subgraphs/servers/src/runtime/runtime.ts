import type { Readable, Writable } from 'node:stream';
import type { ServerSpec } from './server-spec.ts';

export type { ServerSpec, ServerSpecInput } from './server-spec.ts';

export type RuntimeKind = 'docker' | 'process';

/** Labels that mark an instance as managed by this portal. */
export const MANAGED_LABEL = 'io.mcp-portal.managed';
export const SERVER_ID_LABEL = 'io.mcp-portal.server-id';
export const SERVER_NAME_LABEL = 'io.mcp-portal.server-name';

/** The handle `start` returns; `id` is what every other call takes. */
export interface RunningInstance {
  id: string;
  serverId: string;
  name: string;
  kind: RuntimeKind;
  startedAt: Date;
}

export type InstanceState = 'running' | 'exited' | 'missing';

export interface InstanceStatus {
  state: InstanceState;
  exitCode?: number;
  startedAt?: Date;
  finishedAt?: Date;
}

/** An instance this runtime manages, as `list` reports it. */
export interface InstanceSummary {
  id: string;
  serverId: string;
  name: string;
  state: Exclude<InstanceState, 'missing'>;
  labels: Record<string, string>;
}

export interface StopOptions {
  /** Grace period between SIGTERM and SIGKILL. */
  timeoutMs?: number;
}

export type LogStream = 'stdout' | 'stderr';

export interface LogLine {
  stream: LogStream;
  line: string;
  at: Date;
}

export interface LogOptions {
  /** Only the last `tail` lines already captured (all when unset). */
  tail?: number;
  /** Keep the iterable open and yield new lines until the instance exits or `signal` aborts. */
  follow?: boolean;
  signal?: AbortSignal;
}

export type RuntimeEventType = 'started' | 'died';

export interface RuntimeEvent {
  type: RuntimeEventType;
  id: string;
  serverId?: string;
  at: Date;
  exitCode?: number;
}

/**
 * The server's stdio as JSON-RPC needs it: write requests to `stdin`, read responses from `stdout`.
 * Closing detaches; it never closes the server's own stdin (stop the instance for that), so a later
 * attach starts a new MCP session with the same server. One attachment at a time: a new attach closes
 * the previous one, and what the server writes while no one is attached is discarded.
 */
export interface StdioStreams {
  stdin: Writable;
  stdout: Readable;
  /** Detaches both streams. */
  close(): void;
}

/** Runs MCP servers (one instance per start) on one kind of backend. Knows nothing of GraphQL or the database. */
export interface ContainerRuntime {
  readonly kind: RuntimeKind;
  /** Whether the spec's cpus, memoryBytes, network and read-only root are enforced (containers) or only advisory (processes). */
  readonly isolates: boolean;
  /** Resolves when the backend answers; throws EngineUnavailableError when it does not. */
  ping(): Promise<void>;
  available(): Promise<boolean>;
  /** Creates and starts one instance; env values go to the backend only. */
  start(spec: ServerSpec): Promise<RunningInstance>;
  /** SIGTERM, then SIGKILL after `timeoutMs`; a stopped instance stays until `remove`. No-op when already exited. */
  stop(id: string, options?: StopOptions): Promise<void>;
  /** Stops if needed and forgets the instance; no-op when it is already gone. */
  remove(id: string): Promise<void>;
  inspect(id: string): Promise<InstanceStatus>;
  /** The server's diagnostic output (stderr; stdout is the MCP channel and is not logged). */
  logs(id: string, options?: LogOptions): AsyncIterable<LogLine>;
  /** Instances labelled as ours, running or exited (not yet removed). */
  list(): Promise<InstanceSummary[]>;
  /** State changes of our instances from now on, until `signal` aborts or the iteration is ended. */
  events(options?: { signal?: AbortSignal }): AsyncIterable<RuntimeEvent>;
  /** The server's stdin/stdout for MCP over stdio (see StdioStreams); InstanceExitedError when it no longer runs. */
  attach(id: string): Promise<StdioStreams>;
  /** Releases the runtime: the process runtime stops its children; containers outlive it. */
  close(): Promise<void>;
}
