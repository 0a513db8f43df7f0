/**
 * The platform's OAuth client towards remote MCP servers (issue 13): the contract between its implementation
 * (this folder), the dcr subgraph's GraphQL API (src/schema/oauth-connection.ts), the gateway-proxy, the portal and
 * the CLI. The flow is the MCP authorization spec's (2025-11-25 and 2026-07-28): RFC 9728 protected resource
 * metadata, RFC 8414 then OpenID discovery, client identity (pre-registered, then a Client ID Metadata Document,
 * then RFC 7591 registration), authorization code with PKCE S256, `state`, RFC 8707 `resource`, RFC 9207 `iss`;
 * tokens sealed with the secrets envelope, keyed by (server, principal, issuer); refresh before expiry and on a
 * 401, the original request retried once; RFC 7009 revocation. It is built on the MCP SDK's client auth
 * (`@modelcontextprotocol/sdk/client/auth.js`), with an OAuthClientProvider over the store.
 */

import type { OAuthPrincipal, OAuthTarget } from '@mcp-portal/servers/remote-authorization';

/**
 * Whose connection (one per user of the platform, or one shared by the whole team: the catalog entry says which),
 * and the remote MCP endpoint it is for: the types the servers subgraph's lifecycle and the gateway-proxy send.
 */
export type { OAuthPrincipal, OAuthTarget };

/** Stored as text in the database; GraphQL shows them upper-case. */
export const oauthConnectionStatuses = ['needs_authorization', 'authorized', 'expired', 'revoked', 'failed'] as const;
export type OAuthConnectionStatus = (typeof oauthConnectionStatuses)[number];

/** Whether a server's remote endpoint acts for each user with their own authorization, or for everyone with one. */
export type OAuthConnectionMode = 'user' | 'team';

/** What the platform knows of one principal's connection to one server (never a token). */
export interface OAuthConnectionView {
  id: string;
  serverId: string;
  principal: OAuthPrincipal;
  /** The authorization server that issued (or will issue) the tokens, once discovered. */
  issuer: string | null;
  status: OAuthConnectionStatus;
  scopes: string[];
  expiresAt: Date | null;
  /** Why it is FAILED or EXPIRED, for people (never a token or a secret). */
  lastError: string | null;
  /** Who authorized it last (the user who completed the flow; for a team connection, an operator or admin). */
  authorizedBy: string | null;
  updatedAt: Date;
}

export interface StartAuthorizationInput extends OAuthTarget {
  /** The platform user starting the flow; only they may complete it. */
  userId: string;
  /** Extra scopes a step-up asks for (a 403 insufficient_scope's `scope`). */
  scopes?: string[];
}

export interface StartedAuthorization {
  /** Where the user's browser goes to consent; it returns to settings.redirectUrl with code, state and iss. */
  authorizationUrl: string;
  connection: OAuthConnectionView;
}

export interface CompleteAuthorizationInput {
  state: string;
  code: string;
  /** RFC 9207: the `iss` the authorization server put on the redirect, when it did. */
  iss: string | null;
  /** The signed-in platform user completing it: must be the one who started it. */
  userId: string;
}

/** What the proxy sends: a bearer token, or why there is none. */
export type AccessTokenResult =
  { token: string; issuer: string; connection: OAuthConnectionView } | { needsAuthorization: true; connection: OAuthConnectionView | null; message: string };

/** What to do after a remote MCP server answered 401 or 403 to a request made with a token. */
export type UnauthorizedOutcome =
  /** A new access token is stored (refreshed): retry the request once with it. */
  | { retry: true; token: string }
  /** No usable token: the user must authorize (again, or with more scopes on a step-up); status is stored. */
  | { retry: false; connection: OAuthConnectionView; message: string };

/** The service the GraphQL API and the gateway-proxy use (implemented in this folder over Postgres). */
export interface UpstreamOAuthService {
  startAuthorization(input: StartAuthorizationInput): Promise<StartedAuthorization>;
  /** Single-use state bound to the user who started it, within its lifetime; iss checked; code exchanged. */
  completeAuthorization(input: CompleteAuthorizationInput): Promise<OAuthConnectionView>;
  /** The principal's token for the server, refreshed first when it expires within the settings' skew. */
  accessToken(target: OAuthTarget): Promise<AccessTokenResult>;
  /**
   * After a 401 (refresh once, honouring refresh-token rotation; a failed refresh → EXPIRED, no loop) or a
   * 403 with `error="insufficient_scope"` (→ NEEDS_AUTHORIZATION with the wider scope, up to the settings'
   * step-up limit, then FAILED). `response` is the remote server's answer (its WWW-Authenticate is read).
   * `rejectedToken`, when given, is the access token the request carried: if another request refreshed it
   * meanwhile, the newer token is returned to retry with instead of refreshing again.
   */
  handleUnauthorized(target: OAuthTarget, response: Response, rejectedToken?: string): Promise<UnauthorizedOutcome>;
  /** RFC 7009 revocation at the authorization server (best effort), tokens erased, status REVOKED. */
  revoke(target: Pick<OAuthTarget, 'serverId' | 'principal'>): Promise<OAuthConnectionView | null>;
  /** Every connection of a server revoked (the server was disabled). */
  revokeServer(serverId: string): Promise<void>;
  connections(filter: { serverId?: string; userId?: string }): Promise<OAuthConnectionView[]>;
  connection(serverId: string, principal: OAuthPrincipal): Promise<OAuthConnectionView | null>;
  /**
   * One connection by its id (the subscription re-reads each oauthConnectionChanged event's connection by id).
   * Optional so that adding it broke nothing: the API scans connections({}) while it is missing.
   */
  connectionById?(id: string): Promise<OAuthConnectionView | null>;
}

/** Published on topics.oauthConnectionChanged after every change of a connection's status, scopes or expiry. */
export interface OAuthConnectionChangedEvent {
  id: string;
  serverId: string;
  /** null for a team connection. */
  userId: string | null;
}
