import { z } from 'zod';
import { desiredStates, serverStatuses, type ServerToolRecord } from '@mcp-portal/schema';
import { parseInput, servedByRouter, upperCaseEnumValues } from '@mcp-portal/kit';
import type { ServerRow } from '../store/servers.ts';
import type { EnableSettings } from '../services/servers.ts';
import { builder } from './builder.ts';
import { CatalogEntryRef } from './catalog-entry.ts';
import { ServerLogLineRef } from './server-log.ts';
import { ServerRuntimeEnum } from './server-runtime.ts';
import { ToolRef } from './tool.ts';
import { UserRef } from './user.ts';

export const ServerStatusEnum = builder.enumType('ServerStatus', { values: upperCaseEnumValues(serverStatuses) });
const DesiredStateEnum = builder.enumType('DesiredState', { values: upperCaseEnumValues(desiredStates) });

export const ServerRef = builder.objectRef<ServerRow>('Server');

const tailSchema = z.number().int().min(1).max(1000);

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
    desiredState: t.field({ type: DesiredStateEnum, description: 'What the team asked for; the lifecycle works towards it.', resolve: (s) => s.desiredState }),
    runtime: t.field({ type: ServerRuntimeEnum, nullable: true, description: 'How it runs; null until first started.', resolve: (s) => s.runtime }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    stoppedAt: t.expose('stoppedAt', { type: 'DateTime', nullable: true }),
    lastHealthAt: t.expose('lastHealthAt', { type: 'DateTime', nullable: true, description: 'The last time it answered an MCP ping.' }),
    restartCount: t.exposeInt('restartCount', { description: 'Automatic restarts since it was last started by hand.' }),
    tools: t.field({
      type: [ToolRef],
      description: "The server's tools (tools/list), refreshed when it announces a change; empty until it first runs.",
      resolve: async (s, _args, ctx) => {
        const policies = new Map((await ctx.services.toolPolicies.ofServer(s.id)).map((policy) => [policy.tool, policy]));
        return s.tools.map((tool: ServerToolRecord) => ({ ...tool, serverId: s.id, policy: policies.get(tool.name) ?? null }));
      },
    }),
    toolsUpdatedAt: t.expose('toolsUpdatedAt', { type: 'DateTime', nullable: true }),
    logs: t.field({
      type: [ServerLogLineRef],
      description: 'The last lines of its stderr and of the lifecycle (SYSTEM), oldest first.',
      args: { tail: t.arg.int({ required: false, defaultValue: 100 }) },
      resolve: (s, args, ctx) => ctx.services.servers.logs(s.id, parseInput(tailSchema, args.tail ?? 100, 'tail')),
    }),
  }),
});

builder.asEntity(ServerRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: (ref, ctx) => ctx.services.servers.byId(ref.id),
});

const idSchema = z.string().uuid('must be a server id (UUID)');
const nameSchema = z.string().min(1).max(128);
const serverId = (id: string) => parseInput(idSchema, id, 'server id');

/** At most this many configuration values, and as many secrets, with one enableServer. */
const maxSettings = 100;
const enableSettingsSchema = z.object({
  config: z.record(z.string(), z.json()).refine((config) => Object.keys(config).length <= maxSettings, `at most ${maxSettings} values`),
  secrets: z.record(z.string(), z.string()).refine((secrets) => Object.keys(secrets).length <= maxSettings, `at most ${maxSettings} secrets`),
});

/** The settings enableServer was given (each checked by the config subgraph); undefined when it was given none. */
function enableSettings(config: unknown, secrets: unknown): EnableSettings | undefined {
  if (config == null && secrets == null) return undefined;
  return parseInput(enableSettingsSchema, { config: config ?? {}, secrets: secrets ?? {} }, 'server settings');
}

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
    resolve: (_root, args, ctx) => ctx.services.servers.byId(serverId(args.id)),
  }),
}));

/** The mutations that only take a server id and change what is wanted of it (operator or admin). */
const lifecycleActions = {
  startServer: {
    run: 'start',
    description:
      'Starts a server; CONFLICT when it is already starting or running, or when this platform cannot run its catalog entry (CatalogEntry.runnability).',
  },
  stopServer: { run: 'stop', description: 'Stops a server; a start in progress is cancelled. CONFLICT when already stopped.' },
  restartServer: { run: 'restart', description: 'Stops and starts a server again; CONFLICT when this platform cannot run its catalog entry.' },
  updateServer: {
    run: 'update',
    description:
      'Reads its catalog entry again and replaces the running instance, so a new image or package takes effect; CONFLICT when this platform cannot run it.',
  },
} as const;

type MutationFieldBuilder = Parameters<Parameters<typeof builder.mutationFields>[0]>[0];

function lifecycleMutations(t: MutationFieldBuilder) {
  return Object.fromEntries(
    Object.entries(lifecycleActions).map(([field, { run, description }]) => [
      field,
      t.field({
        type: ServerRef,
        description: `${description} (operator or admin)`,
        authScopes: { role: 'operator' },
        args: { id: t.arg.id() },
        resolve: (_root, args, ctx) => ctx.services.servers[run](serverId(args.id), ctx),
      }),
    ]),
  );
}

builder.mutationType({});
builder.mutationFields((t) => ({
  enableServer: t.field({
    type: ServerRef,
    description:
      "Enables a catalog entry as a server, with its configuration values and secrets when given, and, unless start is false, starts it (operator or admin). The start runs on its own: the returned server is STARTING and the outcome arrives through serverStatusChanged. NOT_FOUND for no such entry, CONFLICT when it is already enabled or (with a start) when this platform cannot run it (CatalogEntry.runnability). With `config` or `secrets`, everything is checked before anything is written: BAD_USER_INPUT with `extensions.invalidConfig` ([{ key, path, message }]: keys, sizes and the entry's config schema), `invalidSecrets` ([{ name, message }]: names, sizes, secrets the entry does not declare) and, with a start, `missingConfig` and `missingSecrets` (what the entry needs that is not given); a refused call writes nothing.",
    authScopes: { role: 'operator' },
    args: {
      name: t.arg.string(),
      start: t.arg.boolean({ required: false, defaultValue: true }),
      config: t.arg({
        type: 'JSON',
        required: false,
        description: 'Configuration values: an object of key → JSON value, as setServerConfig stores them (e.g. `{ "filesystem.paths": ["/data"] }`).',
      }),
      secrets: t.arg({
        type: 'JSON',
        required: false,
        description: 'Secrets: an object of name → string value, as setServerSecret stores them; write-only, never returned or logged.',
      }),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.servers.enable(parseInput(nameSchema, args.name, 'server name'), args.start ?? true, ctx, enableSettings(args.config, args.secrets)),
  }),
  disableServer: t.field({
    type: ServerRef,
    description: 'Stops and removes a server and returns it as it was (operator or admin).',
    authScopes: { role: 'operator' },
    args: { id: t.arg.id() },
    resolve: (_root, args, ctx) => ctx.services.servers.disable(serverId(args.id), ctx),
  }),
  ...lifecycleMutations(t),
  setServerStatus: t.field({
    type: ServerRef,
    description: 'Sets a server status by hand (admin only; the lifecycle sets it in normal use).',
    authScopes: { role: 'admin' },
    args: { id: t.arg.id(), status: t.arg({ type: ServerStatusEnum }), lastError: t.arg.string({ required: false }) },
    resolve: (_root, args, ctx) => ctx.services.servers.setStatus(serverId(args.id), args.status, args.lastError ?? null, ctx),
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
