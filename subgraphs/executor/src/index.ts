import type { SubgraphDefinition } from '@mcp-portal/kit';
import { executorSchema } from './schema/index.ts';
import { createExecutorServices, type ExecutorServices } from './services/index.ts';

export const executorSubgraph: SubgraphDefinition<ExecutorServices> = {
  name: 'executor',
  defaultPort: 4004,
  schema: executorSchema,
  createServices: createExecutorServices,
};

export type { ExecutorServices };
