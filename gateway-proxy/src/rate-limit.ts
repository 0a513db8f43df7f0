import type { ServerResponse } from 'node:http';
import type { CounterStore, Logger, Viewer } from '@mcp-portal/kit';
import { sendRpcError } from './rpc-answers.ts';

const windowSeconds = 60;

/**
 * Requests per caller and minute at /mcp and /sse (`GATEWAY_PROXY_RATE_LIMIT_PER_MINUTE`; 0: no limit).
 * Counted per user, whichever of their tokens they send (a JWT or any of their API tokens, so more tokens
 * do not make more room), in the kit's CounterStore: Redis when REDIS_URL is set, so that every proxy
 * replica adds to the same count; this process's memory otherwise. Past the limit: 429 with Retry-After
 * (seconds until the window ends) and a JSON-RPC error. When the count cannot be read (Redis down), the
 * request passes: the limit protects the servers, it is not an access rule.
 */
export class RateLimit {
  constructor(
    private readonly counters: CounterStore,
    private readonly perMinute: number,
    private readonly logger: Logger,
  ) {}

  /** True when the request may go on; false once the 429 has been sent. */
  async admit(viewer: Viewer, res: ServerResponse): Promise<boolean> {
    if (this.perMinute <= 0) return true;
    let count: number;
    let resetInSeconds: number;
    try {
      ({ count, resetInSeconds } = await this.counters.increment(`gateway-proxy-requests:${viewer.userId}`, windowSeconds));
    } catch (error) {
      this.logger.warn({ err: error }, 'could not count a request for the gateway-proxy rate limit; letting it through');
      return true;
    }
    if (count <= this.perMinute) return true;
    const retryAfter = Math.max(1, resetInSeconds);
    sendRpcError(res, 429, -32000, `Too many requests: at most ${this.perMinute} a minute per user; try again in ${retryAfter} s.`, { 'retry-after': String(retryAfter) });
    return false;
  }
}
