import type { ServiceFactoryDeps } from '@mcp-portal/kit';
import type { ExecutorSettings } from '../settings.ts';
import { PeerExecutorTokenMinter, type ExecutorTokenMinter } from './executor-tokens.ts';
import { ExecutionService } from './executions.ts';

export interface ExecutorServices {
  executions: ExecutionService;
}

export async function createExecutorServices(deps: ServiceFactoryDeps, settings: ExecutorSettings, tokens?: ExecutorTokenMinter): Promise<ExecutorServices> {
  const executions = new ExecutionService({
    database: deps.database.db,
    events: deps.events,
    audit: deps.audit,
    logger: deps.logger,
    tokens: tokens ?? new PeerExecutorTokenMinter(deps.secrets, deps.peers),
    settings,
  });
  await executions.start();
  return { executions };
}
