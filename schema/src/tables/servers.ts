import { sql } from 'drizzle-orm';
import { jsonb, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';

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

/** Where a catalog entry of the table came from (bundled entries live in the catalog file, not here). */
export const catalogEntrySources = ['custom', 'import'] as const;
export type CatalogEntrySource = (typeof catalogEntrySources)[number];

/**
 * Catalog entries added by the team, by hand or by importing a catalog. An entry here overrides a bundled
 * entry (the catalog file, MCP_CATALOG_PATH) of the same name.
 */
export const catalogEntries = serversSchema.table('catalog_entries', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  name: text('name').notNull().unique(),
  /** The validated entry in Docker's catalog format (plus our `run:` extension), without its name. */
  entry: jsonb('entry').$type<Record<string, unknown>>().notNull(),
  source: text('source', { enum: catalogEntrySources }).notNull(),
  /** A user id owned by the auth subgraph (no cross-domain foreign key). */
  createdBy: uuid('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
