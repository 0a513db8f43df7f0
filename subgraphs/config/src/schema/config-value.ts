import { z } from 'zod';
import { parseInput } from '@mcp-portal/kit';
import { configKeyPattern, maxConfigKeyLength, maxConfigValueBytes } from '@mcp-portal/schema/contract';
import type { ConfigValueRow } from '../store/server-config.ts';
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
const keySchema = z
  .string()
  .min(1)
  .max(maxConfigKeyLength)
  .regex(configKeyPattern, 'keys use letters, digits, ".", "_" and "-"');
const valueSchema = z
  .json()
  .refine((value) => Buffer.byteLength(JSON.stringify(value), 'utf8') <= maxConfigValueBytes, 'must be at most 64 KiB once serialised as JSON');

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
