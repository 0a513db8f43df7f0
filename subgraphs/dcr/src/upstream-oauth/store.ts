import type { OAuthConnectionStatus, OAuthPrincipal } from './contract.ts';

/**
 * Where the OAuth client keeps its state (Postgres for the platform, memory for the conformance wrapper). Secrets
 * arrive sealed: a store never sees a token, a client secret or a PKCE verifier in clear.
 */
export interface UpstreamOAuthStore {
  connection(serverId: string, principal: OAuthPrincipal): Promise<ConnectionRecord | null>;
  connectionById(id: string): Promise<ConnectionRecord | null>;
  connections(filter: { serverId?: string; userId?: string }): Promise<ConnectionRecord[]>;
  /** The connection of this server and principal, created (NEEDS_AUTHORIZATION) when there is none; serverUrl kept current. */
  ensureConnection(serverId: string, principal: OAuthPrincipal, serverUrl: string): Promise<ConnectionRecord>;
  updateConnection(id: string, patch: ConnectionPatch): Promise<ConnectionRecord>;

  client(issuer: string): Promise<ClientRecord | null>;
  saveClient(record: ClientRecord): Promise<void>;
  deleteClient(issuer: string): Promise<void>;

  /** Stores a new state (and may forget expired ones). */
  saveState(record: StateRecord): Promise<void>;
  /**
   * The state, removed as it is read when `userId` started it: a second take of the same state finds nothing.
   * A state another user started is left as it is (`startedByAnotherUser`), for the user who did to complete.
   */
  takeState(stateHash: string, userId: string): Promise<StateRecord | 'startedByAnotherUser' | null>;

  /** Runs `work` while no other caller (in any process sharing the store) runs work for the same connection. */
  withConnectionLock<T>(connectionId: string, work: () => Promise<T>): Promise<T>;
}

/** What discovery found, kept so that a refresh or a revocation needs no new discovery (public documents only). */
// A type (not an interface): it is stored as a JSON object.
export type DiscoveryRecord = {
  authorizationServerUrl: string;
  /** RFC 8414 / OpenID metadata, as the SDK parsed it. */
  authorizationServerMetadata: Record<string, unknown>;
  /** RFC 9728 metadata, when the remote server publishes it. */
  resourceMetadata?: Record<string, unknown>;
  resourceMetadataUrl?: string;
  /** The RFC 8707 resource the tokens are for, as sent. */
  resource?: string;
  /** The `scope` of the last WWW-Authenticate challenge. */
  challengeScope?: string;
};

export interface ConnectionRecord {
  id: string;
  serverId: string;
  principal: OAuthPrincipal;
  serverUrl: string;
  issuer: string | null;
  status: OAuthConnectionStatus;
  scopes: string[];
  expiresAt: Date | null;
  lastError: string | null;
  authorizedBy: string | null;
  /** Sealed StoredTokens JSON, bound to the connection and its issuer. */
  sealedTokens: string | null;
  discovery: DiscoveryRecord | null;
  stepUps: number;
  updatedAt: Date;
}

export type ConnectionPatch = Partial<
  Pick<ConnectionRecord, 'serverUrl' | 'issuer' | 'status' | 'scopes' | 'expiresAt' | 'lastError' | 'authorizedBy' | 'sealedTokens' | 'discovery' | 'stepUps'>
>;

export interface ClientRecord {
  issuer: string;
  kind: 'registered' | 'metadata_document';
  redirectUri: string;
  /** Sealed OAuthClientInformationFull JSON, bound to the issuer. */
  sealedClientInformation: string;
}

export interface StateRecord {
  /** SHA-256 of the state (base64url): the state itself is never stored. */
  stateHash: string;
  connectionId: string;
  userId: string;
  issuer: string;
  sealedCodeVerifier: string;
  redirectUri: string;
  resource: string | null;
  scopes: string[];
  discovery: DiscoveryRecord;
  expiresAt: Date;
}

/** `user:<id>` or `team`: the principal as the store keys it. */
export function principalKey(principal: OAuthPrincipal): string {
  return principal.kind === 'team' ? 'team' : `user:${principal.userId}`;
}
