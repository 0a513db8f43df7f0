import { z } from 'zod';
import { parseInput, servedByRouter, upperCaseEnumValues } from '@mcp-portal/kit';
import { oauthConnectionStatuses, type OAuthConnectionView, type StartedAuthorization } from '../upstream-oauth/contract.ts';
import { builder } from './builder.ts';
import { ServerRef } from './server.ts';
import { UserRef } from './user.ts';

const idSchema = z.string().uuid();
const connectionIdSchema = z.string().min(1).max(200);
/** RFC 6749 scope tokens: printable ASCII but space, `"` and `\`. */
const scopesSchema = z
  .array(
    z
      .string()
      .min(1)
      .max(200)
      .regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, 'a scope is printable ASCII without spaces, quotes or backslashes'),
  )
  .max(50);
const completionSchema = z.object({
  state: z.string().min(1).max(512),
  code: z.string().min(1).max(4096),
  iss: z.string().url().max(2048).nullable(),
});

export const OAuthConnectionStatusEnum = builder.enumType('OAuthConnectionStatus', {
  description:
    'NEEDS_AUTHORIZATION: someone must authorize (again, or with more scopes); AUTHORIZED: calls carry a token; EXPIRED: its token could not be refreshed; REVOKED: revoked by a person or because the server was disabled; FAILED: the authorization failed (lastError says why).',
  values: upperCaseEnumValues(oauthConnectionStatuses),
});

export const OAuthConnectionRef = builder.objectRef<OAuthConnectionView>('OAuthConnection').implement({
  authScopes: { signedIn: true },
  description:
    "The platform's authorization at a remote MCP server's OAuth authorization server, for one user or for the whole team. Its tokens are sealed and never shown.",
  fields: (t) => ({
    id: t.exposeID('id'),
    server: t.field({ type: ServerRef, resolve: (connection) => ({ id: connection.serverId }) }),
    user: t.field({
      type: UserRef,
      nullable: true,
      description: 'Whose connection it is; null for the team connection of a server whose calls all carry one authorization.',
      resolve: (connection) => (connection.principal.kind === 'user' ? { id: connection.principal.userId } : null),
    }),
    team: t.boolean({ description: 'Whether it is the one connection of the whole team.', resolve: (connection) => connection.principal.kind === 'team' }),
    status: t.field({ type: OAuthConnectionStatusEnum, resolve: (connection) => connection.status }),
    scopes: t.exposeStringList('scopes'),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true, description: 'When the access token expires (it is refreshed before then).' }),
    issuer: t.exposeString('issuer', { nullable: true, description: 'The authorization server, once discovered.' }),
    lastError: t.exposeString('lastError', { nullable: true, description: 'Why it is FAILED or EXPIRED.' }),
    authorizedBy: t.field({
      type: UserRef,
      nullable: true,
      description: 'Who completed the authorization last.',
      resolve: (connection) => (connection.authorizedBy ? { id: connection.authorizedBy } : null),
    }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const AuthorizeServerResultRef = builder.objectRef<StartedAuthorization>('AuthorizeServerResult').implement({
  authScopes: { signedIn: true },
  description: 'Where to send the browser to consent; it comes back to the portal, which calls completeServerAuthorization.',
  fields: (t) => ({
    authorizationUrl: t.exposeString('authorizationUrl'),
    connection: t.field({ type: OAuthConnectionRef, resolve: (started) => started.connection }),
  }),
});

builder.objectField(ServerRef, 'oauthConnection', (t) =>
  t.field({
    type: OAuthConnectionRef,
    nullable: true,
    description:
      "The OAuth connection this remote server's calls carry for you: your own for a per-user server, the team's for a team server (NEEDS_AUTHORIZATION until someone authorizes); null for a server that needs no OAuth (signed-in users).",
    authScopes: { signedIn: true },
    resolve: (server, _args, ctx) => ctx.services.connections.forServer(parseInput(idSchema, server.id, 'server id'), ctx),
  }),
);

builder.queryFields((t) => ({
  oauthConnections: t.field({
    type: [OAuthConnectionRef],
    description:
      "OAuth connections to remote servers: your own and the team's; an admin may name a user (userId) or leave it out for everyone's. Optionally of one server (signed-in users).",
    authScopes: { signedIn: true },
    args: { serverId: t.arg.id({ required: false }), userId: t.arg.id({ required: false }) },
    resolve: (_root, args, ctx) =>
      ctx.services.connections.list(
        {
          ...(args.serverId ? { serverId: parseInput(idSchema, args.serverId, 'server id') } : {}),
          ...(args.userId ? { userId: parseInput(idSchema, args.userId, 'user id') } : {}),
        },
        ctx,
      ),
  }),
  oauthConnection: t.field({
    type: OAuthConnectionRef,
    nullable: true,
    description: 'One OAuth connection by id: yours or the team’s (any for an admin); null otherwise (signed-in users).',
    authScopes: { signedIn: true },
    args: { id: t.arg.id() },
    resolve: (_root, args, ctx) => ctx.services.connections.byId(parseInput(connectionIdSchema, args.id, 'connection id'), ctx),
  }),
}));

builder.mutationType({});
builder.mutationFields((t) => ({
  authorizeServer: t.field({
    type: AuthorizeServerResultRef,
    description:
      'Starts authorizing a remote server: for yourself on a per-user server (any signed-in user), for the team on a team server (operator or admin). `scopes` adds to what the server asks for. BAD_USER_INPUT for a server that is not remote or needs no OAuth.',
    authScopes: { signedIn: true },
    args: { serverId: t.arg.id(), scopes: t.arg.stringList({ required: false }) },
    resolve: (_root, args, ctx) =>
      ctx.services.connections.authorize(
        parseInput(idSchema, args.serverId, 'server id'),
        args.scopes ? parseInput(scopesSchema, args.scopes, 'scopes') : undefined,
        ctx,
      ),
  }),
  completeServerAuthorization: t.field({
    type: OAuthConnectionRef,
    description:
      "Completes an authorization with what the authorization server put on the redirect to the portal's callback (code, state, iss). Only the user who started it, once, before it expires.",
    authScopes: { signedIn: true },
    args: { state: t.arg.string(), code: t.arg.string(), iss: t.arg.string({ required: false }) },
    resolve: (_root, args, ctx) =>
      ctx.services.connections.complete(
        parseInput(completionSchema, { state: args.state, code: args.code, iss: args.iss ?? null }, 'authorization response'),
        ctx,
      ),
  }),
  revokeServerAuthorization: t.field({
    type: OAuthConnectionRef,
    description:
      "Revokes an OAuth connection at its authorization server and erases its tokens: your own (no userId); another user's or a team server's (admin).",
    authScopes: { signedIn: true },
    args: { serverId: t.arg.id(), userId: t.arg.id({ required: false }) },
    resolve: (_root, args, ctx) =>
      ctx.services.connections.revoke(
        parseInput(idSchema, args.serverId, 'server id'),
        args.userId ? parseInput(idSchema, args.userId, 'user id') : undefined,
        ctx,
      ),
  }),
}));

builder.subscriptionType({});
builder.subscriptionFields((t) => ({
  oauthConnectionChanged: t.field({
    type: OAuthConnectionRef,
    description:
      "Emits an OAuth connection each time its status, scopes or expiry change: your own and the team's (everyone's for an admin); of one server when serverId is given. Served by the router over graphql-ws.",
    authScopes: { signedIn: true },
    args: { serverId: t.arg.id({ required: false }) },
    subscribe: servedByRouter,
    resolve: (connection: OAuthConnectionView) => connection,
  }),
}));
