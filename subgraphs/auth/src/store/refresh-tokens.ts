import { and, eq, isNull, lt, type SQL } from 'drizzle-orm';
import { authTables } from '@mcp-portal/schema';
import type { Database } from '@mcp-portal/kit';

const { refreshTokens } = authTables;
export type RefreshTokenRow = typeof refreshTokens.$inferSelect;

async function revokeLive(db: Database, which: SQL): Promise<number> {
  const rows = await db
    .update(refreshTokens)
    .set({ revokedAt: new Date() })
    .where(and(which, isNull(refreshTokens.revokedAt)))
    .returning({ id: refreshTokens.id });
  return rows.length;
}

export function refreshTokenStore(db: Database) {
  return {
    async insert(token: { familyId: string; userId: string; tokenHash: string; expiresAt: Date }): Promise<RefreshTokenRow> {
      const rows = await db.insert(refreshTokens).values(token).returning();
      if (!rows[0]) throw new Error('The refresh token was not stored.');
      return rows[0];
    },
    /** Locks the row, so two concurrent uses of one token cannot both rotate it. */
    async byHashForUpdate(tokenHash: string): Promise<RefreshTokenRow | null> {
      const rows = await db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash)).for('update');
      return rows[0] ?? null;
    },
    async markUsed(id: string): Promise<void> {
      await db.update(refreshTokens).set({ usedAt: new Date() }).where(eq(refreshTokens.id, id));
    },
    /** Revokes every live token of the family; returns how many were live. */
    revokeFamily: (familyId: string) => revokeLive(db, eq(refreshTokens.familyId, familyId)),
    revokeAllOfUser: (userId: string) => revokeLive(db, eq(refreshTokens.userId, userId)),
    async deleteExpiredBefore(cutoff: Date): Promise<number> {
      const rows = await db.delete(refreshTokens).where(lt(refreshTokens.expiresAt, cutoff)).returning({ id: refreshTokens.id });
      return rows.length;
    },
  };
}
