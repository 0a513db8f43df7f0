import { jsonb, pgSchema, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const configSchema = pgSchema('config');

/** Plain (non-secret) configuration values of an enabled server, one row per key. */
export const serverConfig = configSchema.table(
  'server_config',
  {
    serverId: uuid('server_id').notNull(),
    key: text('key').notNull(),
    value: jsonb('value').notNull(),
    updatedBy: uuid('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.serverId, table.key] })],
);
