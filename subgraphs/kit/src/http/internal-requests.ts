import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { SecretBox } from '../crypto/secret-box.ts';

/**
 * Requests between subgraphs (never from clients) carry `x-mcp-internal: v2.<unix ms>.<nonce>.<hmac>`: an
 * HMAC-SHA256 over the method, the path with its query, the time and a random nonce, keyed by a key derived
 * from the master key every process shares. A request older or newer than a minute is refused, and so is a
 * signature this process has already accepted (a replayed request: a tool call carried twice, say).
 */
export const internalHeader = 'x-mcp-internal';
const maxSkewMs = 60_000;
/** Signatures accepted within the last two minutes, at most this many (past it the oldest are forgotten first). */
const maxRemembered = 200_000;

export class InternalRequestKey {
  /** The signatures accepted lately, with the time after which they are refused as too old anyway. */
  private readonly accepted = new Map<string, number>();

  private constructor(private readonly key: Buffer) {}

  static from(secrets: SecretBox): InternalRequestKey {
    return new InternalRequestKey(secrets.deriveKey('internal-requests'));
  }

  sign(method: string, pathWithQuery: string, now = Date.now()): string {
    const nonce = randomBytes(12).toString('hex');
    return `v2.${now}.${nonce}.${this.mac(method, pathWithQuery, now, nonce)}`;
  }

  /**
   * Whether a request to this process was signed by another one of this deployment, just now, and is not
   * one accepted before; it is then accepted (remembered, so that the same request again is refused).
   */
  verify(req: IncomingMessage, now = Date.now()): boolean {
    const signed = this.signed(req, now);
    return signed !== null && this.acceptOnce(signed.mac, signed.time + maxSkewMs, now);
  }

  /**
   * Whether the request is signed as verify() checks it, without accepting it: for a process that may
   * answer it `421 Misdirected` (which an HTTP client may send again as it was, elsewhere or here).
   */
  authentic(req: IncomingMessage, now = Date.now()): boolean {
    const signed = this.signed(req, now);
    return signed !== null && !this.accepted.has(signed.mac);
  }

  private signed(req: IncomingMessage, now: number): { mac: string; time: number } | null {
    const header = req.headers[internalHeader];
    const [version, at, nonce, mac, ...rest] = (typeof header === 'string' ? header : '').split('.');
    const time = Number(at);
    if (version !== 'v2' || !nonce || !mac || rest.length > 0 || !Number.isSafeInteger(time) || Math.abs(now - time) > maxSkewMs) return null;
    const expected = Buffer.from(this.mac(req.method ?? 'GET', req.url ?? '/', time, nonce), 'hex');
    const given = Buffer.from(mac, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected) ? { mac, time } : null;
  }

  /** Remembers an accepted signature until it is too old to be accepted anyway; false when it was accepted before. */
  private acceptOnce(mac: string, refusedAfter: number, now: number): boolean {
    for (const [seen, until] of this.accepted) {
      if (until >= now && this.accepted.size < maxRemembered) break;
      this.accepted.delete(seen);
    }
    if (this.accepted.has(mac)) return false;
    this.accepted.set(mac, refusedAfter);
    return true;
  }

  /** GETs JSON from another subgraph with a signed request. */
  async getJson(url: URL, timeoutMs = 5_000): Promise<{ status: number; body: unknown }> {
    const response = await fetch(url, {
      headers: { [internalHeader]: this.sign('GET', `${url.pathname}${url.search}`) },
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: response.status, body: await response.json().catch(() => null) };
  }

  /**
   * POSTs JSON to another subgraph with a signed request. The body's SHA-256 goes in the query (`digest`), so
   * the signature over the path and query covers the body too (internalPostRoute checks it).
   */
  async postJson(url: URL, body: unknown, timeoutMs = 10_000): Promise<{ status: number; body: unknown }> {
    const text = JSON.stringify(body);
    const signed = new URL(url);
    signed.searchParams.set('digest', bodyDigest(text));
    const response = await fetch(signed, {
      method: 'POST',
      headers: { [internalHeader]: this.sign('POST', `${signed.pathname}${signed.search}`), 'content-type': 'application/json' },
      body: text,
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: response.status, body: await response.json().catch(() => null) };
  }

  private mac(method: string, pathWithQuery: string, time: number, nonce: string): string {
    return createHmac('sha256', this.key).update(`${method.toUpperCase()}\n${pathWithQuery}\n${time}\n${nonce}`).digest('hex');
  }
}

/** The SHA-256 (hex) of a signed request's body, carried in its query as `digest`. */
export function bodyDigest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
