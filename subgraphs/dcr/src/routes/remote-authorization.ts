import { internalGetRoute, internalPostRoute, type InternalRequestKey, type RouteHandler } from '@mcp-portal/kit';
import {
  remoteAuthorizerMaxBytes,
  remoteAuthorizerPaths,
  remoteConnectionQuerySchema,
  remoteTokenRequestSchema,
  remoteUnauthorizedRequestSchema,
  type RemoteAccessTokenAnswer,
  type RemoteConnectionAnswer,
  type RemoteUnauthorizedAnswer,
} from '@mcp-portal/servers/remote-authorization';
import type { UpstreamOAuthService } from '../upstream-oauth/index.ts';

/**
 * The platform's OAuth client as a RemoteAuthorizer for the servers subgraph running as its own process
 * (remoteAuthorizerPaths, `@mcp-portal/servers/remote-authorization`): the team's token for a remote server, what
 * to do when the server refused it, and the team connection's status. Only requests signed by another process of
 * this deployment are answered (401 otherwise), only for the team's connection (a user's is refused, 400), and
 * the answers carry the token and nothing else of the connection. Nothing here logs a token.
 */
export function remoteAuthorizationRoutes(key: InternalRequestKey, upstream: UpstreamOAuthService): Record<string, RouteHandler> {
  const options = { maxBytes: remoteAuthorizerMaxBytes };
  return {
    [remoteAuthorizerPaths.accessToken]: internalPostRoute(
      key,
      remoteTokenRequestSchema,
      async (target): Promise<RemoteAccessTokenAnswer> => {
        const result = await upstream.accessToken(target);
        return 'token' in result ? { token: result.token } : { needsAuthorization: true, message: result.message };
      },
      options,
    ),
    [remoteAuthorizerPaths.unauthorized]: internalPostRoute(
      key,
      remoteUnauthorizedRequestSchema,
      async ({ status, wwwAuthenticate, rejectedToken, ...target }): Promise<RemoteUnauthorizedAnswer> => {
        // The remote server's answer as the service reads it: its status and its challenge.
        const response = new Response(null, { status, headers: wwwAuthenticate === null ? {} : { 'www-authenticate': wwwAuthenticate } });
        const outcome = await upstream.handleUnauthorized(target, response, rejectedToken);
        return outcome.retry ? { retry: true, token: outcome.token } : { retry: false, message: outcome.message };
      },
      options,
    ),
    [remoteAuthorizerPaths.connection]: internalGetRoute(key, remoteConnectionQuerySchema, async ({ serverId }): Promise<RemoteConnectionAnswer> => {
      const connection = await upstream.connection(serverId, { kind: 'team' });
      return { connection: connection ? { status: connection.status } : null };
    }),
  };
}
