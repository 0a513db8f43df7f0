import { z } from 'zod';
import { executionOutputStreams, executionStatuses } from '@mcp-portal/schema';
import { parseInput, requireViewer, servedByRouter, upperCaseEnumValues } from '@mcp-portal/kit';
import type { ExecutionOutputRow, ExecutionRow } from '../store/executions.ts';
import type { ExecutionPage } from '../services/executions.ts';
import { builder } from './builder.ts';
import { UserRef } from './user.ts';

export const ExecutionStatusEnum = builder.enumType('ExecutionStatus', {
  values: upperCaseEnumValues(executionStatuses),
});

const ExecutionOutputStreamEnum = builder.enumType('ExecutionOutputStream', {
  description: "Which stream printed it; SYSTEM is the executor's own note (queued, started, how it ended).",
  values: upperCaseEnumValues(executionOutputStreams),
});

export const ExecutionOutputChunkRef = builder.objectRef<ExecutionOutputRow>('ExecutionOutputChunk');

ExecutionOutputChunkRef.implement({
  authScopes: { signedIn: true },
  description: 'A piece of what an execution printed, in order (`seq`).',
  fields: (t) => ({
    id: t.id({ resolve: (chunk) => String(chunk.id) }),
    executionId: t.id({ resolve: (chunk) => chunk.executionId }),
    seq: t.exposeInt('seq'),
    stream: t.field({ type: ExecutionOutputStreamEnum, resolve: (chunk) => chunk.stream }),
    text: t.exposeString('text'),
    at: t.expose('at', { type: 'DateTime' }),
  }),
});

export const ExecutionRef = builder.objectRef<ExecutionRow>('Execution');

const lastSchema = z.number().int().min(0).max(5000);

ExecutionRef.implement({
  authScopes: { signedIn: true },
  description: 'One run of an allow-listed docker mcp command by the executor, as the user who asked for it.',
  fields: (t) => ({
    id: t.exposeID('id'),
    command: t.exposeString('command', { description: 'As the user picked it, e.g. "server ls".' }),
    argv: t.exposeStringList('argv', { description: 'The arguments the CLI was run with (after its executable).' }),
    arguments: t.field({ type: 'JSON', description: 'The named arguments, as validated (what a re-run starts from).', resolve: (e) => e.arguments }),
    status: t.field({ type: ExecutionStatusEnum, resolve: (e) => e.status }),
    exitCode: t.exposeInt('exitCode', { nullable: true }),
    message: t.exposeString('message', {
      nullable: true,
      description: 'How it ended, in words, when it did not succeed (exit code, timeout, cancel, output cap, start failure, lost).',
    }),
    startedBy: t.field({ type: UserRef, resolve: (e) => ({ id: e.startedBy }) }),
    startedAt: t.expose('startedAt', { type: 'DateTime', description: 'When it was asked for.' }),
    runningAt: t.expose('runningAt', { type: 'DateTime', nullable: true, description: 'When its process started (after any wait in the queue).' }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
    queuePosition: t.int({
      nullable: true,
      description: 'While it waits: its place in the queue (1 = next), else null.',
      resolve: (e, _args, ctx) => (e.status === 'queued' ? ctx.services.executions.queuePosition(e.id) : null),
    }),
    outputBytes: t.exposeInt('outputBytes'),
    outputLines: t.exposeInt('outputLines'),
    outputTruncated: t.exposeBoolean('outputTruncated', { description: 'The output went past the cap: the rest was dropped and the run ended.' }),
    output: t.field({
      type: [ExecutionOutputChunkRef],
      description: 'What it printed so far, in order: the last `last` chunks (0–5000).',
      args: { last: t.arg.int({ required: false, defaultValue: 5000 }) },
      resolve: (e, args, ctx) => ctx.services.executions.output(e.id, parseInput(lastSchema, args.last ?? 5000, 'last')),
    }),
  }),
});

const idSchema = z.string().uuid('must be an execution id (UUID)');
const chunkIdSchema = z
  .string()
  .regex(/^\d{1,18}$/, 'must be an output chunk id')
  .transform(Number);

builder.asEntity(ExecutionRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: (ref, ctx) => ctx.services.executions.visible(requireViewer(ctx.viewer), parseInput(idSchema, ref.id, 'execution id')),
});

const ExecutionPageRef = builder.objectRef<ExecutionPage>('ExecutionPage').implement({
  authScopes: { signedIn: true },
  fields: (t) => ({
    executions: t.field({ type: [ExecutionRef], resolve: (page) => page.executions }),
    endCursor: t.exposeString('endCursor', { nullable: true, description: 'Pass as `after` for the next (older) page.' }),
    hasNextPage: t.exposeBoolean('hasNextPage'),
  }),
});

