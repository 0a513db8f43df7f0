import { z } from 'zod';
import { serverStatuses } from '@mcp-portal/schema';
import { parseInput, servedByRouter, upperCaseEnumValues } from '@mcp-portal/kit';
import type { ServerRow } from '../store/servers.ts';
import { builder } from './builder.ts';
import { CatalogEntryRef } from './catalog-entry.ts';
import { UserRef } from './user.ts';

export const ServerStatusEnum = builder.enumType('ServerStatus', {
  values: upperCaseEnumValues(serverStatuses),
});

export const ServerRef = builder.objectRef<ServerRow>('Server');

ServerRef.implement({
  authScopes: { signedIn: true },
  description: 'An MCP server enabled from the catalog.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('catalogName'),
    status: t.field({ type: ServerStatusEnum, resolve: (s) => s.status }),
    lastError: t.exposeString('lastError', { nullable: true }),
    enabledAt: t.expose('enabledAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    enabledBy: t.field({ type: UserRef, resolve: (s) => ({ id: s.enabledBy }) }),
    catalogEntry: t.field({
      type: CatalogEntryRef,
      nullable: true,
      resolve: (s, _args, ctx) => ctx.services.catalog.get(s.catalogName),
    }),
  }),
});

builder.asEntity(ServerRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: (ref, ctx) => ctx.services.servers.byId(ref.id),
});

const idSchema = z.string().uuid('must be a server id (UUID)');
const nameSchema = z.string().min(1).max(128);

builder.queryFields((t) => ({
  servers: t.field({
    type: [ServerRef],
    authScopes: { signedIn: true },
    resolve: (_root, _args, ctx) => ctx.services.servers.list(),
  }),
  server: t.field({
    type: ServerRef,
    nullable: true,
    authScopes: { signedIn: true },
    args: { id: t.arg.id() },
    resolve: (_root, args, ctx) => ctx.services.servers.byId(parseInput(idSchema, args.id, 'server id')),
  }),
}));

builder.mutationType({});
builder.mutationFields((t) => ({
  enableServer: t.field({
    type: ServerRef,
    description: 'Enables a catalog entry as a server (operator or admin).',
    authScopes: { role: 'operator' },
    args: { name: t.arg.string() },
    resolve: (_root, args, ctx) =>
      ctx.services.servers.enable(parseInput(nameSchema, args.name, 'server name'), ctx),
  }),
  disableServer: t.field({
    type: ServerRef,
    description: 'Disables a server and returns it as it was (operator or admin).',
    authScopes: { role: 'operator' },
    args: { id: t.arg.id() },
    resolve: (_root, args, ctx) => ctx.services.servers.disable(parseInput(idSchema, args.id, 'server id'), ctx),
  }),
  setServerStatus: t.field({
    type: ServerRef,
    description: 'Sets a server status by hand (admin only; the container lifecycle sets it in normal use).',
    authScopes: { role: 'admin' },
    args: { id: t.arg.id(), status: t.arg({ type: ServerStatusEnum }), lastError: t.arg.string({ required: false }) },
    resolve: (_root, args, ctx) =>
      ctx.services.servers.setStatus(parseInput(idSchema, args.id, 'server id'), args.status, args.lastError ?? null, ctx),
  }),
}));

builder.subscriptionType({});
builder.subscriptionFields((t) => ({
  serverStatusChanged: t.field({
    type: ServerRef,
    description: 'Emits a server each time its status changes; all servers when no id is given. Served by the router over graphql-ws.',
    authScopes: { signedIn: true },
    args: { id: t.arg.id({ required: false }) },
    subscribe: servedByRouter,
    resolve: (server: ServerRow) => server,
  }),
}));
