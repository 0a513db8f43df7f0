import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql, type SQL } from 'drizzle-orm';
import pg from 'pg';
import { migrationsFolder, type MigrationSet } from '@mcp-portal/schema';
import type { Logger } from './logger.ts';
import { watchConnections } from './lost-connections.ts';

export type Database = PgDatabase<PgQueryResultHKT>;

/**
 * A connection to the platform's Postgres: a pg pool when `DATABASE_URL` is set, otherwise an embedded
 * PGlite (in memory, or in `dataDir` so a restart keeps the data). PGlite allows one opener per data
 * directory, so in embedded mode every subgraph of the process shares one `DatabaseHandle`.
 */
export interface DatabaseHandle {
  readonly db: Database;
  readonly kind: 'postgres' | 'pglite';
  /** Applies one migration set; safe when several processes start at once. */
  migrate(set: MigrationSet): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  url?: string;
  dataDir?: string;
  poolSize?: number;
  /** Where lost connections are reported (once per outage). */
  logger?: Logger;
}

function migrationOptions(domain: MigrationSet) {
  return { migrationsFolder: migrationsFolder(domain), migrationsSchema: 'drizzle', migrationsTable: `migrations_${domain}` };
}

/** One advisory lock for every migration so concurrent starters apply each set exactly once, in turn. */
const migrationLockKey = 0x6d63_7030;

function openPostgres(url: string, poolSize: number, logger: Logger | undefined): DatabaseHandle {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 10_000 });
  const connections = watchConnections(logger, 'PostgreSQL');
  // A connection that breaks (the server restarts, an admin terminates its backend) makes its client emit
  // 'error'. The pool listens on idle clients only; a checked-out one (a transaction holds one between its
  // statements, the migrations hold one) needs a listener of its own, or the event ends the process. The
  // query in flight fails on its own (mapped to a retryable error) and the pool opens a new connection next time.
  pool.on('error', (error) => connections.lost(error));
  pool.on('connect', (client) => {
    client.on('error', (error) => connections.lost(error));
    connections.restored();
  });
  return {
    db: drizzlePg({ client: pool }),
    kind: 'postgres',
    async migrate(domain) {
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [migrationLockKey]);
        try {
          await migratePg(drizzlePg({ client }), migrationOptions(domain));
        } finally {
          await client.query('select pg_advisory_unlock($1)', [migrationLockKey]);
        }
      } finally {
        client.release();
      }
    },
    async ping() {
      await pool.query('select 1');
    },
    async close() {
      await pool.end();
    },
  };
}

async function openPglite(dataDir: string | undefined): Promise<DatabaseHandle> {
  const client = await PGlite.create(dataDir);
  const db = drizzlePglite({ client });
  let closed = false;
  return {
    db: db as unknown as Database,
    kind: 'pglite',
    async migrate(domain) {
      await migratePglite(db, migrationOptions(domain));
    },
    async ping() {
      await db.execute(sql`select 1`);
    },
    async close() {
      if (closed) return;
      closed = true;
      await client.close();
    },
  };
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  return options.url ? openPostgres(options.url, options.poolSize ?? 10, options.logger) : openPglite(options.dataDir);
}

/** Runs raw SQL (built with drizzle's `sql` tag, so parameterised) on either driver and returns its rows. */
export async function queryRows<Row>(db: Database, query: SQL): Promise<Row[]> {
  // Both drivers answer with `{ rows }`; the common PgDatabase type leaves the result shape unknown.
  const result = (await db.execute(query)) as { rows: Row[] };
  return result.rows;
}
