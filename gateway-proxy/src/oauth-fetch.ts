import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';

/** Whose token a request to a remote server carries: a user's own, or the team's. */
export type OAuthPrincipal = { kind: 'user'; userId: string } | { kind: 'team' };

export interface OAuthTarget {
  serverId: string;
  /** The remote server's MCP endpoint (the RFC 8707 resource). */
  serverUrl: string;
  principal: OAuthPrincipal;
}

/**
 * What the gateway-proxy needs of the platform's OAuth client towards remote MCP servers (issue 13): the dcr
 * subgraph's UpstreamOAuthService (`@mcp-portal/dcr/upstream-oauth`) fits it as it is.
 */
export interface UpstreamAuthorizer {
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
 * no request leaves.
 */
export function authorizedFetch(authorizer: UpstreamAuthorizer, target: OAuthTarget, base: FetchLike = fetch): FetchLike {
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
