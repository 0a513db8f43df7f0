import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JSONWebKeySet, type JWK, type CryptoKey } from 'jose';
import { localTokenVerifier, tokenAudience, tokenIssuer, type TokenVerifier, type Viewer } from '@mcp-portal/kit';
import type { SigningKeyStore } from '../store/signing-keys.ts';

const algorithm = 'ES256';

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

/**
 * The JWT signing key: created once and shared through the database, so every auth replica signs
 * with the same key and every subgraph verifies through the published JWKS.
 */
export class TokenIssuer {
  private constructor(
    private readonly kid: string,
    private readonly privateKey: CryptoKey,
    readonly jwks: JSONWebKeySet,
    private readonly ttlSeconds: number,
  ) {}

  static async load(store: SigningKeyStore, ttlSeconds: number): Promise<TokenIssuer> {
    if (!(await store.oldest())) {
      const { privateKey, publicKey } = await generateKeyPair(algorithm, { extractable: true });
      const kid = randomUUID();
      const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: algorithm, use: 'sig' };
      const privateJwk: JWK = { ...(await exportJWK(privateKey)), kid, alg: algorithm };
      await store.insert({ kid, algorithm, privateJwk: JSON.stringify(privateJwk), publicJwk: JSON.stringify(publicJwk) });
    }
    // Two replicas may race to create a key: both then use the oldest one.
    const active = await store.oldest();
    if (!active) throw new Error('No signing key could be stored.');
    const privateKey = (await importJWK(JSON.parse(active.privateJwk) as JWK, active.algorithm)) as CryptoKey;
    const keys = (await store.all()).map((row) => JSON.parse(row.publicJwk) as JWK);
    return new TokenIssuer(active.kid, privateKey, { keys }, ttlSeconds);
  }

  /** `tokenId` marks a JWT obtained by exchanging an API token. */
  async issue(viewer: Viewer, options: { ttlSeconds?: number; tokenId?: string } = {}): Promise<IssuedToken> {
    const expiresAt = new Date(Date.now() + (options.ttlSeconds ?? this.ttlSeconds) * 1000);
    const claims = { email: viewer.email, role: viewer.role, ...(options.tokenId ? { tid: options.tokenId } : {}) };
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: algorithm, kid: this.kid, typ: 'JWT' })
      .setSubject(viewer.userId)
      .setIssuer(tokenIssuer)
      .setAudience(tokenAudience)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.privateKey);
    return { token, expiresAt };
  }

  verifier(): TokenVerifier {
    return localTokenVerifier(this.jwks);
  }
}
