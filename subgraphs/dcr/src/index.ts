import type { SubgraphDefinition } from '@mcp-portal/kit';
import { oauthClientMetadataPath } from '@mcp-portal/schema/contract';
import { authorizationRoutes } from './authorization/index.ts';
import { registrationRoutes } from './registration/index.ts';
import { clientMetadataHandler } from './routes/client-metadata.ts';
import { remoteAuthorizationRoutes } from './routes/remote-authorization.ts';
import { dcrSchema } from './schema/index.ts';
import { createDcrServices, type DcrServices } from './services/index.ts';
import { readDcrSettings, type DcrSettings } from './settings.ts';

export const dcrSubgraph: SubgraphDefinition<DcrServices, DcrSettings> = {
  name: 'dcr',
  defaultPort: 4005,
  schema: dcrSchema,
  readSettings: readDcrSettings,
  createServices: createDcrServices,
  routes: (services) => ({
    [oauthClientMetadataPath]: clientMetadataHandler(services.clientMetadata),
    // RFC 7591 registration and RFC 7592 management (`/register`, `/register/{client_id}`), behind the MCP_DCR_* limits.
    ...registrationRoutes(services),
    // The team's OAuth tokens for the servers subgraph's lifecycle when it runs as its own process (signed requests only).
    ...remoteAuthorizationRoutes(services.internalKey, services.upstream),
    // The platform's own authorization server (RFC 8414 metadata, authorize, token, revoke), for MCP clients of the gateway-proxy.
    ...authorizationRoutes(services.authorization),
  }),
  stop: async (services) => {
    services.authorization.stop();
    await services.stopRevoking();
  },
};

export type { DcrServices, DcrSettings };
export { readDcrSettings };
