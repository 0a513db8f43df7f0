import { eq, lt } from 'drizzle-orm';
import { authTables } from '@mcp-portal/schema';
import type { Database } from '@mcp-portal/kit';

const { oidcLogins } = authTables;
export type OidcLoginRow = typeof oidcLogins.$inferSelect;

export function oidcLoginStore(db: Database) {
  return {
    async insert(login: OidcLoginRow): Promise<void> {
      await db.insert(oidcLogins).values(login);
    },
    /** One use only: the row is gone once read. */
    async take(stateHash: string): Promise<OidcLoginRow | null> {
      const rows = await db.delete(oidcLogins).where(eq(oidcLogins.stateHash, stateHash)).returning();
      return rows[0] ?? null;
    },
    async deleteExpired(now = new Date()): Promise<void> {
      await db.delete(oidcLogins).where(lt(oidcLogins.expiresAt, now));
    },
  };
}
