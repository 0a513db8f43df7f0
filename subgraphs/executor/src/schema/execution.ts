import { z } from 'zod';
import { executionStatuses } from '@mcp-portal/schema';
import { parseInput, upperCaseEnumValues } from '@mcp-portal/kit';
import type { ExecutionRow } from '../store/executions.ts';
import { builder } from './builder.ts';
import { UserRef } from './user.ts';

export const ExecutionStatusEnum = builder.enumType('ExecutionStatus', {
  values: upperCaseEnumValues(executionStatuses),
});

export const ExecutionRef = builder.objectRef<ExecutionRow>('Execution');

ExecutionRef.implement({
  authScopes: { role: 'operator' },
  description: 'One run of a command by the executor.',
  fields: (t) => ({
    id: t.exposeID('id'),
    command: t.exposeString('command'),
    argv: t.exposeStringList('argv'),
    status: t.field({ type: ExecutionStatusEnum, resolve: (e) => e.status }),
    exitCode: t.exposeInt('exitCode', { nullable: true }),
    startedBy: t.field({ type: UserRef, resolve: (e) => ({ id: e.startedBy }) }),
    startedAt: t.expose('startedAt', { type: 'DateTime' }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
  }),
});

const idSchema = z.string().uuid('must be an execution id (UUID)');
const limitSchema = z.number().int().min(1).max(200);

builder.asEntity(ExecutionRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: (ref, ctx) => ctx.services.executions.byId(parseInput(idSchema, ref.id, 'execution id')),
});

builder.queryFields((t) => ({
  executions: t.field({
    type: [ExecutionRef],
    description: 'The most recent executions, newest first (operator or admin).',
    authScopes: { role: 'operator' },
    args: { limit: t.arg.int({ required: false, defaultValue: 50 }) },
    resolve: (_root, args, ctx) => ctx.services.executions.list(parseInput(limitSchema, args.limit ?? 50, 'limit')),
  }),
  execution: t.field({
    type: ExecutionRef,
    nullable: true,
    description: 'One execution by id (operator or admin).',
    authScopes: { role: 'operator' },
    args: { id: t.arg.id() },
    resolve: (_root, args, ctx) => ctx.services.executions.byId(parseInput(idSchema, args.id, 'execution id')),
  }),
}));
