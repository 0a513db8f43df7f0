import { and, eq } from 'drizzle-orm';
import { authTables } from '@mcp-portal/schema';
import type { Database } from '@mcp-portal/kit';

const { externalIdentities } = authTables;

export function externalIdentityStore(db: Database) {
  const userIdOf = async (issuer: string, subject: string): Promise<string | null> => {
    const rows = await db
      .select({ userId: externalIdentities.userId })
      .from(externalIdentities)
      .where(and(eq(externalIdentities.issuer, issuer), eq(externalIdentities.subject, subject)));
    return rows[0]?.userId ?? null;
  };
  const touch = async (issuer: string, subject: string): Promise<void> => {
    await db
      .update(externalIdentities)
      .set({ lastLoginAt: new Date() })
      .where(and(eq(externalIdentities.issuer, issuer), eq(externalIdentities.subject, subject)));
  };
  return {
    userIdOf,
    async link(issuer: string, subject: string, userId: string): Promise<void> {
      await db.insert(externalIdentities).values({ issuer, subject, userId });
    },
    /**
     * Links the identity to the user unless it is linked already (then it stays with whom it is linked to); answers
     * the user it is linked to now, which may be another one (null only when that link went away meanwhile).
     */
    async linkUnlessLinked(issuer: string, subject: string, userId: string): Promise<string | null> {
      const inserted = await db
        .insert(externalIdentities)
        .values({ issuer, subject, userId })
        .onConflictDoNothing()
        .returning({ userId: externalIdentities.userId });
      if (inserted[0]) return inserted[0].userId;
      const linkedId = await userIdOf(issuer, subject);
      if (linkedId === userId) await touch(issuer, subject);
      return linkedId;
    },
    touch,
    async ofUser(userId: string): Promise<{ issuer: string; subject: string }[]> {
      return db
        .select({ issuer: externalIdentities.issuer, subject: externalIdentities.subject })
        .from(externalIdentities)
        .where(eq(externalIdentities.userId, userId));
    },
  };
}
