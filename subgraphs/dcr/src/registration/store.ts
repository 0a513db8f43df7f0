import { and, count, eq, isNull, sql } from 'drizzle-orm';
import { dcrTables } from '@mcp-portal/schema';
import type { Database } from '@mcp-portal/kit';
import type { StoredIdentity } from './backend.ts';
import type { ClientMetadata } from './metadata.ts';

const { oauthClients } = dcrTables;
export type RegisteredClientRow = typeof oauthClients.$inferSelect;

/** The metadata columns of a row (names as in the table) from validated client metadata. */
export function metadataColumns(metadata: ClientMetadata) {
  return {
    clientName: metadata.client_name ?? '',
    redirectUris: metadata.redirect_uris,
    grantTypes: metadata.grant_types,
    responseTypes: metadata.response_types,
    tokenEndpointAuthMethod: metadata.token_endpoint_auth_method,
    applicationType: metadata.application_type,
    clientUri: metadata.client_uri ?? null,
    logoUri: metadata.logo_uri ?? null,
    policyUri: metadata.policy_uri ?? null,
    tosUri: metadata.tos_uri ?? null,
    scope: metadata.scope ?? null,
    softwareId: metadata.software_id ?? null,
    softwareVersion: metadata.software_version ?? null,
  };
}

/** A new row: the client's metadata, its identity at the backend (the azure columns optional), the hashes. */
export interface NewRegistration extends Partial<Omit<StoredIdentity, 'clientId'>> {
  clientId: string;
  metadata: ClientMetadata;
  clientSecretHash: string | null;
  /** When the secret stops working (null: never, or no secret). */
  clientSecretExpiresAt?: Date | null;
  registrationAccessTokenHash: string;
  createdBy: string | null;
  sourceAddress: string | null;
  /** Where the client lives (default local). */
  backend?: dcrTables.DcrBackend;
}

/** The SQL of RFC 7591/7592 registrations (the rows of every backend); each call runs on the transaction it is given. */
export const registrationStore = {
  async byClientId(db: Database, clientId: string): Promise<RegisteredClientRow | null> {
    const rows = await db.select().from(oauthClients).where(eq(oauthClients.clientId, clientId));
    return rows[0] ?? null;
  },
  async insert(db: Database, registration: NewRegistration): Promise<RegisteredClientRow> {
    const { metadata, backend = 'local', ...columns } = registration;
    const rows = await db
      .insert(oauthClients)
      .values({ ...columns, ...metadataColumns(metadata), backend })
      .returning();
    return rows[0]!;
  },
  async updateMetadata(db: Database, clientId: string, metadata: ClientMetadata): Promise<RegisteredClientRow | null> {
    const rows = await db
      .update(oauthClients)
      .set({ ...metadataColumns(metadata), updatedAt: new Date() })
      .where(eq(oauthClients.clientId, clientId))
      .returning();
    return rows[0] ?? null;
  },
  async delete(db: Database, clientId: string): Promise<boolean> {
    const rows = await db.delete(oauthClients).where(eq(oauthClients.clientId, clientId)).returning({ clientId: oauthClients.clientId });
    return rows.length > 0;
  },
  /**
   * The live (not revoked) clients registered from `sourceAddress` (null: those whose address was unknown), after taking a
   * transaction-scoped advisory lock on that address: run inside the registration's transaction.
   */
  async lockAndCountBySource(db: Database, sourceAddress: string | null): Promise<number> {
    await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`dcr-registrations:${sourceAddress ?? ''}`}, 0))`);
    const rows = await db
      .select({ n: count() })
      .from(oauthClients)
      .where(and(isNull(oauthClients.revokedAt), sourceAddress === null ? isNull(oauthClients.sourceAddress) : eq(oauthClients.sourceAddress, sourceAddress)));
    return rows[0]?.n ?? 0;
  },
  async count(db: Database): Promise<number> {
    const rows = await db.select({ n: count() }).from(oauthClients);
    return rows[0]?.n ?? 0;
  },
};