const ExecutionFilter = builder.inputType('ExecutionFilter', {
  fields: (t) => ({
    startedBy: t.id({ required: false, description: "A user's id: admins may name anyone; others see only their own runs." }),
    command: t.string({ required: false, description: 'Exactly, e.g. "server ls".' }),
    status: t.field({ type: ExecutionStatusEnum, required: false }),
    from: t.field({ type: 'DateTime', required: false, description: 'Asked for at or after.' }),
    to: t.field({ type: 'DateTime', required: false, description: 'Asked for before.' }),
  }),
});

const filterSchema = z.object({
  startedBy: z.string().uuid('must be a user id (UUID)').nullish(),
  command: z.string().max(100).nullish(),
  status: z.enum(executionStatuses).nullish(),
  from: z.date().nullish(),
  to: z.date().nullish(),
});
const pageSchema = z.object({ first: z.number().int().min(1).max(200), after: z.string().max(500).nullish() });

builder.queryFields((t) => ({
  executions: t.field({
    type: ExecutionPageRef,
    description: "Executions, newest first, filtered and cursor-paginated: the caller's own (admins: everyone's).",
    authScopes: { signedIn: true },
    args: {
      filter: t.arg({ type: ExecutionFilter, required: false }),
      first: t.arg.int({ required: false, defaultValue: 50 }),
      after: t.arg.string({ required: false }),
    },
    resolve: (_root, args, ctx) => {
      const filter = parseInput(filterSchema, args.filter ?? {}, 'execution filter');
      const page = parseInput(pageSchema, { first: args.first ?? 50, after: args.after }, 'page');
      return ctx.services.executions.page(
        requireViewer(ctx.viewer),
        {
          startedBy: filter.startedBy ?? undefined,
          command: filter.command ?? undefined,
          status: filter.status ?? undefined,
          from: filter.from ?? undefined,
          to: filter.to ?? undefined,
        },
        page.first,
        page.after ?? null,
      );
    },
  }),
  execution: t.field({
    type: ExecutionRef,
    nullable: true,
    description: "One execution by id: the caller's own (admins: anyone's); null when there is none.",
    authScopes: { signedIn: true },
    args: { id: t.arg.id() },
    resolve: (_root, args, ctx) => ctx.services.executions.visible(requireViewer(ctx.viewer), parseInput(idSchema, args.id, 'execution id')),
  }),
  executionOutputChunk: t.field({
    type: ExecutionOutputChunkRef,
    nullable: true,
    description: "One chunk of an execution's output by id (the caller's own executions; admins: anyone's).",
    authScopes: { signedIn: true },
    args: { id: t.arg.id() },
    resolve: (_root, args, ctx) => ctx.services.executions.visibleChunk(requireViewer(ctx.viewer), parseInput(chunkIdSchema, args.id, 'chunk id')),
  }),
}));

builder.mutationType({});

builder.mutationFields((t) => ({
  runCommand: t.field({
    type: ExecutionRef,
    description:
      'Runs an allow-listed docker mcp command (see executorCommands) with named arguments checked against its schema, as the caller ' +
      'with their role. Refused before any process exists when the command is unknown, the role too low or an argument wrong. ' +
      'Returns at once: the run is QUEUED or RUNNING; follow it with executionChanged and executionOutput.',
    authScopes: { signedIn: true },
    args: {
      command: t.arg.string(),
      args: t.arg({ type: 'JSON', required: false, description: 'An object of the command\'s named arguments, e.g. {"name": "fetch"}.' }),
    },
    resolve: (_root, args, ctx) => ctx.services.executions.run(ctx, args.command, args.args ?? {}),
  }),
  cancelExecution: t.field({
    type: ExecutionRef,
    description: "Cancels a queued or running execution (its whole process group is killed): your own, or anyone's for admins.",
    authScopes: { signedIn: true },
    args: { id: t.arg.id() },
    resolve: (_root, args, ctx) => ctx.services.executions.cancel(ctx, parseInput(idSchema, args.id, 'execution id')),
  }),
}));

builder.subscriptionType({});

builder.subscriptionFields((t) => ({
  executionChanged: t.field({
    type: ExecutionRef,
    description: "Each change of an execution (queue position, running, finished): one (`id`) or all the caller's own (admins: everyone's).",
    authScopes: { signedIn: true },
    args: { id: t.arg.id({ required: false }) },
    subscribe: (_root, args) => {
      if (args.id != null) parseInput(idSchema, args.id, 'execution id');
      return servedByRouter();
    },
    resolve: (execution: ExecutionRow) => execution,
  }),
  executionOutput: t.field({
    type: ExecutionOutputChunkRef,
    description: 'What one execution prints, in order: first the last `last` chunks (0–5000) it already printed, then each new one.',
    authScopes: { signedIn: true },
    args: { id: t.arg.id(), last: t.arg.int({ required: false, defaultValue: 5000 }) },
    subscribe: (_root, args) => {
      parseInput(idSchema, args.id, 'execution id');
      return servedByRouter();
    },
    resolve: (chunk: ExecutionOutputRow) => chunk,
  }),
}));
