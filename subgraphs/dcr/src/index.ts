import type { SubgraphDefinition } from '@mcp-portal/kit';
import { dcrSchema } from './schema/index.ts';
import { createDcrServices, type DcrServices } from './services/index.ts';

export const dcrSubgraph: SubgraphDefinition<DcrServices> = {
  name: 'dcr',
  defaultPort: 4005,
  schema: dcrSchema,
  // No variables of its own: what it needs comes with the shared deps.
  readSettings: () => undefined,
  createServices: createDcrServices,
};

export type { DcrServices };
