import { parseInput } from '@mcp-portal/kit';
import { builder } from './builder.ts';
import { ConfigValueRef, serverIdSchema } from './config-value.ts';
import { ServerSecretRef } from './server-secret.ts';
import { ServerSettingsCheckRef } from './settings-check.ts';

/** The servers subgraph's Server, extended with its configuration values. */
export const ServerRef = builder.externalRef('Server', builder.selection<{ id: string }>('id')).implement({
  authScopes: { signedIn: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    config: t.loadableList({
      type: ConfigValueRef,
      description: 'The configuration values of this server, ordered by key (any signed-in user).',
      authScopes: { signedIn: true },
      // Every server of a list (the router's one `_entities` request) is read with one query.
      load: (serverIds: string[], ctx) => ctx.services.config.listMany(serverIds),
      resolve: (server) => parseInput(serverIdSchema, server.id, 'server id'),
    }),
    secrets: t.loadableList({
      type: ServerSecretRef,
      description: 'The secrets this server has, by name (never their values), ordered by name (any signed-in user).',
      authScopes: { signedIn: true },
      load: (serverIds: string[], ctx) => ctx.services.secrets.listMany(serverIds),
      resolve: (server) => parseInput(serverIdSchema, server.id, 'server id'),
    }),
    settingsCheck: t.field({
      type: ServerSettingsCheckRef,
      nullable: true,
      description:
        "What this server lacks, or has wrong, for its catalog entry now (any signed-in user; secrets by name only); null while the servers subgraph, which owns the entries, does not answer. A failed start's lastError says the same in words.",
      authScopes: { signedIn: true },
      resolve: (server, _args, ctx) => ctx.services.config.check(parseInput(serverIdSchema, server.id, 'server id')),
    }),
  }),
});
