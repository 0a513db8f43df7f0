import { sql } from 'drizzle-orm';
import { index, pgSchema, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const authSchema = pgSchema('auth');

export const roles = ['admin', 'operator', 'viewer'] as const;
export type Role = (typeof roles)[number];

export const users = authSchema.table('users', {
  id: uuid('id')
    .primaryKey()
    .default(sql`gen_random_uuid()`),
  email: text('email').notNull().unique(),
  displayName: text('display_name'),
  passwordHash: text('password_hash'),
  role: text('role', { enum: roles }).notNull().default('viewer'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /** A disabled user cannot sign in and their API tokens stop working. */
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
});

/** Asymmetric keys the auth subgraph signs JWTs with; the public halves are served as a JWKS. */
export const signingKeys = authSchema.table('signing_keys', {
  kid: text('kid').primaryKey(),
  algorithm: text('algorithm').notNull(),
  privateJwk: text('private_jwk').notNull(),
  publicJwk: text('public_jwk').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Long-lived tokens for the CLI and integrations. Only a SHA-256 of the secret is kept; the token is
 * shown once. The router exchanges one for a short-lived JWT carrying the token's role (never above
 * its owner's).
 */
export const apiTokens = authSchema.table('api_tokens', {
  id: uuid('id')
    .primaryKey()
    .default(sql`gen_random_uuid()`),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  role: text('role', { enum: roles }).notNull(),
  secretHash: text('secret_hash').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

/**
 * Refresh tokens of interactive sessions: opaque, only a SHA-256 kept, rotated on every use. All tokens
 * descending from one sign-in share a family; presenting a token that was already used revokes the
 * whole family (it was stolen or replayed), and signing out revokes it too.
 */
export const refreshTokens = authSchema.table(
  'refresh_tokens',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    familyId: uuid('family_id').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** Set when exchanged for its successor; a second use is a replay. */
    usedAt: timestamp('used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (table) => [index('refresh_tokens_family_idx').on(table.familyId), index('refresh_tokens_expires_idx').on(table.expiresAt)],
);

/** Where an OIDC user came from: one account per (issuer, subject). */
export const externalIdentities = authSchema.table(
  'external_identities',
  {
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.issuer, table.subject] })],
);

/** OIDC sign-ins under way: the state, the sealed PKCE verifier and the nonce, for ten minutes. */
export const oidcLogins = authSchema.table('oidc_logins', {
  stateHash: text('state_hash').primaryKey(),
  codeVerifier: text('code_verifier').notNull(),
  nonce: text('nonce').notNull(),
  returnTo: text('return_to').notNull().default('/'),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

export const deviceAuthorizationStatuses = ['pending', 'approved', 'denied'] as const;
export type DeviceAuthorizationStatus = (typeof deviceAuthorizationStatuses)[number];

/**
 * RFC 8628-style sign-in for the CLI: the CLI holds the device code, the user approves the short user
 * code in the portal, and the CLI picks up an API token minted for it (sealed until delivered, then erased).
 */
export const deviceAuthorizations = authSchema.table('device_authorizations', {
  id: uuid('id')
    .primaryKey()
    .default(sql`gen_random_uuid()`),
  deviceCodeHash: text('device_code_hash').notNull().unique(),
  userCode: text('user_code').notNull().unique(),
  clientName: text('client_name').notNull(),
  status: text('status', { enum: deviceAuthorizationStatuses }).notNull().default('pending'),
  userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
  apiTokenId: uuid('api_token_id'),
  sealedToken: text('sealed_token'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  lastPolledAt: timestamp('last_polled_at', { withTimezone: true }),
});
