import { z } from 'zod';
import type { ServerToolRecord } from '@mcp-portal/schema';
import { parseInput } from '@mcp-portal/kit';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { builder } from './builder.ts';
import type { ToolPolicyRow } from '../store/tool-policies.ts';
import { ServerRef } from './server.ts';

/** `policy`: the tool's stored policy when the parent read it already (null: none), else read when asked for. */
export type ToolOfServer = ServerToolRecord & { serverId: string; policy?: ToolPolicyRow | null };

export const ToolRef = builder.objectRef<ToolOfServer>('Tool');

ToolRef.implement({
  authScopes: { signedIn: true },
  description: 'A tool an MCP server offers, as its tools/list describes it.',
  fields: (t) => ({
    name: t.exposeString('name'),
    title: t.string({ nullable: true, resolve: (tool) => tool.title ?? null }),
    description: t.string({ nullable: true, resolve: (tool) => tool.description ?? null }),
    inputSchema: t.field({ type: 'JSON', resolve: (tool) => tool.inputSchema }),
    outputSchema: t.field({ type: 'JSON', nullable: true, resolve: (tool) => tool.outputSchema ?? null }),
    annotations: t.field({ type: 'JSON', nullable: true, resolve: (tool) => tool.annotations ?? null }),
    server: t.field({
      type: ServerRef,
      resolve: async (tool, _args, ctx) => {
        const server = await ctx.services.servers.byId(tool.serverId);
        if (!server) throw new Error('The server of this tool was disabled.');
        return server;
      },
    }),
  }),
});

const ToolCallResultRef = builder.objectRef<CallToolResult>('ToolCallResult').implement({
  authScopes: { role: 'operator' },
  description: 'What a tools/call answered.',
  fields: (t) => ({
    isError: t.boolean({ resolve: (result) => result.isError === true }),
    content: t.field({ type: 'JSON', description: 'The content items as the server sent them.', resolve: (result) => result.content }),
    structuredContent: t.field({ type: 'JSON', nullable: true, resolve: (result) => result.structuredContent ?? null }),
    text: t.string({
      description: 'The text items joined with newlines.',
      resolve: (result) => result.content.flatMap((item) => (item.type === 'text' ? [item.text] : [])).join('\n'),
    }),
  }),
});

const idSchema = z.string().uuid('must be a server id (UUID)');
const toolNameSchema = z.string().min(1).max(200);
const argumentsSchema = z.record(z.string(), z.unknown()).default({});

builder.queryFields((t) => ({
  tools: t.field({
    type: [ToolRef],
    authScopes: { signedIn: true },
    description: 'The tools of every enabled server, or of one.',
    args: { serverId: t.arg.id({ required: false }) },
    resolve: async (_root, args, ctx) => {
      const wanted = args.serverId ? parseInput(idSchema, args.serverId, 'server id') : null;
      const servers = wanted ? [await ctx.services.servers.byId(wanted)].filter((s) => s !== null) : await ctx.services.servers.list();
      const policies = await ctx.services.toolPolicies.byServerRows();
      return servers.flatMap((server) =>
        server.tools.map((tool) => ({ ...tool, serverId: server.id, policy: policies.get(server.id)?.get(tool.name) ?? null })),
      );
    },
  }),
}));

builder.mutationFields((t) => ({
  callTool: t.field({
    type: ToolCallResultRef,
    authScopes: { role: 'operator' },
    description: 'Calls a tool of a running server (operator or admin). CONFLICT when the server is not running; NOT_FOUND for an unknown tool.',
    args: { serverId: t.arg.id(), name: t.arg.string(), arguments: t.arg({ type: 'JSON', required: false }) },
    resolve: (_root, args, ctx) =>
      ctx.services.servers.callTool(
        parseInput(idSchema, args.serverId, 'server id'),
        parseInput(toolNameSchema, args.name, 'tool name'),
        parseInput(argumentsSchema, args.arguments ?? undefined, 'arguments'),
        ctx,
        ctx.signal,
      ),
  }),
}));
