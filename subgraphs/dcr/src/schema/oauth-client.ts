import { z } from 'zod';
import { dcrTables } from '@mcp-portal/schema';
import { parseInput, upperCaseEnumValues } from '@mcp-portal/kit';
import type { OAuthClientRow } from '../store/oauth-clients.ts';
import { builder } from './builder.ts';

const { dcrBackends } = dcrTables;

export const DcrBackendEnum = builder.enumType('DcrBackend', {
  values: upperCaseEnumValues(dcrBackends),
});

export const OAuthClientRef = builder.objectRef<OAuthClientRow>('OAuthClient');

OAuthClientRef.implement({
  authScopes: { role: 'admin' },
  description: 'An OAuth client registered through dynamic client registration (RFC 7591); its secret is never exposed.',
  fields: (t) => ({
    clientId: t.exposeString('clientId'),
    clientName: t.exposeString('clientName'),
    redirectUris: t.exposeStringList('redirectUris'),
    grantTypes: t.exposeStringList('grantTypes'),
    backend: t.field({ type: DcrBackendEnum, resolve: (c) => c.backend }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const clientIdSchema = z.string().min(1).max(255);

builder.asEntity(OAuthClientRef, {
  key: builder.selection<{ clientId: string }>('clientId'),
  resolveReference: (ref, ctx) => ctx.services.clients.byClientId(parseInput(clientIdSchema, ref.clientId, 'client id')),
});

builder.queryFields((t) => ({
  oauthClients: t.field({
    type: [OAuthClientRef],
    description: 'Every registered OAuth client, newest first (admin only).',
    authScopes: { role: 'admin' },
    resolve: (_root, _args, ctx) => ctx.services.clients.list(),
  }),
  oauthClient: t.field({
    type: OAuthClientRef,
    nullable: true,
    description: 'One registered OAuth client by client id (admin only).',
    authScopes: { role: 'admin' },
    args: { clientId: t.arg.string() },
    resolve: (_root, args, ctx) => ctx.services.clients.byClientId(parseInput(clientIdSchema, args.clientId, 'client id')),
  }),
}));
