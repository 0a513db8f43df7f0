import { entraTenantIssuer, InternalRequestKey, type ServiceFactoryDeps } from '@mcp-portal/kit';
import { RemoteEndpointSource } from '@mcp-portal/servers/remote-endpoint';
import { oauthClientStore } from '../store/oauth-clients.ts';
import { RegistrationPolicy } from '../registration/policy.ts';
import { RegistrationService } from '../registration/service.ts';
import { createUpstreamOAuth, inProcessRegistrationBridge, platformClientMetadata, type UpstreamOAuthService } from '../upstream-oauth/index.ts';
import type { DcrSettings } from '../settings.ts';
import { ClientMetadataDocuments } from '../client-id-metadata/index.ts';
import { AuthorizationClients, AuthorizationServer, PeerAccessTokenMinter } from '../authorization/index.ts';
import { OAuthClientService } from './oauth-clients.ts';
import { OAuthConnectionService } from './oauth-connections.ts';
import { revokeDisabledServers } from './revoke-disabled.ts';

export interface DcrServices {
  clients: OAuthClientService;
  /** RFC 7591/7592 registration and management of clients (the `local` backend). */
  registration: RegistrationService;
  /** The API's OAuth connections to remote MCP servers (access rules and audit over `upstream`). */
  connections: OAuthConnectionService;
  /** The platform's OAuth client towards remote MCP servers. */
  upstream: UpstreamOAuthService;
  /** The platform's Client ID Metadata Document, when it uses one (its URL is settings.upstreamOAuth.clientMetadataUrl). */
  clientMetadata: Record<string, unknown> | null;
  /** Verifies the requests other processes of this deployment sign (the servers subgraph asking for the team's tokens). */
  internalKey: InternalRequestKey;
  /** The platform's own OAuth authorization server, for MCP clients of the gateway-proxy (consent in the portal). */
  authorization: AuthorizationServer;
  /** Stops listening for disabled servers. */
  stopRevoking: () => Promise<void>;
}

export async function createDcrServices(
  { database, audit, secrets, events, counters, logger, peers }: ServiceFactoryDeps,
  settings: DcrSettings,
): Promise<DcrServices> {
  const registration = new RegistrationService(database.db, audit, new RegistrationPolicy(settings.registration, counters, logger));
  // The DCR bridge, outbound: issuers without RFC 7591 registration that the settings map to it (and the Entra
  // tenant's own issuer with the azure backend) get the platform's client registered through `registration`.
  const azure = settings.registration.azure;
  const bridgeIssuers = [...(settings.upstreamOAuth.bridgeIssuers ?? []), ...(azure ? [entraTenantIssuer(azure)] : [])];
  const registrationEndpoint = new URL('/register', settings.upstreamOAuth.publicUrl ?? settings.upstreamOAuth.redirectUrl).href;
  const upstream = createUpstreamOAuth({
    database,
    secrets,
    events,
    settings: { ...settings.upstreamOAuth, bridgeIssuers },
    logger,
    ...(bridgeIssuers.length > 0 ? { bridge: inProcessRegistrationBridge(registration, registrationEndpoint) } : {}),
  });
  const connections = new OAuthConnectionService(upstream, new RemoteEndpointSource(secrets, peers), audit);
  const authorization = new AuthorizationServer({
    db: database.db,
    audit,
    // Clients whose client_id is the URL of their metadata document (CIMD), fetched through the outbound guard.
    clients: new AuthorizationClients(database.db, new ClientMetadataDocuments({ allowHosts: settings.upstreamOAuth.allowHosts, logger })),
    minter: new PeerAccessTokenMinter(secrets, peers),
    counters,
    settings: settings.authorizationServer,
    azure: settings.registration.azure ?? null,
    logger,
  });
  authorization.startPurging();
  return {
    authorization,
    clients: new OAuthClientService(oauthClientStore(database.db)),
    registration,
    connections,
    upstream,
    clientMetadata: settings.upstreamOAuth.clientMetadataUrl ? platformClientMetadata(settings.upstreamOAuth, settings.upstreamOAuth.clientMetadataUrl) : null,
    internalKey: InternalRequestKey.from(secrets),
    stopRevoking: await revokeDisabledServers({ events, connections, logger }),
  };
}
