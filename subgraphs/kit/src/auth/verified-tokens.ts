import type { TokenVerifier, VerifiedToken, VerifyOptions } from './tokens.ts';

/** How long a verified JWT is trusted without checking its signature again (never past its own expiry). */
export const verifiedTokenTtlMs = 60_000;
const maxCached = 10_000;

/**
 * A verifier with a memory of the JWTs it accepted: a client sends the same token with every request of its
 * session, and each of them is verified by the router and again by every subgraph (and by the gateway-proxy);
 * checking the ES256 signature each time was about a tenth of the platform's CPU for a federated query. A token
 * is taken from memory until its `exp` or `ttlMs` after it was verified, whichever comes first, and only for the
 * audiences it was verified for; refused tokens are not remembered. What revocation looks like does not change:
 * an API token is exchanged (and its exchange forgotten on `apiTokensRevoked`) before this, so a revoked one
 * fails at the exchange, and an access JWT stays valid until it expires. The JWKS may drop a key: tokens it
 * signed are refused at most `ttlMs` later (the auth subgraph drops a key only once every token it signed has
 * expired).
 */
export class VerifiedTokens implements TokenVerifier {
  private readonly cache = new Map<string, { verified: VerifiedToken; until: number }>();

  constructor(
    private readonly verifier: TokenVerifier,
    private readonly ttlMs = verifiedTokenTtlMs,
    private readonly now: () => number = Date.now,
  ) {}

  async verify(token: string, options?: VerifyOptions): Promise<VerifiedToken> {
    const key = `${options?.audiences?.join(' ') ?? ''}\n${token}`;
    const now = this.now();
    const cached = this.cache.get(key);
    if (cached && now < cached.until) return cached.verified;
    if (cached) this.cache.delete(key);
    const verified = await this.verifier.verify(token, options);
    if (this.cache.size >= maxCached) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, { verified, until: Math.min(verified.expiresAt, now + this.ttlMs) });
    return verified;
  }
}
