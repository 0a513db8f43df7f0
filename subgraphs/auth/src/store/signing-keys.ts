import { asc, eq } from 'drizzle-orm';
import { authTables } from '@mcp-portal/schema';
import type { Database } from '@mcp-portal/kit';

const { signingKeys } = authTables;
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
  };
}
export type SigningKeyStore = ReturnType<typeof signingKeyStore>;
