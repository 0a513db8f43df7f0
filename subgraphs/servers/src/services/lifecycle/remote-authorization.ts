import { SseError } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';

/**
 * What the lifecycle needs of the platform's OAuth client towards remote MCP servers (issue 13): the dcr
 * subgraph's UpstreamOAuthService (`@mcp-portal/dcr/upstream-oauth`) fits it. It is described here rather
 * than imported so that the servers subgraph does not depend on the dcr subgraph, which depends on it.
 */
export interface RemoteAuthorizer {
  accessToken(target: RemoteAuthorizationTarget): Promise<{ token: string } | { needsAuthorization: true; message: string }>;
  handleUnauthorized(
    target: RemoteAuthorizationTarget,
    response: Response,
    rejectedToken?: string,
  ): Promise<{ retry: true; token: string } | { retry: false; message: string }>;
  /** The principal's connection as stored (its status: needs_authorization, authorized, expired, revoked, failed). */
  connection?(serverId: string, principal: RemoteAuthorizationTarget['principal']): Promise<{ status: string } | null>;
}

export interface RemoteAuthorizationTarget {
  serverId: string;
  serverUrl: string;
  principal: { kind: 'team' } | { kind: 'user'; userId: string };
}

/** Whose authorization a remote server's calls carry (the catalog entry's `oauth.connection`; default: each user's). */
export type RemoteConnectionMode = 'user' | 'team';

/** The remote server cannot be reached without an authorization nobody has given yet (or that was refused). */
export class AuthorizationRequired extends Error {}

/**
 * A fetch for the SDK's client transports that carries the target's bearer token: taken from the authorizer
 * before each request; on a 401 (or a 403 insufficient_scope) the authorizer refreshes it and the request is
 * sent again exactly once. No token, or none after the refresh: AuthorizationRequired with the authorizer's
 * message (the transport passes it to the request that was being sent).
 */
export function authorizedFetch(authorizer: RemoteAuthorizer, target: RemoteAuthorizationTarget, base: FetchLike = fetch): FetchLike {
  return async (url, init) => {
    const current = await authorizer.accessToken(target);
    if ('needsAuthorization' in current) throw new AuthorizationRequired(current.message);
    const response = await base(url, withBearer(init, current.token));
    if (!refusesToken(response)) return response;
    const outcome = await authorizer.handleUnauthorized(target, response, current.token);
    await response.body?.cancel().catch(() => undefined);
    if (!outcome.retry) throw new AuthorizationRequired(outcome.message);
    const retried = await base(url, withBearer(init, outcome.token));
    if (refusesToken(retried)) {
      await retried.body?.cancel().catch(() => undefined);
      throw new AuthorizationRequired(`The server refused its refreshed token too (HTTP ${retried.status}): it must be authorized again.`);
    }
    return retried;
  };
}

/** 401, or 403 with `error="insufficient_scope"` (a step-up): what the authorizer handles. */
function refusesToken(response: Response): boolean {
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
