import { and, count, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { serversTables } from '@mcp-portal/schema';
import type { Database } from '@mcp-portal/kit';

const { catalogEntries, servers } = serversTables;
export type CatalogEntryRow = typeof catalogEntries.$inferSelect;
type CatalogEntrySource = CatalogEntryRow['source'];

export interface NewCatalogEntryRow {
  name: string;
  entry: Record<string, unknown>;
  source: CatalogEntrySource;
  createdBy: string;
}

/** Byte order, like the service's compareNames: the default collation would ignore "-", "." and "_". */
const nameInByteOrder = sql`${catalogEntries.name} collate "C"`;

/** `%`, `_` and `\` match themselves. */
const likePattern = (search: string) => `%${search.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

/** The same fields as the service's matchesSearch: name, title, description and tags, case-insensitive. */
function matching(search: string | undefined): SQL | undefined {
  if (!search) return undefined;
  const pattern = likePattern(search);
  const tags = sql`case when jsonb_typeof(${catalogEntries.entry}->'metadata'->'tags') = 'array' then ${catalogEntries.entry}->'metadata'->'tags' else '[]'::jsonb end`;
  return sql`(${catalogEntries.name} ilike ${pattern}
    or ${catalogEntries.entry}->>'title' ilike ${pattern}
    or ${catalogEntries.entry}->>'description' ilike ${pattern}
    or exists (select 1 from jsonb_array_elements_text(${tags}) as tag where tag ilike ${pattern}))`;
}

/** Import batches stay well below Postgres' 65,535 parameters per statement. */
const importBatchSize = 500;

export function catalogEntryStore(db: Database) {
  return {
    async byName(name: string): Promise<CatalogEntryRow | null> {
      const rows = await db.select().from(catalogEntries).where(eq(catalogEntries.name, name));
      return rows[0] ?? null;
    },
    /** Locks the row until the transaction ends, so that it cannot change between a check and a change. */
    async lockByName(name: string): Promise<CatalogEntryRow | null> {
      const rows = await db.select().from(catalogEntries).where(eq(catalogEntries.name, name)).for('update');
      return rows[0] ?? null;
    },
    /** Keeps the row from being changed or deleted until the transaction ends, while others may read it. */
    async shareLockByName(name: string): Promise<CatalogEntryRow | null> {
      const rows = await db.select().from(catalogEntries).where(eq(catalogEntries.name, name)).for('share');
      return rows[0] ?? null;
    },
    /** Entries in name order after `afterName`, at most `limit`. */
    async page(search: string | undefined, afterName: string | null, limit: number): Promise<CatalogEntryRow[]> {
      return db
        .select()
        .from(catalogEntries)
        .where(and(matching(search), afterName === null ? undefined : sql`${nameInByteOrder} > ${afterName}`))
        .orderBy(nameInByteOrder)
        .limit(limit);
    },
    async count(search: string | undefined): Promise<number> {
      const rows = await db.select({ total: count() }).from(catalogEntries).where(matching(search));
      return rows[0]?.total ?? 0;
    },
    /** Which of these names have a row (and so override the bundled entry of that name). */
    async namesAmong(names: string[]): Promise<Set<string>> {
      if (names.length === 0) return new Set();
      const rows = await db.select({ name: catalogEntries.name }).from(catalogEntries).where(inArray(catalogEntries.name, names));
      return new Set(rows.map((row) => row.name));
    },
    /** Returns null when a row of that name exists already. */
    async insert(row: NewCatalogEntryRow): Promise<CatalogEntryRow | null> {
      const rows = await db.insert(catalogEntries).values(row).onConflictDoNothing({ target: catalogEntries.name }).returning();
      return rows[0] ?? null;
    },
    async replace(name: string, entry: Record<string, unknown>): Promise<CatalogEntryRow | null> {
      const rows = await db.update(catalogEntries).set({ entry, source: 'custom', updatedAt: new Date() }).where(eq(catalogEntries.name, name)).returning();
      return rows[0] ?? null;
    },
    /** Inserts new names and replaces the entry of existing ones (their creator stays). */
    async upsertImported(rows: NewCatalogEntryRow[]): Promise<CatalogEntryRow[]> {
      const written: CatalogEntryRow[] = [];
      for (let start = 0; start < rows.length; start += importBatchSize) {
        const batch = rows.slice(start, start + importBatchSize);
        written.push(
          ...(await db
            .insert(catalogEntries)
            .values(batch)
            .onConflictDoUpdate({
              target: catalogEntries.name,
              set: { entry: sql`excluded.entry`, source: sql`excluded.source`, updatedAt: new Date() },
            })
            .returning()),
        );
      }
      return written;
    },
    async delete(name: string): Promise<CatalogEntryRow | null> {
      const rows = await db.delete(catalogEntries).where(eq(catalogEntries.name, name)).returning();
      return rows[0] ?? null;
    },
    /** Whether a server is enabled from the entry of that name. */
    async isEnabled(name: string): Promise<boolean> {
      const rows = await db.select({ id: servers.id }).from(servers).where(eq(servers.catalogName, name)).limit(1);
      return rows.length > 0;
    },
  };
}
export type CatalogEntryStore = ReturnType<typeof catalogEntryStore>;
