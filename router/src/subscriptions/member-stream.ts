import type { FormattedExecutionResult } from 'graphql';

/**
 * One subscriber's view of a group: an async iterator graphql-ws pulls from. Results are shared
 * objects (resolved once per group); only the delivery queue is per subscriber.
 */
export class MemberStream implements AsyncIterableIterator<FormattedExecutionResult> {
  private readonly queue: FormattedExecutionResult[] = [];
  private waiting: ((result: IteratorResult<FormattedExecutionResult>) => void) | null = null;
  private done = false;

  constructor(
    private readonly onClose: () => void,
    private readonly maxQueued = 256,
  ) {}

  get closed(): boolean {
    return this.done;
  }

  push(result: FormattedExecutionResult): void {
    if (this.done) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value: result, done: false });
      return;
    }
    // A consumer this far behind only needs the newest state: drop the oldest.
    if (this.queue.length >= this.maxQueued) this.queue.shift();
    this.queue.push(result);
  }

  /** Delivers a last result (an error) and ends the stream. */
  end(last?: FormattedExecutionResult): void {
    if (this.done) return;
    if (last) this.push(last);
    this.done = true;
    this.onClose();
    if (this.waiting && this.queue.length === 0) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value: undefined, done: true });
    }
  }

  next(): Promise<IteratorResult<FormattedExecutionResult>> {
    const value = this.queue.shift();
    if (value) return Promise.resolve({ value, done: false });
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  return(): Promise<IteratorResult<FormattedExecutionResult>> {
    this.queue.length = 0;
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<FormattedExecutionResult> {
    return this;
  }
}
