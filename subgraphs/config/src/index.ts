import type { SubgraphDefinition } from '@mcp-portal/kit';
import { configSchema } from './schema/index.ts';
import { createConfigServices, type ConfigServices } from './services/index.ts';

export const configSubgraph: SubgraphDefinition<ConfigServices> = {
  name: 'config',
  defaultPort: 4003,
  schema: configSchema,
  createServices: createConfigServices,
};

export type { ConfigServices };
