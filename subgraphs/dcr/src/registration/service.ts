import type { AuditActor, AuditEntry, AuditLog, Database } from '@mcp-portal/kit';
import { grantStore } from '../authorization/grant-store.ts';
import { invalidMetadata, invalidToken } from './errors.ts';
import { validateClientMetadata, type ClientMetadata } from './metadata.ts';
import { RegistrationPolicy } from './policy.ts';
import { registrationBackend, type RegisteredIdentity, type RegistrationBackend } from './backend.ts';
import { hashSecret, matchesHash, newSecret } from './secrets.ts';
import { registrationStore, type RegisteredClientRow } from './store.ts';

/** Who registers or manages a client, and where the answer's `registration_client_uri` points. */
export interface RegistrationRequest {
  actor: AuditActor;
  /** The registration endpoint's public URL (`…/register`), without a trailing slash. */
  endpoint: string;
}

/** RFC 7591 §3.2.1 client information (the client's metadata, its id and the registration's own fields). */
export type ClientInformation = Record<string, unknown>;

/** The metadata of a stored client, as the wire names it (empty optional fields left out). */
function metadataOf(row: RegisteredClientRow): ClientMetadata {
  const optional = {
    client_name: row.clientName || null,
    client_uri: row.clientUri,
    logo_uri: row.logoUri,
    policy_uri: row.policyUri,
    tos_uri: row.tosUri,
    scope: row.scope,
    software_id: row.softwareId,
    software_version: row.softwareVersion,
  };
  return {
    redirect_uris: row.redirectUris,
    token_endpoint_auth_method: row.tokenEndpointAuthMethod,
    grant_types: row.grantTypes,
    response_types: row.responseTypes,
    application_type: row.applicationType,
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== null)),
  };
}

/** RFC 7591's client_secret_expires_at: seconds since the epoch, 0 for a secret that does not expire. */
function secretExpiry(expiresAt: Date | null): number {
  return expiresAt === null ? 0 : Math.floor(expiresAt.getTime() / 1000);
}

function informationOf(row: RegisteredClientRow, endpoint: string): ClientInformation {
  return {
    client_id: row.clientId,
    client_id_issued_at: Math.floor(row.createdAt.getTime() / 1000),
    // Required when a secret was issued (RFC 7591 §3.2.1): when it stops working, 0 when it does not expire.
    ...(row.clientSecretHash !== null ? { client_secret_expires_at: secretExpiry(row.clientSecretExpiresAt) } : {}),
    registration_client_uri: `${endpoint}/${encodeURIComponent(row.clientId)}`,
    ...metadataOf(row),
  };
}

/** What an audit row says of a registration: its metadata and origin, never a secret or a token. */
function auditDetail(row: RegisteredClientRow): Record<string, unknown> {
  return {
    clientName: row.clientName,
    redirectUris: row.redirectUris,
    grantTypes: row.grantTypes,
    tokenEndpointAuthMethod: row.tokenEndpointAuthMethod,
    applicationType: row.applicationType,
    backend: row.backend,
    ...(row.softwareId ? { softwareId: row.softwareId } : {}),
  };
}

/**
 * RFC 7591 dynamic client registration and RFC 7592 management. Every client has its Postgres row (metadata, the
 * secret and the registration access token only as hashes, each shown once in the registration's answer, and the
 * backend it lives in); the backend (MCP_DCR_BACKEND: `local`, or `azure` — an Entra ID application whose secret
 * is kept in Key Vault) creates, changes and removes the client's identity inside the row's transaction, so that a
 * backend failure stores nothing and a failure after the backend created the client removes it again. Every change
 * writes its audit row in the same transaction; a refusal stores nothing. A wrong or missing registration access
 * token, an unknown client and a revoked one get the same 401 invalid_token (existence is not revealed).
 */
