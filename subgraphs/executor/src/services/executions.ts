import type { ExecutionRow, ExecutionStore } from '../store/executions.ts';

/** Command executions: domain rules only; GraphQL and SQL live elsewhere. */
export class ExecutionService {
  constructor(private readonly store: ExecutionStore) {}

  /** The most recent executions, newest first. */
  list(limit: number): Promise<ExecutionRow[]> {
    return this.store.list(limit);
  }

  byId(id: string): Promise<ExecutionRow | null> {
    return this.store.byId(id);
  }
}
