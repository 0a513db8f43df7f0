import { z } from 'zod';
import { emptyAsUndefined, optionalUrl, readSettings, type Environment } from '@mcp-portal/kit';

/** The platform's own OAuth authorization server, for MCP clients of the gateway-proxy (the dcr subgraph serves it). */
export interface AuthorizationServerSettings {
  /**
   * The resource (RFC 8707) its access tokens are for: the gateway-proxy's `<GATEWAY_PROXY_PUBLIC_URL>/mcp`, the
   * default when a client names none. The one-process platform adds the proxy it starts.
   */
  gatewayProxyResource: string;
  /** Whether GATEWAY_PROXY_PUBLIC_URL named it; if not, a proxy the platform starts itself becomes the default. */
  gatewayProxyResourceConfigured: boolean;
  /** How long a refresh token lasts unused (it is rotated on every use). */
  refreshTokenTtlSeconds: number;
  /** Authorization requests one source address may start per minute (0: no limit). */
  authorizationsPerMinute: number;
}

const shape = {
  GATEWAY_PROXY_PUBLIC_URL: optionalUrl,
  MCP_OAUTH_SERVER_AUTHORIZATIONS_PER_MINUTE: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(100_000).default(60)),
  MCP_OAUTH_SERVER_REFRESH_TOKEN_TTL_SECONDS: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number()
      .int()
      .min(300)
      .max(365 * 24 * 3600)
      .default(30 * 24 * 3600),
  ),
};

export const defaultGatewayProxyUrl = 'http://127.0.0.1:4100';

export function readAuthorizationServerSettings(env: Environment): AuthorizationServerSettings {
  const settings = readSettings(shape, env);
  return {
    gatewayProxyResource: `${new URL(settings.GATEWAY_PROXY_PUBLIC_URL ?? defaultGatewayProxyUrl).origin}/mcp`,
    gatewayProxyResourceConfigured: settings.GATEWAY_PROXY_PUBLIC_URL !== undefined,
    refreshTokenTtlSeconds: settings.MCP_OAUTH_SERVER_REFRESH_TOKEN_TTL_SECONDS,
    authorizationsPerMinute: settings.MCP_OAUTH_SERVER_AUTHORIZATIONS_PER_MINUTE,
  };
}
