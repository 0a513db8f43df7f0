import type { SubgraphDefinition } from '@mcp-portal/kit';
import { oauthClientMetadataPath } from '@mcp-portal/schema/contract';
import { clientMetadataHandler } from './routes/client-metadata.ts';
import { dcrSchema } from './schema/index.ts';
import { createDcrServices, type DcrServices } from './services/index.ts';
import { readDcrSettings, type DcrSettings } from './settings.ts';

export const dcrSubgraph: SubgraphDefinition<DcrServices, DcrSettings> = {
  name: 'dcr',
  defaultPort: 4005,
  schema: dcrSchema,
  readSettings: readDcrSettings,
  createServices: createDcrServices,
  routes: (services) => ({ [oauthClientMetadataPath]: clientMetadataHandler(services.clientMetadata) }),
  stop: (services) => services.stopRevoking(),
};

export type { DcrServices, DcrSettings };
export { readDcrSettings };
