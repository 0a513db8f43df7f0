import { createLocalJWKSet, createRemoteJWKSet, errors as joseErrors, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { roles } from '@mcp-portal/schema';
import { UnauthenticatedError } from '../errors.ts';
import type { Viewer } from './roles.ts';

export const tokenIssuer = 'mcp-portal';
export const tokenAudience = 'mcp-portal';

const claimsSchema = z.object({
  sub: z.string().uuid(),
  email: z.string(),
  role: z.enum(roles),
  exp: z.number(),
});

export interface VerifiedToken {
  viewer: Viewer;
  expiresAt: number;
}

export interface VerifyOptions {
  /**
   * The `aud` values accepted (one is enough); default: the platform's (`tokenAudience`). A resource server
   * that also accepts tokens minted for its own resource URL (RFC 8707) lists both.
   */
  audiences?: readonly string[];
}

export interface TokenVerifier {
  verify(token: string, options?: VerifyOptions): Promise<VerifiedToken>;
}

function verifierFor(keys: JWTVerifyGetKey): TokenVerifier {
  return {
    async verify(token, options) {
      try {
        const { payload } = await jwtVerify(token, keys, { issuer: tokenIssuer, audience: options?.audiences ? [...options.audiences] : tokenAudience });
        const claims = claimsSchema.parse(payload);
        return { viewer: { userId: claims.sub, email: claims.email, role: claims.role }, expiresAt: claims.exp * 1000 };
      } catch (error) {
        if (error instanceof joseErrors.JWTExpired) throw new UnauthenticatedError('Your session has expired: sign in again.');
        if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'aud')
          throw new UnauthenticatedError('The token was issued for another audience (resource), not for this one.');
        throw new UnauthenticatedError('The token is not valid: sign in again.');
      }
    },
  };
}

/** Verifies against the auth subgraph's JWKS endpoint (cached and refreshed by jose). */
export function remoteTokenVerifier(jwksUrl: string): TokenVerifier {
  return verifierFor(createRemoteJWKSet(new URL(jwksUrl), { cooldownDuration: 5_000 }));
}

export function localTokenVerifier(jwks: JSONWebKeySet): TokenVerifier {
  return verifierFor(createLocalJWKSet(jwks));
}

export function bearerToken(authorization: string | undefined): string | null {
  if (!authorization) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  return match?.[1] ?? null;
}

/** No header: anonymous. A header that does not verify: an error, never a silent downgrade to anonymous. */
export async function viewerFromAuthorization(verifier: TokenVerifier, authorization: string | undefined): Promise<VerifiedToken | null> {
  if (!authorization) return null;
  const token = bearerToken(authorization);
  if (!token) throw new UnauthenticatedError('The Authorization header must be "Bearer <token>".');
  return verifier.verify(token);
}
