import { SseError } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { z } from 'zod';

/**
 * Requests to remote MCP servers that sign in with OAuth (issue 13), for the servers subgraph's lifecycle and the
 * gateway-proxy: exported as `@mcp-portal/servers/remote-authorization`. The dcr subgraph's UpstreamOAuthService
 * (`@mcp-portal/dcr/upstream-oauth`, whose contract takes these types) fits RemoteAuthorizer as it is; it is
 * described here rather than imported so that the servers subgraph does not depend on the dcr subgraph, which
 * depends on it.
 */

/** Whose token a request to a remote server carries: a user's own, or the team's. */
export type OAuthPrincipal = { kind: 'user'; userId: string } | { kind: 'team' };

/** The remote MCP endpoint a request is for, and whose token it carries. */
export interface OAuthTarget {
  serverId: string;
  /** The MCP endpoint (https, or loopback http where settings allow it): the RFC 8707 resource. */
  serverUrl: string;
  principal: OAuthPrincipal;
}

export interface RemoteAuthorizer {
  /** The principal's token, refreshed first when it is about to expire; or why there is none. */
  accessToken(target: OAuthTarget): Promise<{ token: string } | { needsAuthorization: true; message: string }>;
  /** After a 401 or a 403 insufficient_scope: a refreshed token to retry with once, or why the user must authorize. */
  handleUnauthorized(
    target: OAuthTarget,
    response: Response,
    rejectedToken?: string,
  ): Promise<{ retry: true; token: string } | { retry: false; message: string }>;
  /** The principal's connection as stored (its status: needs_authorization, authorized, expired, revoked, failed). */
  connection?(serverId: string, principal: OAuthPrincipal): Promise<{ status: string } | null>;
}

/** Whose authorization a remote server's calls carry (the catalog entry's `oauth.connection`; default: each user's). */
export type RemoteConnectionMode = 'user' | 'team';

/**
 * No token to send to the remote server: none was ever given, or it expired past refreshing or was revoked
 * (`missing`); or the server refused the one sent and it could not be refreshed, or wants more scopes (`refused`).
 */
export class AuthorizationRequired extends Error {
  constructor(
    message: string,
    readonly kind: 'missing' | 'refused',
  ) {
    super(message);
  }
}

/**
 * A fetch for the SDK's client transports that carries the target's bearer token: taken from the authorizer
 * before each request; on a 401 (or a 403 insufficient_scope) the authorizer refreshes it and the request is
 * sent again exactly once. Without a token it throws AuthorizationRequired with the authorizer's message, and
 * no request leaves (the transport passes it to the request that was being sent).
 */
export function authorizedFetch(authorizer: RemoteAuthorizer, target: OAuthTarget, base: FetchLike = fetch): FetchLike {
  return async (url, init) => {
    const current = await authorizer.accessToken(target);
    if ('needsAuthorization' in current) throw new AuthorizationRequired(current.message, 'missing');
    const response = await base(url, withBearer(init, current.token));
    if (!refusesToken(response)) return response;
    const outcome = await authorizer.handleUnauthorized(target, response, current.token);
    await response.body?.cancel().catch(() => undefined);
    if (!outcome.retry) throw new AuthorizationRequired(outcome.message, 'refused');
    const retried = await base(url, withBearer(init, outcome.token));
    if (refusesToken(retried)) {
      await retried.body?.cancel().catch(() => undefined);
      throw new AuthorizationRequired(`It refused the refreshed token too (HTTP ${retried.status}).`, 'refused');
    }
    return retried;
  };
}

/** 401, or 403 with `error="insufficient_scope"` (a step-up): what the authorizer handles. */
export function refusesToken(response: Response): boolean {
  if (response.status === 401) return true;
  return response.status === 403 && /error\s*=\s*"?insufficient_scope/i.test(response.headers.get('www-authenticate') ?? '');
}

function withBearer(init: RequestInit | undefined, token: string): RequestInit {
  const headers = new Headers(init?.headers);
  headers.set('authorization', `Bearer ${token}`);
  return { ...init, headers };
}

/** Whether a failed connection means the remote server asks for authorization (401/403, or no token to send). */
export function asksForAuthorization(error: unknown): boolean {
  if (error instanceof AuthorizationRequired) return true;
  const status = error instanceof StreamableHTTPError || error instanceof SseError ? error.code : undefined;
  if (status === 401 || status === 403) return true;
  const text = error instanceof Error ? error.message : String(error);
  return /\b401\b|unauthori[sz]ed/i.test(text);
}

/**
 * The dcr subgraph's RemoteAuthorizer over signed requests (`internalPostRoute`/`internalGetRoute`), for the
 * servers subgraph when it runs as its own process (docker-compose): the dcr subgraph answers these routes, the
 * servers subgraph's RemoteAuthorizerClient asks them. Only the team's connections go this way: the lifecycle
 * never asks for a user's token (per-user servers are called through the gateway-proxy, which runs its own OAuth
 * client), so a `user` principal is refused (400) rather than served to any process that can sign.
 */
export const remoteAuthorizerPaths = {
  /** POST remoteTokenRequestSchema → remoteAccessTokenAnswerSchema. */
  accessToken: '/internal/remote-authorization/access-token',
  /** POST remoteUnauthorizedRequestSchema → remoteUnauthorizedAnswerSchema. */
  unauthorized: '/internal/remote-authorization/unauthorized',
  /** GET remoteConnectionQuerySchema → remoteConnectionAnswerSchema. */
  connection: '/internal/remote-authorization/connection',
} as const;

/** The largest body these routes read (a token and a WWW-Authenticate header fit many times over). */
export const remoteAuthorizerMaxBytes = 64 * 1024;

const teamPrincipalSchema = z.object({ kind: z.literal('team') }).strict();

/** An OAuthTarget whose principal is the team (the only one these routes serve). */
export const remoteTokenRequestSchema = z
  .object({
    serverId: z.string().uuid(),
    serverUrl: z.string().url().max(2048),
    principal: teamPrincipalSchema,
  })
  .strict();
export type RemoteTokenRequest = z.infer<typeof remoteTokenRequestSchema>;

export const remoteAccessTokenAnswerSchema = z.union([
  z.object({ token: z.string().min(1) }),
  z.object({ needsAuthorization: z.literal(true), message: z.string() }),
]);
export type RemoteAccessTokenAnswer = z.infer<typeof remoteAccessTokenAnswerSchema>;

/** What the remote server answered (401, or 403 insufficient_scope) to the token it refused, rebuilt as a Response there. */
export const remoteUnauthorizedRequestSchema = remoteTokenRequestSchema
  .extend({
    status: z.number().int().min(400).max(599),
    wwwAuthenticate: z.string().max(8192).nullable(),
    rejectedToken: z.string().min(1).max(16_384).optional(),
  })
  .strict();
export type RemoteUnauthorizedRequest = z.infer<typeof remoteUnauthorizedRequestSchema>;

export const remoteUnauthorizedAnswerSchema = z.union([
  z.object({ retry: z.literal(true), token: z.string().min(1) }),
  z.object({ retry: z.literal(false), message: z.string() }),
]);
export type RemoteUnauthorizedAnswer = z.infer<typeof remoteUnauthorizedAnswerSchema>;

/** The team connection of a server (the query carries no principal: it is always the team's). */
export const remoteConnectionQuerySchema = z.object({ serverId: z.string().uuid() }).strict();

export const remoteConnectionAnswerSchema = z.object({ connection: z.object({ status: z.string() }).nullable() });
export type RemoteConnectionAnswer = z.infer<typeof remoteConnectionAnswerSchema>;
