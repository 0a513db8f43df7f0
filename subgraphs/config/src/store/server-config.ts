import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { configTables } from '@mcp-portal/schema';
import type { Database } from '@mcp-portal/kit';
import { groupByServer } from './group-by-server.ts';

const { serverConfig } = configTables;

export interface ConfigValueRow {
  serverId: string;
  key: string;
  value: unknown;
  updatedBy: string;
  updatedAt: Date;
}

/**
 * The jsonb value is read as text and parsed here: drizzle's jsonb mapping re-parses any string the
 * driver returns, so a stored JSON string such as "123" would otherwise come back as the number 123.
 */
const columns = {
  serverId: serverConfig.serverId,
  key: serverConfig.key,
  valueText: sql<string>`${serverConfig.value}::text`,
  updatedBy: serverConfig.updatedBy,
  updatedAt: serverConfig.updatedAt,
};

function toRow({ valueText, ...rest }: { valueText: string; serverId: string; key: string; updatedBy: string; updatedAt: Date }): ConfigValueRow {
  return { ...rest, value: JSON.parse(valueText) as unknown };
}

export function serverConfigStore(db: Database) {
  return {
    async list(serverId: string): Promise<ConfigValueRow[]> {
      const rows = await db.select(columns).from(serverConfig).where(eq(serverConfig.serverId, serverId)).orderBy(asc(serverConfig.key));
      return rows.map(toRow);
    },
    /** Each server's values (ordered by key), in the order of the ids asked for, with one query. */
    async listMany(serverIds: readonly string[]): Promise<ConfigValueRow[][]> {
      if (serverIds.length === 0) return [];
      const rows = await db
        .select(columns)
        .from(serverConfig)
        .where(inArray(serverConfig.serverId, [...serverIds]))
        .orderBy(asc(serverConfig.serverId), asc(serverConfig.key));
      return groupByServer(serverIds, rows, toRow);
    },
    async upsert(entry: { serverId: string; key: string; value: unknown; updatedBy: string }): Promise<ConfigValueRow> {
      const rows = await db
        .insert(serverConfig)
        .values(entry)
        .onConflictDoUpdate({
          target: [serverConfig.serverId, serverConfig.key],
          set: { value: entry.value, updatedBy: entry.updatedBy, updatedAt: new Date() },
        })
        .returning(columns);
      const row = rows[0];
      if (!row) throw new Error('The upsert returned no row.');
      return toRow(row);
    },
    async deleteAll(serverId: string): Promise<number> {
      const rows = await db.delete(serverConfig).where(eq(serverConfig.serverId, serverId)).returning({ key: serverConfig.key });
      return rows.length;
    },
    /** True when a value was deleted, false when there was none. */
    async delete(serverId: string, key: string): Promise<boolean> {
      const rows = await db
        .delete(serverConfig)
        .where(and(eq(serverConfig.serverId, serverId), eq(serverConfig.key, key)))
        .returning({ key: serverConfig.key });
      return rows.length > 0;
    },
  };
}
export type ServerConfigStore = ReturnType<typeof serverConfigStore>;
