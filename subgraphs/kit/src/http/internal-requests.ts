import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { SecretBox } from '../crypto/secret-box.ts';

/**
 * Requests between subgraphs (never from clients) carry `x-mcp-internal: v1.<unix ms>.<hmac>`: an
 * HMAC-SHA256 over the method, the path with its query and the time, keyed by a key derived from the
 * master key every process shares. A request older or newer than a minute is refused.
 */
export const internalHeader = 'x-mcp-internal';
const maxSkewMs = 60_000;

export class InternalRequestKey {
  private constructor(private readonly key: Buffer) {}

  static from(secrets: SecretBox): InternalRequestKey {
    return new InternalRequestKey(secrets.deriveKey('internal-requests'));
  }

  sign(method: string, pathWithQuery: string, now = Date.now()): string {
    return `v1.${now}.${this.mac(method, pathWithQuery, now)}`;
  }

  /** Whether a request to this process was signed by another one of this deployment, just now. */
  verify(req: IncomingMessage, now = Date.now()): boolean {
    const header = req.headers[internalHeader];
    const [version, at, mac] = (typeof header === 'string' ? header : '').split('.');
    const time = Number(at);
    if (version !== 'v1' || !mac || !Number.isSafeInteger(time) || Math.abs(now - time) > maxSkewMs) return false;
    const expected = Buffer.from(this.mac(req.method ?? 'GET', req.url ?? '/', time), 'hex');
    const given = Buffer.from(mac, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** GETs JSON from another subgraph with a signed request. */
  async getJson(url: URL, timeoutMs = 5_000): Promise<{ status: number; body: unknown }> {
    const response = await fetch(url, {
      headers: { [internalHeader]: this.sign('GET', `${url.pathname}${url.search}`) },
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: response.status, body: await response.json().catch(() => null) };
  }

  private mac(method: string, pathWithQuery: string, time: number): string {
    return createHmac('sha256', this.key).update(`${method.toUpperCase()}\n${pathWithQuery}\n${time}`).digest('hex');
  }
}
