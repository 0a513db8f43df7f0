import { and, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { dcrTables } from '@mcp-portal/schema';
import type { Database } from '@mcp-portal/kit';

const { oauthClients, oauthGrants, oauthRefreshTokens } = dcrTables;
export type GrantRow = typeof oauthGrants.$inferSelect;
export type RefreshTokenRow = typeof oauthRefreshTokens.$inferSelect;
/** A grant with the name its registered client has now ('' for a metadata document client or a deleted one). */
export type NamedGrantRow = GrantRow & { clientName: string };

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
  /** Grants, newest first, of one user or of everyone (at most `limit`), revoked ones only when asked. */
  async list(db: Database, filter: { userId?: string; includeRevoked: boolean; limit: number }): Promise<NamedGrantRow[]> {
    const conditions: SQL[] = [];
    if (filter.userId !== undefined) conditions.push(eq(oauthGrants.userId, filter.userId));
    if (!filter.includeRevoked) conditions.push(isNull(oauthGrants.revokedAt));
    const rows = await db
      .select({ grant: oauthGrants, clientName: oauthClients.clientName })
      .from(oauthGrants)
      .leftJoin(oauthClients, eq(oauthClients.clientId, oauthGrants.clientId))
      .where(and(...conditions))
      .orderBy(desc(oauthGrants.createdAt))
      .limit(filter.limit);
    return rows.map((row) => ({ ...row.grant, clientName: row.clientName ?? '' }));
  },
  async byIdNamed(db: Database, id: string): Promise<NamedGrantRow | null> {
    const rows = await db
      .select({ grant: oauthGrants, clientName: oauthClients.clientName })
      .from(oauthGrants)
      .leftJoin(oauthClients, eq(oauthClients.clientId, oauthGrants.clientId))
      .where(eq(oauthGrants.id, id));
    const row = rows[0];
    return row ? { ...row.grant, clientName: row.clientName ?? '' } : null;
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
