import { sql } from 'drizzle-orm';
import { index, jsonb, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The audit log: every subgraph writes its rows here in the same transaction as the change they
 * record (the kit's AuditLog); the auth subgraph serves them. Its migrations run from every subgraph.
 */
export const auditSchema = pgSchema('audit');

/** `denied`: a change refused for the caller's role (see the kit's deniedChangesPlugin). */
export const auditOutcomes = ['success', 'failure', 'denied'] as const;
export type AuditOutcome = (typeof auditOutcomes)[number];

export const auditEvents = auditSchema.table(
  'events',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    occurredAt: timestamp('occurred_at', { withTimezone: true, precision: 6 }).notNull().defaultNow(),
    actorId: uuid('actor_id'),
    actorEmail: text('actor_email'),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id'),
    outcome: text('outcome', { enum: auditOutcomes }).notNull(),
    /** What changed or why it failed; never a secret value. */
    detail: jsonb('detail').$type<Record<string, unknown>>(),
    requestId: text('request_id'),
    sourceIp: text('source_ip'),
    subgraph: text('subgraph').notNull(),
  },
  (table) => [
    index('events_occurred_at_idx').on(table.occurredAt.desc(), table.id.desc()),
    index('events_actor_idx').on(table.actorId),
    // Serves a filter on the action alone as well as the tool-call activity (`action = 'tool.call' and occurred_at >= since`).
    index('events_action_occurred_at_idx').on(table.action, table.occurredAt.desc()),
  ],
);
