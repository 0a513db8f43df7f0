import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JSONWebKeySet, type JWK, type CryptoKey } from 'jose';
import { localTokenVerifier, tokenAudience, tokenIssuer, type SecretBox, type TokenVerifier, type Viewer } from '@mcp-portal/kit';
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

  /** The private half is stored sealed under the master key (bound to its kid), never in clear. */
  static async load(store: SigningKeyStore, ttlSeconds: number, secrets: SecretBox): Promise<TokenIssuer> {
    const context = (kid: string) => `auth.signing_keys:${kid}`;
    if (!(await store.oldest())) {
      const { privateKey, publicKey } = await generateKeyPair(algorithm, { extractable: true });
      const kid = randomUUID();
      const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: algorithm, use: 'sig' };
      const privateJwk: JWK = { ...(await exportJWK(privateKey)), kid, alg: algorithm };
      await store.insert({ kid, algorithm, privateJwk: secrets.seal(JSON.stringify(privateJwk), context(kid)), publicJwk: JSON.stringify(publicJwk) });
    }
    // Two replicas may race to create a key: both then use the oldest one.
    const active = await store.oldest();
    if (!active) throw new Error('No signing key could be stored.');
    let privateJwkText: string;
    if (active.privateJwk.startsWith('{')) {
      // Written by a version that stored it in clear: seal it now.
      privateJwkText = active.privateJwk;
      await store.setPrivateJwk(active.kid, secrets.seal(privateJwkText, context(active.kid)));
    } else {
      privateJwkText = secrets.open(active.privateJwk, context(active.kid));
    }
    const privateKey = (await importJWK(JSON.parse(privateJwkText) as JWK, active.algorithm)) as CryptoKey;
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
