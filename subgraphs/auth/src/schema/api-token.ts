import { z } from 'zod';
import { roles } from '@mcp-portal/schema';
import { parseInput } from '@mcp-portal/kit';
import type { ApiTokenRow } from '../store/api-tokens.ts';
import type { CreatedApiToken } from '../services/api-tokens.ts';
import { builder } from './builder.ts';
import { RoleEnum, UserRef } from './user.ts';

export const ApiTokenRef = builder.objectRef<ApiTokenRow>('ApiToken').implement({
  description: 'A long-lived token for the CLI or an integration; its secret is shown only when it is created.',
  authScopes: { signedIn: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    role: t.field({ type: RoleEnum, resolve: (token) => token.role }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.objectFields(UserRef, (t) => ({
  apiTokens: t.loadableList({
    type: ApiTokenRef,
    description: "This user's API tokens, newest first, revoked and expired ones included (admin only; secrets are never returned).",
    authScopes: { role: 'admin' },
    // Every user of a list is read with one query.
    load: (userIds: string[], ctx) => ctx.services.apiTokens.listOfUsers(userIds),
    resolve: (user) => user.id,
  }),
}));

const CreatedApiTokenRef = builder.objectRef<CreatedApiToken>('CreatedApiToken').implement({
  authScopes: { signedIn: true },
  fields: (t) => ({
    token: t.exposeString('token', { description: 'Use as `Authorization: Bearer <token>` or DOCKER_MCP_TOKEN. Shown only now.' }),
    apiToken: t.field({ type: ApiTokenRef, resolve: (created) => created.apiToken }),
  }),
});

const defaultLifetimeDays = 90;
const createSchema = z.object({
  name: z.string().trim().min(1).max(100),
  role: z.enum(roles),
  expiresAt: z.date().nullish(),
});
const idSchema = z.string().uuid('must be an API token id (UUID)');

builder.queryFields((t) => ({
  apiTokens: t.field({
    type: [ApiTokenRef],
    description: "The signed-in user's API tokens, newest first (secrets are never returned).",
    authScopes: { signedIn: true },
    resolve: (_root, _args, ctx) => ctx.services.apiTokens.list(ctx),
  }),
}));

builder.mutationFields((t) => ({
  createApiToken: t.field({
    type: CreatedApiTokenRef,
    description: `Creates an API token with a role no higher than yours, expiring at expiresAt (default ${defaultLifetimeDays} days, at most 365).`,
    authScopes: { signedIn: true },
    args: { name: t.arg.string(), role: t.arg({ type: RoleEnum }), expiresAt: t.arg({ type: 'DateTime', required: false }) },
    resolve: (_root, args, ctx) => {
      const input = parseInput(createSchema, args, 'API token');
      const expiresAt = input.expiresAt ?? new Date(Date.now() + defaultLifetimeDays * 86_400_000);
      return ctx.services.apiTokens.create(input.name, input.role, expiresAt, ctx);
    },
  }),
  revokeApiToken: t.field({
    type: ApiTokenRef,
    description: "Revokes an API token: yours, or anyone's for an admin. Within five minutes it stops working everywhere.",
    authScopes: { signedIn: true },
    args: { id: t.arg.id() },
    resolve: (_root, args, ctx) => ctx.services.apiTokens.revoke(parseInput(idSchema, args.id, 'API token id'), ctx),
  }),
}));
