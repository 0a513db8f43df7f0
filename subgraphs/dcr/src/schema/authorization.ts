import { z } from 'zod';
import { dcrTables } from '@mcp-portal/schema';
import { parseInput, UnauthenticatedError, upperCaseEnumValues } from '@mcp-portal/kit';
import type { PendingAuthorization } from '../authorization/service.ts';
import { builder } from './builder.ts';

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
