import { z } from 'zod';
import { dcrTables } from '@mcp-portal/schema';
import { parseInput, upperCaseEnumValues } from '@mcp-portal/kit';
import { redirectHostsOf, type OAuthClientPage, type OAuthClientView, type RotatedSecret } from '../services/oauth-clients.ts';
import { oauthClientStatuses } from '../store/oauth-clients.ts';
import { builder } from './builder.ts';
import { UserRef } from './user.ts';

const { dcrBackends, oauthClientAuthMethods, oauthClientApplicationTypes } = dcrTables;

export const DcrBackendEnum = builder.enumType('DcrBackend', {
  values: upperCaseEnumValues(dcrBackends),
});

const TokenEndpointAuthMethodEnum = builder.enumType('OAuthClientAuthMethod', {
  description: 'How a client authenticates at the token endpoint (RFC 7591 §2): NONE for a public client.',
  values: upperCaseEnumValues(oauthClientAuthMethods),
});

const ApplicationTypeEnum = builder.enumType('OAuthClientApplicationType', {
  values: upperCaseEnumValues(oauthClientApplicationTypes),
});

const OAuthClientStatusEnum = builder.enumType('OAuthClientStatus', {
  description: 'ACTIVE until an admin revokes the client; a REVOKED client stays listed for the record.',
  values: upperCaseEnumValues(oauthClientStatuses),
});

export const OAuthClientRef = builder.objectRef<OAuthClientView>('OAuthClient');

/** Where an azure client lives: the ids its row keeps (null in rows registered before they were kept). */
const OAuthClientAzureRef = builder.objectRef<OAuthClientView>('OAuthClientAzure').implement({
  authScopes: { role: 'admin' },
  description: 'Where a client of the azure backend lives in Entra ID and Key Vault (never its secret).',
  fields: (t) => ({
    applicationId: t.exposeString('azureApplicationId', {
      nullable: true,
      description: "The Entra application's object id (Graph /applications/{id}; its appId is the client id).",
    }),
    servicePrincipalId: t.exposeString('azureServicePrincipalId', { nullable: true, description: "The service principal's object id." }),
    keyVaultUrl: t.exposeString('azureVaultUrl', { nullable: true, description: 'The Key Vault that keeps the client secret; null for a public client.' }),
    keyVaultSecretName: t.exposeString('azureVaultSecretName', {
      nullable: true,
      description: 'The name of the vault secret that keeps the client secret (each rotation adds a version); null for a public client.',
    }),
  }),
});

OAuthClientRef.implement({
  authScopes: { role: 'admin' },
  description: 'An OAuth client registered through dynamic client registration (RFC 7591); its secret is never exposed.',
  fields: (t) => ({
    clientId: t.exposeString('clientId'),
    clientName: t.exposeString('clientName', { description: "'' when the client registered no client_name." }),
    backend: t.field({ type: DcrBackendEnum, resolve: (c) => c.backend }),
    redirectUris: t.exposeStringList('redirectUris'),
    redirectHosts: t.stringList({
      description: "The hosts of the redirect URIs (a native app's private-use scheme), each once.",
      resolve: (c) => redirectHostsOf(c.redirectUris),
    }),
    grantTypes: t.exposeStringList('grantTypes'),
    tokenEndpointAuthMethod: t.field({ type: TokenEndpointAuthMethodEnum, resolve: (c) => c.tokenEndpointAuthMethod }),
    applicationType: t.field({ type: ApplicationTypeEnum, resolve: (c) => c.applicationType }),
    createdBy: t.field({
      type: UserRef,
      nullable: true,
      description: 'The signed-in user who registered it; null for an anonymous registration.',
      resolve: (c) => (c.createdBy ? { id: c.createdBy } : null),
    }),
    sourceAddress: t.exposeString('sourceAddress', {
      nullable: true,
      authScopes: { role: 'admin' },
      description: 'The address the registration came from (admins only).',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true }),
    revokedAt: t.expose('revokedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When an admin revoked it (the client stays listed for the record; nothing can use it); null while it is active.',
    }),
    clientSecretExpiresAt: t.expose('clientSecretExpiresAt', {
      type: 'DateTime',
      nullable: true,
      description: "When its current secret stops working (azure: the password's end); null when it does not expire, or there is no secret.",
    }),
    azure: t.field({
      type: OAuthClientAzureRef,
      nullable: true,
      description: 'Where it lives in Entra ID and Key Vault; null for a client of another backend.',
      resolve: (c) => (c.backend === 'azure' ? c : null),
    }),
  }),
});

