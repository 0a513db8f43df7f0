import { asc, eq } from 'drizzle-orm';
import { serversTables, type DesiredState, type ServerRuntime, type ServerStatus, type ServerToolRecord } from '@mcp-portal/schema';
import type { Database } from '@mcp-portal/kit';

const { servers } = serversTables;
export type ServerRow = typeof servers.$inferSelect;

/** What a lifecycle transition may change besides the status. */
export interface TransitionFields {
  lastError?: string | null;
  runtime?: ServerRuntime | null;
  instanceId?: string | null;
  startedAt?: Date | null;
  stoppedAt?: Date | null;
  lastHealthAt?: Date | null;
  restartCount?: number;
}

export function serverStore(db: Database) {
  return {
    async list(): Promise<ServerRow[]> {
      return db.select().from(servers).orderBy(asc(servers.catalogName));
    },
    async byId(id: string): Promise<ServerRow | null> {
      const rows = await db.select().from(servers).where(eq(servers.id, id));
      return rows[0] ?? null;
    },
    async byIdForUpdate(id: string): Promise<ServerRow | null> {
      const rows = await db.select().from(servers).where(eq(servers.id, id)).for('update');
      return rows[0] ?? null;
    },
    async byName(catalogName: string): Promise<ServerRow | null> {
      const rows = await db.select().from(servers).where(eq(servers.catalogName, catalogName));
      return rows[0] ?? null;
    },
    /** Returns null when the catalog entry is already enabled (unique catalog_name); `id` when it was chosen before. */
    async insert(catalogName: string, enabledBy: string, desiredState: DesiredState, status: ServerStatus, id?: string): Promise<ServerRow | null> {
      const rows = await db
        .insert(servers)
        .values({ catalogName, enabledBy, desiredState, status, ...(id ? { id } : {}) })
        .onConflictDoNothing()
        .returning();
      return rows[0] ?? null;
    },
    async delete(id: string): Promise<ServerRow | null> {
      const rows = await db.delete(servers).where(eq(servers.id, id)).returning();
      return rows[0] ?? null;
    },
    async setStatus(id: string, status: ServerStatus, fields: TransitionFields = {}): Promise<ServerRow | null> {
      const rows = await db
        .update(servers)
        .set({ status, ...fields, updatedAt: new Date() })
        .where(eq(servers.id, id))
        .returning();
      return rows[0] ?? null;
    },
    async setDesired(id: string, desiredState: DesiredState, status: ServerStatus, fields: TransitionFields = {}): Promise<ServerRow | null> {
      const rows = await db
        .update(servers)
        .set({ desiredState, status, ...fields, updatedAt: new Date() })
        .where(eq(servers.id, id))
        .returning();
      return rows[0] ?? null;
    },
    async setHealth(id: string, lastHealthAt: Date): Promise<void> {
      await db.update(servers).set({ lastHealthAt }).where(eq(servers.id, id));
    },
    async setTools(id: string, tools: ServerToolRecord[]): Promise<void> {
      await db.update(servers).set({ tools, toolsUpdatedAt: new Date() }).where(eq(servers.id, id));
    },
  };
}
export type ServerStore = ReturnType<typeof serverStore>;
