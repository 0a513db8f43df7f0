import { InvalidInputError, type Database } from '@mcp-portal/kit';
import { auditEventStore, decodeCursor, type AuditEventFilter, type AuditEventRow } from '../store/audit-events.ts';

export interface AuditEventPage {
  events: AuditEventRow[];
  endCursor: string | null;
  hasNextPage: boolean;
}

/** Reads the audit log that every subgraph writes (see the kit's AuditLog). */
export class AuditEventService {
  constructor(private readonly db: Database) {}

  async page(filter: AuditEventFilter, first: number, after: string | null): Promise<AuditEventPage> {
    const cursor = after ? decodeCursor(after) : null;
    if (after && !cursor) throw new InvalidInputError('The `after` cursor is not one this API returned.');
    const rows = await auditEventStore(this.db).page(filter, first + 1, cursor);
    const events = rows.slice(0, first);
    return { events, endCursor: events.at(-1)?.cursor ?? null, hasNextPage: rows.length > first };
  }

  byId(id: string): Promise<AuditEventRow | null> {
    return auditEventStore(this.db).byId(id);
  }
}
