import { createHash } from 'node:crypto';
import { decodeJwt } from 'jose';
import { apiTokenPrefix, type ApiTokensRevokedEvent } from '@mcp-portal/schema';
import { UnauthenticatedError } from '../errors.ts';
import { bearerToken } from './tokens.ts';

const maxCached = 10_000;
/** Exchanged JWTs are reused until this long before they expire. */
const refreshMarginMs = 30_000;

/**
 * Turns `Authorization: Bearer mcpat_…` (an API token) into `Bearer <short-lived JWT>` through the auth
 * subgraph's exchange endpoint, so subgraphs only ever verify JWTs. Exchanged JWTs are cached (by a hash
 * of the API token) until shortly before they expire, and dropped at once when the auth subgraph announces
 * that the token was revoked or its owner changed (`forget`). Shared by the router and the gateway-proxy.
 */
export class ApiTokenExchanger {
  private readonly cache = new Map<string, { authorization: string; expiresAt: number; tokenId: string; userId: string }>();

  constructor(private readonly exchangeUrl: string) {}

  async authorizationFor(authorization: string | undefined): Promise<string | undefined> {
    const token = authorization ? bearerToken(authorization) : null;
    if (!token?.startsWith(apiTokenPrefix)) return authorization;
    const key = createHash('sha256').update(token).digest('hex');
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt - refreshMarginMs > Date.now()) return cached.authorization;
    this.cache.delete(key);

    const response = await fetch(this.exchangeUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
      signal: AbortSignal.timeout(5_000),
    });
    const body = (await response.json().catch(() => ({}))) as { token?: string; expiresAt?: string; message?: string };
    if (response.status === 401 || response.status === 400) {
      throw new UnauthenticatedError(body.message ?? 'The API token is not valid.');
    }
    if (!response.ok || !body.token || !body.expiresAt) throw new Error(`API token exchange failed with status ${response.status}`);
    const { sub, tid } = decodeJwt(body.token);
    const exchanged = { authorization: `Bearer ${body.token}`, expiresAt: new Date(body.expiresAt).getTime(), tokenId: String(tid), userId: String(sub) };
    if (this.cache.size >= maxCached) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, exchanged);
    return exchanged.authorization;
  }

  /** Drops cached exchanges of a revoked token, or of every token of a user whose role or status changed. */
  forget(event: ApiTokensRevokedEvent): void {
    for (const [key, entry] of this.cache) {
      if ('tokenId' in event ? entry.tokenId === event.tokenId : entry.userId === event.userId) this.cache.delete(key);
    }
  }
}
