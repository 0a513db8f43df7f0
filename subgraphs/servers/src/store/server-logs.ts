import { and, desc, eq, lte } from 'drizzle-orm';
import { serversTables, type LogStream } from '@mcp-portal/schema';
import type { Database } from '@mcp-portal/kit';

const { serverLogs } = serversTables;
export type ServerLogRow = typeof serverLogs.$inferSelect;

export function serverLogStore(db: Database) {
  return {
    async insert(lines: { serverId: string; stream: LogStream; line: string; at: Date }[]): Promise<ServerLogRow[]> {
      if (lines.length === 0) return [];
      return db.insert(serverLogs).values(lines).returning();
    },
    async byId(id: number): Promise<ServerLogRow | null> {
      const rows = await db.select().from(serverLogs).where(eq(serverLogs.id, id));
      return rows[0] ?? null;
    },
    /** The last `count` lines of a server, oldest first. */
    async tail(serverId: string, count: number): Promise<ServerLogRow[]> {
      const rows = await db.select().from(serverLogs).where(eq(serverLogs.serverId, serverId)).orderBy(desc(serverLogs.id)).limit(count);
      return rows.reverse();
    },
    /** Keeps the newest `keep` lines of a server. */
    async trim(serverId: string, keep: number): Promise<void> {
      const boundary = await db
        .select({ id: serverLogs.id })
        .from(serverLogs)
        .where(eq(serverLogs.serverId, serverId))
        .orderBy(desc(serverLogs.id))
        .offset(keep)
        .limit(1);
      const newestDropped = boundary[0]?.id;
      if (newestDropped !== undefined) await db.delete(serverLogs).where(and(eq(serverLogs.serverId, serverId), lte(serverLogs.id, newestDropped)));
    },
  };
}
