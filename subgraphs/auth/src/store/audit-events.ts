import { and, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import { auditTables } from '@mcp-portal/schema';
import type { Database } from '@mcp-portal/kit';

const { auditEvents } = auditTables;

export type AuditEventRow = typeof auditEvents.$inferSelect & { cursor: string };

export interface AuditEventFilter {
  actorId?: string;
  action?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
}

/** A position in the log: the exact (microsecond) time and id of the last row seen. */
export interface AuditCursor {
  occurredAt: string;
  id: string;
}

const columns = {
  id: auditEvents.id,
  occurredAt: auditEvents.occurredAt,
  occurredAtText: sql<string>`${auditEvents.occurredAt}::text`,
  actorId: auditEvents.actorId,
  actorEmail: auditEvents.actorEmail,
  action: auditEvents.action,
  targetType: auditEvents.targetType,
  targetId: auditEvents.targetId,
  outcome: auditEvents.outcome,
  detail: auditEvents.detail,
  requestId: auditEvents.requestId,
  sourceIp: auditEvents.sourceIp,
  subgraph: auditEvents.subgraph,
};

export function encodeCursor(cursor: AuditCursor): string {
  return Buffer.from(JSON.stringify([cursor.occurredAt, cursor.id])).toString('base64url');
}

export function decodeCursor(text: string): AuditCursor | null {
  try {
    const [occurredAt, id] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown[];
    return typeof occurredAt === 'string' && typeof id === 'string' ? { occurredAt, id } : null;
  } catch {
    return null;
  }
}

export function auditEventStore(db: Database) {
  return {
    /** Newest first, keyset-paginated on (occurred_at, id). */
    async page(filter: AuditEventFilter, first: number, after: AuditCursor | null): Promise<AuditEventRow[]> {
      const conditions: SQL[] = [];
      if (filter.actorId) conditions.push(eq(auditEvents.actorId, filter.actorId));
      if (filter.action) conditions.push(eq(auditEvents.action, filter.action));
      if (filter.targetId) conditions.push(eq(auditEvents.targetId, filter.targetId));
      if (filter.from) conditions.push(gte(auditEvents.occurredAt, filter.from));
      if (filter.to) conditions.push(lte(auditEvents.occurredAt, filter.to));
      if (after) conditions.push(sql`(${auditEvents.occurredAt}, ${auditEvents.id}) < (${after.occurredAt}::timestamptz, ${after.id}::uuid)`);
      const rows = await db
        .select(columns)
        .from(auditEvents)
        .where(and(...conditions))
        .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
        .limit(first);
      return rows.map(({ occurredAtText, ...row }) => ({ ...row, cursor: encodeCursor({ occurredAt: occurredAtText, id: row.id }) }));
    },
    async byId(id: string): Promise<AuditEventRow | null> {
      const rows = await db.select(columns).from(auditEvents).where(eq(auditEvents.id, id));
      const row = rows[0];
      if (!row) return null;
      const { occurredAtText, ...rest } = row;
      return { ...rest, cursor: encodeCursor({ occurredAt: occurredAtText, id: rest.id }) };
    },
  };
}
