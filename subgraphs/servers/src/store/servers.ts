import { asc, eq } from 'drizzle-orm';
import { serversTables, type ServerStatus } from '@mcp-portal/schema';
import type { Database } from '@mcp-portal/kit';

const { servers } = serversTables;
export type ServerRow = typeof servers.$inferSelect;

export function serverStore(db: Database) {
  return {
    async list(): Promise<ServerRow[]> {
      return db.select().from(servers).orderBy(asc(servers.catalogName));
    },
    async byId(id: string): Promise<ServerRow | null> {
      const rows = await db.select().from(servers).where(eq(servers.id, id));
      return rows[0] ?? null;
    },
    /** Returns null when the catalog entry is already enabled (unique catalog_name). */
    async insert(catalogName: string, enabledBy: string): Promise<ServerRow | null> {
      const rows = await db.insert(servers).values({ catalogName, enabledBy }).onConflictDoNothing().returning();
      return rows[0] ?? null;
    },
    async delete(id: string): Promise<ServerRow | null> {
      const rows = await db.delete(servers).where(eq(servers.id, id)).returning();
      return rows[0] ?? null;
    },
    async setStatus(id: string, status: ServerStatus, lastError: string | null): Promise<ServerRow | null> {
      const rows = await db
        .update(servers)
        .set({ status, lastError, updatedAt: new Date() })
        .where(eq(servers.id, id))
        .returning();
      return rows[0] ?? null;
    },
  };
}
export type ServerStore = ReturnType<typeof serverStore>;
