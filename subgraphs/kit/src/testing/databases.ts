import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { migrationSets, migrationsFolder } from '@mcp-portal/schema';
import { openDatabase } from '../db.ts';

/** Where the machine's real services answer (see ../shared/TESTING.md). */
export const testPostgresAdminUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const testRedisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

const databaseUrl = (name: string) => {
  const url = new URL(testPostgresAdminUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

/** Names the migrations as they are now: a template made from other migrations has another name. */
async function migrationsDigest(): Promise<string> {
  const hash = createHash('sha256');
  for (const set of migrationSets) {
    const folder = migrationsFolder(set);
    for (const file of (await readdir(folder, { recursive: true })).sort()) {
      if (!file.endsWith('.sql') && !file.endsWith('.json')) continue;
      hash.update(`${set}/${file}\0`).update(await readFile(join(folder, file)));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

/** An arbitrary key: creating the template waits for another process creating it. */
const templateLockKey = 0x6d63_7074;

/**
 * A database with every migration set applied, made once per state of the migrations (and kept: the next
 * run reuses it), that `create database … template` copies in a fraction of the time the migrations take.
 */
async function migratedTemplate(admin: pg.Client): Promise<string> {
  const name = `mcp_template_${await migrationsDigest()}`;
  await admin.query('select pg_advisory_lock($1)', [templateLockKey]);
  try {
    const existing = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (existing.rowCount) return name;
    const building = `${name}_building_${randomBytes(4).toString('hex')}`;
    await admin.query(`create database "${building}"`);
    const database = await openDatabase({ url: databaseUrl(building), poolSize: 1 });
    try {
      for (const set of migrationSets) await database.migrate(set);
    } finally {
      await database.close();
    }
    // Renamed only once complete, so a run stopped half-way leaves no template that looks ready.
    await admin.query(`alter database "${building}" rename to "${name}"`);
    return name;
  } finally {
    await admin.query('select pg_advisory_unlock($1)', [templateLockKey]);
  }
}

/**
 * A fresh database per suite so parallel runs never see each other's rows. `migrated`: with every
 * migration already applied (copied from a template), so the subgraphs' own migrations find nothing to do.
 */
export async function createTestDatabase(label: string, options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const name = `mcp_test_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testPostgresAdminUrl });
  await admin.connect();
  try {
    const template = options.migrated ? await migratedTemplate(admin) : null;
    await admin.query(template ? `create database "${name}" template "${template}"` : `create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(databaseUrl(name));
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: testPostgresAdminUrl });
      await client.connect();
      await client.query(`drop database if exists "${name}" with (force)`);
      await client.end();
    },
  };
}

/** A channel prefix per suite so events on the shared Redis stay within one suite. */
export function testChannelPrefix(label: string): string {
  return `mcp-test:${label}:${randomBytes(4).toString('hex')}:`;
}
