import { z } from 'zod';
import { logStreams } from '@mcp-portal/schema';
import { parseInput, servedByRouter, upperCaseEnumValues } from '@mcp-portal/kit';
import type { ServerLogRow } from '../store/server-logs.ts';
import { builder } from './builder.ts';

const LogStreamEnum = builder.enumType('LogStream', { values: upperCaseEnumValues(logStreams) });

export const ServerLogLineRef = builder.objectRef<ServerLogRow>('ServerLogLine');

ServerLogLineRef.implement({
  authScopes: { signedIn: true },
  description: "A line of a server's stderr, or a note of the lifecycle (SYSTEM).",
  fields: (t) => ({
    id: t.id({ resolve: (line) => String(line.id) }),
    serverId: t.id({ resolve: (line) => line.serverId }),
    stream: t.field({ type: LogStreamEnum, resolve: (line) => line.stream }),
    line: t.exposeString('line'),
    at: t.expose('at', { type: 'DateTime' }),
  }),
});

const lineIdSchema = z
  .string()
  .regex(/^\d{1,18}$/, 'must be a log line id')
  .transform(Number);
const idSchema = z.string().uuid('must be a server id (UUID)');

builder.asEntity(ServerLogLineRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: (ref, ctx) => ctx.services.servers.logLine(parseInput(lineIdSchema, ref.id, 'log line id')),
});

builder.queryFields((t) => ({
  serverLogLine: t.field({
    type: ServerLogLineRef,
    nullable: true,
    authScopes: { signedIn: true },
    args: { id: t.arg.id() },
    resolve: (_root, args, ctx) => ctx.services.servers.logLine(parseInput(lineIdSchema, args.id, 'log line id')),
  }),
}));

builder.subscriptionFields((t) => ({
  serverLogs: t.field({
    type: ServerLogLineRef,
    description: 'Each new log line of one server, after the last `tail` lines (0–1000) it already had. Served by the router over graphql-ws.',
    authScopes: { signedIn: true },
    args: { serverId: t.arg.id(), tail: t.arg.int({ required: false, defaultValue: 0 }) },
    subscribe: (_root, args) => {
      parseInput(idSchema, args.serverId, 'server id');
      return servedByRouter();
    },
    resolve: (line: ServerLogRow) => line,
  }),
}));
