import { jsonb, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';

export const dcrSchema = pgSchema('dcr');

export const dcrBackends = ['local', 'azure'] as const;
export type DcrBackend = (typeof dcrBackends)[number];

/** Clients registered through RFC 7591; the secret itself never lives in this table. */
export const oauthClients = dcrSchema.table('oauth_clients', {
  clientId: text('client_id').primaryKey(),
  clientName: text('client_name').notNull(),
  redirectUris: jsonb('redirect_uris').$type<string[]>().notNull(),
  grantTypes: jsonb('grant_types').$type<string[]>().notNull(),
  backend: text('backend', { enum: dcrBackends }).notNull().default('local'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