const clientIdSchema = z.string().min(1).max(255);

builder.asEntity(OAuthClientRef, {
  key: builder.selection<{ clientId: string }>('clientId'),
  resolveReference: (ref, ctx) => ctx.services.clients.byClientId(parseInput(clientIdSchema, ref.clientId, 'client id')),
});

const OAuthClientPageRef = builder.objectRef<OAuthClientPage>('OAuthClientPage').implement({
  authScopes: { role: 'admin' },
  fields: (t) => ({
    clients: t.field({ type: [OAuthClientRef], resolve: (page) => page.clients }),
    endCursor: t.exposeString('endCursor', { nullable: true, description: 'Pass as `after` for the next page.' }),
    hasNextPage: t.exposeBoolean('hasNextPage'),
    totalCount: t.exposeInt('totalCount', { description: 'Clients matching the filter, over all pages.' }),
  }),
});

const RotatedOAuthClientSecretRef = builder.objectRef<RotatedSecret>('RotatedOAuthClientSecret').implement({
  authScopes: { role: 'admin' },
  description: 'A new client secret: shown this once (only its hash is stored).',
  fields: (t) => ({
    client: t.field({ type: OAuthClientRef, resolve: (r) => r.client }),
    clientSecret: t.exposeString('clientSecret'),
  }),
});

const OAuthClientFilter = builder.inputType('OAuthClientFilter', {
  fields: (t) => ({
    backend: t.field({ type: DcrBackendEnum, required: false }),
    createdBy: t.id({ required: false, description: 'The id of the user who registered it.' }),
    search: t.string({ required: false, description: 'Case-insensitive, over the client id, the name and the redirect URIs.' }),
    status: t.field({ type: OAuthClientStatusEnum, required: false, description: 'Only active or only revoked clients; default both.' }),
  }),
});

const filterSchema = z.object({
  backend: z.enum(dcrBackends).nullish(),
  status: z.enum(oauthClientStatuses).nullish(),
  createdBy: z.string().max(200).nullish(),
  search: z.string().max(200).nullish(),
});
const pageSchema = z.object({ first: z.number().int().min(1).max(200), after: z.string().max(500).nullish() });

builder.queryFields((t) => ({
  oauthClients: t.field({
    type: OAuthClientPageRef,
    description: 'Registered OAuth clients, newest first, filtered and cursor-paginated (admin only).',
    authScopes: { role: 'admin' },
    args: {
      filter: t.arg({ type: OAuthClientFilter, required: false }),
      first: t.arg.int({ required: false, defaultValue: 50 }),
      after: t.arg.string({ required: false }),
    },
    resolve: (_root, args, ctx) => {
      const filter = parseInput(filterSchema, args.filter ?? {}, 'OAuth client filter');
      const page = parseInput(pageSchema, { first: args.first ?? 50, after: args.after }, 'page');
      return ctx.services.clients.page(
        {
          backend: filter.backend ?? undefined,
          createdBy: filter.createdBy ?? undefined,
          search: filter.search || undefined,
          status: filter.status ?? undefined,
        },
        page.first,
        page.after ?? null,
      );
    },
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

builder.mutationFields((t) => ({
  revokeOAuthClient: t.field({
    type: OAuthClientRef,
    description:
      'Revokes a client (admin only): its secret, registration access token and grants stop working and it is removed at its backend (azure: its vault secret, service principal and application), so nothing can use or manage it again; it stays listed, with revokedAt. Answers the revoked client. NOT_FOUND for an unknown client; BAD_USER_INPUT for one already revoked; SERVICE_UNAVAILABLE, and nothing revoked, when the backend fails.',
    authScopes: { role: 'admin' },
    args: { clientId: t.arg.string() },
    resolve: (_root, args, ctx) => ctx.services.clients.revoke(parseInput(clientIdSchema, args.clientId, 'client id'), ctx, ctx.services.registration),
  }),
  rotateOAuthClientSecret: t.field({
    type: RotatedOAuthClientSecretRef,
    description:
      "Replaces a confidential client's secret (admin only); the new one is shown once and the old one stops working. azure: a new password of its application, kept as the vault secret's next version, then the old password removed. BAD_USER_INPUT for a public or a revoked client; SERVICE_UNAVAILABLE, and the old secret still working, when the backend fails.",
    authScopes: { role: 'admin' },
    args: { clientId: t.arg.string() },
    resolve: (_root, args, ctx) => ctx.services.clients.rotateSecret(parseInput(clientIdSchema, args.clientId, 'client id'), ctx, ctx.services.registration),
  }),
}));
