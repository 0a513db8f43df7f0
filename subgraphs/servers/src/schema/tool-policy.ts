import { z } from 'zod';
import { toolMinRoles } from '@mcp-portal/schema';
import { defaultToolPolicy, parseInput, upperCaseEnumValues } from '@mcp-portal/kit';
import type { ToolPolicyRow } from '../store/tool-policies.ts';
import { builder } from './builder.ts';
import { ServerRef } from './server.ts';
import { ToolRef } from './tool.ts';
import { UserRef } from './user.ts';

/** A tool's policy as GraphQL shows it: a tool nobody set a policy for has the default one (no author). */
type ToolPolicyView = Pick<ToolPolicyRow, 'serverId' | 'tool' | 'enabled' | 'minRole'> & { updatedAt: Date | null; updatedBy: string | null };

const ToolMinRoleEnum = builder.enumType('ToolMinRole', {
  description: 'The lowest role that may call a tool (calling tools always needs at least operator).',
  values: upperCaseEnumValues(toolMinRoles),
});

const ToolPolicyRef = builder.objectRef<ToolPolicyView>('ToolPolicy').implement({
  authScopes: { signedIn: true },
  description:
    "Whether a tool of a server is offered, and to whom. A disabled tool is left out of the gateway-proxy's tools/list and every call of it is refused (GraphQL callTool too); an ADMIN tool is listed and callable for admins only.",
  fields: (t) => ({
    tool: t.exposeString('tool', { description: "The tool's own name on its server." }),
    enabled: t.exposeBoolean('enabled'),
    minRole: t.field({ type: ToolMinRoleEnum, resolve: (policy) => policy.minRole }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', nullable: true, description: 'Null while the tool has the default policy.' }),
    updatedBy: t.field({ type: UserRef, nullable: true, resolve: (policy) => (policy.updatedBy ? { id: policy.updatedBy } : null) }),
    server: t.field({
      type: ServerRef,
      resolve: async (policy, _args, ctx) => {
        const server = await ctx.services.servers.byId(policy.serverId);
        if (!server) throw new Error('The server of this tool policy was disabled.');
        return server;
      },
    }),
  }),
});

function viewOf(serverId: string, tool: string, row: ToolPolicyRow | null | undefined): ToolPolicyView {
  return row ?? { serverId, tool, ...defaultToolPolicy, updatedAt: null, updatedBy: null };
}

builder.objectField(ToolRef, 'policy', (t) =>
  t.field({
    type: ToolPolicyRef,
    description: 'Whether the tool is offered, and to whom (the default: enabled, for operators and admins).',
    resolve: async (tool, _args, ctx) =>
      viewOf(tool.serverId, tool.name, tool.policy !== undefined ? tool.policy : await ctx.services.toolPolicies.get(tool.serverId, tool.name)),
  }),
);

builder.objectField(ServerRef, 'toolPolicies', (t) =>
  t.field({
    type: [ToolPolicyRef],
    description: 'The policies set for its tools, including tools it does not list now; a tool without one has the default policy.',
    resolve: (server, _args, ctx) => ctx.services.toolPolicies.ofServer(server.id),
  }),
);

const idSchema = z.string().uuid('must be a server id (UUID)');
const toolNameSchema = z
  .string()
  .min(1)
  .max(200)
  .refine((name) => ![...name].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f), 'must not contain control characters');

builder.mutationFields((t) => ({
  setToolPolicy: t.field({
    type: ToolPolicyRef,
    authScopes: { role: 'admin' },
    description:
      'Sets the policy of one tool of a server (admin only): enabled false hides it from everyone, minRole ADMIN keeps it for admins; an argument left out keeps its current value. NOT_FOUND for an unknown server, or a tool the server does not list (a server that never ran accepts any name). Running gateway-proxies apply it at once and tell their clients tools/list_changed.',
    args: {
      serverId: t.arg.id(),
      tool: t.arg.string(),
      enabled: t.arg.boolean({ required: false }),
      minRole: t.arg({ type: ToolMinRoleEnum, required: false }),
    },
    resolve: async (_root, args, ctx) => {
      const serverId = parseInput(idSchema, args.serverId, 'server id');
      const tool = parseInput(toolNameSchema, args.tool, 'tool name');
      const change = { ...(args.enabled != null ? { enabled: args.enabled } : {}), ...(args.minRole != null ? { minRole: args.minRole } : {}) };
      return ctx.services.toolPolicies.set(serverId, tool, change, ctx);
    },
  }),
}));
