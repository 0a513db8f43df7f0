import type { Logger } from './logger.ts';
import { watchedRedis } from './pubsub.ts';

export interface WindowCount {
  count: number;
  /** Seconds until the window (and the count) ends. */
  resetInSeconds: number;
}

/**
 * Counts in fixed time windows, shared by every replica through Redis when `REDIS_URL` is set, in this
 * process's memory otherwise (the embedded single process). Used for login throttling.
 */
export interface CounterStore {
  readonly kind: 'redis' | 'memory';
  /** Adds `by` (default 1) to the key's count in its window, starting a window when none is running. */
  increment(key: string, windowSeconds: number, by?: number): Promise<WindowCount>;
  peek(key: string): Promise<WindowCount>;
  reset(key: string): Promise<void>;
  close(): Promise<void>;
}

function redisCounters(url: string, prefix: string, logger: Logger | undefined): CounterStore {
  const redis = watchedRedis(url, 'Redis counters', logger);
  const read = async (key: string): Promise<WindowCount> => {
    const [count, ttl] = await Promise.all([redis.get(prefix + key), redis.ttl(prefix + key)]);
    return { count: Number(count ?? 0), resetInSeconds: Math.max(0, ttl) };
  };
  return {
    kind: 'redis',
    async increment(key, windowSeconds, by = 1) {
      const results = await redis
        .multi()
        .incrby(prefix + key, by)
        .expire(prefix + key, windowSeconds, 'NX')
        .ttl(prefix + key)
        .exec();
      const count = Number(results?.[0]?.[1] ?? 0);
      const ttl = Number(results?.[2]?.[1] ?? windowSeconds);
      return { count, resetInSeconds: Math.max(0, ttl) };
    },
    peek: read,
    async reset(key) {
      await redis.del(prefix + key);
    },
    async close() {
      await redis.quit();
    },
  };
}

function memoryCounters(): CounterStore {
  const windows = new Map<string, { count: number; endsAt: number }>();
  const current = (key: string) => {
    const window = windows.get(key);
    if (window && window.endsAt <= Date.now()) windows.delete(key);
    return windows.get(key);
  };
  const view = (window: { count: number; endsAt: number } | undefined): WindowCount =>
    window ? { count: window.count, resetInSeconds: Math.ceil((window.endsAt - Date.now()) / 1000) } : { count: 0, resetInSeconds: 0 };
  return {
    kind: 'memory',
    async increment(key, windowSeconds, by = 1) {
      const window = current(key) ?? { count: 0, endsAt: Date.now() + windowSeconds * 1000 };
      window.count += by;
      windows.set(key, window);
      return view(window);
    },
    async peek(key) {
      return view(current(key));
    },
    async reset(key) {
      windows.delete(key);
    },
    async close() {
      windows.clear();
    },
  };
}

export function createCounterStore(options: { redisUrl?: string; keyPrefix?: string; logger?: Logger }): CounterStore {
  return options.redisUrl ? redisCounters(options.redisUrl, options.keyPrefix ?? 'mcp-portal:', options.logger) : memoryCounters();
}

/**
 * Counts one attempt against `limit` per window and answers how many seconds to wait when it is past the limit
 * (null: go on). A count the store cannot answer lets the attempt through (logged): such limits shield the
 * service, they are not access rules.
 */
export async function secondsToWaitAfterCounting(
  counters: CounterStore,
  key: string,
  limit: { count: number; windowSeconds: number },
  logger?: Logger,
): Promise<number | null> {
  if (limit.count <= 0) return null;
  let counted: WindowCount;
  try {
    counted = await counters.increment(key, limit.windowSeconds);
  } catch (error) {
    logger?.warn({ err: error, key: key.split(':')[0] }, 'could not count an attempt for a rate limit; letting it through');
    return null;
  }
  return counted.count <= limit.count ? null : Math.max(1, counted.resetInSeconds);
}
