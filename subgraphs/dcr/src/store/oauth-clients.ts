import { asc, desc, eq } from 'drizzle-orm';
import { dcrTables } from '@mcp-portal/schema';
import type { Database } from '@mcp-portal/kit';

const { oauthClients } = dcrTables;
export type OAuthClientRow = typeof oauthClients.$inferSelect;
export type NewOAuthClient = typeof oauthClients.$inferInsert;

export function oauthClientStore(db: Database) {
  return {
    /** Newest registrations first. */
    async list(): Promise<OAuthClientRow[]> {
      return db.select().from(oauthClients).orderBy(desc(oauthClients.createdAt), asc(oauthClients.clientId));
    },
    async byClientId(clientId: string): Promise<OAuthClientRow | null> {
      const rows = await db.select().from(oauthClients).where(eq(oauthClients.clientId, clientId));
      return rows[0] ?? null;
    },
    /** Null when a client with that id already exists. */
    async insert(client: NewOAuthClient): Promise<OAuthClientRow | null> {
      const rows = await db.insert(oauthClients).values(client).onConflictDoNothing({ target: oauthClients.clientId }).returning();
      return rows[0] ?? null;
    },
  };
}
export type OAuthClientStore = ReturnType<typeof oauthClientStore>;
