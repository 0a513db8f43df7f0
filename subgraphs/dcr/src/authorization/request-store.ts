import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import { dcrTables } from '@mcp-portal/schema';
import type { Database } from '@mcp-portal/kit';

const { oauthAuthorizationRequests } = dcrTables;
export type AuthorizationRequestRow = typeof oauthAuthorizationRequests.$inferSelect;
export type NewAuthorizationRequest = typeof oauthAuthorizationRequests.$inferInsert;

/** The SQL of authorization requests and their codes; each call runs on the database or transaction it is given. */
export const requestStore = {
  async insert(db: Database, request: NewAuthorizationRequest): Promise<void> {
    await db.insert(oauthAuthorizationRequests).values(request);
  },
  /** A request still waiting for the user's decision. */
  async pending(db: Database, id: string): Promise<AuthorizationRequestRow | null> {
    const rows = await db
      .select()
      .from(oauthAuthorizationRequests)
      .where(and(eq(oauthAuthorizationRequests.id, id), isNull(oauthAuthorizationRequests.decidedAt), gt(oauthAuthorizationRequests.expiresAt, new Date())));
    return rows[0] ?? null;
  },
  /** Records the decision once: null when the request is unknown, expired or already decided. */
  async decide(
    db: Database,
    id: string,
    decision: { userId: string; approved: boolean; codeHash: string | null; codeExpiresAt: Date | null },
  ): Promise<AuthorizationRequestRow | null> {
    const rows = await db
      .update(oauthAuthorizationRequests)
      .set({
        decidedAt: new Date(),
        decidedBy: decision.userId,
        approved: decision.approved,
        codeHash: decision.codeHash,
        codeExpiresAt: decision.codeExpiresAt,
      })
      .where(and(eq(oauthAuthorizationRequests.id, id), isNull(oauthAuthorizationRequests.decidedAt), gt(oauthAuthorizationRequests.expiresAt, new Date())))
      .returning();
    return rows[0] ?? null;
  },
  async byCodeHash(db: Database, codeHash: string): Promise<AuthorizationRequestRow | null> {
    const rows = await db.select().from(oauthAuthorizationRequests).where(eq(oauthAuthorizationRequests.codeHash, codeHash));
    return rows[0] ?? null;
  },
  /** Spends a code once: false when another request spent it first. */
  async spendCode(db: Database, id: string, grantId: string): Promise<boolean> {
    const rows = await db
      .update(oauthAuthorizationRequests)
      .set({ codeUsedAt: new Date(), grantId })
      .where(and(eq(oauthAuthorizationRequests.id, id), isNull(oauthAuthorizationRequests.codeUsedAt)))
      .returning({ id: oauthAuthorizationRequests.id });
    return rows.length === 1;
  },
  /** Forgets requests a day past their expiry (their codes expired long before). */
  async purgeExpired(db: Database): Promise<void> {
    await db.delete(oauthAuthorizationRequests).where(lt(oauthAuthorizationRequests.expiresAt, sql`now() - interval '1 day'`));
  },
};
