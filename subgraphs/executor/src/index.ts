import type { SubgraphDefinition } from '@mcp-portal/kit';
import { executorSchema } from './schema/index.ts';
import { createExecutorServices, type ExecutorServices } from './services/index.ts';

export const executorSubgraph: SubgraphDefinition<ExecutorServices> = {
  name: 'executor',
  defaultPort: 4004,
  schema: executorSchema,
  // No variables of its own: what it needs comes with the shared deps.
  readSettings: () => undefined,
  createServices: createExecutorServices,
};

export type { ExecutorServices };
