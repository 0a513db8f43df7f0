import { AsyncQueue } from './async-queue.ts';
import type { LogLine, LogOptions } from './runtime.ts';

export const DEFAULT_LOG_CAPACITY = 1000;

/** The last `capacity` log lines of one instance, readable as a tail and followable until `close`. */
export class LogBuffer {
  private readonly lines: LogLine[] = [];
  private readonly followers = new Set<AsyncQueue<LogLine>>();
  private closed = false;

  constructor(private readonly capacity = DEFAULT_LOG_CAPACITY) {}

  push(line: LogLine): void {
    this.lines.push(line);
    if (this.lines.length > this.capacity) this.lines.shift();
    for (const follower of this.followers) follower.push(line);
  }

  tail(count?: number): LogLine[] {
    return count === undefined ? [...this.lines] : this.lines.slice(Math.max(0, this.lines.length - count));
  }

  /** No more lines will come (the instance exited): followers end after what they have. */
  close(): void {
    this.closed = true;
    for (const follower of this.followers) follower.end();
    this.followers.clear();
  }

  read(options: LogOptions = {}): AsyncIterable<LogLine> {
    const queue = new AsyncQueue<LogLine>({
      capacity: this.capacity,
      signal: options.signal,
      onReturn: () => this.followers.delete(queue),
    });
    for (const line of this.tail(options.tail)) queue.push(line);
    if (options.follow && !this.closed) this.followers.add(queue);
    else queue.end();
    return queue;
  }
}
