import { eq } from 'drizzle-orm';
import { dcrTables } from '@mcp-portal/schema';
import type { Database } from '@mcp-portal/kit';
import { matchesHash } from '../registration/secrets.ts';
import { registrationStore } from '../registration/store.ts';
import { invalidClient, invalidRequest, OAuthError } from './errors.ts';

type AuthorizationClientKind = dcrTables.AuthorizationClientKind;

/** A client of the platform's authorization server, whoever vouches for it. */
export interface AuthorizationClient {
  clientId: string;
  kind: AuthorizationClientKind;
  /** '' when it has none. */
  clientName: string;
  clientUri: string | null;
  redirectUris: string[];
  grantTypes: string[];
  responseTypes: string[];
  tokenEndpointAuthMethod: dcrTables.OAuthClientAuthMethod;
  /** SHA-256 of the secret of a confidential registered client. */
  clientSecretHash: string | null;
}

/** What a Client ID Metadata Document says of its client (the client-id-metadata module resolves it). */
export interface MetadataDocumentClientInfo {
  clientId: string;
  clientName: string;
  clientUri: string | null;
  redirectUris: string[];
  grantTypes: string[];
  responseTypes: string[];
}

export interface MetadataDocumentResolver {
  /** Fetches (or takes from its cache) and validates the document; throws with a message fit for the client otherwise. */
  resolve(clientId: string): Promise<MetadataDocumentClientInfo>;
}

/** A client id meant as a Client ID Metadata Document: an https URL. */
export const isMetadataDocumentUrl = (clientId: string) => clientId.startsWith('https://');

/** How the client authenticated at the token endpoint. */
export interface PresentedClient {
  clientId: string | null;
  secret: string | null;
  method: 'client_secret_basic' | 'client_secret_post' | 'none';
}

/**
 * The clients the authorization server serves: those registered through RFC 7591 (not revoked) and, when enabled,
 * those whose client_id is the URL of their metadata document (CIMD; public clients, no secret).
 */
export class AuthorizationClients {
  constructor(
    private readonly db: Database,
    private readonly documents: MetadataDocumentResolver | null,
  ) {}

  get acceptsMetadataDocuments(): boolean {
    return this.documents !== null;
  }

  /** The client, null when there is no such client; OAuthError (invalid_client) when its metadata document cannot be used. */
  async find(clientId: string): Promise<AuthorizationClient | null> {
    if (isMetadataDocumentUrl(clientId)) {
      if (!this.documents) return null;
      let document: MetadataDocumentClientInfo;
      try {
        document = await this.documents.resolve(clientId);
      } catch (error) {
        throw new OAuthError('invalid_client', error instanceof Error ? error.message : 'The client metadata document cannot be used.');
      }
      return { ...document, kind: 'metadata_document', tokenEndpointAuthMethod: 'none', clientSecretHash: null };
    }
    if (clientId.length > 255) return null;
    const row = await registrationStore.byClientId(this.db, clientId);
    if (!row || row.revokedAt) return null;
    return {
      clientId: row.clientId,
      kind: 'registered',
      clientName: row.clientName,
      clientUri: row.clientUri,
      redirectUris: row.redirectUris,
      grantTypes: row.grantTypes,
      responseTypes: row.responseTypes,
      tokenEndpointAuthMethod: row.tokenEndpointAuthMethod,
      clientSecretHash: row.clientSecretHash,
    };
  }

  /**
   * The client that authenticated at the token or revocation endpoint (RFC 6749 §2.3): a confidential client with
   * its secret (Basic or in the body), a public client by its client_id alone. invalid_client otherwise.
   */
  async authenticate(presented: PresentedClient): Promise<AuthorizationClient> {
    if (!presented.clientId) throw invalidClient('The request names no client: send client_id (public clients) or authenticate with the client secret.');
    const client = await this.find(presented.clientId);
    if (!client) {
      matchesHash(presented.secret ?? '', null);
      throw invalidClient();
    }
    if (client.tokenEndpointAuthMethod === 'none') {
      if (presented.secret !== null) throw invalidClient('This is a public client: it has no secret to send.');
      return client;
    }
    if (presented.secret === null || !matchesHash(presented.secret, client.clientSecretHash)) throw invalidClient();
    return client;
  }

  /** Notes that a registered client was just used (the admin list shows it). */
  async touch(client: AuthorizationClient): Promise<void> {
    if (client.kind !== 'registered') return;
    await this.db.update(dcrTables.oauthClients).set({ lastUsedAt: new Date() }).where(eq(dcrTables.oauthClients.clientId, client.clientId));
  }
}

const loopbackHosts = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * The registered redirect URI a request's `redirect_uri` names: exactly one of them, except that a loopback http
 * URI may use any port (RFC 8252 §7.3: native apps bind a free port when they run). Without `redirect_uri`, the
 * client's only one. invalid_request (answered to the user, never redirected) otherwise.
 */
export function matchRedirectUri(client: AuthorizationClient, given: string | null): string {
  if (given === null) {
    if (client.redirectUris.length === 1) return client.redirectUris[0]!;
    throw invalidRequest('redirect_uri is required: the client registered more than one.');
  }
  if (client.redirectUris.includes(given)) return given;
  const withoutPort = (raw: string) => {
    try {
      const url = new URL(raw);
      if (url.protocol !== 'http:' || !loopbackHosts.has(url.hostname)) return null;
      url.port = '';
      return url.href;
    } catch {
      return null;
    }
  };
  const loose = withoutPort(given);
  if (loose !== null && client.redirectUris.some((registered) => withoutPort(registered) === loose)) return given;
  throw invalidRequest('redirect_uri is not one of the redirect URIs registered for this client.');
}
