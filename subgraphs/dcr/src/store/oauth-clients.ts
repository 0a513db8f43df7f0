import { and, asc, count, eq, ilike, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import { dcrTables } from '@mcp-portal/schema';
import type { Database } from '@mcp-portal/kit';

const { oauthClients } = dcrTables;
export type OAuthClientRow = typeof oauthClients.$inferSelect;
export type NewOAuthClient = typeof oauthClients.$inferInsert;

/** A client is active until an admin revokes it (the row stays, with revokedAt). */
export const oauthClientStatuses = ['active', 'revoked'] as const;
export type OAuthClientStatus = (typeof oauthClientStatuses)[number];

export interface OAuthClientFilter {
  backend?: dcrTables.DcrBackend;
  /** Default: both. */
  status?: OAuthClientStatus;
  createdBy?: string;
  /** Case-insensitive, over the client id, its name and its redirect URIs. */
  search?: string;
}

/** A position in the list (newest first): the creation time (to the millisecond) and client id of the last client seen. */
export interface OAuthClientPosition {
  createdAt: string;
  clientId: string;
}

/** Creation times compared at JavaScript's precision, so that a cursor made from a Date finds its row again. */
const createdMs = sql`date_trunc('milliseconds', ${oauthClients.createdAt})`;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function whereOf(filter: OAuthClientFilter): SQL | undefined {
  const conditions: SQL[] = [];
  if (filter.backend) conditions.push(eq(oauthClients.backend, filter.backend));
  if (filter.createdBy) conditions.push(eq(oauthClients.createdBy, filter.createdBy));
  if (filter.status) conditions.push(filter.status === 'revoked' ? isNotNull(oauthClients.revokedAt) : isNull(oauthClients.revokedAt));
  if (filter.search) {
    const pattern = `%${escapeLike(filter.search)}%`;
    conditions.push(
      or(ilike(oauthClients.clientId, pattern), ilike(oauthClients.clientName, pattern), sql`${oauthClients.redirectUris}::text ilike ${pattern}`)!,
    );
  }
  return conditions.length > 0 ? and(...conditions) : undefined;
}

export function oauthClientStore(db: Database) {
  return {
    /** Newest registrations first. */
    async list(): Promise<OAuthClientRow[]> {
      return db
        .select()
        .from(oauthClients)
        .orderBy(sql`${createdMs} desc`, asc(oauthClients.clientId));
    },
    /** Up to `limit` clients matching `filter`, newest first, after `after`. */
    async page(filter: OAuthClientFilter, limit: number, after: OAuthClientPosition | null): Promise<OAuthClientRow[]> {
      const position = after
        ? sql`(${createdMs} < ${after.createdAt}::timestamptz or (${createdMs} = ${after.createdAt}::timestamptz and ${oauthClients.clientId} > ${after.clientId}))`
        : undefined;
      return db
        .select()
        .from(oauthClients)
        .where(and(whereOf(filter), position))
        .orderBy(sql`${createdMs} desc`, asc(oauthClients.clientId))
        .limit(limit);
    },
    async count(filter: OAuthClientFilter): Promise<number> {
      const rows = await db.select({ n: count() }).from(oauthClients).where(whereOf(filter));
      return rows[0]?.n ?? 0;
    },
    async byClientId(clientId: string): Promise<OAuthClientRow | null> {
      const rows = await db.select().from(oauthClients).where(eq(oauthClients.clientId, clientId));
      return rows[0] ?? null;
    },
    /** The row, locked until the transaction ends (run on a transaction). */
    async lock(clientId: string): Promise<OAuthClientRow | null> {
      const rows = await db.select().from(oauthClients).where(eq(oauthClients.clientId, clientId)).for('update');
      return rows[0] ?? null;
    },
    /** Null when a client with that id already exists. */
    async insert(client: NewOAuthClient): Promise<OAuthClientRow | null> {
      const rows = await db.insert(oauthClients).values(client).onConflictDoNothing({ target: oauthClients.clientId }).returning();
      return rows[0] ?? null;
    },
    /**
     * Marks the client revoked (the row stays for the record); its secret's and registration access token's hashes
     * go, so that neither can be matched again.
     */
    async markRevoked(clientId: string): Promise<OAuthClientRow | null> {
      const now = new Date();
      const rows = await db
        .update(oauthClients)
        .set({ revokedAt: now, clientSecretHash: null, registrationAccessTokenHash: null, updatedAt: now })
        .where(and(eq(oauthClients.clientId, clientId), isNull(oauthClients.revokedAt)))
        .returning();
      return rows[0] ?? null;
    },
    /** A new secret: its hash, its end and where the backend keeps it. */
    async setSecret(
      clientId: string,
      secret: Pick<NewOAuthClient, 'clientSecretHash' | 'clientSecretExpiresAt' | 'azureApplicationId' | 'azureVaultUrl' | 'azureVaultSecretName'>,
    ): Promise<OAuthClientRow | null> {
      const rows = await db
        .update(oauthClients)
        .set({ ...secret, updatedAt: new Date() })
        .where(eq(oauthClients.clientId, clientId))
        .returning();
      return rows[0] ?? null;
    },
  };
}
export type OAuthClientStore = ReturnType<typeof oauthClientStore>;
