import { and, asc, eq, inArray } from 'drizzle-orm';
import { configTables } from '@mcp-portal/schema';
import type { Database } from '@mcp-portal/kit';
import { groupByServer } from './group-by-server.ts';

const { serverSecrets } = configTables;
export type ServerSecretRow = typeof serverSecrets.$inferSelect;
/** What may leave the store for the API: never the sealed value. */
export type ServerSecretInfo = Omit<ServerSecretRow, 'sealedValue'>;

const infoColumns = { serverId: serverSecrets.serverId, name: serverSecrets.name, updatedBy: serverSecrets.updatedBy, updatedAt: serverSecrets.updatedAt };

export function serverSecretStore(db: Database) {
  return {
    async list(serverId: string): Promise<ServerSecretInfo[]> {
      return db.select(infoColumns).from(serverSecrets).where(eq(serverSecrets.serverId, serverId)).orderBy(asc(serverSecrets.name));
    },
    /** Each server's secrets (ordered by name), in the order of the ids asked for, with one query. */
    async listMany(serverIds: readonly string[]): Promise<ServerSecretInfo[][]> {
      if (serverIds.length === 0) return [];
      const rows = await db
        .select(infoColumns)
        .from(serverSecrets)
        .where(inArray(serverSecrets.serverId, [...serverIds]))
        .orderBy(asc(serverSecrets.serverId), asc(serverSecrets.name));
      return groupByServer(serverIds, rows, (row) => row);
    },
    async sealedValues(serverId: string): Promise<{ name: string; sealedValue: string }[]> {
      return db.select({ name: serverSecrets.name, sealedValue: serverSecrets.sealedValue }).from(serverSecrets).where(eq(serverSecrets.serverId, serverId));
    },
    async allSealedValues(): Promise<{ serverId: string; name: string; sealedValue: string }[]> {
      return db.select({ serverId: serverSecrets.serverId, name: serverSecrets.name, sealedValue: serverSecrets.sealedValue }).from(serverSecrets);
    },
    async upsert(entry: { serverId: string; name: string; sealedValue: string; updatedBy: string }): Promise<ServerSecretInfo> {
      const rows = await db
        .insert(serverSecrets)
        .values(entry)
        .onConflictDoUpdate({
          target: [serverSecrets.serverId, serverSecrets.name],
          set: { sealedValue: entry.sealedValue, updatedBy: entry.updatedBy, updatedAt: new Date() },
        })
        .returning(infoColumns);
      const row = rows[0];
      if (!row) throw new Error('The upsert returned no row.');
      return row;
    },
    async deleteAll(serverId: string): Promise<number> {
      const rows = await db.delete(serverSecrets).where(eq(serverSecrets.serverId, serverId)).returning({ name: serverSecrets.name });
      return rows.length;
    },
    async delete(serverId: string, name: string): Promise<boolean> {
      const rows = await db
        .delete(serverSecrets)
        .where(and(eq(serverSecrets.serverId, serverId), eq(serverSecrets.name, name)))
        .returning({ name: serverSecrets.name });
      return rows.length > 0;
    },
  };
}
