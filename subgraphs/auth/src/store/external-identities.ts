import { and, eq } from 'drizzle-orm';
import { authTables } from '@mcp-portal/schema';
import type { Database } from '@mcp-portal/kit';

const { externalIdentities } = authTables;

export function externalIdentityStore(db: Database) {
  return {
    async userIdOf(issuer: string, subject: string): Promise<string | null> {
      const rows = await db
        .select({ userId: externalIdentities.userId })
        .from(externalIdentities)
        .where(and(eq(externalIdentities.issuer, issuer), eq(externalIdentities.subject, subject)));
      return rows[0]?.userId ?? null;
    },
    async link(issuer: string, subject: string, userId: string): Promise<void> {
      await db.insert(externalIdentities).values({ issuer, subject, userId });
    },
    async touch(issuer: string, subject: string): Promise<void> {
      await db
        .update(externalIdentities)
        .set({ lastLoginAt: new Date() })
        .where(and(eq(externalIdentities.issuer, issuer), eq(externalIdentities.subject, subject)));
    },
    async ofUser(userId: string): Promise<{ issuer: string; subject: string }[]> {
      return db
        .select({ issuer: externalIdentities.issuer, subject: externalIdentities.subject })
        .from(externalIdentities)
        .where(eq(externalIdentities.userId, userId));
    },
  };
}
