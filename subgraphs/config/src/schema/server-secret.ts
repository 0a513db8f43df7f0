import { z } from 'zod';
import { parseInput } from '@mcp-portal/kit';
import type { ServerSecretInfo } from '../store/server-secrets.ts';
import { secretNameSchema as nameSchema, secretValueSchema as valueSchema } from '../services/setting-inputs.ts';
import { builder } from './builder.ts';
import { serverIdSchema } from './config-value.ts';
import { UserRef } from './user.ts';

export const ServerSecretRef = builder.objectRef<ServerSecretInfo>('ServerSecret');

ServerSecretRef.implement({
  authScopes: { signedIn: true },
  description: 'A secret value a server has (its value is never readable through the API).',
  fields: (t) => ({
    name: t.exposeString('name'),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    updatedBy: t.field({ type: UserRef, resolve: (s) => ({ id: s.updatedBy }) }),
  }),
});

const setSchema = z.object({ serverId: serverIdSchema, name: nameSchema, value: valueSchema });
const deleteSchema = z.object({ serverId: serverIdSchema, name: nameSchema });

builder.mutationFields((t) => ({
  setServerSecret: t.field({
    type: ServerSecretRef,
    description:
      "Sets (creates or replaces) one secret of a server, e.g. the catalog entry's `github.personal_access_token` (operator or admin). Write-only: it can be replaced or deleted, never read back.",
    authScopes: { role: 'operator' },
    args: { serverId: t.arg.id(), name: t.arg.string(), value: t.arg.string() },
    resolve: (_root, args, ctx) => {
      const { serverId, name, value } = parseInput(setSchema, args, 'server secret');
      return ctx.services.secrets.set(serverId, name, value, ctx);
    },
  }),
  deleteServerSecret: t.field({
    type: 'Boolean',
    description: 'Deletes one secret of a server; false when there was none (operator or admin).',
    authScopes: { role: 'operator' },
    args: { serverId: t.arg.id(), name: t.arg.string() },
    resolve: (_root, args, ctx) => {
      const { serverId, name } = parseInput(deleteSchema, args, 'server secret');
      return ctx.services.secrets.delete(serverId, name, ctx);
    },
  }),
}));
