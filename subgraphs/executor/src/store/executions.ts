import { and, asc, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { executorTables, type ExecutionOutputStream, type ExecutionStatus } from '@mcp-portal/schema';
import type { Database } from '@mcp-portal/kit';

const { executions, executionOutput } = executorTables;
export type ExecutionRow = typeof executions.$inferSelect;
export type NewExecution = typeof executions.$inferInsert;
export type ExecutionOutputRow = typeof executionOutput.$inferSelect;

export interface ExecutionFilter {
  startedBy?: string;
  command?: string;
  status?: ExecutionStatus;
  from?: Date;
  to?: Date;
}

/** Where a page ends: the last row's request time (to the millisecond, as the cursor carries it) and id. */
export interface ExecutionPosition {
  startedAt: string;
  id: string;
}

export interface NewOutputChunk {
  seq: number;
  stream: ExecutionOutputStream;
  text: string;
}

/** What ends a run: its status and what it left. */
export interface ExecutionEnd {
  status: ExecutionStatus;
  exitCode: number | null;
  message: string | null;
  outputBytes: number;
  outputLines: number;
  outputTruncated: boolean;
}

const startedMs = sql`date_trunc('milliseconds', ${executions.startedAt})`;
const live = inArray(executions.status, ['queued', 'running']);

function whereOf(filter: ExecutionFilter): SQL | undefined {
  return and(
    filter.startedBy ? eq(executions.startedBy, filter.startedBy) : undefined,
    filter.command ? eq(executions.command, filter.command) : undefined,
    filter.status ? eq(executions.status, filter.status) : undefined,
    filter.from ? gte(executions.startedAt, filter.from) : undefined,
    filter.to ? lt(executions.startedAt, filter.to) : undefined,
  );
}

export function executionStore(db: Database) {
  return {
    /** Newest first, after `after`. */
    async page(filter: ExecutionFilter, limit: number, after: ExecutionPosition | null): Promise<ExecutionRow[]> {
      const position = after
        ? sql`(${startedMs} < ${after.startedAt}::timestamptz or (${startedMs} = ${after.startedAt}::timestamptz and ${executions.id} < ${after.id}::uuid))`
        : undefined;
      return db
        .select()
        .from(executions)
        .where(and(whereOf(filter), position))
        .orderBy(sql`${startedMs} desc`, desc(executions.id))
        .limit(limit);
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
    /** Marks a queued execution running; null when it is no longer queued (cancelled meanwhile). */
    async markRunning(id: string): Promise<ExecutionRow | null> {
      const rows = await db
        .update(executions)
        .set({ status: 'running', runningAt: new Date(), heartbeatAt: new Date() })
        .where(and(eq(executions.id, id), eq(executions.status, 'queued')))
        .returning();
      return rows[0] ?? null;
    },
    /** Ends a queued or running execution; null when it had already ended. */
    async finish(id: string, end: ExecutionEnd): Promise<ExecutionRow | null> {
      const rows = await db
        .update(executions)
        .set({ ...end, finishedAt: new Date() })
        .where(and(eq(executions.id, id), live))
        .returning();
      return rows[0] ?? null;
    },
    /** Renews the heartbeat of the executions this replica owns. */
    async heartbeat(ids: readonly string[]): Promise<void> {
      if (ids.length === 0) return;
      await db
        .update(executions)
        .set({ heartbeatAt: new Date() })
        .where(and(inArray(executions.id, [...ids]), live));
    },
    /** Ends, as failed with `message`, the queued or running executions no replica renewed since `before`: their owner is gone. */
    async failLost(before: Date, message: string): Promise<ExecutionRow[]> {
      return db
        .update(executions)
        .set({ status: 'failed', message, finishedAt: new Date() })
        .where(and(live, lt(executions.heartbeatAt, before)))
        .returning();
    },
    async insertOutput(executionId: string, chunks: readonly NewOutputChunk[]): Promise<ExecutionOutputRow[]> {
      if (chunks.length === 0) return [];
      return db
        .insert(executionOutput)
        .values(chunks.map((chunk) => ({ ...chunk, executionId })))
        .returning();
    },
    /** The last `count` chunks, in order. */
    async lastOutput(executionId: string, count: number): Promise<ExecutionOutputRow[]> {
      if (count === 0) return [];
      const rows = await db.select().from(executionOutput).where(eq(executionOutput.executionId, executionId)).orderBy(desc(executionOutput.seq)).limit(count);
      return rows.reverse();
    },
    async outputChunk(id: number): Promise<ExecutionOutputRow | null> {
      const rows = await db.select().from(executionOutput).where(eq(executionOutput.id, id));
      return rows[0] ?? null;
    },
    /** Deletes executions (and their output) asked for before `before`, the oldest first, at most `limit`; returns how many. */
    async deleteOlderThan(before: Date, limit: number): Promise<number> {
      const old = db
        .select({ id: executions.id })
        .from(executions)
        .where(and(lt(executions.startedAt, before), sql`not (${live})`))
        .orderBy(asc(executions.startedAt))
        .limit(limit);
      const rows = await db.delete(executions).where(inArray(executions.id, old)).returning({ id: executions.id });
      return rows.length;
    },
  };
}
export type ExecutionStore = ReturnType<typeof executionStore>;
