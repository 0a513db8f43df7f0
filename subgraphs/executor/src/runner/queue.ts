import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/**
 * Who runs now and who waits: at most `maxConcurrent` jobs at once, at most `maxPerUser` of them one user's. Waiting
 * jobs start first in, first out as slots free; a job whose user is at their cap is passed over (it keeps its place)
 * for the next one whose user is not. No fairness between users beyond that cap.
 */

export interface QueuedPosition {
  id: string;
  userId: string;
  /** 1 = the next to start when a slot frees (for its user's cap allowing). */
  position: number;
}

export interface ExecutionQueueOptions {
  maxConcurrent: number;
  maxPerUser: number;
  /** Waiting jobs one user may have; one more is refused (QueueFullError). Default: no limit. */
  maxWaitingPerUser?: number;
  /** Called with every waiting job's position after the waiting list changed (a job queued, started or cancelled). */
  onPositions?: (waiting: readonly QueuedPosition[]) => void;
}

export type JobState = 'queued' | 'running' | 'finished';

export interface QueuedJob<T> {
  id: string;
  /** Its place among the waiting jobs (1-based), null once it started or was cancelled. */
  position(): number | null;
  state(): JobState;
  /**
   * What `start` resolved or rejected with. A job cancelled while it waited rejects with QueueCancelledError (it never
   * started); a running job's cancel aborts the signal given to `start`, and `done` is then whatever `start` makes of it.
   */
  done: Promise<T>;
  /** Removes a waiting job or aborts a running one; false when it had already finished. */
  cancel(): boolean;
}

export class QueueCancelledError extends Error {
  override name = 'QueueCancelledError';
  constructor(readonly jobId: string) {
    super('cancelled while queued');
  }
}

export class QueueFullError extends Error {
  override name = 'QueueFullError';
}

interface Job {
  id: string;
  userId: string;
  state: JobState;
  abort: AbortController;
  run: () => void;
  rejectQueued: (error: Error) => void;
}

const queueOptionsSchema = z.object({
  maxConcurrent: z.number().int().positive(),
  maxPerUser: z.number().int().positive(),
  maxWaitingPerUser: z.number().int().nonnegative().optional(),
});

export class ExecutionQueue {
  readonly #maxConcurrent: number;
  readonly #maxPerUser: number;
  readonly #maxWaitingPerUser: number;
  readonly #onPositions: ((waiting: readonly QueuedPosition[]) => void) | undefined;
  readonly #waiting: Job[] = [];
  readonly #runningByUser = new Map<string, number>();
  #running = 0;

  constructor(options: ExecutionQueueOptions) {
    const limits = queueOptionsSchema.parse(options);
    this.#maxConcurrent = limits.maxConcurrent;
    this.#maxPerUser = limits.maxPerUser;
    this.#maxWaitingPerUser = limits.maxWaitingPerUser ?? Number.POSITIVE_INFINITY;
    this.#onPositions = options.onPositions;
  }

  get running(): number {
    return this.#running;
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  runningFor(userId: string): number {
    return this.#runningByUser.get(userId) ?? 0;
  }

  positions(): QueuedPosition[] {
    return this.#waiting.map((job, index) => ({ id: job.id, userId: job.userId, position: index + 1 }));
  }

  /** Starts `start` now if the caps allow, or when they do. `start` gets a signal that `cancel()` aborts. */
  enqueue<T>(userId: string, start: (signal: AbortSignal) => Promise<T>, options: { id?: string } = {}): QueuedJob<T> {
    if (!this.canStart(userId) && this.#waiting.filter((job) => job.userId === userId).length >= this.#maxWaitingPerUser) {
      throw new QueueFullError(`${userId} already has ${this.#maxWaitingPerUser} runs waiting`);
    }
    let resolveDone!: (value: T) => void;
    let rejectDone!: (error: unknown) => void;
    const done = new Promise<T>((resolve, reject) => {
      resolveDone = resolve;
      rejectDone = reject;
    });
    // Nobody has to listen: a cancelled job's rejection is not an unhandled one. Whoever awaits `done` still sees it.
    done.catch(() => undefined);

    const job: Job = {
      id: options.id ?? randomUUID(),
      userId,
      state: 'queued',
      abort: new AbortController(),
      rejectQueued: rejectDone,
      run: () => {
        let started: Promise<T>;
        try {
          started = start(job.abort.signal);
        } catch (error) {
          started = Promise.reject(error);
        }
        started.then(resolveDone, rejectDone).finally(() => this.#release(job));
      },
    };

    if (this.canStart(userId)) {
      this.#begin(job);
      job.run();
    } else {
      this.#waiting.push(job);
      this.#announcePositions();
    }

    return {
      id: job.id,
      done,
      state: () => job.state,
      position: () => {
        const index = this.#waiting.indexOf(job);
        return index === -1 ? null : index + 1;
      },
      cancel: () => this.#cancel(job),
    };
  }

  #cancel(job: Job): boolean {
    if (job.state === 'finished') return false;
    if (job.state === 'running') {
      job.abort.abort();
      return true;
    }
    this.#waiting.splice(this.#waiting.indexOf(job), 1);
    job.state = 'finished';
    job.rejectQueued(new QueueCancelledError(job.id));
    this.#announcePositions();
    return true;
  }

  /** Whether a job of `userId` would start now rather than wait. */
  canStart(userId: string): boolean {
    return this.#running < this.#maxConcurrent && this.runningFor(userId) < this.#maxPerUser;
  }

  #begin(job: Job) {
    job.state = 'running';
    this.#running++;
    this.#runningByUser.set(job.userId, this.runningFor(job.userId) + 1);
  }

  #release(job: Job) {
    job.state = 'finished';
    this.#running--;
    const left = this.runningFor(job.userId) - 1;
    if (left > 0) this.#runningByUser.set(job.userId, left);
    else this.#runningByUser.delete(job.userId);
    this.#startWaiting();
  }

  #startWaiting() {
    const starting: Job[] = [];
    for (const job of [...this.#waiting]) {
      if (this.#running >= this.#maxConcurrent) break;
      if (!this.canStart(job.userId)) continue;
      this.#waiting.splice(this.#waiting.indexOf(job), 1);
      this.#begin(job);
      starting.push(job);
    }
    if (starting.length === 0) return;
    // The bookkeeping is done before any `start` runs, so a `start` that enqueues again sees a consistent queue.
    this.#announcePositions();
    for (const job of starting) job.run();
  }

  #announcePositions() {
    if (!this.#onPositions) return;
    try {
      this.#onPositions(this.positions());
    } catch {
      // A failing listener must not leave the queue half updated: the positions are announced again on the next change.
    }
  }
}