export class RegistrationService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    /** The abuse limits (initial access token, rate, allowed redirect hosts, clients per address); default: the defaults, no rate limit. */
    readonly policy: RegistrationPolicy = new RegistrationPolicy(),
    /** Where clients live; default: the one the policy's settings name. */
    readonly backend: RegistrationBackend = registrationBackend(policy.settings, policy.logger),
  ) {}

  /**
   * Before a registration's body is read: the initial access token (when one is set), then the attempt counted
   * against the address's rate limit. Throws the RegistrationError to answer.
   */
  async admit(initialAccessToken: string | null, sourceAddress: string | null): Promise<void> {
    this.policy.checkInitialAccessToken(initialAccessToken);
    await this.policy.countAttempt(sourceAddress);
  }

  /** RFC 7591 §3.1/§3.2.1: the client information with `client_secret` (confidential clients) and `registration_access_token`. */
  async register(body: unknown, { actor, endpoint }: RegistrationRequest): Promise<ClientInformation> {
    const metadata = validateClientMetadata(body);
    this.policy.checkRedirectHosts(metadata.redirect_uris);
    const registrationAccessToken = newSecret();
    let identity: RegisteredIdentity | null = null;
    let row: RegisteredClientRow;
    try {
      row = await this.audit.change(
        actor,
        (created: RegisteredClientRow) => ({
          action: 'oauth_client.register',
          targetType: 'OAuthClient',
          targetId: created.clientId,
          detail: { ...auditDetail(created), anonymous: created.createdBy === null },
        }),
        async (tx) => {
          if (this.policy.settings.maxClientsPerAddress > 0) {
            // One registration at a time per address, so that concurrent ones cannot pass the cap together.
            this.policy.checkLiveClients(await registrationStore.lockAndCountBySource(tx, actor.sourceIp));
          }
          identity = await this.backend.register(metadata);
          const { clientSecret, ...stored } = identity;
          return registrationStore.insert(tx, {
            ...stored,
            metadata,
            clientSecretHash: clientSecret === null ? null : hashSecret(clientSecret),
            registrationAccessTokenHash: hashSecret(registrationAccessToken),
            createdBy: actor.viewer?.userId ?? null,
            sourceAddress: actor.sourceIp,
            backend: this.backend.name,
          });
        },
      );
    } catch (error) {
      // The backend created the client but its row was not stored: the client must not outlive the failure.
      const created = identity as RegisteredIdentity | null;
      if (created !== null) {
        await this.backend.remove(created).catch((removeError: unknown) => {
          this.policy.logger?.error(
            { err: removeError instanceof Error ? removeError.message : String(removeError), clientId: created.clientId },
            'dcr: could not remove a client whose registration failed',
          );
        });
      }
      throw error;
    }
    const clientSecret = (identity as RegisteredIdentity | null)?.clientSecret ?? null;
    const information = informationOf(row, endpoint);
    return {
      ...information,
      ...(clientSecret !== null ? { client_secret: clientSecret } : {}),
      registration_access_token: registrationAccessToken,
    };
  }

  /** RFC 7592 §2.1. */
  async read(clientId: string, token: string | null, { endpoint }: Pick<RegistrationRequest, 'endpoint'>): Promise<ClientInformation> {
    return informationOf(await this.authenticate(this.db, clientId, token), endpoint);
  }

  /**
   * RFC 7592 §2.2: the whole metadata again (omitted fields fall back to their defaults), with the client's own
   * `client_id` (and its `client_secret`, if sent, must be its current one). The secret, the registration access
   * token and the token endpoint authentication method stay as they are (a client that needs another method
   * registers again); an omitted token_endpoint_auth_method keeps the current one.
   */
  async update(clientId: string, token: string | null, body: unknown, { actor, endpoint }: RegistrationRequest): Promise<ClientInformation> {
    const row = await this.audit.change(
      actor,
      (updated: RegisteredClientRow) => ({
        action: 'oauth_client.update',
        targetType: 'OAuthClient',
        targetId: updated.clientId,
        detail: auditDetail(updated),
      }),
      async (tx) => {
        const current = await this.authenticate(tx, clientId, token);
        const metadata = validateClientMetadata(body, current.tokenEndpointAuthMethod);
        const fields = body as Record<string, unknown>;
        if (fields.client_id !== current.clientId) throw invalidMetadata("client_id: must be present and be the client's own identifier.");
        if (fields.client_secret !== undefined && fields.client_secret !== null) {
          if (typeof fields.client_secret !== 'string' || !matchesHash(fields.client_secret, current.clientSecretHash)) {
            throw invalidMetadata("client_secret: does not match the client's secret (a secret cannot be changed here).");
          }
        }
        if (metadata.token_endpoint_auth_method !== current.tokenEndpointAuthMethod) {
          throw invalidMetadata(`token_endpoint_auth_method: cannot change from ${current.tokenEndpointAuthMethod}; register a new client instead.`);
        }
        const updated = await registrationStore.updateMetadata(tx, current.clientId, metadata);
        if (!updated) throw invalidToken();
        // Last, so that a refusal of the backend rolls the row back.
        await this.backend.update(current.clientId, metadata);
        return updated;
      },
    );
    return informationOf(row, endpoint);
  }

  /** RFC 7592 §2.3: the client, its secret and its registration access token are gone; its grants are revoked. */
  async delete(clientId: string, token: string | null, { actor }: Pick<RegistrationRequest, 'actor'>): Promise<void> {
    await this.audit.change(
      actor,
      (deleted: RegisteredClientRow) => ({
        action: 'oauth_client.delete',
        targetType: 'OAuthClient',
        targetId: deleted.clientId,
        detail: auditDetail(deleted),
      }),
      async (tx) => {
        const current = await this.authenticate(tx, clientId, token);
        if (!(await registrationStore.delete(tx, current.clientId))) throw invalidToken();
        await grantStore.revokeAllOfClient(tx, current.clientId);
        // Last, so that the row stays (and DELETE can be retried) when the backend fails.
        await this.backend.remove(current);
        return current;
      },
    );
  }

  /**
   * An admin's change to registered clients (GraphQL revokeOAuthClient and rotateOAuthClientSecret, see
   * services/oauth-clients.ts): `apply` runs in one transaction with the audit row `entry` makes of its result.
   */
  adminChange<T>(actor: AuditActor, entry: (result: T) => AuditEntry, apply: (tx: Database) => Promise<T>): Promise<T> {
    return this.audit.change(actor, entry, apply);
  }

  /**
   * The client whose registration access token this is; 401 invalid_token otherwise (the same for an unknown or a
   * revoked client).
   */
  private async authenticate(db: Database, clientId: string, token: string | null): Promise<RegisteredClientRow> {
    const row = await registrationStore.byClientId(db, clientId);
    // The comparison runs even without a client or a token, so that neither answers faster.
    const matches = matchesHash(token ?? '', row?.registrationAccessTokenHash);
    if (!row || !token || !matches || row.revokedAt !== null || row.backend !== this.backend.name) throw invalidToken();
    return row;
  }
}
