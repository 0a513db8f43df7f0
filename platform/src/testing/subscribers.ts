import { subscriptionFeeds } from '@mcp-portal/schema';
import type { SubscriptionEngine } from '@mcp-portal/router';

/** A live subscriber as the router's engine registered it. */
export interface RegisteredSubscriber {
  /** The subscription root field (`serverStatusChanged`, `auditEventAdded`, …). */
  field: string;
  /** The credentials it was registered with, e.g. `Bearer <token>`. */
  authorization: string;
  role: string;
  /** The value of the feed's filter argument (a server id), or null for every entity. */
  filterValue: unknown;
}

export interface SubscriberWatch {
  /** Subscribers registered since the watch began and still live. */
  readonly live: ReadonlySet<RegisteredSubscriber>;
  /**
   * Resolves once a live subscriber matches (one already registered counts): from then on a published
   * event reaches it. `timeoutMs` only bounds a hang.
   */
  waitFor(match: (subscriber: RegisteredSubscriber) => boolean, timeoutMs?: number): Promise<RegisteredSubscriber>;
  /** Stops watching (subscribers made meanwhile keep working). */
  close(): void;
}

const fieldOf = (feed: unknown) => Object.entries(subscriptionFeeds).find(([, candidate]) => candidate === feed)?.[0] ?? 'unknown';

/**
 * Watches the subscribers an in-process router registers, so that a test publishes only once the
 * subscription it waits on is in place — a condition, where a fixed sleep guesses how long a loaded
 * machine takes. Start it before the subscriptions it should see are made (e.g. right after the platform).
 */
export function watchSubscribers(engine: SubscriptionEngine): SubscriberWatch {
  const live = new Set<RegisteredSubscriber>();
  const waiters = new Set<{ match: (subscriber: RegisteredSubscriber) => boolean; resolve: (subscriber: RegisteredSubscriber) => void }>();
  const original = engine.subscribe;
  engine.subscribe = async function watched(this: SubscriptionEngine, request, subscriber) {
    const leave = await original.call(this, request, subscriber);
    const registered: RegisteredSubscriber = {
      field: fieldOf(request.feed),
      authorization: request.authorization,
      role: request.viewer.role,
      filterValue: request.filterValue ?? null,
    };
    live.add(registered);
    for (const waiter of [...waiters]) {
      if (waiter.match(registered)) {
        waiters.delete(waiter);
        waiter.resolve(registered);
      }
    }
    return () => {
      live.delete(registered);
      leave();
    };
  };
  return {
    live,
    waitFor(match, timeoutMs = 30_000) {
      const already = [...live].find(match);
      if (already) return Promise.resolve(already);
      return new Promise<RegisteredSubscriber>((resolve, reject) => {
        const waiter = {
          match,
          resolve: (found: RegisteredSubscriber) => {
            clearTimeout(timer);
            resolve(found);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          const seen = [...live].map((s) => `${s.field} (${s.role})`).join(', ') || 'none';
          reject(new Error(`no matching subscriber registered within ${timeoutMs} ms; live: ${seen}`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    close() {
      engine.subscribe = original;
    },
  };
}
