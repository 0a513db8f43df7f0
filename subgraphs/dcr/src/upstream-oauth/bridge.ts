import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { OAuthClientInformationFull, OAuthClientInformationMixed, OAuthClientMetadata } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { AuditActor } from '@mcp-portal/kit';
import { RegistrationError } from '../registration/errors.ts';
import type { RegistrationService } from '../registration/service.ts';
import { sameIssuer } from './client-provider.ts';

/**
 * The outbound half of the DCR bridge (issue 14): `MCP server (401) → OAuth client → DCR bridge → Entra ID`. An
 * authorization server that offers no RFC 7591 registration endpoint, and whose issuer the settings map to the
 * bridge (MCP_OAUTH_BRIDGE_ISSUERS, and the Entra tenant's v2.0 issuer when MCP_DCR_BACKEND=azure), gets the
 * platform's client registered through the dcr subgraph's own registration service: with the azure backend an
 * Entra app registration (client_id = its appId, the secret kept in Key Vault and returned once). The client is
 * stored per issuer like any registered client, marked as bridged, and torn down through the bridge (RFC 7592
 * deletion) once no connection holds tokens issued to it any more.
 */
export interface RegistrationBridge {
  /** RFC 7591 registration through the bridge: the client information with its secret and its RFC 7592 credentials. */
  register(metadata: OAuthClientMetadata): Promise<BridgedClientInformation>;
  /** RFC 7592 deletion of a client the bridge registered (the app registration, its principal and vault secret). */
  remove(client: BridgedClientInformation): Promise<void>;
}

/** A client the bridge registered, as stored (sealed) per issuer. */
export type BridgedClientInformation = OAuthClientInformationFull & {
  registration_access_token: string;
  registration_client_uri?: string;
  /** Marks the stored client as the bridge's: only such clients are torn down through it. */
  registered_through: 'dcr-bridge';
};

/** What the bridge must answer (zod at the edge: the fields the flow and the teardown need). */
const bridgeAnswer = z
  .object({
    client_id: z.string().min(1),
    client_secret: z.string().min(1).optional(),
    registration_access_token: z.string().min(1),
    registration_client_uri: z.string().url().optional(),
    redirect_uris: z.array(z.string()).min(1),
  })
  .passthrough();

/** Whether the settings map this issuer to the bridge (compared as the SDK compares issuers). */
export function bridgesIssuer(issuers: readonly string[] | undefined, issuer: string): boolean {
  return (issuers ?? []).some((candidate) => sameIssuer(candidate, issuer));
}

/** Whether a stored client is one the bridge registered (and so one the bridge tears down). */
export function isBridgedClient(client: OAuthClientInformationMixed | undefined): client is BridgedClientInformation {
  const fields = client as Partial<BridgedClientInformation> | undefined;
  return fields?.registered_through === 'dcr-bridge' && typeof fields.registration_access_token === 'string';
}

/**
 * The bridge inside the dcr subgraph: its RegistrationService called in process (no HTTP hop, no initial access
 * token or per-address rate limit: the platform registers for itself), audited like any registration (anonymous
 * actor, no source address). `endpoint` is the public registration endpoint (`…/register`), for
 * `registration_client_uri`.
 */
export function inProcessRegistrationBridge(registration: Pick<RegistrationService, 'register' | 'delete'>, endpoint: string): RegistrationBridge {
  const actor = (): AuditActor => ({ viewer: null, requestId: `upstream-oauth-bridge-${randomUUID()}`, sourceIp: null });
  return {
    async register(metadata) {
      const answer = bridgeAnswer.parse(await registration.register(metadata, { actor: actor(), endpoint }));
      return {
        ...(answer as unknown as OAuthClientInformationFull),
        registration_access_token: answer.registration_access_token,
        registered_through: 'dcr-bridge',
      };
    },
    async remove(client) {
      try {
        await registration.delete(client.client_id, client.registration_access_token, { actor: actor() });
      } catch (error) {
        // Gone already (an admin revoked it, say): RFC 7592 answers an unknown client as a wrong token.
        if (error instanceof RegistrationError && error.code === 'invalid_token') return;
        throw error;
      }
    },
  };
}
