import { servedByRouter, upperCaseEnumValues } from '@mcp-portal/kit';
import type { ToolCallActivity } from '../services/tool-call-activity.ts';
import type { ToolCallBucketRow, ToolCallRow, ToolUsageRow } from '../store/tool-calls.ts';
import { builder } from './builder.ts';

const toolCallOutcomes = ['ok', 'tool_error', 'error', 'denied'] as const;
type ToolCallOutcome = (typeof toolCallOutcomes)[number];

function outcomeOf(call: ToolCallRow): ToolCallOutcome {
  switch (call.outcome) {
    case 'success':
      return call.isError ? 'tool_error' : 'ok';
    case 'failure':
      return 'error';
    case 'denied':
      return 'denied';
  }
}

const ToolCallOutcomeEnum = builder.enumType('ToolCallOutcome', {
  description: 'OK: answered, not an error result; TOOL_ERROR: answered with an error result (isError); ERROR: failed; DENIED: refused (role, policy, secret).',
  values: upperCaseEnumValues(toolCallOutcomes),
});

const serverNameDescription = "The server's catalog name; empty for a call that named no running server's tool (serverId null as well).";

export const ToolCallEventRef = builder.objectRef<ToolCallRow>('ToolCallEvent').implement({
  description: 'One tool call, as the audit log recorded it (no arguments, no result, no caller).',
  authScopes: { signedIn: true },
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The audit row id.' }),
    at: t.expose('occurredAt', { type: 'DateTime' }),
    serverId: t.exposeID('serverId', { nullable: true }),
    server: t.exposeString('server', { nullable: true, description: "The server's catalog name; null for a call that named no running server's tool." }),
    tool: t.exposeString('tool'),
    outcome: t.field({ type: ToolCallOutcomeEnum, resolve: outcomeOf }),
    durationMs: t.exposeInt('durationMs', { nullable: true, description: 'How long the server took to answer, when recorded.' }),
    via: t.exposeString('via', { nullable: true, description: '`graphql` (callTool) or `gateway-proxy` (tools/call); null for calls recorded before it was.' }),
  }),
});

const ToolCallBucketRef = builder.objectRef<ToolCallBucketRow>('ToolCallBucket').implement({
  description: "One server's calls in one time bucket.",
  authScopes: { signedIn: true },
  fields: (t) => ({
    start: t.expose('start', { type: 'DateTime', description: 'A whole multiple of the bucket length since the Unix epoch (UTC).' }),
    serverId: t.exposeID('serverId', { nullable: true }),
    server: t.exposeString('server', { description: serverNameDescription }),
    calls: t.exposeInt('calls'),
    errors: t.exposeInt('errors', { description: 'The calls whose outcome is not OK.' }),
  }),
});

const ToolUsageRef = builder.objectRef<ToolUsageRow>('ToolUsage').implement({
  description: "One tool's calls over the period.",
  authScopes: { signedIn: true },
  fields: (t) => ({
    serverId: t.exposeID('serverId', { nullable: true }),
    server: t.exposeString('server', { description: serverNameDescription }),
    tool: t.exposeString('tool'),
    calls: t.exposeInt('calls'),
    errors: t.exposeInt('errors', { description: 'The calls whose outcome is not OK.' }),
    lastCalledAt: t.expose('lastCalledAt', { type: 'DateTime' }),
  }),
});

const ToolCallActivityRef = builder.objectRef<ToolCallActivity>('ToolCallActivity').implement({
  description: 'Tool calls over a period, counted per server and time bucket and per tool.',
  authScopes: { signedIn: true },
  fields: (t) => ({
    since: t.expose('since', { type: 'DateTime' }),
    bucketMinutes: t.exposeInt('bucketMinutes'),
    totalCalls: t.int({ resolve: async (activity) => (await activity.totals()).calls }),
    totalErrors: t.int({ resolve: async (activity) => (await activity.totals()).errors }),
    buckets: t.field({
      type: [ToolCallBucketRef],
      description: 'Per server and time bucket, oldest first; buckets without calls are left out.',
      resolve: (activity) => activity.buckets(),
    }),
    busiestTools: t.field({
      type: [ToolUsageRef],
      description: 'The most called tools over the period, most calls first (at most 100).',
      args: { first: t.arg.int({ required: false, defaultValue: 10 }) },
      resolve: (activity, args) => activity.busiestTools(args.first ?? 10),
    }),
    recentCalls: t.field({
      type: [ToolCallEventRef],
      description: 'The latest calls, newest first (at most 100).',
      args: { first: t.arg.int({ required: false, defaultValue: 20 }) },
      resolve: (activity, args) => activity.recentCalls(args.first ?? 20),
    }),
  }),
});

builder.queryFields((t) => ({
  toolCallActivity: t.field({
    type: ToolCallActivityRef,
    description:
      'Tool calls over a period (signed-in users; counts only, never who called): since defaults to 24 hours ago, at most 7 days; bucketMinutes 1–1440, default 60; at most 1000 buckets.',
    authScopes: { signedIn: true },
    args: {
      since: t.arg({ type: 'DateTime', required: false }),
      bucketMinutes: t.arg.int({ required: false, defaultValue: 60 }),
    },
    resolve: (_root, args, ctx) => ctx.services.toolCallActivity.activity({ since: args.since, bucketMinutes: args.bucketMinutes }),
  }),
  toolCallEvent: t.field({
    type: ToolCallEventRef,
    nullable: true,
    description: 'One tool call by its audit row id, or null when that row is not a tool call (signed-in users).',
    authScopes: { signedIn: true },
    args: { id: t.arg.id() },
    resolve: (_root, args, ctx) => ctx.services.toolCallActivity.event(args.id),
  }),
}));

builder.subscriptionFields((t) => ({
  toolCallRecorded: t.field({
    type: ToolCallEventRef,
    description: 'Each tool call as it is recorded (signed-in users). Served by the router over graphql-ws.',
    authScopes: { signedIn: true },
    subscribe: servedByRouter,
    resolve: (event: ToolCallRow) => event,
  }),
}));
