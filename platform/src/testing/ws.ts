import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface LiveSubscription<T> {
  /** Resolves with the next payload matching `predicate`. */
  next(predicate?: (value: T) => boolean, timeoutMs?: number): Promise<T>;
  received: T[];
  close(): Promise<void>;
}

export function wsClient(url: string, token?: string, onClosed?: (event: unknown) => void): Client {
  return createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: false,
    // Connection failures surface through the 'closed' listener and the subscription sinks.
    onNonLazyError: () => undefined,
    on: onClosed ? { closed: onClosed } : undefined,
  });
}

/** Subscribes and records every payload; errors are recorded as thrown on the next `next()`. */
export function subscribe<T>(client: Client, query: string, variables: Record<string, unknown> = {}): LiveSubscription<T> {
  const received: T[] = [];
  const waiters: { predicate: (v: T) => boolean; resolve: (v: T) => void; reject: (error: unknown) => void }[] = [];
  let failure: unknown = null;
  const fail = (error: unknown) => {
    failure = error;
    for (const waiter of waiters.splice(0)) waiter.reject(error);
  };
  const dispose = client.subscribe<T>(
    { query, variables },
    {
      next: (value) => {
        if (value.errors) {
          fail(new Error(JSON.stringify(value.errors)));
          return;
        }
        const data = value.data as T;
        received.push(data);
        for (const waiter of [...waiters]) {
          if (waiter.predicate(data)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve(data);
          }
        }
      },
      error: (error) => fail(error),
      complete: () => undefined,
    },
  );
  return {
    received,
    next(predicate = () => true, timeoutMs = 10_000) {
      const already = received.find(predicate);
      if (already) return Promise.resolve(already);
      if (failure) return Promise.reject(failure instanceof Error ? failure : new Error(JSON.stringify(failure)));
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching event in ${timeoutMs} ms`)), timeoutMs);
        waiters.push({
          predicate,
          resolve: (v) => {
            clearTimeout(timer);
            resolve(v);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error instanceof Error ? error : new Error(JSON.stringify(error)));
          },
        });
      });
    },
    async close() {
      dispose();
    },
  };
}

/**
 * Waits until the router at `baseUrl` has exactly `count` live subscribers (from its /health), so a test
 * publishes only after its subscriptions are registered (and earlier ones are gone) — no fixed sleeps
 * that a slow machine outruns.
 */
export async function waitForSubscribers(baseUrl: string, count: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen = -1;
  while (Date.now() < deadline) {
    const response = await fetch(`${baseUrl}/health`).catch(() => null);
    const body = (await response?.json().catch(() => null)) as { subscriptions?: { subscribers?: number } } | null;
    seen = body?.subscriptions?.subscribers ?? -1;
    if (seen === count) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the router at ${baseUrl} had ${seen} subscribers after ${timeoutMs} ms, not ${count}`);
}
