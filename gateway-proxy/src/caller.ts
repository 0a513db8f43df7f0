import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { AuditActor, Viewer } from '@mcp-portal/kit';

/** The verified caller of one HTTP request, as the endpoint hands it to the session's handlers. */
export interface Caller extends AuditActor {
  viewer: Viewer;
}

/** Carries the caller through the SDK transport (`req.auth`); the token itself is not kept. */
export function authInfoFor(caller: Caller): AuthInfo {
  return { token: '', clientId: caller.viewer.userId, scopes: [caller.viewer.role], extra: { caller } };
}

export function callerOf(authInfo: AuthInfo | undefined): Caller {
  const caller = authInfo?.extra?.caller as Caller | undefined;
  // The endpoint sets it on every request; a message without it never got past authentication.
  if (!caller?.viewer) throw new McpError(ErrorCode.InvalidRequest, 'Unauthenticated request.');
  return caller;
}
