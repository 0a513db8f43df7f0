import type { SubgraphDefinition } from '@mcp-portal/kit';
import { executorSchema } from './schema/index.ts';
import { createExecutorServices, type ExecutorServices } from './services/index.ts';
import { readExecutorSettings, type ExecutorSettings } from './settings.ts';

export const executorSubgraph: SubgraphDefinition<ExecutorServices, ExecutorSettings> = {
  name: 'executor',
  defaultPort: 4004,
  schema: executorSchema,
  readSettings: readExecutorSettings,
  createServices: (deps, settings) => createExecutorServices(deps, settings),
  stop: (services) => services.executions.stop(),
};

export type { ExecutorServices, ExecutorSettings };
export { readExecutorSettings };
