import { boolean, index, integer, jsonb, pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const dcrSchema = pgSchema('dcr');

export const dcrBackends = ['local', 'azure'] as const;
export type DcrBackend = (typeof dcrBackends)[number];

/** The statuses of an upstream OAuth connection (the same list as the dcr subgraph's upstream-oauth contract). */
export const oauthConnectionStatusValues = ['needs_authorization', 'authorized', 'expired', 'revoked', 'failed'] as const;

/** The token endpoint authentication methods a registered client may use (RFC 7591 §2). */
export const oauthClientAuthMethods = ['none', 'client_secret_basic', 'client_secret_post'] as const;
export type OAuthClientAuthMethod = (typeof oauthClientAuthMethods)[number];
export const oauthClientApplicationTypes = ['web', 'native'] as const;
export type OAuthClientApplicationType = (typeof oauthClientApplicationTypes)[number];

/**
 * Clients registered through RFC 7591 (and managed through RFC 7592). The client secret and the registration
 * access token are never stored in clear: only their SHA-256 hashes (both are 256-bit random values, shown once).
 */
export const oauthClients = dcrSchema.table(
  'oauth_clients',
  {
    clientId: text('client_id').primaryKey(),
    /** '' when the client registered no client_name. */
    clientName: text('client_name').notNull(),
    redirectUris: jsonb('redirect_uris').$type<string[]>().notNull(),
    grantTypes: jsonb('grant_types').$type<string[]>().notNull(),
    responseTypes: jsonb('response_types').$type<string[]>().notNull().default(['code']),
    tokenEndpointAuthMethod: text('token_endpoint_auth_method', { enum: oauthClientAuthMethods }).notNull().default('client_secret_basic'),
    applicationType: text('application_type', { enum: oauthClientApplicationTypes }).notNull().default('web'),
    clientUri: text('client_uri'),
    logoUri: text('logo_uri'),
    policyUri: text('policy_uri'),
    tosUri: text('tos_uri'),
    scope: text('scope'),
    softwareId: text('software_id'),
    softwareVersion: text('software_version'),
    /** SHA-256 (base64url) of the client secret; null for public clients (token_endpoint_auth_method `none`). */
    clientSecretHash: text('client_secret_hash'),
    /** SHA-256 (base64url) of the RFC 7592 registration access token; null for clients not registered through RFC 7591. */
    registrationAccessTokenHash: text('registration_access_token_hash'),
    backend: text('backend', { enum: dcrBackends }).notNull().default('local'),
    /** The signed-in user who registered it; null for anonymous registration. */
    createdBy: text('created_by'),
    /** The address the registration came from. */
    sourceAddress: text('source_address'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    /** When an admin revoked it (the azure backend's application is deleted then; the row stays for the record). */
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    /** When the current client secret stops working (azure: the password credential's end); null when it does not expire. */
    clientSecretExpiresAt: timestamp('client_secret_expires_at', { withTimezone: true }),
    /** azure: the Entra application's object id (Graph `/applications/{id}`). */
    azureApplicationId: text('azure_application_id'),
    /** azure: the service principal's object id. */
    azureServicePrincipalId: text('azure_service_principal_id'),
    /** azure: the Key Vault (its URL) and the name of the secret there that keeps the client secret. */
    azureVaultUrl: text('azure_vault_url'),
    azureVaultSecretName: text('azure_vault_secret_name'),
  },
  (table) => [index('oauth_clients_source_address').on(table.sourceAddress)],
);

/**
 * The platform's own client identity at each authorization server of a remote MCP server (issue 13): an RFC 7591
 * registration, or a Client ID Metadata Document URL. Pre-registered clients come from settings and are not stored.
 * The client information (client_id, a client_secret when the server issued one) is sealed, bound to the issuer.
 */
export const upstreamOAuthClients = dcrSchema.table('upstream_oauth_clients', {
  issuer: text('issuer').primaryKey(),
  kind: text('kind', { enum: ['registered', 'metadata_document'] }).notNull(),
  /** The redirect URL it was registered with: a registration made for another one is made again. */
  redirectUri: text('redirect_uri').notNull(),
  sealedClientInformation: text('sealed_client_information').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One principal's (a user's, or the team's) connection to one remote MCP server: its status and its tokens,
 * sealed and bound to the issuer that granted them (a token is never presented to another authorization server).
 */
export const upstreamOAuthConnections = dcrSchema.table(
  'upstream_oauth_connections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    serverId: text('server_id').notNull(),
    /** `user:<id>` or `team`: one connection per server and principal. */
    principalKey: text('principal_key').notNull(),
    /** null for the team's connection. */
    userId: text('user_id'),
    serverUrl: text('server_url').notNull(),
    issuer: text('issuer'),
    status: text('status', { enum: oauthConnectionStatusValues }).notNull(),
    scopes: jsonb('scopes').$type<string[]>().notNull().default([]),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    lastError: text('last_error'),
    authorizedBy: text('authorized_by'),
    /** The access and refresh tokens (JSON), sealed; null when there are none. */
    sealedTokens: text('sealed_tokens'),
    /** What discovery found (RFC 9728 and RFC 8414 metadata): public documents, not secrets. */
    discovery: jsonb('discovery').$type<Record<string, unknown>>(),
    /** Step-ups asked for since the last successful authorization (403 insufficient_scope). */
    stepUps: integer('step_ups').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('upstream_oauth_connections_server_principal').on(table.serverId, table.principalKey),
    index('upstream_oauth_connections_user').on(table.userId),
  ],
);

/** Authorizations under way: single-use `state` (stored as its hash), the user who started it, the sealed PKCE verifier. */
export const upstreamOAuthStates = dcrSchema.table('upstream_oauth_states', {
  stateHash: text('state_hash').primaryKey(),
  connectionId: uuid('connection_id')
    .notNull()
    .references(() => upstreamOAuthConnections.id, { onDelete: 'cascade' }),
  userId: text('user_id').notNull(),
  issuer: text('issuer').notNull(),
  sealedCodeVerifier: text('sealed_code_verifier').notNull(),
  redirectUri: text('redirect_uri').notNull(),
  resource: text('resource'),
  scopes: jsonb('scopes').$type<string[]>().notNull().default([]),
  /** The discovery the authorization started with (public metadata): its completion uses the same. */
  discovery: jsonb('discovery').$type<Record<string, unknown>>().notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Who a client of the platform's authorization server is: a registered client (RFC 7591) or a metadata document URL (CIMD). */
export const authorizationClientKinds = ['registered', 'metadata_document'] as const;
export type AuthorizationClientKind = (typeof authorizationClientKinds)[number];

/**
 * Requests to the platform's own authorization endpoint (`/oauth/authorize`), from the moment the client sends the
 * browser there until its code is redeemed: validated, waiting for the user's consent in the portal, then decided.
 * The authorization code is stored only as its SHA-256 hash, is short-lived and single-use.
 */
export const oauthAuthorizationRequests = dcrSchema.table(
  'oauth_authorization_requests',
  {
    /** A 256-bit random value (base64url): the consent page's address names it. */
    id: text('id').primaryKey(),
    clientId: text('client_id').notNull(),
    clientKind: text('client_kind', { enum: authorizationClientKinds }).notNull(),
    /** The client's name when the request was made, shown on the consent page ('' when it has none). */
    clientName: text('client_name').notNull(),
    redirectUri: text('redirect_uri').notNull(),
    /** Whether the request named redirect_uri (then the token request must name the same). */
    redirectUriGiven: boolean('redirect_uri_given').notNull(),
    state: text('state'),
    codeChallenge: text('code_challenge').notNull(),
    /** The scope granted if approved (space-separated; '' for none). */
    scope: text('scope').notNull(),
    /** The audience of the tokens (RFC 8707): the gateway-proxy's resource. */
    resource: text('resource').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    /** The user who approved or denied it. */
    decidedBy: text('decided_by'),
    approved: boolean('approved'),
    codeHash: text('code_hash'),
    codeExpiresAt: timestamp('code_expires_at', { withTimezone: true }),
    codeUsedAt: timestamp('code_used_at', { withTimezone: true }),
    /** The grant its code started (revoked if the code is presented again). */
    grantId: uuid('grant_id'),
  },
  (table) => [uniqueIndex('oauth_authorization_requests_code').on(table.codeHash), index('oauth_authorization_requests_expiry').on(table.expiresAt)],
);

/** What a user granted a client of the platform's authorization server: revoked with the client, or when a token is replayed. */
export const oauthGrants = dcrSchema.table(
  'oauth_grants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: text('client_id').notNull(),
    clientKind: text('client_kind', { enum: authorizationClientKinds }).notNull(),
    userId: text('user_id').notNull(),
    scope: text('scope').notNull(),
    resource: text('resource').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (table) => [index('oauth_grants_client').on(table.clientId), index('oauth_grants_user').on(table.userId)],
);

/** The refresh tokens of a grant, rotated on every use (SHA-256 hashes only); one presented twice revokes its grant. */
export const oauthRefreshTokens = dcrSchema.table(
  'oauth_refresh_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    grantId: uuid('grant_id')
      .notNull()
      .references(() => oauthGrants.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('oauth_refresh_tokens_hash').on(table.tokenHash), index('oauth_refresh_tokens_grant').on(table.grantId)],
);
