import { roles } from '@mcp-portal/schema';
import { z } from 'zod';
import type { GraphQLResolveInfo } from 'graphql';
import { emailAddress, parseInput, upperCaseEnumValues, type Viewer } from '@mcp-portal/kit';
import type { UserRow } from '../store/users.ts';
import { builder } from './builder.ts';

export const RoleEnum = builder.enumType('Role', {
  values: upperCaseEnumValues(roles),
});

/**
 * Loaded by id through a per-request DataLoader: the references other subgraphs send for a list (every
 * `enabledBy`, `updatedBy` of a page) resolve with one query.
 */
export const UserRef = builder.loadableObjectRef('User', {
  load: (ids: string[], ctx) => ctx.services.users.byIds(ids),
  sort: (user: UserRow) => user.id,
});

/** Whether this field is being resolved for another subgraph's reference (`_entities`), not a query of ours. */
function throughEntities(info: GraphQLResolveInfo): boolean {
  let path: GraphQLResolveInfo['path'] | undefined = info.path;
  while (path.prev) path = path.prev;
  return path.key === '_entities';
}

/**
 * What only admins see of other users, as with `users`: the role and status. A user sees their own
 * through `me` and their sign-in; references from other subgraphs (`enabledBy`, `updatedBy`, …) show
 * them to admins only, so a reference resolves the same for everyone of one role (subscription payloads
 * are resolved once per role) and `_entities` reaches no more than the queries do.
 */
const accountDetailScopes = (user: UserRow, _args: object, ctx: { viewer: Viewer | null }, info: GraphQLResolveInfo) =>
  ctx.viewer?.userId === user.id && !throughEntities(info) ? { public: true } : { role: 'admin' as const };

UserRef.implement({
  // Signed-in users read who did something (id, email, name); a user can always read themselves (the
  // `user` of a fresh login's payload). Role and status need accountDetailScopes.
  authScopes: (user, ctx) => (ctx.viewer?.userId === user.id ? { public: true } : { signedIn: true }),
  description: 'A person who uses the portal, the CLI or the API.',
  fields: (t) => ({
    id: t.exposeID('id'),
    email: t.exposeString('email'),
    displayName: t.exposeString('displayName', { nullable: true }),
    role: t.field({ type: RoleEnum, authScopes: accountDetailScopes, resolve: (u) => u.role }),
    createdAt: t.expose('createdAt', { type: 'DateTime', authScopes: accountDetailScopes }),
    disabled: t.boolean({ authScopes: accountDetailScopes, resolve: (u) => u.disabledAt !== null }),
  }),
});

builder.asEntity(UserRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: (ref, ctx) => UserRef.getDataloader(ctx).load(ref.id),
});

const userIdSchema = z.string().uuid('must be a user id (UUID)');

builder.queryFields((t) => ({
  me: t.field({
    type: UserRef,
    nullable: true,
    authScopes: { public: true },
    description: 'The signed-in user, or null without a token.',
    resolve: (_root, _args, ctx) => (ctx.viewer ? ctx.services.users.byId(ctx.viewer.userId) : null),
  }),
  users: t.field({
    type: [UserRef],
    description: 'Every user (admin only).',
    authScopes: { role: 'admin' },
    resolve: (_root, _args, ctx) => ctx.services.users.list(),
  }),
  user: t.field({
    type: UserRef,
    nullable: true,
    description: 'One user by id, or null for an unknown id (admin only; with their sessions and API tokens).',
    authScopes: { role: 'admin' },
    args: { id: t.arg.id() },
    resolve: (_root, args, ctx) => ctx.services.users.byId(parseInput(userIdSchema, args.id, 'user id')),
  }),
}));

const newUserSchema = z.object({
  email: emailAddress,
  password: z.string().min(8, 'use at least 8 characters').max(1024),
  role: z.enum(roles),
  displayName: z.string().trim().min(1).max(200).nullish(),
});

builder.mutationFields((t) => ({
  createUser: t.field({
    type: UserRef,
    description: 'Creates a local account (admin only).',
    authScopes: { role: 'admin' },
    args: {
      email: t.arg.string(),
      password: t.arg.string(),
      role: t.arg({ type: RoleEnum }),
      displayName: t.arg.string({ required: false }),
    },
    resolve: (_root, args, ctx) => {
      const user = parseInput(newUserSchema, args, 'user');
      return ctx.services.users.create({ ...user, displayName: user.displayName ?? undefined }, ctx);
    },
  }),
}));

const updateSchema = z
  .object({ id: userIdSchema, role: z.enum(roles).nullish(), disabled: z.boolean().nullish() })
  .refine((u) => u.role != null || u.disabled != null, { message: 'give a role, disabled, or both' });

builder.mutationFields((t) => ({
  updateUser: t.field({
    type: UserRef,
    description: "Changes a user's role or disables/enables them (admin only; not yourself, never the last active admin).",
    authScopes: { role: 'admin' },
    args: { id: t.arg.id(), role: t.arg({ type: RoleEnum, required: false }), disabled: t.arg.boolean({ required: false }) },
    resolve: (_root, args, ctx) => {
      const input = parseInput(updateSchema, args, 'user update');
      return ctx.services.users.update(input.id, { role: input.role ?? undefined, disabled: input.disabled ?? undefined }, ctx);
    },
  }),
}));
