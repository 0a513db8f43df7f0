import { createRemoteJWKSet, decodeJwt, errors as joseErrors, jwtVerify } from 'jose';
import { z } from 'zod';
import { entraObjectIssuer, externalIdentityUserPath, roles, type ExternalIdentityUser } from '@mcp-portal/schema';
import { UnauthenticatedError } from '../errors.ts';
import type { InternalRequestKey } from '../http/internal-requests.ts';
import type { Viewer } from './roles.ts';
import type { TokenVerifier } from './tokens.ts';

/** The Microsoft Entra tenant and the gateway's API registered there (the dcr subgraph's azure backend settings). */
export interface EntraApiSettings {
  authorityHost: string;
  tenantId: string;
  /** The gateway API's application (client) id: Entra access tokens for it carry it, or `api://<it>`, as `aud`. */
  apiAppId: string;
}

/** The platform user linked to an external identity; null when none is, or the user is disabled. */
export type ExternalIdentityLookup = (issuer: string, subject: string) => Promise<Viewer | null>;

const entraClaims = z.object({ oid: z.string().uuid(), tid: z.string().uuid(), exp: z.number() });

/** The tenant's base URL at its authority (`https://login.microsoftonline.com/<tenant>`): its v2.0 endpoints are below it. */
export const entraTenantUrl = (settings: Pick<EntraApiSettings, 'authorityHost' | 'tenantId'>) =>
  `${settings.authorityHost.replace(/\/+$/, '')}/${settings.tenantId}`;

/** The tenant's v2.0 issuer (what its tokens carry, and what a resource it protects names as its authorization server). */
export const entraTenantIssuer = (settings: Pick<EntraApiSettings, 'authorityHost' | 'tenantId'>) => `${entraTenantUrl(settings)}/v2.0`;

/**
 * Verifies access tokens Microsoft Entra ID issued to users of the tenant for the gateway's API (what MCP clients
 * registered as Entra applications through the DCR bridge hold): the tenant's keys, issuer, audience and expiry;
 * then the user is the platform account linked to the token's object id (`oid`, linked when they sign in to the
 * portal through the tenant). Refused, with a message saying what to do, when no account is linked.
 */
export function entraAccessTokenVerifier(settings: EntraApiSettings, lookup: ExternalIdentityLookup): TokenVerifier & { issuer: string } {
  const issuer = entraTenantIssuer(settings);
  const keys = createRemoteJWKSet(new URL(`${entraTenantUrl(settings)}/discovery/v2.0/keys`), {
    cooldownDuration: 5_000,
  });
  return {
    issuer,
    async verify(token) {
      let claims: z.infer<typeof entraClaims>;
      try {
        const { payload } = await jwtVerify(token, keys, { issuer, audience: [settings.apiAppId, `api://${settings.apiAppId}`], algorithms: ['RS256'] });
        claims = entraClaims.parse(payload);
      } catch (error) {
        if (error instanceof joseErrors.JWTExpired) throw new UnauthenticatedError('The Microsoft Entra token has expired.');
        if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'aud')
          throw new UnauthenticatedError("The Microsoft Entra token was issued for another API, not for this gateway's.");
        throw new UnauthenticatedError('The Microsoft Entra token is not valid.');
      }
      if (claims.tid.toLowerCase() !== settings.tenantId.toLowerCase()) throw new UnauthenticatedError('The Microsoft Entra token is from another tenant.');
      const viewer = await lookup(entraObjectIssuer(claims.tid), claims.oid.toLowerCase());
      if (!viewer)
        throw new UnauthenticatedError(
          'No active platform account is linked to this Microsoft Entra account: sign in to the portal once with Microsoft Entra, then try again.',
        );
      return { viewer, expiresAt: claims.exp * 1000 };
    },
  };
}

/** Sends a token to `entra` when Entra's tenant issued it (its unverified `iss` says so), to `platform` otherwise. */
export function issuerRoutedVerifier(platform: TokenVerifier, entra: TokenVerifier & { issuer: string }): TokenVerifier {
  return {
    verify(token, options) {
      let issuer: unknown;
      try {
        issuer = decodeJwt(token).iss;
      } catch {
        issuer = undefined;
      }
      return issuer === entra.issuer ? entra.verify(token, options) : platform.verify(token, options);
    },
  };
}

const answerSchema = z.object({ userId: z.string().uuid(), email: z.string(), role: z.enum(roles) });

/** Asks the auth subgraph (signed internal request) which active user an external identity is linked to. */
export function externalIdentityUsers(key: InternalRequestKey, authBaseUrl: string): ExternalIdentityLookup {
  return async (issuer, subject) => {
    const url = new URL(externalIdentityUserPath, authBaseUrl);
    url.search = new URLSearchParams({ issuer, subject }).toString();
    let reply: { status: number; body: unknown };
    try {
      reply = await key.getJson(url);
    } catch {
      throw new UnauthenticatedError('The platform cannot check this account right now: try again in a moment.');
    }
    if (reply.status === 404) return null;
    const answer = reply.status === 200 ? answerSchema.safeParse(reply.body) : null;
    if (!answer?.success) throw new UnauthenticatedError('The platform cannot check this account right now: try again in a moment.');
    const user: ExternalIdentityUser = answer.data;
    return { userId: user.userId, email: user.email, role: user.role };
  };
}
