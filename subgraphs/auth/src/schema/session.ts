import { z } from 'zod';
import { emailAddress, parseInput } from '@mcp-portal/kit';
import type { LoginResult } from '../services/users.ts';
import type { ActiveSessionRow } from '../store/refresh-tokens.ts';
import { builder } from './builder.ts';
import { UserRef } from './user.ts';

const AuthPayloadRef = builder.objectRef<LoginResult>('AuthPayload').implement({
  authScopes: { public: true },
  fields: (t) => ({
    token: t.exposeString('token', { description: 'A bearer token for the Authorization header and graphql-ws connectionParams.' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    refreshToken: t.exposeString('refreshToken', {
      description: 'Exchange it with refreshSession for a new token before this one expires; it works once (a reuse signs the session out).',
    }),
    refreshExpiresAt: t.expose('refreshExpiresAt', { type: 'DateTime' }),
    user: t.field({ type: UserRef, resolve: (p) => p.user }),
  }),
});

const credentialsSchema = z.object({ email: emailAddress, password: z.string().min(1).max(1024) });

builder.mutationType({});
builder.mutationFields((t) => ({
  login: t.field({
    type: AuthPayloadRef,
    description: 'Local login with email and password.',
    authScopes: { public: true },
    args: { email: t.arg.string(), password: t.arg.string() },
    resolve: async (_root, args, ctx) => {
      const { email, password } = parseInput(credentialsSchema, args, 'credentials');
      const result = await ctx.services.users.login(email, password, ctx);
      // The rest of this request's selection (`user { … }`) is read as the user who just signed in.
      ctx.viewer = { userId: result.user.id, email: result.user.email, role: result.user.role };
      return result;
    },
  }),
}));

const passwordChangeSchema = z
  .object({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().min(8, 'use at least 8 characters').max(1024) })
  .refine((p) => p.currentPassword !== p.newPassword, { message: 'choose a password different from the current one', path: ['newPassword'] });

builder.mutationFields((t) => ({
  changePassword: t.field({
    type: 'Boolean',
    description: "Changes the signed-in user's own password.",
    authScopes: { signedIn: true },
    args: { currentPassword: t.arg.string(), newPassword: t.arg.string() },
    resolve: async (_root, args, ctx) => {
      const { currentPassword, newPassword } = parseInput(passwordChangeSchema, args, 'password change');
      await ctx.services.users.changePassword(currentPassword, newPassword, ctx);
      return true;
    },
  }),
}));

const refreshTokenSchema = z.string().min(1).max(200);

builder.mutationFields((t) => ({
  refreshSession: t.field({
    type: AuthPayloadRef,
    description: 'Exchanges a refresh token for a new access token and a new refresh token (the old one stops working).',
    authScopes: { public: true },
    args: { refreshToken: t.arg.string() },
    resolve: async (_root, args, ctx) => {
      const session = await ctx.services.sessions.refresh(parseInput(refreshTokenSchema, args.refreshToken, 'refresh token'), ctx);
      ctx.viewer = { userId: session.user.id, email: session.user.email, role: session.user.role };
      return session;
    },
  }),
  logout: t.field({
    type: 'Boolean',
    description: 'Ends the session of a refresh token (every token of that sign-in); false if it had already ended.',
    authScopes: { public: true },
    args: { refreshToken: t.arg.string() },
    resolve: (_root, args, ctx) => ctx.services.sessions.logout(parseInput(refreshTokenSchema, args.refreshToken, 'refresh token'), ctx),
  }),
}));

const SessionRef = builder.objectRef<ActiveSessionRow>('Session').implement({
  description:
    'One sign-in (portal, OIDC or the login mutation) that can still be refreshed: its refresh tokens rotate on every use. Neither the token nor where it was used from is shown.',
  authScopes: { role: 'admin' },
  fields: (t) => ({
    id: t.exposeID('id'),
    createdAt: t.expose('createdAt', {
      type: 'DateTime',
      description: 'When the user signed in (as far as the tokens kept tell: those expired over a day ago are purged).',
    }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', description: 'When the session was last refreshed, or the sign-in if it never was.' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', description: 'When it ends unless refreshed before.' }),
  }),
});

builder.objectFields(UserRef, (t) => ({
  sessions: t.loadableList({
    type: SessionRef,
    description: "This user's active sessions, oldest sign-in first (admin only).",
    authScopes: { role: 'admin' },
    load: (userIds: string[], ctx) => ctx.services.sessions.activeOf(userIds),
    resolve: (user) => user.id,
  }),
}));

const sessionIdSchema = z.string().uuid('must be a session id (UUID)');

builder.mutationFields((t) => ({
  revokeSession: t.field({
    type: UserRef,
    description:
      "Ends one of anyone's active sessions (admin only): its next refresh fails, and an access token already issued works until it expires (minutes). Returns the session's user.",
    authScopes: { role: 'admin' },
    args: { id: t.arg.id() },
    resolve: async (_root, args, ctx) => {
      const owner = await ctx.services.sessions.revoke(parseInput(sessionIdSchema, args.id, 'session id'), ctx);
      return UserRef.getDataloader(ctx).load(owner);
    },
  }),
}));
