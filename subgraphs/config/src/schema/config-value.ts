import { z } from 'zod';
import { parseInput } from '@mcp-portal/kit';
import type { ConfigValueRow } from '../store/server-config.ts';
import { configKeySchema as keySchema, configValueSchema as valueSchema } from '../services/setting-inputs.ts';
import { builder } from './builder.ts';
import { UserRef } from './user.ts';

export const ConfigValueRef = builder.objectRef<ConfigValueRow>('ConfigValue');

ConfigValueRef.implement({
  authScopes: { signedIn: true },
  description: 'One plain (non-secret) configuration value of a server.',
  fields: (t) => ({
    key: t.exposeString('key'),
    value: t.field({ type: 'JSON', resolve: (c) => c.value }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    updatedBy: t.field({ type: UserRef, resolve: (c) => ({ id: c.updatedBy }) }),
  }),
});

export const serverIdSchema = z.string().uuid('must be a server id (UUID)');

const setSchema = z.object({ serverId: serverIdSchema, key: keySchema, value: valueSchema });
const deleteSchema = z.object({ serverId: serverIdSchema, key: keySchema });

builder.mutationType({});
builder.mutationFields((t) => ({
  setServerConfig: t.field({
    type: ConfigValueRef,
    description: 'Sets (creates or replaces) one configuration value of a server (operator or admin).',
    authScopes: { role: 'operator' },
    args: { serverId: t.arg.id(), key: t.arg.string(), value: t.arg({ type: 'JSON' }) },
    resolve: (_root, args, ctx) => {
      const { serverId, key, value } = parseInput(setSchema, args, 'server config');
      return ctx.services.config.set(serverId, key, value, ctx);
    },
  }),
  deleteServerConfig: t.field({
    type: 'Boolean',
    description: 'Deletes one configuration value of a server; false when there was none (operator or admin).',
    authScopes: { role: 'operator' },
    args: { serverId: t.arg.id(), key: t.arg.string() },
    resolve: (_root, args, ctx) => {
      const { serverId, key } = parseInput(deleteSchema, args, 'server config');
      return ctx.services.config.delete(serverId, key, ctx);
    },
  }),
}));
