import { roles } from '@mcp-portal/schema';
import { requireRole, upperCaseEnumValues } from '@mcp-portal/kit';
import type { UserRow } from '../store/users.ts';
import { builder } from './builder.ts';

export const RoleEnum = builder.enumType('Role', {
  values: upperCaseEnumValues(roles),
});

export const UserRef = builder.objectRef<UserRow>('User');

UserRef.implement({
  description: 'A person who uses the portal, the CLI or the API.',
  fields: (t) => ({
    id: t.exposeID('id'),
    email: t.exposeString('email'),
    displayName: t.exposeString('displayName', { nullable: true }),
    role: t.field({ type: RoleEnum, resolve: (u) => u.role }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.asEntity(UserRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: (ref, ctx) => ctx.services.users.byId(ref.id),
});

builder.queryFields((t) => ({
  me: t.field({
    type: UserRef,
    nullable: true,
    description: 'The signed-in user, or null without a token.',
    resolve: (_root, _args, ctx) => (ctx.viewer ? ctx.services.users.byId(ctx.viewer.userId) : null),
  }),
  users: t.field({
    type: [UserRef],
    description: 'Every user (admin only).',
    resolve: (_root, _args, ctx) => {
      requireRole(ctx.viewer, 'admin');
      return ctx.services.users.list();
    },
  }),
}));
