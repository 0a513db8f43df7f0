import {
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  ConflictError,
  TooManyRequestsError,
  type AuditActor,
  type AuditLog,
  type Database,
  type EventBus,
  type Logger,
  type Viewer,
} from '@mcp-portal/kit';
import { finishedExecutionStatuses, topics } from '@mcp-portal/schema';
import { buildInvocation, CommandRefusedError, printable, type Invocation } from '../commands/index.ts';
import { ExecutionQueue, QueueCancelledError, QueueFullError, runProcess, type QueuedJob, type RunResult } from '../runner/index.ts';
import type { ExecutorSettings } from '../settings.ts';
import {
  executionStore,
  type ExecutionEnd,
  type ExecutionFilter,
  type ExecutionOutputRow,
  type ExecutionPosition,
  type ExecutionRow,
  type ExecutionStore,
} from '../store/executions.ts';
import type { ExecutorTokenMinter } from './executor-tokens.ts';
import { OutputRecorder } from './output-recorder.ts';
import { displayCommandLine, runEndMessage } from './run-notes.ts';

export type { ExecutionFilter } from '../store/executions.ts';

export interface ExecutionPage {
  executions: ExecutionRow[];
  /** Pass as `after` for the next (older) page. */
  endCursor: string | null;
  hasNextPage: boolean;
}

export interface ExecutionServiceDeps {
  database: Database;
  events: EventBus;
  audit: AuditLog;
  logger: Logger;
  tokens: ExecutorTokenMinter;
  settings: ExecutorSettings;
}

const heartbeatEveryMs = 30_000;
/** An execution whose owner did not renew it for this long was lost with its replica. */
const lostAfterMs = 4 * heartbeatEveryMs;
const retentionEveryMs = 60 * 60_000;

export function encodeExecutionCursor(row: Pick<ExecutionRow, 'startedAt' | 'id'>): string {
  return Buffer.from(JSON.stringify(['execution', row.startedAt.toISOString(), row.id])).toString('base64url');
}

export function decodeExecutionCursor(cursor: string): ExecutionPosition {
  try {
    const [kind, startedAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (kind === 'execution' && typeof startedAt === 'string' && !Number.isNaN(Date.parse(startedAt)) && typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id)) {
      return { startedAt, id };
    }
  } catch {
    // falls through to the error below
  }
  throw new InvalidInputError('The `after` cursor is not one this API returned.');
}

const refusalError = (refusal: CommandRefusedError) =>
  refusal.code === 'FORBIDDEN'
    ? new ForbiddenError(refusal.message, { refusal: refusal.code })
    : new InvalidInputError(refusal.message, { refusal: refusal.code });

/**
 * Runs allow-listed docker mcp commands for users: the command is checked (registry) before anything is stored or
 * started, every run and refusal is an audit row, runs wait in a bounded queue, the CLI runs as the user with a
 * token that ends with the run, and what it prints is stored (bounded) and announced as it comes.
 */
export class ExecutionService {
  private readonly store: ExecutionStore;
  private readonly queue: ExecutionQueue;
  private readonly jobs = new Map<string, QueuedJob<void>>();
  /** Resolves once a job's end is recorded (whatever ended it). */
  private readonly settled = new Map<string, Promise<unknown>>();
  /** A run that started at once is marked running before runCommand answers. */
  private readonly markingRunning = new Map<string, Promise<unknown>>();
  private readonly timers: NodeJS.Timeout[] = [];
  private stopCancelRequests: (() => Promise<void>) | null = null;
  private routerUrl: string;
  private stopping = false;

  constructor(private readonly deps: ExecutionServiceDeps) {
    this.store = executionStore(deps.database);
    this.routerUrl = deps.settings.routerUrl;
    this.queue = new ExecutionQueue({
      maxConcurrent: deps.settings.maxConcurrent,
      maxPerUser: deps.settings.maxPerUser,
      maxWaitingPerUser: deps.settings.maxQueuedPerUser,
      onPositions: (waiting) => {
        for (const { id, userId } of waiting) void this.announce(id, userId);
      },
    });
  }

