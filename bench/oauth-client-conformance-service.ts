/**
 * The platform's OAuth client as the conformance wrapper runs it: @mcp-portal/dcr/upstream-oauth's service over
 * its in-memory store, with a fresh secrets envelope and the settings a deployment would give it, read from
 * MCP_OAUTH_* as the dcr subgraph reads them:
 *
 * - MCP_OAUTH_ALLOW_HOSTS=localhost,127.0.0.1: the suite's servers listen on http://localhost;
 * - MCP_OAUTH_CLIENT_METADATA_URL: the URL the suite's CIMD scenarios take as the client's metadata document
 *   (the platform would publish its own there);
 * - MCP_OAUTH_CLIENTS: when the scenario hands over a pre-registered client, that client for the scenario's
 *   authorization server (whose issuer an operator would look up: its protected resource metadata names it).
 *
 * Host names resolve to loopback only (localhost); any other name is refused before a connection, so nothing
 * the suite's documents name (attacker.example.com, evil.example.com, conformance-test.local) is ever reached.
 */
import { discoverOAuthProtectedResourceMetadata } from '@modelcontextprotocol/sdk/client/auth.js';
import { SecretBox, type HostResolver } from '@mcp-portal/kit';
import {
  createMemoryUpstreamOAuthStore,
  createUpstreamOAuthService,
  readUpstreamOAuthSettings,
  type OAuthTarget,
  type UpstreamOAuthService,
} from '@mcp-portal/dcr/upstream-oauth';

/** The URL the suite's `auth/basic-cimd` scenario takes as the client's Client ID Metadata Document. */
export const suiteClientMetadataUrl = 'https://conformance-test.local/client-metadata.json';

/** Never listened on: the headless consent stops at the redirect to it and hands its query to the service. */
const redirectUrl = 'http://127.0.0.1:9/oauth/callback';

/** localhost is 127.0.0.1; every other name is refused (the run stays on this machine). */
const loopbackOnly: HostResolver = async (hostname) => {
  if (hostname === 'localhost') return [{ address: '127.0.0.1', family: 4 }];
  throw Object.assign(new Error(`${hostname} is not resolved in the conformance run`), { code: 'ENOTFOUND' });
};

export interface ConformanceOAuth {
  service: UpstreamOAuthService;
  target: OAuthTarget;
  /** The platform user who authorizes (and owns the connection). */
  userId: string;
  redirectUrl: string;
}

export interface ConformanceOAuthOptions {
  serverUrl: string;
  preRegistered?: { clientId: string; clientSecret?: string | undefined };
}

async function preRegisteredClients(options: ConformanceOAuthOptions): Promise<string> {
  if (!options.preRegistered) return '';
  const resource = await discoverOAuthProtectedResourceMetadata(options.serverUrl);
  const issuer = resource.authorization_servers?.[0];
  if (!issuer) throw new Error('the protected resource metadata names no authorization server for the pre-registered client');
  const { clientId, clientSecret } = options.preRegistered;
  return JSON.stringify([{ issuer, client_id: clientId, ...(clientSecret ? { client_secret: clientSecret } : {}) }]);
}

export async function conformanceOAuthService(options: ConformanceOAuthOptions): Promise<ConformanceOAuth> {
  const userId = 'conformance-user';
  const settings = readUpstreamOAuthSettings({
    MCP_OAUTH_REDIRECT_URL: redirectUrl,
    MCP_OAUTH_CLIENT_METADATA_URL: suiteClientMetadataUrl,
    MCP_OAUTH_CLIENT_NAME: 'MCP Portal (conformance)',
    MCP_OAUTH_CLIENTS: await preRegisteredClients(options),
    MCP_OAUTH_ALLOW_HOSTS: 'localhost,127.0.0.1',
  });
  const service = createUpstreamOAuthService({
    store: createMemoryUpstreamOAuthStore(),
    secrets: SecretBox.fromBase64(SecretBox.generateKey()),
    settings: { ...settings, resolve: loopbackOnly },
  });
  return {
    service,
    target: { serverId: 'conformance-server', serverUrl: options.serverUrl, principal: { kind: 'user', userId } },
    userId,
    redirectUrl,
  };
}
