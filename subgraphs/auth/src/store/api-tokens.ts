import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import { authTables, type Role } from '@mcp-portal/schema';
import type { Database } from '@mcp-portal/kit';

const { apiTokens } = authTables;
export type ApiTokenRow = typeof apiTokens.$inferSelect;

export function apiTokenStore(db: Database) {
  return {
    async insert(token: { id: string; userId: string; name: string; role: Role; secretHash: string; expiresAt: Date }): Promise<ApiTokenRow> {
      const rows = await db.insert(apiTokens).values(token).returning();
      if (!rows[0]) throw new Error('The API token was not stored.');
      return rows[0];
    },
    async byId(id: string): Promise<ApiTokenRow | null> {
      const rows = await db.select().from(apiTokens).where(eq(apiTokens.id, id));
      return rows[0] ?? null;
    },
    async ofUser(userId: string): Promise<ApiTokenRow[]> {
      return db.select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.createdAt));
    },
    /** The tokens of several users with one query, newest first. */
    async ofUsers(userIds: readonly string[]): Promise<ApiTokenRow[]> {
      if (userIds.length === 0) return [];
      return db
        .select()
        .from(apiTokens)
        .where(inArray(apiTokens.userId, [...userIds]))
        .orderBy(desc(apiTokens.createdAt));
    },
    async revoke(id: string): Promise<ApiTokenRow | null> {
      const rows = await db
        .update(apiTokens)
        .set({ revokedAt: new Date() })
        .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
        .returning();
      return rows[0] ?? null;
    },
    async touch(id: string): Promise<void> {
      await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, id));
    },
  };
}
