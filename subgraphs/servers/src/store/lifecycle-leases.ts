import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '@mcp-portal/kit';

/**
 * Takes or renews a lease in one statement: it succeeds when nobody holds it, when we hold it, or when the
 * holder let it lapse. Returns whether we hold it now.
 */
export async function claimLease(db: Database, name: string, holder: string, ttlMs: number): Promise<boolean> {
  const rows = await queryRows<{ holder: string }>(
    db,
    sql`insert into servers.lifecycle_leases (name, holder, expires_at)
        values (${name}, ${holder}, now() + ${`${ttlMs} milliseconds`}::interval)
        on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at
          where servers.lifecycle_leases.holder = excluded.holder or servers.lifecycle_leases.expires_at < now()
        returning holder`,
  );
  return rows[0]?.holder === holder;
}

export async function releaseLease(db: Database, name: string, holder: string): Promise<void> {
  await db.execute(sql`delete from servers.lifecycle_leases where name = ${name} and holder = ${holder}`);
}
