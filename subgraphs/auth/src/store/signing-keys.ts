import { asc, eq, sql } from 'drizzle-orm';
import { authTables } from '@mcp-portal/schema';
import type { Database } from '@mcp-portal/kit';

const { signingKeys } = authTables;
/** The advisory lock key of the first signing key's creation ("mcpk"). */
const firstKeyLockKey = 0x6d63_706b;
export type SigningKeyRow = typeof signingKeys.$inferSelect;

export function signingKeyStore(db: Database) {
  return {
    async all(): Promise<SigningKeyRow[]> {
      return db.select().from(signingKeys).orderBy(asc(signingKeys.createdAt), asc(signingKeys.kid));
    },
    async setPrivateJwk(kid: string, privateJwk: string): Promise<void> {
      await db.update(signingKeys).set({ privateJwk }).where(eq(signingKeys.kid, kid));
    },
    async delete(kid: string): Promise<void> {
      await db.delete(signingKeys).where(eq(signingKeys.kid, kid));
    },
    async insert(key: { kid: string; algorithm: string; privateJwk: string; publicJwk: string }): Promise<void> {
      await db.insert(signingKeys).values(key).onConflictDoNothing();
    },
    /**
     * Stores `key` only when there is no key yet, one replica at a time (a transaction-level advisory lock), so that
     * replicas starting together on an empty database agree on one key. False when another replica's came first.
     */
    async insertFirst(key: { kid: string; algorithm: string; privateJwk: string; publicJwk: string }): Promise<boolean> {
      return db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${firstKeyLockKey})`);
        if ((await tx.select({ kid: signingKeys.kid }).from(signingKeys).limit(1)).length > 0) return false;
        await tx.insert(signingKeys).values(key);
        return true;
      });
    },
  };
}
export type SigningKeyStore = ReturnType<typeof signingKeyStore>;
