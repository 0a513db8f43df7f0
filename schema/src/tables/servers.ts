import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, integer, jsonb, pgSchema, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const serversSchema = pgSchema('servers');

/** stopped → starting → running ⇄ unhealthy → stopping → stopped, or failed from any of them. */
export const serverStatuses = ['stopped', 'starting', 'running', 'unhealthy', 'stopping', 'failed'] as const;
export type ServerStatus = (typeof serverStatuses)[number];

/** What the team asked for; the lifecycle brings the status towards it (and restarts a server that dies). */
export const desiredStates = ['running', 'stopped'] as const;
export type DesiredState = (typeof desiredStates)[number];

export const serverRuntimes = ['docker', 'process', 'remote'] as const;
export type ServerRuntime = (typeof serverRuntimes)[number];

/** A tool as the server's tools/list describes it. */
export interface ServerToolRecord {
  name: string;
  title?: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}

export const servers = serversSchema.table('servers', {
  id: uuid('id')
    .primaryKey()
    .default(sql`gen_random_uuid()`),
  /** The catalog entry this server was enabled from; one enabled server per entry. */
  catalogName: text('catalog_name').notNull().unique(),
  status: text('status', { enum: serverStatuses }).notNull().default('stopped'),
  lastError: text('last_error'),
  /** A user id owned by the auth subgraph (no cross-domain foreign key). */
  enabledBy: uuid('enabled_by').notNull(),
  enabledAt: timestamp('enabled_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  desiredState: text('desired_state', { enum: desiredStates }).notNull().default('stopped'),
  runtime: text('runtime', { enum: serverRuntimes }),
  /** The container id or process key of the current instance. */
  instanceId: text('instance_id'),
  startedAt: timestamp('started_at', { withTimezone: true }),
  stoppedAt: timestamp('stopped_at', { withTimezone: true }),
  /** The last time the server answered an MCP ping. */
  lastHealthAt: timestamp('last_health_at', { withTimezone: true }),
  /** Automatic restarts since the team last started it. */
  restartCount: integer('restart_count').notNull().default(0),
  tools: jsonb('tools').$type<ServerToolRecord[]>().notNull().default([]),
  toolsUpdatedAt: timestamp('tools_updated_at', { withTimezone: true }),
});

export const logStreams = ['stdout', 'stderr', 'system'] as const;
export type LogStream = (typeof logStreams)[number];

/** The last lines each server wrote to stderr, plus the lifecycle's own notes (`system`); trimmed per server. */
export const serverLogs = serversSchema.table(
  'server_logs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    serverId: uuid('server_id')
      .notNull()
      .references(() => servers.id, { onDelete: 'cascade' }),
    stream: text('stream', { enum: logStreams }).notNull(),
    line: text('line').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('server_logs_server_idx').on(table.serverId, table.id)],
);

/** Where a catalog entry of the table came from (bundled entries live in the catalog file, not here). */
export const catalogEntrySources = ['custom', 'import'] as const;
export type CatalogEntrySource = (typeof catalogEntrySources)[number];

/**
 * Catalog entries added by the team, by hand or by importing a catalog. An entry here overrides a bundled
 * entry (the catalog file, MCP_CATALOG_PATH) of the same name.
 */
export const catalogEntries = serversSchema.table('catalog_entries', {
  id: uuid('id')
    .primaryKey()
    .default(sql`gen_random_uuid()`),
  name: text('name').notNull().unique(),
  /** The validated entry in Docker's catalog format (plus our `run:` extension), without its name. */
  entry: jsonb('entry').$type<Record<string, unknown>>().notNull(),
  source: text('source', { enum: catalogEntrySources }).notNull(),
  /** A user id owned by the auth subgraph (no cross-domain foreign key). */
  createdBy: uuid('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Which servers-subgraph replica runs the lifecycle (starts, stops, supervises the MCP servers): the one
 * holding the lease, renewed every few seconds; another takes over when it lapses.
 */
export const lifecycleLeases = serversSchema.table('lifecycle_leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  /** Where the holder answers signed internal requests (its running servers' sessions); null until it knows. */
  internalUrl: text('internal_url'),
});

/** The lowest role that may call a tool: operator (the default: every caller of tools) or admin only. */
export const toolMinRoles = ['operator', 'admin'] as const;
export type ToolMinRole = (typeof toolMinRoles)[number];

/**
 * The team's policy for one tool of one enabled server; a tool without a row is enabled for operators and
 * admins. A disabled tool is offered to no one (the gateway-proxy leaves it out of tools/list and refuses
 * its calls, and so does GraphQL callTool); an admin-only tool is listed and callable for admins only.
 */
export const toolPolicies = serversSchema.table(
  'tool_policies',
  {
    serverId: uuid('server_id')
      .notNull()
      .references(() => servers.id, { onDelete: 'cascade' }),
    /** The tool's own name on its server. */
    tool: text('tool').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    minRole: text('min_role', { enum: toolMinRoles }).notNull().default('operator'),
    /** A user id owned by the auth subgraph (no cross-domain foreign key). */
    updatedBy: uuid('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.serverId, table.tool] })],
);
