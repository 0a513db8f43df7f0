import { and, asc, eq, gt, inArray, isNull, lt, max, min, sql, type SQL } from 'drizzle-orm';
import { authTables } from '@mcp-portal/schema';
import type { Database } from '@mcp-portal/kit';

const { refreshTokens } = authTables;
export type RefreshTokenRow = typeof refreshTokens.$inferSelect;

/** One sign-in that can still be refreshed: the family of its refresh tokens, whose newest is unused, unrevoked and unexpired. */
export interface ActiveSessionRow {
  /** The family id. */
  id: string;
  userId: string;
  /** When its oldest token still kept was issued: the sign-in (tokens expired over a day ago are purged). */
  createdAt: Date;
  /** When its newest token was issued: the sign-in or the last refresh. */
  lastUsedAt: Date;
  expiresAt: Date;
}

/** A token that can still be exchanged: unused, unrevoked and unexpired. */
const live = () => and(isNull(refreshTokens.usedAt), isNull(refreshTokens.revokedAt), gt(refreshTokens.expiresAt, sql`now()`));

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
    /** The active sessions of these users, oldest sign-in first, with one query (tokens of ended sessions are skipped). */
    async activeOfUsers(userIds: readonly string[]): Promise<ActiveSessionRow[]> {
      if (userIds.length === 0) return [];
      const rows = await db
        .select({
          id: refreshTokens.familyId,
          userId: refreshTokens.userId,
          createdAt: min(refreshTokens.createdAt),
          lastUsedAt: max(refreshTokens.createdAt),
          expiresAt: max(refreshTokens.expiresAt),
        })
        .from(refreshTokens)
        .where(inArray(refreshTokens.userId, [...userIds]))
        .groupBy(refreshTokens.familyId, refreshTokens.userId)
        .having(sql`bool_or(${live()})`)
        .orderBy(asc(min(refreshTokens.createdAt)));
      return rows.map((row) => ({
        ...row,
        createdAt: row.createdAt ?? new Date(0),
        lastUsedAt: row.lastUsedAt ?? new Date(0),
        expiresAt: row.expiresAt ?? new Date(0),
      }));
    },
    /** Whose session this family is, while it is active; null for an unknown or ended one. */
    async ownerOfActive(familyId: string): Promise<string | null> {
      const rows = await db
        .select({ userId: refreshTokens.userId })
        .from(refreshTokens)
        .where(and(eq(refreshTokens.familyId, familyId), live()))
        .limit(1);
      return rows[0]?.userId ?? null;
    },
    async deleteExpiredBefore(cutoff: Date): Promise<number> {
      const rows = await db.delete(refreshTokens).where(lt(refreshTokens.expiresAt, cutoff)).returning({ id: refreshTokens.id });
      return rows.length;
    },
  };
}
