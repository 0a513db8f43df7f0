import { desc, eq } from 'drizzle-orm';
import { executorTables } from '@mcp-portal/schema';
import type { Database } from '@mcp-portal/kit';

const { executions } = executorTables;
export type ExecutionRow = typeof executions.$inferSelect;
export type NewExecution = typeof executions.$inferInsert;

export function executionStore(db: Database) {
  return {
    /** Newest first. */
    async list(limit: number): Promise<ExecutionRow[]> {
      return db.select().from(executions).orderBy(desc(executions.startedAt), desc(executions.id)).limit(limit);
    },
    async byId(id: string): Promise<ExecutionRow | null> {
      const rows = await db.select().from(executions).where(eq(executions.id, id));
      return rows[0] ?? null;
    },
    async insert(execution: NewExecution): Promise<ExecutionRow> {
      const rows = await db.insert(executions).values(execution).returning();
      const row = rows[0];
      if (!row) throw new Error('The insert returned no row.');
      return row;
    },
  };
}
export type ExecutionStore = ReturnType<typeof executionStore>;
