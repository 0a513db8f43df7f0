import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { is, sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { expect, it } from 'vitest';
import { auditTables, authTables, configTables, dcrTables, executorTables, migrationSets, migrationsFolder, serversTables } from '@mcp-portal/schema';
import { openDatabase, queryRows } from '../src/index.ts';
import { createTestDatabase } from '../src/testing/index.ts';

it('applies every migration set on PostgreSQL, concurrently from several processes, exactly once', async () => {
  const testDatabase = await createTestDatabase('kit');
  const handles = await Promise.all([1, 2, 3].map(() => openDatabase({ url: testDatabase.url, poolSize: 2 })));
  try {
    await Promise.all(handles.flatMap((handle) => migrationSets.map((set) => handle.migrate(set))));
    const tables = await queryRows<{ schema: string; name: string }>(
      handles[0]!.db,
      sql`select table_schema as schema, table_name as name from information_schema.tables where table_schema in ${[...migrationSets]} order by 1, 2`,
    );
    // Every table the drizzle definitions declare, and nothing else, exists after the migrations.
    const declared = [auditTables, authTables, configTables, dcrTables, executorTables, serversTables]
      .flatMap((module) => Object.values(module))
      .filter((value): value is PgTable => is(value, PgTable))
      .map((table) => `${getTableConfig(table).schema}.${getTableConfig(table).name}`)
      .sort();
    expect(declared).toContain('servers.servers');
    expect(tables.map((t) => `${t.schema}.${t.name}`)).toEqual(declared);
    for (const set of migrationSets) {
      const journal = JSON.parse(await readFile(join(migrationsFolder(set), 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
      const applied = await queryRows<{ n: number }>(handles[0]!.db, sql.raw(`select count(*)::int as n from drizzle.migrations_${set}`));
      expect({ set, applied: applied[0]?.n }).toEqual({ set, applied: journal.entries.length });
    }
  } finally {
    await Promise.all(handles.map((h) => h.close()));
    await testDatabase.drop();
  }
});

/** PGlite (PostgreSQL in wasm) opens and migrates in tens of seconds on a busy 2-core machine running two test packages. */
const PGLITE_TIMEOUT = 120_000;

it(
  'keeps PGlite data in its data directory across a reopen',
  async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kit-pglite-'));
    try {
      const first = await openDatabase({ dataDir: dir });
      await first.migrate('servers');
      await first.db.execute(sql`insert into servers.servers (catalog_name, enabled_by) values ('time', gen_random_uuid())`);
      await first.close();
      const second = await openDatabase({ dataDir: dir });
      await second.migrate('servers');
      const rows = await queryRows<{ catalog_name: string }>(second.db, sql`select catalog_name from servers.servers`);
      expect(rows.map((r) => r.catalog_name)).toEqual(['time']);
      expect(second.kind).toBe('pglite');
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
  PGLITE_TIMEOUT,
);
