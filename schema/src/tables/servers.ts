import { sql } from 'drizzle-orm';
import { pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const serversSchema = pgSchema('servers');

export const serverStatuses = ['stopped', 'starting', 'running', 'stopping', 'error'] as const;
export type ServerStatus = (typeof serverStatuses)[number];

export const servers = serversSchema.table('servers', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  /** The catalog entry this server was enabled from; one enabled server per entry. */
  catalogName: text('catalog_name').notNull().unique(),
  status: text('status', { enum: serverStatuses }).notNull().default('stopped'),
  lastError: text('last_error'),
  /** A user id owned by the auth subgraph (no cross-domain foreign key). */
  enabledBy: uuid('enabled_by').notNull(),
  enabledAt: timestamp('enabled_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
