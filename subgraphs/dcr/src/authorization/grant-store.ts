import { and, eq, isNull, sql } from 'drizzle-orm';
import { dcrTables } from '@mcp-portal/schema';
import type { Database } from '@mcp-portal/kit';

const { oauthGrants, oauthRefreshTokens } = dcrTables;
export type GrantRow = typeof oauthGrants.$inferSelect;
export type RefreshTokenRow = typeof oauthRefreshTokens.$inferSelect;

/** The SQL of the grants of the platform's authorization server and their refresh tokens; each call runs on the transaction it is given. */
export const grantStore = {
  async insert(
    db: Database,
    grant: { clientId: string; clientKind: dcrTables.AuthorizationClientKind; userId: string; scope: string; resource: string },
  ): Promise<GrantRow> {
    const rows = await db.insert(oauthGrants).values(grant).returning();
    return rows[0]!;
  },
  async byId(db: Database, id: string): Promise<GrantRow | null> {
    const rows = await db.select().from(oauthGrants).where(eq(oauthGrants.id, id));
    return rows[0] ?? null;
  },
  async revoke(db: Database, id: string): Promise<void> {
    await db
      .update(oauthGrants)
      .set({ revokedAt: new Date() })
      .where(and(eq(oauthGrants.id, id), isNull(oauthGrants.revokedAt)));
  },
  /** Revokes every grant of a client (it was deleted or revoked): its refresh tokens stop working; returns how many. */
  async revokeAllOfClient(db: Database, clientId: string): Promise<number> {
    const rows = await db
      .update(oauthGrants)
      .set({ revokedAt: new Date() })
      .where(and(eq(oauthGrants.clientId, clientId), isNull(oauthGrants.revokedAt)))
      .returning({ id: oauthGrants.id });
    return rows.length;
  },
  async touch(db: Database, id: string): Promise<void> {
    await db.update(oauthGrants).set({ lastUsedAt: new Date() }).where(eq(oauthGrants.id, id));
  },
  async insertRefreshToken(db: Database, token: { grantId: string; tokenHash: string; expiresAt: Date }): Promise<void> {
    await db.insert(oauthRefreshTokens).values(token);
  },
  async refreshTokenByHash(db: Database, tokenHash: string): Promise<{ token: RefreshTokenRow; grant: GrantRow } | null> {
    const rows = await db
      .select({ token: oauthRefreshTokens, grant: oauthGrants })
      .from(oauthRefreshTokens)
      .innerJoin(oauthGrants, eq(oauthGrants.id, oauthRefreshTokens.grantId))
      .where(eq(oauthRefreshTokens.tokenHash, tokenHash));
    return rows[0] ?? null;
  },
  /** Marks a refresh token used, only if it was not: false when another request used it first. */
  async markRefreshTokenUsed(db: Database, id: string): Promise<boolean> {
    const rows = await db
      .update(oauthRefreshTokens)
      .set({ usedAt: new Date() })
      .where(and(eq(oauthRefreshTokens.id, id), isNull(oauthRefreshTokens.usedAt)))
      .returning({ id: oauthRefreshTokens.id });
    return rows.length === 1;
  },
  async purgeExpiredRefreshTokens(db: Database): Promise<void> {
    await db.delete(oauthRefreshTokens).where(sql`${oauthRefreshTokens.expiresAt} < now() - interval '1 day'`);
  },
};