  /** Heartbeats, the sweep of lost executions, retention, and cancel requests from other replicas. */
  async start(): Promise<void> {
    const every = (ms: number, work: () => Promise<unknown>) => {
      const timer = setInterval(() => void work().catch((error: unknown) => this.deps.logger.warn({ err: error }, 'executor housekeeping failed')), ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(heartbeatEveryMs, () => this.heartbeat());
    every(retentionEveryMs, () => this.applyRetention());
    await this.sweepLost().catch((error: unknown) => this.deps.logger.warn({ err: error }, 'could not sweep lost executions'));
    this.stopCancelRequests = await this.deps.events.subscribe(topics.executionCancelRequested, ({ id }) => {
      this.jobs.get(id)?.cancel();
    });
  }

  /** The one-process platform names the router it started (unless MCP_EXECUTOR_ROUTER_URL did). */
  useRouter(url: string): void {
    if (!this.deps.settings.routerUrlConfigured) this.routerUrl = new URL(url).origin;
  }

  /** Cancels this replica's runs (they end as cancelled, "the executor stopped") and waits for them, at most 10 s. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const timer of this.timers) clearInterval(timer);
    await this.stopCancelRequests?.().catch(() => undefined);
    const settled = [...this.settled.values()];
    for (const job of this.jobs.values()) job.cancel();
    await Promise.race([Promise.allSettled(settled), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
  }

  /** The caller's own executions (an admin's filter may name anyone), newest first. */
  async page(viewer: Viewer, filter: ExecutionFilter, first: number, after: string | null): Promise<ExecutionPage> {
    if (viewer.role !== 'admin') {
      if (filter.startedBy && filter.startedBy !== viewer.userId) throw new ForbiddenError("Only admins see other users' executions.");
      filter = { ...filter, startedBy: viewer.userId };
    }
    const position = after === null ? null : decodeExecutionCursor(after);
    const rows = await this.store.page(filter, first + 1, position);
    const executions = rows.slice(0, first);
    const last = executions.at(-1);
    return { executions, endCursor: last ? encodeExecutionCursor(last) : null, hasNextPage: rows.length > first };
  }

  /** The execution when the viewer may see it (their own; an admin: any), else null. */
  async visible(viewer: Viewer, id: string): Promise<ExecutionRow | null> {
    const row = await this.store.byId(id);
    return row && (viewer.role === 'admin' || row.startedBy === viewer.userId) ? row : null;
  }

  async visibleChunk(viewer: Viewer, id: number): Promise<ExecutionOutputRow | null> {
    const chunk = await this.store.outputChunk(id);
    if (!chunk) return null;
    return (await this.visible(viewer, chunk.executionId)) ? chunk : null;
  }

  /** Read through an execution the viewer already may see. */
  output(executionId: string, last: number): Promise<ExecutionOutputRow[]> {
    return this.store.lastOutput(executionId, last);
  }

  queuePosition(id: string): number | null {
    return this.jobs.get(id)?.position() ?? null;
  }

  /** Checks, records and queues a run; refused (and audited) before anything is stored or started. */
  async run(actor: AuditActor, commandName: string, args: unknown): Promise<ExecutionRow> {
    const viewer = actor.viewer;
    if (!viewer) throw new ForbiddenError('Sign in to run commands.');
    const refusedEntry = { action: 'executor.run', targetType: 'Execution', detail: { command: printable(String(commandName), 100) } };
    if (this.stopping) throw new ConflictError('The executor is stopping: try again in a moment.');
    let invocation: Invocation;
    try {
      invocation = buildInvocation(commandName, args, viewer.role);
    } catch (error) {
      if (!(error instanceof CommandRefusedError)) throw error;
      const refused = refusalError(error);
      await this.deps.audit.failed(actor, refusedEntry, refused);
      throw refused;
    }
    const waiting = this.queue.positions().filter((job) => job.userId === viewer.userId).length;
    if (waiting >= this.deps.settings.maxQueuedPerUser && !this.queue.canStart(viewer.userId)) {
      const refused = new TooManyRequestsError(
        `You already have ${this.queue.runningFor(viewer.userId)} running and ${waiting} waiting executions: wait for one to end, or cancel one.`,
      );
      await this.deps.audit.failed(actor, refusedEntry, refused);
      throw refused;
    }
    const row = await this.deps.audit.change(
      actor,
      {
        action: 'executor.run',
        targetType: 'Execution',
        targetIdOf: (r: ExecutionRow) => r.id,
        detail: { command: invocation.command.name, argv: invocation.argv },
      },
      (tx) =>
        executionStore(tx).insert({
          command: invocation.command.name,
          argv: invocation.argv,
          arguments: invocation.arguments,
          startedBy: viewer.userId,
        }),
    );
    const recorder = this.recorder(row);
    let job: QueuedJob<void>;
    try {
      job = this.queue.enqueue(viewer.userId, (signal) => this.execute(row, viewer, invocation, recorder, signal), { id: row.id });
    } catch (error) {
      if (!(error instanceof QueueFullError)) throw error;
      await this.end(row, {
        status: 'failed',
        exitCode: null,
        message: 'Refused: too many of your executions are waiting.',
        outputBytes: 0,
        outputLines: 0,
        outputTruncated: false,
      });
      throw new TooManyRequestsError('Too many of your executions are waiting: wait for one to end, or cancel one.');
    }
    this.jobs.set(row.id, job);
    const settled = job.done
      .catch(async (error: unknown) => {
        if (error instanceof QueueCancelledError) {
          await this.close(row, recorder, {
            status: 'cancelled',
            exitCode: null,
            message: this.stopping ? 'Cancelled: the executor stopped before the run started.' : 'Cancelled before it started.',
          });
        } else {
          this.deps.logger.error({ err: error, executionId: row.id }, 'an execution failed unexpectedly');
          await this.close(row, recorder, { status: 'failed', exitCode: null, message: 'Failed: the executor failed; see its log.' });
        }
      })
      .catch((error: unknown) => this.deps.logger.error({ err: error, executionId: row.id }, 'could not record the end of an execution'))
      .finally(() => {
        this.jobs.delete(row.id);
        this.settled.delete(row.id);
      });
    this.settled.set(row.id, settled);
    // Started at once: answer with the row marked running.
    await this.markingRunning.get(row.id);
    if (job.state() === 'queued') {
      recorder.add('system', `Queued (position ${job.position() ?? '?'}): waiting for a free slot.\n`);
      await recorder.flush();
    }
    await this.announce(row.id, row.startedBy);
    return (await this.store.byId(row.id)) ?? row;
  }

  /** Cancels a queued or running execution: the viewer's own, or any for an admin. */
  async cancel(actor: AuditActor, id: string): Promise<ExecutionRow> {
    const viewer = actor.viewer;
    if (!viewer) throw new ForbiddenError('Sign in to cancel executions.');
    const entry = { action: 'executor.cancel', targetType: 'Execution', targetId: id };
    const row = await this.visible(viewer, id);
    if (!row) {
      const missing = new NotFoundError(`There is no execution ${id} of yours.`);
      await this.deps.audit.failed(actor, entry, missing);
      throw missing;
    }
    if (finishedExecutionStatuses.includes(row.status)) {
      const over = new ConflictError(`The execution already ended (${row.status.toUpperCase()}).`);
      await this.deps.audit.failed(actor, entry, over);
      throw over;
    }
    await this.deps.audit.record(actor, { ...entry, detail: { command: row.command, status: row.status } }, 'success');
    const job = this.jobs.get(id);
    if (job) {
      job.cancel();
      // The whole process group ends within the kill grace period; the answer then shows how it ended.
      await Promise.race([this.settled.get(id), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
    } else {
      await this.deps.events.publish(topics.executionCancelRequested, { id });
    }
    return (await this.store.byId(id)) ?? row;
  }

  private recorder(row: ExecutionRow): OutputRecorder {
    const flushMs = Math.max(100, Math.ceil((this.deps.settings.timeoutSeconds * 1000) / 4000));
    return new OutputRecorder(row.id, row.startedBy, this.store, this.deps.events, this.deps.logger, flushMs);
  }

  private async execute(row: ExecutionRow, viewer: Viewer, invocation: Invocation, recorder: OutputRecorder, signal: AbortSignal): Promise<void> {
    const marking = this.store.markRunning(row.id);
    this.markingRunning.set(row.id, marking);
    const running = await marking.finally(() => this.markingRunning.delete(row.id));
    if (!running) return;
    await this.announce(row.id, row.startedBy);
    recorder.add('system', `$ ${displayCommandLine(invocation.argv)}\n`);
    const { settings } = this.deps;
    let token: string | null;
    try {
      const minted = await this.deps.tokens.mint({
        userId: viewer.userId,
        maxRole: viewer.role,
        executionId: row.id,
        ttlSeconds: settings.timeoutSeconds + 60,
      });
      token = minted?.token ?? null;
    } catch (error) {
      this.deps.logger.warn({ err: error, executionId: row.id }, 'could not get a token for an execution');
      return this.close(row, recorder, { status: 'failed', exitCode: null, message: 'Failed: could not get a token to run as you; try again in a moment.' });
    }
    if (!token) return this.close(row, recorder, { status: 'failed', exitCode: null, message: 'Failed: your account no longer exists or is disabled.' });
    const result: RunResult = await runProcess({
      executable: settings.cliPath,
      argv: invocation.argv,
      env: { DOCKER_MCP_URL: this.routerUrl, DOCKER_MCP_TOKEN: token, DOCKER_MCP_NODE: process.execPath, NO_COLOR: '1', CI: '1' },
      timeoutMs: settings.timeoutSeconds * 1000,
      maxOutputBytes: settings.maxOutputBytes,
      maxOutputLines: settings.maxOutputLines,
      limits: settings.limits,
      signal,
      onChunk: (chunk) => recorder.add(chunk.stream, chunk.text),
    });
    const message = runEndMessage(result, settings, this.stopping);
    // Success needs no explanation; a failure's exit code is its own.
    return this.close(
      row,
      recorder,
      { status: result.status, exitCode: result.exitCode, message: result.status === 'succeeded' ? null : message },
      result,
      message,
    );
  }

  /** Writes the executor's last note, the rest of the output and the end of the run. */
  private async close(
    row: ExecutionRow,
    recorder: OutputRecorder,
    end: Pick<ExecutionEnd, 'status' | 'exitCode' | 'message'>,
    result?: RunResult,
    note = end.message ?? '',
  ): Promise<void> {
    recorder.add('system', `${note}\n`);
    await recorder.flush();
    await this.end(row, {
      ...end,
      outputBytes: result?.bytes ?? 0,
      outputLines: result?.lines ?? 0,
      outputTruncated: result?.outputTruncated ?? false,
    });
  }

  private async end(row: ExecutionRow, end: ExecutionEnd): Promise<void> {
    const ended = await this.store.finish(row.id, end);
    if (!ended) return;
    const actor: AuditActor = { viewer: null, requestId: `execution:${row.id}`, sourceIp: null };
    await this.deps.audit.record(
      actor,
      {
        action: 'executor.finish',
        targetType: 'Execution',
        targetId: row.id,
        detail: {
          command: row.command,
          startedBy: row.startedBy,
          status: end.status,
          exitCode: end.exitCode,
          message: end.message,
          outputTruncated: end.outputTruncated,
        },
      },
      end.status === 'succeeded' ? 'success' : 'failure',
    );
    await this.announce(row.id, row.startedBy);
  }

  private async announce(id: string, userId: string): Promise<void> {
    await this.deps.events.publish(topics.executionChanged, { id, userId }).catch((error: unknown) => {
      this.deps.logger.warn({ err: error, executionId: id }, 'could not announce an execution change');
    });
  }

  private async heartbeat(): Promise<void> {
    await this.store.heartbeat([...this.jobs.keys()]);
    await this.sweepLost();
  }

  /** Ends, as failed ("lost"), the runs no replica renewed for two minutes: their replica died with them. */
  async sweepLost(): Promise<void> {
    const lost = await this.store.failLost(new Date(Date.now() - lostAfterMs), 'Lost: the executor running it stopped before it ended.');
    for (const row of lost) await this.announce(row.id, row.startedBy);
  }

  /** Deletes the runs (and their output) asked for longer ago than MCP_EXECUTOR_RETENTION_DAYS. */
  async applyRetention(): Promise<void> {
    const { retentionDays } = this.deps.settings;
    if (retentionDays === 0) return;
    const before = new Date(Date.now() - retentionDays * 24 * 3600 * 1000);
    while ((await this.store.deleteOlderThan(before, 1000)) === 1000) {
      // another batch
    }
  }
}
