import type { SubgraphDefinition } from '@mcp-portal/kit';
import { serversSchema } from './schema/index.ts';
import { createServersServices, type ServersServices } from './services/index.ts';
import { readServersSettings, type ServersSettings } from './settings.ts';
import { serverSettingsSpecPath } from '@mcp-portal/schema';
import { serverSettingsSpecHandler } from './routes/server-settings-spec.ts';
import { remoteEndpointHandler } from './routes/remote-endpoint.ts';
import { remoteEndpointPath } from './remote-endpoint.ts';

export const serversSubgraph: SubgraphDefinition<ServersServices, ServersSettings> = {
  name: 'servers',
  defaultPort: 4002,
  schema: serversSchema,
  readSettings: readServersSettings,
  createServices: createServersServices,
  routes: (services) => ({
    ...services.upstreamOwner.routes(),
    [serverSettingsSpecPath]: serverSettingsSpecHandler(services),
    [remoteEndpointPath]: remoteEndpointHandler(services),
  }),
  listening: (services, url) => services.lifecycle.leadership.advertise(services.internalUrl(url)),
  stop: async (services, steps) => {
    await steps.run('servers: calls carried for the gateway-proxy', () => services.upstreamOwner.close());
    await steps.run('servers: server lifecycle', () => services.lifecycle.close(steps));
  },
};

export { Catalog, CatalogLoadError, bundledCatalogPath, type CatalogEntry } from './services/catalog.ts';
export type { ServersServices, ServersSettings };
export { readServersSettings } from './settings.ts';
export { inProcessUpstreams, type InProcessUpstreams } from './gateway-upstreams.ts';
