/**
 * A push-fed async iterable with one consumer: producers `push`, the consumer iterates with `for await`.
 * With a capacity, the oldest items are dropped when the consumer falls that far behind.
 * Ending the iteration early (break, return) calls `onReturn` so the producer can let go of its source.
 */
export class AsyncQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private pendingNext: { resolve: (result: IteratorResult<T>) => void; reject: (error: Error) => void } | undefined;
  private ended = false;
  private failure: Error | undefined;
  private returned = false;

  constructor(private readonly options: { capacity?: number; onReturn?: () => void; signal?: AbortSignal } = {}) {
    options.signal?.addEventListener('abort', () => this.finish(), { once: true });
    if (options.signal?.aborted) this.finish();
  }

  get isEnded(): boolean {
    return this.ended;
  }

  push(item: T): void {
    if (this.ended) return;
    if (this.pendingNext) {
      const { resolve } = this.pendingNext;
      this.pendingNext = undefined;
      resolve({ value: item, done: false });
      return;
    }
    this.items.push(item);
    const capacity = this.options.capacity ?? Number.POSITIVE_INFINITY;
    if (this.items.length > capacity) this.items.shift();
  }

  /** No more items: the consumer gets what is queued, then the end. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.settlePending();
  }

  /** The consumer gets what is queued, then this error. */
  fail(error: Error): void {
    if (this.ended) return;
    this.failure = error;
    this.end();
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => this.next(),
      return: async () => {
        this.finish();
        return { value: undefined, done: true };
      },
    };
  }

  private next(): Promise<IteratorResult<T>> {
    if (this.items.length > 0) return Promise.resolve({ value: this.items.shift() as T, done: false });
    if (this.ended) return this.failure ? Promise.reject(this.takeFailure()) : Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.pendingNext = { resolve, reject };
    });
  }

  private finish(): void {
    this.items.length = 0;
    this.end();
    if (!this.returned) {
      this.returned = true;
      this.options.onReturn?.();
    }
  }

  private settlePending(): void {
    if (!this.pendingNext) return;
    const pending = this.pendingNext;
    this.pendingNext = undefined;
    if (this.failure) pending.reject(this.takeFailure());
    else pending.resolve({ value: undefined, done: true });
  }

  private takeFailure(): Error {
    const failure = this.failure as Error;
    this.failure = undefined;
    return failure;
  }
}
