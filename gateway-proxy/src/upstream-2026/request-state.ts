import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

const prefix = 'u26.';

const sealedSchema = z.object({
  /** The server the state belongs to. */
  s: z.string(),
  u: z.string(),
  m: z.string(),
  t: z.string(),
  /** The server's own requestState, when it gave one. */
  x: z.string().optional(),
  /** Expiry, ms since the epoch. */
  e: z.number(),
});

/** What a retry is bound to. */
export interface StateBinding {
  userId: string;
  method: string;
  /** The tool, prompt or URI the client named. */
  target: string;
}

/**
 * The `requestState` the proxy hands a client for an `input_required` result of a server that speaks
 * 2026-07-28: `u26.<payload>.<HMAC>`, the payload naming the server, the user, the method and the tool
 * (or prompt, URI) and carrying the server's own requestState, the HMAC keyed by a secret of this process
 * (as SuspendedRequests' states are). The client's retry is refused when the state was altered, belongs
 * to another user or request, or is older than `ttlMs`; else it reaches the same server with the server's
 * own state. Nothing is kept in the proxy (the server keeps what it needs in its state), so a state is
 * not single-use here: replays are the server's to refuse, as they would be without the proxy.
 */
export class UpstreamRequestStates {
  private readonly key = randomBytes(32);

  constructor(private readonly ttlMs: number) {}

  /** Whether a requestState is one of these (else it may be SuspendedRequests'). */
  static owns(state: string): boolean {
    return state.startsWith(prefix);
  }

  seal(serverId: string, binding: StateBinding, serverState: string | undefined): string {
    const payload = Buffer.from(
      JSON.stringify({
        s: serverId,
        u: binding.userId,
        m: binding.method,
        t: binding.target,
        ...(serverState !== undefined ? { x: serverState } : {}),
        e: Date.now() + this.ttlMs,
      }),
    ).toString('base64url');
    return `${prefix}${payload}.${this.mac(payload)}`;
  }

  /** The server and its own state that a retry's requestState names; or why it is refused. */
  open(state: string, binding: StateBinding): { serverId: string; serverState?: string } | { refused: string } {
    const [payload, mac, ...rest] = state.slice(prefix.length).split('.');
    const integrity = { refused: 'Invalid params: requestState failed its integrity check (altered, or from another request).' };
    if (!payload || !mac || rest.length > 0) return integrity;
    const expected = Buffer.from(this.mac(payload), 'base64url');
    const given = Buffer.from(mac, 'base64url');
    if (expected.length !== given.length || !timingSafeEqual(expected, given) || mac !== given.toString('base64url')) return integrity;
    const parsed = sealedSchema.safeParse(parseJson(Buffer.from(payload, 'base64url').toString('utf8')));
    if (!parsed.success) return integrity;
    const sealed = parsed.data;
    if (sealed.u !== binding.userId || sealed.m !== binding.method || sealed.t !== binding.target) return integrity;
    if (sealed.e < Date.now()) return { refused: 'Invalid params: requestState is unknown or expired; send the request again without it.' };
    return { serverId: sealed.s, ...(sealed.x !== undefined ? { serverState: sealed.x } : {}) };
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
