import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { RequestId } from '@modelcontextprotocol/sdk/types.js';
import type { Exchange } from './exchange.ts';

/** A request waiting for the client's answers to the server's input requests (MRTR). */
export interface SuspendedRequest {
  exchange: Exchange;
  userId: string;
  /** The retried request must be the same one: method and tool, prompt or resource. */
  method: string;
  target: string;
  /** Input request key → the server's JSON-RPC request id, for what is still unanswered. */
  awaiting: Map<string, { id: RequestId; request: { method: string; params?: Record<string, unknown> } }>;
}

/**
 * The requests of the stateless revision that wait for input. Each gets an opaque `requestState`
 * (`<id>.<HMAC>`, keyed by a secret of this process) that the client passes back with its retry; a state
 * that was altered, belongs to another user or request, or outlived `ttlMs` is refused. A request whose
 * client never comes back is cancelled after `ttlMs`. The requests live in this process: a retry that
 * reaches another replica is refused as expired.
 */
export class SuspendedRequests {
  private readonly key = randomBytes(32);
  private readonly waiting = new Map<string, { request: SuspendedRequest; timer: NodeJS.Timeout }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxPerUser: number,
  ) {}

  get size(): number {
    return this.waiting.size;
  }

  /** Keeps the request until the retry (or the deadline); returns its requestState. */
  suspend(request: SuspendedRequest): string {
    const own = [...this.waiting.entries()].filter(([, entry]) => entry.request.userId === request.userId);
    if (own.length >= this.maxPerUser && own[0]) this.drop(own[0][0], 'too many requests waiting for input');
    const id = randomUUID();
    const timer = setTimeout(() => this.drop(id, 'the client did not answer the input requests in time'), this.ttlMs);
    timer.unref();
    this.waiting.set(id, { request, timer });
    return `${id}.${this.mac(id, request)}`;
  }

  /** The suspended request a retry names, taken out of the store; or why not. */
  resume(state: string, userId: string, method: string, target: string): SuspendedRequest | { refused: string } {
    const [id, mac] = state.split('.');
    const entry = id ? this.waiting.get(id) : undefined;
    if (!id || !mac || !entry) return { refused: 'Invalid params: requestState is unknown or expired; send the request again without it.' };
    const expected = Buffer.from(this.mac(id, { userId, method, target }), 'base64url');
    const given = Buffer.from(mac, 'base64url');
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      return { refused: 'Invalid params: requestState failed its integrity check (altered, or from another request).' };
    }
    clearTimeout(entry.timer);
    this.waiting.delete(id);
    return entry.request;
  }

  close(): void {
    for (const id of [...this.waiting.keys()]) this.drop(id, 'the gateway-proxy is shutting down');
  }

  private drop(id: string, reason: string): void {
    const entry = this.waiting.get(id);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.waiting.delete(id);
    void entry.request.exchange.cancel(reason);
  }

  private mac(id: string, request: Pick<SuspendedRequest, 'userId' | 'method' | 'target'>): string {
    return createHmac('sha256', this.key).update(`${id}\n${request.userId}\n${request.method}\n${request.target}`).digest('base64url');
  }
}
