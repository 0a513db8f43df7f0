/**
 * The facts every side of the platform agrees on — subgraphs, router, gateway-proxy, portal and CLI — written
 * once. No imports: the portal's bundle and the CLI take it as it is.
 */

/** API tokens look like `mcpat_…`; the router and gateway-proxy exchange them for JWTs at `tokenExchangePath`. */
export const apiTokenPrefix = 'mcpat_';

/** The auth subgraph's API token exchange: POST {"token": "mcpat_…"} → a short-lived JWT. */
export const tokenExchangePath = '/token/exchange';

/** Where the auth subgraph publishes the public keys of the JWTs it signs. */
export const jwksPath = '/.well-known/jwks.json';

/** Where the router names the gateway-proxy's endpoints (unauthenticated). */
export const mcpPortalMetadataPath = '/.well-known/mcp-portal';

/** Every auth subgraph route the router forwards starts with this. */
export const authPathPrefix = '/auth/';

/**
 * The platform's OAuth Client ID Metadata Document (its client_id at remote MCP servers' authorization servers
 * when MCP_PUBLIC_URL is https): served by the dcr subgraph, forwarded by the router from the portal's origin.
 */
export const oauthClientMetadataPath = '/oauth/client-metadata.json';

/** The portal's cookie session. */
export const sessionPaths = { providers: '/auth/providers', login: '/auth/login', refresh: '/auth/refresh', logout: '/auth/logout' } as const;

/** RFC 8628 device sign-in (`docker mcp login`). */
export const devicePaths = { code: '/auth/device/code', token: '/auth/device/token' } as const;

/** Single sign-on through an OpenID Connect provider. */
export const oidcPaths = { login: '/auth/oidc/login', callback: '/auth/oidc/callback' } as const;

/**
 * The external identity under which the auth subgraph links a user's Microsoft Entra object id (`oid`) in tenant `tid`, when they
 * sign in through an Entra OIDC provider: the gateway-proxy maps Entra access tokens for the gateway's API to platform users through
 * it. The subject is the `oid` in lower case.
 */
export const entraObjectIssuer = (tenantId: string) => `entra-object:${tenantId.toLowerCase()}`;

/** The most entries one catalog page may hold (`catalog(first:)`). */
export const maxCatalogPageSize = 500;

/** The largest secret value (UTF-8 bytes). */
export const maxSecretBytes = 64 * 1024;

/** Secret names: letters, digits, ".", "_" and "-", at most `maxSecretNameLength`. */
export const secretNamePattern = /^[A-Za-z0-9._-]+$/;
export const maxSecretNameLength = 200;

/** The largest configuration value, serialised as JSON (UTF-8 bytes). */
export const maxConfigValueBytes = 64 * 1024;

/** Configuration keys: letters, digits, ".", "_" and "-", at most `maxConfigKeyLength`. */
export const configKeyPattern = /^[A-Za-z0-9._-]+$/;
export const maxConfigKeyLength = 128;

/**
 * The platform's own OAuth authorization server (the dcr subgraph, forwarded by the router on the portal's origin):
 * for MCP clients of the gateway-proxy, which names the platform in its RFC 9728 metadata.
 */
export const authorizationServerPaths = {
  /** RFC 8414 metadata; the same document at OpenID discovery's address. */
  metadata: '/.well-known/oauth-authorization-server',
  openidConfiguration: '/.well-known/openid-configuration',
  authorize: '/oauth/authorize',
  token: '/oauth/token',
  revoke: '/oauth/revoke',
} as const;

/** The portal's consent page for an authorization request: `${oauthConsentPath}/{request id}`. */
export const oauthConsentPath = '/oauth/consent';

/** The scopes of the platform's authorization server: the gateway-proxy's metadata and challenges name them too. */
export const oauthScopes = ['mcp'] as const;
