import { AsyncQueue } from './async-queue.ts';
import type { RuntimeEvent } from './runtime.ts';

/** How far a slow `events()` consumer may fall behind before the oldest events are dropped. */
const EVENT_QUEUE_CAPACITY = 10_000;

/** Fans a runtime's state changes out to every open `events()` iterable. */
export class RuntimeEventHub {
  private readonly subscribers = new Set<AsyncQueue<RuntimeEvent>>();

  publish(event: RuntimeEvent): void {
    for (const subscriber of this.subscribers) subscriber.push(event);
  }

  subscribe(signal?: AbortSignal): AsyncIterable<RuntimeEvent> {
    const queue: AsyncQueue<RuntimeEvent> = new AsyncQueue({
      capacity: EVENT_QUEUE_CAPACITY,
      signal,
      onReturn: () => this.subscribers.delete(queue),
    });
    if (!queue.isEnded) this.subscribers.add(queue);
    return queue;
  }

  close(): void {
    for (const subscriber of this.subscribers) subscriber.end();
    this.subscribers.clear();
  }
}
