import { z } from 'zod';
import { dcrTables } from '@mcp-portal/schema';
import { parseInput, UnauthenticatedError, upperCaseEnumValues } from '@mcp-portal/kit';
import type { NamedGrantRow } from '../authorization/grant-store.ts';
import type { PendingAuthorization } from '../authorization/service.ts';
import { builder } from './builder.ts';
import { UserRef } from './user.ts';

const ClientKindEnum = builder.enumType('OAuthAuthorizationClientKind', {
  description: 'Who vouches for the client: a registration (RFC 7591), or the metadata document its client id is the URL of (CIMD).',
  values: upperCaseEnumValues(dcrTables.authorizationClientKinds),
});

const OAuthAuthorizationRequestRef = builder.objectRef<PendingAuthorization>('OAuthAuthorizationRequest').implement({
  authScopes: { signedIn: true },
  description: "An application's request for access to the gateway-proxy on the signed-in user's behalf, waiting for their consent.",
  fields: (t) => ({
    id: t.exposeID('id'),
    clientId: t.exposeString('clientId'),
    clientName: t.exposeString('clientName', { description: "'' when the client has no name." }),
    clientUri: t.exposeString('clientUri', { nullable: true, description: "The client's home page, as it says (https)." }),
    clientKind: t.field({ type: ClientKindEnum, resolve: (r) => r.clientKind }),
    redirectUri: t.exposeString('redirectUri'),
    redirectHost: t.exposeString('redirectHost', { description: 'Where the browser goes back to, with the code, if approved.' }),
    scopes: t.exposeStringList('scopes'),
    resource: t.exposeString('resource', { description: 'What the tokens are for: the gateway-proxy’s MCP endpoint.' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
  }),
});

const OAuthAuthorizationDecisionRef = builder.objectRef<{ redirectTo: string }>('OAuthAuthorizationDecision').implement({
  authScopes: { signedIn: true },
  fields: (t) => ({
    redirectTo: t.exposeString('redirectTo', { description: "Where the browser goes now: the client's redirect URI with the code, or with access_denied." }),
  }),
});

const OAuthGrantRef = builder.objectRef<NamedGrantRow>('OAuthGrant').implement({
  authScopes: { signedIn: true },
  description: "An application a user authorized at the platform's authorization server: it gets tokens for the gateway-proxy acting as that user.",
  fields: (t) => ({
    id: t.exposeID('id'),
    clientId: t.exposeString('clientId'),
    clientName: t.exposeString('clientName', {
      description: "The registered client's name; '' for a metadata document client (its client id is the document's URL).",
    }),
    clientKind: t.field({ type: ClientKindEnum, resolve: (g) => g.clientKind }),
    user: t.field({ type: UserRef, resolve: (g) => ({ id: g.userId }) }),
    scopes: t.stringList({ resolve: (g) => g.scope.split(' ').filter(Boolean) }),
    resource: t.exposeString('resource'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true, description: 'When it last refreshed its tokens.' }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
  }),
});

const grantIdSchema = z.string().uuid('is not a grant id');

const requestIdSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'is not an authorization request id');

builder.queryFields((t) => ({
  oauthAuthorizationRequest: t.field({
    type: OAuthAuthorizationRequestRef,
    nullable: true,
    description: 'An authorization request waiting for consent (the consent page); null when unknown, expired or already answered.',
    authScopes: { signedIn: true },
    args: { id: t.arg.id() },
    resolve: (_root, args, ctx) => ctx.services.authorization.pending(parseInput(requestIdSchema, args.id, 'authorization request id')),
  }),
}));

builder.queryFields((t) => ({
  oauthGrants: t.field({
    type: [OAuthGrantRef],
    description:
      "The applications you authorized (MCP clients signed in with OAuth), newest first; an admin may name a user (userId) or ask for everyone's (everyone: true). Revoked ones only with includeRevoked (signed-in users).",
    authScopes: { signedIn: true },
    args: {
      userId: t.arg.id({ required: false }),
      everyone: t.arg.boolean({ required: false }),
      includeRevoked: t.arg.boolean({ required: false, defaultValue: false }),
    },
    resolve: (_root, args, ctx) => {
      if (!ctx.viewer) throw new UnauthenticatedError('Sign in to see your authorized applications.');
      return ctx.services.authorization.grants(ctx.viewer, {
        ...(args.userId ? { userId: parseInput(z.string().uuid('is not a user id'), args.userId, 'user id') } : {}),
        everyone: args.everyone ?? false,
        includeRevoked: args.includeRevoked ?? false,
      });
    },
  }),
}));

builder.mutationFields((t) => ({
  revokeOAuthGrant: t.field({
    type: OAuthGrantRef,
    description:
      "Ends an application's access: its refresh tokens stop at once, its access tokens when they expire (minutes). Yours, or anyone's for an admin; NOT_FOUND otherwise. Audited (signed-in users).",
    authScopes: { signedIn: true },
    args: { id: t.arg.id() },
    resolve: (_root, args, ctx) => {
      const viewer = ctx.viewer;
      if (!viewer) throw new UnauthenticatedError('Sign in to revoke an authorized application.');
      return ctx.services.authorization.revokeGrant(parseInput(grantIdSchema, args.id, 'grant id'), { ...ctx, viewer });
    },
  }),
}));

builder.mutationFields((t) => ({
  decideOAuthAuthorization: t.field({
    type: OAuthAuthorizationDecisionRef,
    description:
      "The signed-in user's answer on the consent page: approve gives the client a code for tokens that act as this user (with their role) at the gateway-proxy; deny sends access_denied. Audited. NOT_FOUND when the request is unknown, expired or already answered.",
    authScopes: { signedIn: true },
    args: { id: t.arg.id(), approve: t.arg.boolean() },
    resolve: (_root, args, ctx) => {
      const viewer = ctx.viewer;
      if (!viewer) throw new UnauthenticatedError('Sign in to answer an authorization request.');
      return ctx.services.authorization.decide(parseInput(requestIdSchema, args.id, 'authorization request id'), args.approve, { ...ctx, viewer });
    },
  }),
}));
