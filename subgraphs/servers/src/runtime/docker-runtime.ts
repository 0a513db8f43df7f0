import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import { attachContainerStdio, type ContainerStdio } from './docker-attach.ts';
import { hardenedContainerConfig } from './docker-container-config.ts';
import { connectDocker } from './docker-endpoint.ts';
import { asEngineError, engineMessage, statusCodeOf } from './docker-errors.ts';
import { containerEvents } from './docker-events.ts';
import { DEFAULT_PULL_TIMEOUT_MS, ensureImage } from './docker-images.ts';
import { containerLogs } from './docker-logs.ts';
import {
  EXIT_ERROR_STDERR_LINES,
  EngineUnavailableError,
  InstanceExitedError,
  InstanceNotFoundError,
  InstanceStartError,
  UnsupportedSpecError,
} from './errors.ts';
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
import type { ServerSpec } from './server-spec.ts';

export const DEFAULT_PING_TIMEOUT_MS = 1_000;
export const DEFAULT_DOCKER_STOP_TIMEOUT_MS = 10_000;
/** The engine reports an unset time as the zero time. */
const ZERO_TIME_PREFIX = '0001-01-01';

export interface DockerRuntimeOptions {
  /** unix:///path or tcp://host:port; unset: DOCKER_HOST, then the default socket. */
  dockerHost?: string;
  /** An engine client of your own (then `dockerHost` is only used in messages). */
  docker?: Docker;
  pingTimeoutMs?: number;
  pullTimeoutMs?: number;
}

/** MCP servers as hardened containers on a Docker Engine API (Docker or podman's compatible service). */
export class DockerRuntime implements ContainerRuntime {
  readonly kind = 'docker' as const;
  readonly isolates = true;
  readonly docker: Docker;
  /** Where the engine is, for messages. */
  readonly address: string;
  /** The attach connection of each container this process talks MCP to, kept open while it runs. */
  private readonly stdio = new Map<string, Promise<ContainerStdio>>();

  constructor(private readonly options: DockerRuntimeOptions = {}) {
    if (options.docker) {
      this.docker = options.docker;
      this.address = options.dockerHost ?? 'the given engine';
    } else {
      ({ docker: this.docker, address: this.address } = connectDocker(options.dockerHost));
    }
  }

  async ping(): Promise<void> {
    const timeoutMs = this.options.pingTimeoutMs ?? DEFAULT_PING_TIMEOUT_MS;
    const signal = AbortSignal.timeout(timeoutMs);
    // dockerode's typings omit ping's options, which take the abortSignal like every other call.
    const ping = this.docker.ping.bind(this.docker) as unknown as (options: { abortSignal: AbortSignal }) => Promise<unknown>;
    try {
      await ping({ abortSignal: signal });
    } catch (error) {
      const reason = signal.aborted ? `no answer within ${timeoutMs} ms` : engineMessage(error);
      throw new EngineUnavailableError(this.address, reason);
    }
  }

  async available(): Promise<boolean> {
    try {
      await this.ping();
      return true;
    } catch {
      return false;
    }
  }

  async start(spec: ServerSpec): Promise<RunningInstance> {
    const image = spec.image;
    if (image === undefined) {
      throw new UnsupportedSpecError(`The Docker runtime runs images, and the server "${spec.name}" names only a command.`);
    }
    return this.engine(async () => {
      await ensureImage(this.docker, image, this.options.pullTimeoutMs ?? DEFAULT_PULL_TIMEOUT_MS);
      const containerName = `mcp-${spec.name}-${randomBytes(4).toString('hex')}`;
      let container: Docker.Container;
      try {
        container = await this.docker.createContainer(hardenedContainerConfig(spec, containerName));
      } catch (error) {
        const engineError = asEngineError(error, this.address);
        throw engineError instanceof EngineUnavailableError ? engineError : new InstanceStartError(spec.name, engineMessage(error));
      }
      try {
        await container.start();
        const info = await container.inspect();
        return { id: container.id, serverId: spec.serverId, name: spec.name, kind: this.kind, startedAt: new Date(info.State.StartedAt) };
      } catch (error) {
        // podman may fail the start ("write child: broken pipe") of a container that exited at once: say so.
        const exited = await this.exitedAtStart(container.id);
        await container.remove({ force: true }).catch(() => {});
        throw exited ? new InstanceExitedError(spec.name, exited.exitCode, exited.stderr) : new InstanceStartError(spec.name, engineMessage(error));
      }
    });
  }

  private async exitedAtStart(id: string): Promise<{ exitCode: number; stderr: string[] } | null> {
    const state = await this.inspect(id).catch(() => null);
    if (state?.state !== 'exited' || state.exitCode === undefined) return null;
    const stderr: string[] = [];
    try {
      for await (const entry of this.logs(id, { tail: EXIT_ERROR_STDERR_LINES })) stderr.push(entry.line);
    } catch {
      // the logs went with the container
    }
    return { exitCode: state.exitCode, stderr };
  }

