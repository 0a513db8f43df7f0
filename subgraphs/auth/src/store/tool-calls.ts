import { and, desc, eq, sql } from 'drizzle-orm';
import { auditTables, type AuditOutcome } from '@mcp-portal/schema';
import { queryRows, toolCallAction, type Database } from '@mcp-portal/kit';

const { auditEvents } = auditTables;

/** The calls of a period: `occurred_at` from `since` (included) to whatever is recorded so far. */
export interface ToolCallPeriod {
  since: Date;
}

/** One tool call's row, read without its actor, its request or the error text. */
export interface ToolCallRow {
  id: string;
  occurredAt: Date;
  serverId: string | null;
  server: string | null;
  tool: string;
  outcome: AuditOutcome;
  /** `detail.isError`: the server answered with an error result. */
  isError: boolean;
  durationMs: number | null;
  via: string | null;
}

export interface ToolCallBucketRow {
  start: Date;
  serverId: string | null;
  server: string;
  calls: number;
  errors: number;
}

export interface ToolUsageRow {
  serverId: string | null;
  server: string;
  tool: string;
  calls: number;
  errors: number;
  lastCalledAt: Date;
}

const server = sql<string>`coalesce(${auditEvents.detail} ->> 'server', '')`;
const tool = sql<string>`coalesce(${auditEvents.detail} ->> 'tool', '')`;
/** Every outcome but an answer that is not an error result counts as an error. */
const failed = sql`(${auditEvents.outcome} <> 'success' or ${auditEvents.detail} ->> 'isError' = 'true')`;

function inPeriod({ since }: ToolCallPeriod) {
  return sql`${auditEvents.action} = ${toolCallAction} and ${auditEvents.occurredAt} >= ${since.toISOString()}::timestamptz`;
}

/** Epoch seconds as a float8, which both drivers return as a number. */
const epochMillis = (seconds: number) => new Date(Math.round(seconds * 1000));

const eventColumns = {
  id: auditEvents.id,
  occurredAt: auditEvents.occurredAt,
  serverId: auditEvents.targetId,
  server: sql<string | null>`${auditEvents.detail} ->> 'server'`,
  tool,
  outcome: auditEvents.outcome,
  isError: sql<string | null>`${auditEvents.detail} ->> 'isError'`,
  durationMs: sql<string | null>`${auditEvents.detail} ->> 'durationMs'`,
  via: sql<string | null>`${auditEvents.detail} ->> 'via'`,
};

/** A row of eventColumns: the detail's values as text. */
interface EventColumns extends Omit<ToolCallRow, 'isError' | 'durationMs'> {
  isError: string | null;
  durationMs: string | null;
}

/** A duration as the detail holds it (a whole number of milliseconds), or null for anything else. */
function durationOf(text: string | null): number | null {
  const value = text === null ? Number.NaN : Number(text);
  return Number.isSafeInteger(value) && value >= 0 && value <= 2_147_483_647 ? value : null;
}

const eventOf = (row: EventColumns): ToolCallRow => ({
  id: row.id,
  occurredAt: row.occurredAt,
  serverId: row.serverId,
  server: row.server,
  tool: row.tool,
  outcome: row.outcome,
  isError: row.isError === 'true',
  durationMs: durationOf(row.durationMs),
  via: row.via,
});

/**
 * Tool calls as the audit log holds them (action `tool.call`), counted in SQL: the index on
 * (action, occurred_at) keeps a period's rows one range scan.
 */
export function toolCallStore(db: Database) {
  return {
    async totals(period: ToolCallPeriod): Promise<{ calls: number; errors: number }> {
      const [row] = await queryRows<{ calls: number; errors: number }>(
        db,
        sql`select count(*)::int as calls, (count(*) filter (where ${failed}))::int as errors from ${auditEvents} where ${inPeriod(period)}`,
      );
      return row ?? { calls: 0, errors: 0 };
    },

    /** Per server and bucket (`bucketSeconds` long, counted from the Unix epoch), oldest first. */
    async buckets(period: ToolCallPeriod, bucketSeconds: number): Promise<ToolCallBucketRow[]> {
      const rows = await queryRows<{ start: number; server_id: string | null; server: string; calls: number; errors: number }>(
        db,
        sql`select (floor(extract(epoch from ${auditEvents.occurredAt}) / ${bucketSeconds}::int) * ${bucketSeconds}::int)::float8 as start,
            ${auditEvents.targetId} as server_id, ${server} as server,
            count(*)::int as calls, (count(*) filter (where ${failed}))::int as errors
          from ${auditEvents} where ${inPeriod(period)}
          group by 1, 2, 3 order by 1, 3, 2`,
      );
      return rows.map((row) => ({ start: epochMillis(row.start), serverId: row.server_id, server: row.server, calls: row.calls, errors: row.errors }));
    },

    /** The most called tools, most calls first (then the latest called first). */
    async busiest(period: ToolCallPeriod, first: number): Promise<ToolUsageRow[]> {
      const rows = await queryRows<{ server_id: string | null; server: string; tool: string; calls: number; errors: number; last_called_at: number }>(
        db,
        sql`select ${auditEvents.targetId} as server_id, ${server} as server, ${tool} as tool,
            count(*)::int as calls, (count(*) filter (where ${failed}))::int as errors,
            extract(epoch from max(${auditEvents.occurredAt}))::float8 as last_called_at
          from ${auditEvents} where ${inPeriod(period)}
          group by 1, 2, 3 order by calls desc, last_called_at desc, server, tool
          limit ${first}::int`,
      );
      return rows.map((row) => ({
        serverId: row.server_id,
        server: row.server,
        tool: row.tool,
        calls: row.calls,
        errors: row.errors,
        lastCalledAt: epochMillis(row.last_called_at),
      }));
    },

    /** The latest calls of the period, newest first. */
    async recent(period: ToolCallPeriod, first: number): Promise<ToolCallRow[]> {
      const rows = await db
        .select(eventColumns)
        .from(auditEvents)
        .where(inPeriod(period))
        .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
        .limit(first);
      return rows.map(eventOf);
    },

    /** The row with this id, when it is a tool call. */
    async byId(id: string): Promise<ToolCallRow | null> {
      const [row] = await db
        .select(eventColumns)
        .from(auditEvents)
        .where(and(eq(auditEvents.id, id), eq(auditEvents.action, toolCallAction)));
      return row ? eventOf(row) : null;
    },
  };
}
