import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '@mcp-portal/kit';

export function auditRetentionStore(db: Database) {
  return {
    /** Deletes at most `batch` rows older than `cutoff`; returns how many went. */
    async deleteOlderThan(cutoff: Date, batch: number): Promise<number> {
      const rows = await queryRows<{ n: number }>(
        db,
        sql`with doomed as (select id from audit.events where occurred_at < ${cutoff.toISOString()}::timestamptz limit ${batch})
            , gone as (delete from audit.events where id in (select id from doomed) returning 1)
            select count(*)::int as n from gone`,
      );
      return rows[0]?.n ?? 0;
    },
  };
}
