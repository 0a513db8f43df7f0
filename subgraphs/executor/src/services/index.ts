import type { ServiceDeps } from '@mcp-portal/kit';
import { executionStore } from '../store/executions.ts';
import { ExecutionService } from './executions.ts';

export interface ExecutorServices {
  executions: ExecutionService;
}

export async function createExecutorServices({ database }: ServiceDeps): Promise<ExecutorServices> {
  return { executions: new ExecutionService(executionStore(database.db)) };
}
