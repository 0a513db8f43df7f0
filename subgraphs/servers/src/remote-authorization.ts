import { SseError } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';

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
