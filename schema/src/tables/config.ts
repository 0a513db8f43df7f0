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

/**
 * Secret values of an enabled server (API keys, tokens), sealed under the master key and bound to their
 * row: write-only through the API, opened only to start the server.
 */
export const serverSecrets = configSchema.table(
  'server_secrets',
  {
    serverId: uuid('server_id').notNull(),
    name: text('name').notNull(),
    sealedValue: text('sealed_value').notNull(),
    updatedBy: uuid('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.serverId, table.name] })],
);
