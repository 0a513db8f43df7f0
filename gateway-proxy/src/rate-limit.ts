import type { ServerResponse } from 'node:http';
import type { CounterStore, Logger, Viewer } from '@mcp-portal/kit';
import { sendRpcError } from './rpc-answers.ts';

const windowSeconds = 60;
/** How long requests admitted here are counted locally before they are added to the shared count. */
export const rateLimitSyncMs = 250;
/** Users whose windows are kept before the ended ones are dropped. */
const maxUsers = 10_000;

/**
 * What this process knows of one user's window: the shared count when last read, what it is adding to it now, and
 * what it admitted since.
 */
interface UserWindow {
  shared: number;
  resetAt: number;
  /** Admitted here and sent to the shared count, which has not answered yet. */
  sending: number;
  unsynced: number;
  syncing: Promise<void> | null;
  timer: NodeJS.Timeout | null;
}

/**
 * Requests per caller and minute at /mcp and /sse (`GATEWAY_PROXY_RATE_LIMIT_PER_MINUTE`; 0: no limit).
 * Counted per user, whichever of their tokens they send (a JWT or any of their API tokens, so more tokens
 * do not make more room), in the kit's CounterStore: Redis when REDIS_URL is set, so that every proxy
 * replica adds to the same count; this process's memory otherwise. Past the limit: 429 with Retry-After
 * (seconds until the window ends) and a JSON-RPC error. When the count cannot be read (Redis down), the
 * request passes: the limit protects the servers, it is not an access rule.
 *
 * A user's first request of a window waits for the shared count, as does every request that would reach
 * the limit by what this process knows; the others are admitted at once and added to the shared count
 * within `rateLimitSyncMs` (one INCRBY for all of them), so that the round trip to Redis is not on every
 * request. Only what other replicas counted during that time can be missed, so they may together let a
 * few more requests through than the limit.
 */
export class RateLimit {
  private readonly windows = new Map<string, UserWindow>();

  constructor(
    private readonly counters: CounterStore,
    private readonly perMinute: number,
    private readonly logger: Logger,
    private readonly syncMs = rateLimitSyncMs,
  ) {}

  /** True when the request may go on; false once the 429 has been sent. */
  async admit(viewer: Viewer, res: ServerResponse): Promise<boolean> {
    if (this.perMinute <= 0) return true;
    const key = `gateway-proxy-requests:${viewer.userId}`;
    const now = Date.now();
    let window = this.windows.get(key);
    if (window && window.resetAt <= now && !window.syncing && window.unsynced === 0) {
      this.windows.delete(key);
      window = undefined;
    }
    if (window && window.resetAt > now && window.shared + window.sending + window.unsynced + 1 <= this.perMinute) {
      window.unsynced += 1;
      this.syncLater(key, window);
      return true;
    }
    let count: number;
    let resetInSeconds: number;
    try {
      ({ count, resetInSeconds } = await this.add(key, 1));
    } catch (error) {
      this.logger.warn({ err: error }, 'could not count a request for the gateway-proxy rate limit; letting it through');
      return true;
    }
    if (count <= this.perMinute) return true;
    const retryAfter = Math.max(1, resetInSeconds);
    sendRpcError(res, 429, -32000, `Too many requests: at most ${this.perMinute} a minute per user; try again in ${retryAfter} s.`, {
      'retry-after': String(retryAfter),
    });
    return false;
  }

  /** Adds this request and what was admitted locally to the shared count, and remembers the result. */
  private async add(key: string, requests: number): Promise<{ count: number; resetInSeconds: number }> {
    const window = this.windows.get(key);
    await window?.syncing;
    const unsynced = window?.unsynced ?? 0;
    if (window) window.unsynced = 0;
    const counted = await this.counters.increment(key, windowSeconds, requests + unsynced).catch((error: unknown) => {
      if (window) window.unsynced += unsynced;
      throw error;
    });
    if (this.windows.size >= maxUsers) this.forgetEnded();
    const current = this.windows.get(key) ?? { shared: 0, resetAt: 0, sending: 0, unsynced: 0, syncing: null, timer: null };
    current.shared = counted.count;
    // A window just started reports its full length; one about to end, 0: it is read again then.
    current.resetAt = Date.now() + counted.resetInSeconds * 1000;
    this.windows.set(key, current);
    return counted;
  }

  /** Drops the windows that ended and have nothing left to add. */
  private forgetEnded(): void {
    const now = Date.now();
    for (const [key, window] of this.windows) if (window.resetAt <= now && window.unsynced === 0 && !window.syncing) this.windows.delete(key);
  }

  private syncLater(key: string, window: UserWindow): void {
    if (window.timer) return;
    window.timer = setTimeout(() => {
      window.timer = null;
      if (window.unsynced === 0) return;
      const unsynced = window.unsynced;
      window.unsynced = 0;
      window.sending += unsynced;
      window.syncing = this.counters
        .increment(key, windowSeconds, unsynced)
        .then((counted) => {
          window.shared = counted.count;
          window.resetAt = Date.now() + counted.resetInSeconds * 1000;
        })
        .catch((error: unknown) => {
          window.unsynced += unsynced;
          this.logger.warn({ err: error }, 'could not add requests to the gateway-proxy rate limit count');
        })
        .finally(() => {
          window.sending -= unsynced;
          window.syncing = null;
        });
    }, this.syncMs);
    window.timer.unref();
  }
}
