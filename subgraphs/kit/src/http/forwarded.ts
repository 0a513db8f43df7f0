import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { SecretBox } from '../crypto/secret-box.ts';

/**
 * What the router tells a subgraph about the client — its address (`x-forwarded-for`), the public host and
 * scheme (`x-forwarded-host`, `-proto`) and the request id — is signed: `x-mcp-forwarded: v1.<unix ms>.<hmac>`,
 * an HMAC-SHA256 over those four values and the time, keyed by a key derived from the master key. A
 * subgraph keeps these headers only with a valid signature less than a minute old; otherwise it drops them
 * (the peer's address is used) and keeps a request id only if it is well-formed. So a client that reaches
 * a subgraph directly, or through the router, cannot choose the address its sign-in limits and audit rows see.
 */
export const forwardedSignatureHeader = 'x-mcp-forwarded';
const forwardedHeaderNames = ['x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto'] as const;
const maxSkewMs = 60_000;

const requestIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;

/** A request id a client may choose: 1–128 letters, digits and `. _ : -`; anything else is not used. */
export function validRequestId(value: unknown): string | null {
  return typeof value === 'string' && requestIdPattern.test(value) ? value : null;
}

/** The given request id when it is well-formed, else a fresh one. */
export function requestIdFrom(value: unknown): string {
  return validRequestId(value) ?? randomUUID();
}

export interface ForwardedValues {
  /** The client's address. */
  for?: string | null;
  host?: string | null;
  proto?: string | null;
  requestId: string;
}

/** Requests whose forwarded headers were signed by the router (see `sanitizeForwarded`). */
const signedRequests = new WeakSet<IncomingMessage>();

export class ForwardedHeaders {
  private constructor(private readonly key: Buffer) {}

  static from(secrets: SecretBox): ForwardedHeaders {
    return new ForwardedHeaders(secrets.deriveKey('forwarded-headers'));
  }

  /** The router's side: the headers to set on a request to a subgraph (they replace any the client sent). */
  headers(values: ForwardedValues, now = Date.now()): Record<string, string> {
    const headers: Record<string, string> = { 'x-request-id': values.requestId };
    if (values.for) headers['x-forwarded-for'] = values.for;
    if (values.host) headers['x-forwarded-host'] = values.host;
    if (values.proto) headers['x-forwarded-proto'] = values.proto;
    headers[forwardedSignatureHeader] = `v1.${now}.${this.mac(headers, now)}`;
    return headers;
  }

  /** Whether the forwarded headers of this request are the router's, unchanged, from just now. */
  verify(req: IncomingMessage, now = Date.now()): boolean {
    const header = req.headers[forwardedSignatureHeader];
    const [version, at, mac] = (typeof header === 'string' ? header : '').split('.');
    const time = Number(at);
    if (version !== 'v1' || !mac || !Number.isSafeInteger(time) || Math.abs(now - time) > maxSkewMs) return false;
    const expected = Buffer.from(this.mac(req.headers, time), 'hex');
    const given = Buffer.from(mac, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /**
   * The subgraph's side, before anything reads the request: unsigned forwarded headers are removed, and
   * the request id is made well-formed (or replaced), so every later reader sees only what the router set.
   */
  sanitize(req: IncomingMessage, now = Date.now()): void {
    if (this.verify(req, now)) signedRequests.add(req);
    else for (const name of forwardedHeaderNames) delete req.headers[name];
    req.headers['x-request-id'] = requestIdFrom(req.headers['x-request-id']);
    delete req.headers[forwardedSignatureHeader];
  }

  private mac(headers: Record<string, string | string[] | undefined>, time: number): string {
    const value = (name: string) => {
      const raw = headers[name];
      return Array.isArray(raw) ? raw.join(', ') : (raw ?? '');
    };
    const text = ['v1', String(time), ...forwardedHeaderNames.map(value), value('x-request-id')].join('\n');
    return createHmac('sha256', this.key).update(text).digest('hex');
  }
}

/** Whether `sanitize` found this request's forwarded headers signed by the router. */
export function isSignedForward(req: IncomingMessage): boolean {
  return signedRequests.has(req);
}
