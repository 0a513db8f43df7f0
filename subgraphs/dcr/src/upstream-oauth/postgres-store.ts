import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { DatabaseHandle } from '@mcp-portal/kit';
import { dcrTables } from '@mcp-portal/schema';
import type { OAuthPrincipal } from './contract.ts';
import { createMemoryUpstreamOAuthStore } from './memory-store.ts';
import { principalKey, type ConnectionRecord, type DiscoveryRecord, type UpstreamOAuthStore } from './store.ts';

const { upstreamOAuthClients: clients, upstreamOAuthConnections: connections, upstreamOAuthStates: states } = dcrTables;

type ConnectionRow = typeof connections.$inferSelect;

function recordOf(row: ConnectionRow): ConnectionRecord {
  const principal: OAuthPrincipal = row.userId === null ? { kind: 'team' } : { kind: 'user', userId: row.userId };
  return {
    id: row.id,
    serverId: row.serverId,
    principal,
    serverUrl: row.serverUrl,
    issuer: row.issuer,
    status: row.status,
    scopes: row.scopes,
    expiresAt: row.expiresAt,
    lastError: row.lastError,
    authorizedBy: row.authorizedBy,
    sealedTokens: row.sealedTokens,
    discovery: (row.discovery as DiscoveryRecord | null) ?? null,
    stepUps: row.stepUps,
    updatedAt: row.updatedAt,
  };
}

/** The store in the dcr schema's upstream_oauth_* tables. */
export function createPostgresUpstreamOAuthStore(database: Pick<DatabaseHandle, 'db' | 'kind'>): UpstreamOAuthStore {
  const { db } = database;
  // PGlite has one connection: a transaction holding a lock would block the work's own queries. It serves one
  // process, where the memory store's lock is enough.
  const processLocks = createMemoryUpstreamOAuthStore();

  const byKey = async (serverId: string, principal: OAuthPrincipal) => {
    const [row] = await db
      .select()
      .from(connections)
      .where(and(eq(connections.serverId, serverId), eq(connections.principalKey, principalKey(principal))));
    return row ? recordOf(row) : null;
  };

  return {
    connection: byKey,
    async connectionById(id) {
      const [row] = await db.select().from(connections).where(eq(connections.id, id));
      return row ? recordOf(row) : null;
    },
    async connections(filter) {
      const conditions = [
        ...(filter.serverId === undefined ? [] : [eq(connections.serverId, filter.serverId)]),
        ...(filter.userId === undefined ? [] : [eq(connections.userId, filter.userId)]),
      ];
      const rows = await db
        .select()
        .from(connections)
        .where(and(...conditions))
        .orderBy(desc(connections.updatedAt));
      return rows.map(recordOf);
    },
    async ensureConnection(serverId, principal, serverUrl) {
      const [row] = await db
        .insert(connections)
        .values({
          serverId,
          principalKey: principalKey(principal),
          userId: principal.kind === 'user' ? principal.userId : null,
          serverUrl,
          status: 'needs_authorization',
        })
        .onConflictDoUpdate({ target: [connections.serverId, connections.principalKey], set: { serverUrl } })
        .returning();
      if (!row) throw new Error('The OAuth connection was not stored.');
      return recordOf(row);
    },
    async updateConnection(id, patch) {
      const [row] = await db
        .update(connections)
        .set({ ...patch, updatedAt: new Date() })
        .where(eq(connections.id, id))
        .returning();
      if (!row) throw new Error(`No OAuth connection ${id}.`);
      return recordOf(row);
    },
    async client(issuer) {
      const [row] = await db.select().from(clients).where(eq(clients.issuer, issuer));
      return row ? { issuer: row.issuer, kind: row.kind, redirectUri: row.redirectUri, sealedClientInformation: row.sealedClientInformation } : null;
    },
    async saveClient(record) {
      await db
        .insert(clients)
        .values(record)
        .onConflictDoUpdate({
          target: clients.issuer,
          set: { kind: record.kind, redirectUri: record.redirectUri, sealedClientInformation: record.sealedClientInformation, createdAt: new Date() },
        });
    },
    async deleteClient(issuer) {
      await db.delete(clients).where(eq(clients.issuer, issuer));
    },
    async saveState(record) {
      // Authorizations never completed are forgotten once they expire.
      await db.delete(states).where(lt(states.expiresAt, new Date()));
      await db.insert(states).values(record);
    },
    async takeState(stateHash, userId) {
      const [row] = await db
        .delete(states)
        .where(and(eq(states.stateHash, stateHash), eq(states.userId, userId)))
        .returning();
      if (!row) {
        const [other] = await db.select({ userId: states.userId }).from(states).where(eq(states.stateHash, stateHash));
        return other ? 'startedByAnotherUser' : null;
      }
      return {
        stateHash: row.stateHash,
        connectionId: row.connectionId,
        userId: row.userId,
        issuer: row.issuer,
        sealedCodeVerifier: row.sealedCodeVerifier,
        redirectUri: row.redirectUri,
        resource: row.resource,
        scopes: row.scopes,
        discovery: row.discovery as DiscoveryRecord,
        expiresAt: row.expiresAt,
      };
    },
    async withConnectionLock(connectionId, work) {
      if (database.kind === 'pglite') return processLocks.withConnectionLock(connectionId, work);
      return processLocks.withConnectionLock(connectionId, () =>
        db.transaction(async (tx) => {
          await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`upstream-oauth:${connectionId}`}))`);
          return work();
        }),
      );
    },
  };
}
