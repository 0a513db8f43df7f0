import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { Role } from '@mcp-portal/schema';
import { localTokenVerifier, tokenAudience, tokenIssuer, type TokenVerifier } from '../auth/tokens.ts';
import type { Viewer } from '../auth/roles.ts';

export interface TestTokens {
  verifier: TokenVerifier;
  viewer(role: Role): Viewer;
  /** `audience`: another `aud` than the platform's (a token minted for some other resource). */
  tokenFor(viewer: Viewer, options?: { expiresInSeconds?: number; audience?: string | string[] }): Promise<string>;
}

/** A real ES256 key pair for testing one subgraph alone, without the auth subgraph. */
export async function createTestTokens(): Promise<TestTokens> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const kid = randomUUID();
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256' };
  return {
    verifier: localTokenVerifier({ keys: [jwk] }),
    viewer: (role) => ({ userId: randomUUID(), email: `${role}-${kid.slice(0, 8)}@example.test`, role }),
    async tokenFor(viewer, options) {
      return new SignJWT({ email: viewer.email, role: viewer.role })
        .setProtectedHeader({ alg: 'ES256', kid })
        .setSubject(viewer.userId)
        .setIssuer(tokenIssuer)
        .setAudience(options?.audience ?? tokenAudience)
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + (options?.expiresInSeconds ?? 600))
        .sign(privateKey);
    },
  };
}
