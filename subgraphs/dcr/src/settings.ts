import type { Environment } from '@mcp-portal/kit';
import { readRegistrationSettings, type RegistrationSettings } from './registration/settings.ts';
import { readUpstreamOAuthSettings, type UpstreamOAuthSettings } from './upstream-oauth/settings.ts';
import { readAuthorizationServerSettings, type AuthorizationServerSettings } from './authorization/settings.ts';

/** The dcr subgraph's own variables (see the README's configuration table). */
export interface DcrSettings {
  /** MCP_OAUTH_*: the platform's OAuth client towards remote MCP servers. */
  upstreamOAuth: UpstreamOAuthSettings;
  /** MCP_DCR_*: the abuse limits of RFC 7591 registration (initial access token, rates, caps, redirect hosts). */
  registration: RegistrationSettings;
  /** The platform's own authorization server for MCP clients of the gateway-proxy (GATEWAY_PROXY_PUBLIC_URL, MCP_OAUTH_SERVER_*). */
  authorizationServer: AuthorizationServerSettings;
}

/** Parsed once by whoever starts the subgraph; a bad value throws a ConfigError naming the variable. */
export function readDcrSettings(env: Environment): DcrSettings {
  return {
    upstreamOAuth: readUpstreamOAuthSettings(env),
    registration: readRegistrationSettings(env),
    authorizationServer: readAuthorizationServerSettings(env),
  };
}
