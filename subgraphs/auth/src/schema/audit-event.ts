import { z } from 'zod';
import { auditOutcomes } from '@mcp-portal/schema';
import { parseInput, servedByRouter, upperCaseEnumValues } from '@mcp-portal/kit';
import type { AuditEventRow } from '../store/audit-events.ts';
import type { AuditEventPage } from '../services/audit-events.ts';
import { builder } from './builder.ts';

const AuditOutcomeEnum = builder.enumType('AuditOutcome', { values: upperCaseEnumValues(auditOutcomes) });

export const AuditEventRef = builder.objectRef<AuditEventRow>('AuditEvent');

AuditEventRef.implement({
  description: 'One entry of the audit log: who did what to which target, when, from where, and how it ended.',
  authScopes: { role: 'admin' },
  fields: (t) => ({
    id: t.exposeID('id'),
    occurredAt: t.expose('occurredAt', { type: 'DateTime' }),
    actorId: t.exposeID('actorId', { nullable: true }),
    actorEmail: t.exposeString('actorEmail', { nullable: true }),
    action: t.exposeString('action'),
    targetType: t.exposeString('targetType'),
    targetId: t.exposeString('targetId', { nullable: true }),
    outcome: t.field({ type: AuditOutcomeEnum, resolve: (e) => e.outcome }),
    detail: t.field({ type: 'JSON', nullable: true, resolve: (e) => e.detail }),
    requestId: t.exposeString('requestId', { nullable: true }),
    sourceIp: t.exposeString('sourceIp', { nullable: true }),
    subgraph: t.exposeString('subgraph'),
    cursor: t.exposeString('cursor'),
  }),
});

builder.asEntity(AuditEventRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: (ref, ctx) => ctx.services.auditEvents.byId(ref.id),
});

const AuditEventPageRef = builder.objectRef<AuditEventPage>('AuditEventPage').implement({
  authScopes: { role: 'admin' },
  fields: (t) => ({
    events: t.field({ type: [AuditEventRef], resolve: (p) => p.events }),
    endCursor: t.exposeString('endCursor', { nullable: true, description: 'Pass as `after` for the next (older) page.' }),
    hasNextPage: t.exposeBoolean('hasNextPage'),
  }),
});

const AuditEventFilter = builder.inputType('AuditEventFilter', {
  fields: (t) => ({
    actorId: t.id({ required: false }),
    action: t.string({ required: false }),
    targetId: t.string({ required: false }),
    from: t.field({ type: 'DateTime', required: false }),
    to: t.field({ type: 'DateTime', required: false }),
  }),
});

const filterSchema = z.object({
  actorId: z.string().uuid().nullish(),
  action: z.string().max(100).nullish(),
  targetId: z.string().max(200).nullish(),
  from: z.date().nullish(),
  to: z.date().nullish(),
});
const pageSchema = z.object({ first: z.number().int().min(1).max(500), after: z.string().max(500).nullish() });
const idSchema = z.string().uuid('must be an audit event id (UUID)');

builder.queryFields((t) => ({
  auditEvents: t.field({
    type: AuditEventPageRef,
    description: 'The audit log, newest first, filtered and cursor-paginated (admin only).',
    authScopes: { role: 'admin' },
    args: {
      filter: t.arg({ type: AuditEventFilter, required: false }),
      first: t.arg.int({ required: false, defaultValue: 50 }),
      after: t.arg.string({ required: false }),
    },
    resolve: (_root, args, ctx) => {
      const filter = parseInput(filterSchema, args.filter ?? {}, 'audit filter');
      const page = parseInput(pageSchema, { first: args.first ?? 50, after: args.after }, 'page');
      return ctx.services.auditEvents.page(
        {
          actorId: filter.actorId ?? undefined,
          action: filter.action ?? undefined,
          targetId: filter.targetId ?? undefined,
          from: filter.from ?? undefined,
          to: filter.to ?? undefined,
        },
        page.first,
        page.after ?? null,
      );
    },
  }),
  auditEvent: t.field({
    type: AuditEventRef,
    nullable: true,
    description: 'One audit event by id (admin only).',
    authScopes: { role: 'admin' },
    args: { id: t.arg.id() },
    resolve: (_root, args, ctx) => ctx.services.auditEvents.byId(parseInput(idSchema, args.id, 'audit event id')),
  }),
}));

builder.subscriptionType({});
builder.subscriptionFields((t) => ({
  auditEventAdded: t.field({
    type: AuditEventRef,
    description: 'Emits each new audit event (admin only). Served by the router over graphql-ws.',
    authScopes: { role: 'admin' },
    subscribe: servedByRouter,
    resolve: (event: AuditEventRow) => event,
  }),
}));
