import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '@mcp-portal/kit';

/**
 * Takes or renews a lease in one statement: it succeeds when nobody holds it, when we hold it, or when the
 * holder let it lapse. `internalUrl` is where the holder answers internal requests (null while it does not
 * know yet). Returns whether we hold it now.
 */
export async function claimLease(db: Database, name: string, holder: string, ttlMs: number, internalUrl: string | null = null): Promise<boolean> {
  const rows = await queryRows<{ holder: string }>(
    db,
    sql`insert into servers.lifecycle_leases (name, holder, expires_at, internal_url)
        values (${name}, ${holder}, now() + ${`${ttlMs} milliseconds`}::interval, ${internalUrl})
        on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at, internal_url = excluded.internal_url
          where servers.lifecycle_leases.holder = excluded.holder or servers.lifecycle_leases.expires_at < now()
        returning holder`,
  );
  return rows[0]?.holder === holder;
}

export async function releaseLease(db: Database, name: string, holder: string): Promise<void> {
  await db.execute(sql`delete from servers.lifecycle_leases where name = ${name} and holder = ${holder}`);
}

/** Who holds the lease now (not lapsed), and where it answers; null when nobody does. */
export async function leaseHolder(db: Database, name: string): Promise<{ holder: string; internalUrl: string | null } | null> {
  const rows = await queryRows<{ holder: string; internal_url: string | null }>(
    db,
    sql`select holder, internal_url from servers.lifecycle_leases where name = ${name} and expires_at >= now()`,
  );
  const row = rows[0];
  return row ? { holder: row.holder, internalUrl: row.internal_url } : null;
}
