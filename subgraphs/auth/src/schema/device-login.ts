import { z } from 'zod';
import { parseInput } from '@mcp-portal/kit';
import type { DeviceAuthorizationRow } from '../store/device-authorizations.ts';
import { builder } from './builder.ts';

const DeviceAuthorizationRef = builder.objectRef<DeviceAuthorizationRow>('DeviceAuthorization').implement({
  description: 'A pending `docker mcp login` waiting for a signed-in user to approve it.',
  authScopes: { signedIn: true },
  fields: (t) => ({
    userCode: t.exposeString('userCode'),
    clientName: t.exposeString('clientName', { description: 'What the CLI says it is (not verified).' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
  }),
});

const userCodeSchema = z
  .string()
  .trim()
  .max(20)
  .regex(/^[A-Za-z]{4}-?[A-Za-z]{4}$/, 'must look like ABCD-EFGH');

builder.queryFields((t) => ({
  deviceAuthorization: t.field({
    type: DeviceAuthorizationRef,
    nullable: true,
    description: 'A pending device sign-in by its user code; null when unknown, expired or already answered.',
    authScopes: { signedIn: true },
    args: { userCode: t.arg.string() },
    resolve: (_root, args, ctx) => ctx.services.deviceLogin.pending(parseInput(userCodeSchema, args.userCode, 'user code')),
  }),
}));

builder.mutationFields((t) => ({
  approveDeviceLogin: t.field({
    type: 'Boolean',
    description: 'Approves a pending `docker mcp login`: the CLI receives an API token with your role (90 days, listed under your API tokens).',
    authScopes: { signedIn: true },
    args: { userCode: t.arg.string() },
    resolve: async (_root, args, ctx) => {
      await ctx.services.deviceLogin.approve(parseInput(userCodeSchema, args.userCode, 'user code'), ctx);
      return true;
    },
  }),
  denyDeviceLogin: t.field({
    type: 'Boolean',
    description: 'Refuses a pending `docker mcp login`.',
    authScopes: { signedIn: true },
    args: { userCode: t.arg.string() },
    resolve: async (_root, args, ctx) => {
      await ctx.services.deviceLogin.deny(parseInput(userCodeSchema, args.userCode, 'user code'), ctx);
      return true;
    },
  }),
}));
