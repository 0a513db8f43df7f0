import type { TokenVerifier, VerifiedToken, VerifyOptions } from '@mcp-portal/kit';

/** How long a verified JWT is trusted without checking its signature again (never past its own expiry). */
export const verifiedTokenTtlMs = 60_000;
const maxCached = 10_000;

/**
 * The verifier with a memory of the JWTs it accepted: a client sends the same token with every request of
 * its session, and checking the signature each time was a large part of what the proxy added to a call.
 * A token is taken from memory until its `exp` or `ttlMs` after it was verified, whichever comes first;
 * refused tokens are not remembered. What revocation looks like does not change: an API token is exchanged
 * (and its exchange forgotten on `apiTokensRevoked`) before this, so a revoked one fails at the exchange,
 * and an access JWT stays valid until it expires, as at the router. The JWKS may drop a key: tokens it
 * signed are refused at most `ttlMs` later.
 */
export class VerifiedTokens {
  private readonly cache = new Map<string, { verified: VerifiedToken; until: number }>();

  constructor(
    private readonly verifier: TokenVerifier,
    private readonly options: VerifyOptions,
    private readonly ttlMs = verifiedTokenTtlMs,
    private readonly now: () => number = Date.now,
  ) {}

  async verify(token: string): Promise<VerifiedToken> {
    const now = this.now();
    const cached = this.cache.get(token);
    if (cached && now < cached.until) return cached.verified;
    if (cached) this.cache.delete(token);
    const verified = await this.verifier.verify(token, this.options);
    if (this.cache.size >= maxCached) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(token, { verified, until: Math.min(verified.expiresAt, now + this.ttlMs) });
    return verified;
  }
}