  async stop(id: string, options: StopOptions = {}): Promise<void> {
    const seconds = Math.ceil((options.timeoutMs ?? DEFAULT_DOCKER_STOP_TIMEOUT_MS) / 1000);
    await this.engine(async () => {
      try {
        await this.docker.getContainer(id).stop({ t: seconds });
      } catch (error) {
        const status = statusCodeOf(error);
        if (status === 304) return; // already stopped
        if (status === 404) throw new InstanceNotFoundError(id);
        throw error;
      } finally {
        await this.releaseStdio(id);
      }
    });
  }

  async remove(id: string): Promise<void> {
    await this.releaseStdio(id);
    await this.engine(async () => {
      try {
        await this.docker.getContainer(id).remove({ force: true, v: true });
      } catch (error) {
        const status = statusCodeOf(error);
        if (status === 404 || status === 409) return; // gone, or its removal already under way
        throw error;
      }
    });
  }

  async inspect(id: string): Promise<InstanceStatus> {
    return this.engine(async () => {
      let info: Docker.ContainerInspectInfo;
      try {
        info = await this.docker.getContainer(id).inspect();
      } catch (error) {
        if (statusCodeOf(error) === 404) return { state: 'missing' };
        throw error;
      }
      const { State: state } = info;
      const startedAt = engineTime(state.StartedAt);
      if (state.Running || state.Restarting || state.Paused) return { state: 'running', ...(startedAt ? { startedAt } : {}) };
      const finishedAt = engineTime(state.FinishedAt);
      const exitCode = state.Status === 'created' ? undefined : state.ExitCode;
      return { state: 'exited', ...(exitCode === undefined ? {} : { exitCode }), ...(startedAt ? { startedAt } : {}), ...(finishedAt ? { finishedAt } : {}) };
    });
  }

  logs(id: string, options: LogOptions = {}): AsyncIterable<LogLine> {
    return containerLogs(this.docker, id, options);
  }

  async list(): Promise<InstanceSummary[]> {
    return this.engine(async () => {
      const containers = await this.docker.listContainers({ all: true, filters: { label: [`${MANAGED_LABEL}=true`] } });
      return containers.map((container) => ({
        id: container.Id,
        serverId: container.Labels[SERVER_ID_LABEL] ?? '',
        name: container.Labels[SERVER_NAME_LABEL] ?? container.Names[0]?.replace(/^\//, '') ?? container.Id,
        state: container.State === 'running' ? 'running' : 'exited',
        labels: { ...container.Labels },
      }));
    });
  }

  events(options: { signal?: AbortSignal } = {}): AsyncIterable<RuntimeEvent> {
    return containerEvents(this.docker, options);
  }

  /**
   * A view of the container's stdio; replaces any earlier view. The attach connection under it stays open
   * until the container stops or is removed, because podman closes a container's stdin when it goes away.
   */
  async attach(id: string): Promise<StdioStreams> {
    await this.requireRunning(id);
    let connection = this.stdio.get(id);
    if (connection && (await connection.catch(() => undefined))?.slot.isEnded !== false) {
      this.stdio.delete(id);
      connection = undefined;
    }
    if (!connection) {
      const opening = attachContainerStdio(this.docker, id, this.address);
      this.stdio.set(id, opening);
      const forget = () => {
        if (this.stdio.get(id) === opening) this.stdio.delete(id);
      };
      opening.then((opened) => opened.closed).then(forget, forget);
      connection = opening;
    }
    try {
      return (await connection).slot.open();
    } catch (error) {
      this.stdio.delete(id);
      // A container that exited between the check above and the attach is refused by the engine ("can only
      // attach to created or running containers"): say how it ended instead.
      await this.requireRunning(id);
      throw error;
    }
  }

  /**
   * Drops the attach connections; the containers outlive the portal by design (with podman, a server whose
   * stdin closes this way usually exits).
   */
  async close(): Promise<void> {
    const connections = [...this.stdio.values()];
    this.stdio.clear();
    for (const connection of connections) (await connection.catch(() => undefined))?.close();
  }

  private async releaseStdio(id: string): Promise<void> {
    const connection = this.stdio.get(id);
    this.stdio.delete(id);
    (await connection?.catch(() => undefined))?.close();
  }

  /** Throws InstanceNotFoundError, or InstanceExitedError with the last stderr lines, unless the container runs. */
  private async requireRunning(id: string): Promise<void> {
    const status = await this.inspect(id);
    if (status.state === 'running') return;
    if (status.state === 'missing') throw new InstanceNotFoundError(id);
    const lines: string[] = [];
    for await (const entry of this.logs(id, { tail: EXIT_ERROR_STDERR_LINES })) lines.push(entry.line);
    const info = await this.docker
      .getContainer(id)
      .inspect()
      .catch(() => undefined);
    throw new InstanceExitedError(info?.Config.Labels?.[SERVER_NAME_LABEL] ?? id, status.exitCode, lines);
  }

  /** Runs an engine call; an engine that cannot be reached becomes EngineUnavailableError. */
  private async engine<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw asEngineError(error, this.address);
    }
  }
}

function engineTime(value: string | undefined): Date | undefined {
  if (!value || value.startsWith(ZERO_TIME_PREFIX)) return undefined;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? undefined : time;
}
