import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, integer, jsonb, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const executorSchema = pgSchema('executor');

export const executionStatuses = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'timed_out'] as const;
export type ExecutionStatus = (typeof executionStatuses)[number];

/** The statuses of a run that is over: nothing changes it any more. */
export const finishedExecutionStatuses: readonly ExecutionStatus[] = ['succeeded', 'failed', 'cancelled', 'timed_out'];

export const executions = executorSchema.table(
  'executions',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    command: text('command').notNull(),
    /** The CLI's arguments as run (after the executable): the command's words, flags, `--`, positionals. */
    argv: jsonb('argv').$type<string[]>().notNull(),
    /** The named arguments as validated by the command's schema (what a re-run fills the form with). */
    arguments: jsonb('arguments').$type<Record<string, unknown>>().notNull().default({}),
    status: text('status', { enum: executionStatuses }).notNull().default('queued'),
    exitCode: integer('exit_code'),
    /** How it ended, in words, when it did not succeed: exit code, start failure, timeout, cancel, output cap, lost. */
    message: text('message'),
    startedBy: uuid('started_by').notNull(),
    /** When it was asked for (it may wait in the queue first). */
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    /** When its process started. */
    runningAt: timestamp('running_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    outputBytes: integer('output_bytes').notNull().default(0),
    outputLines: integer('output_lines').notNull().default(0),
    /** The output went past the byte or line cap: the rest was dropped and the run ended. */
    outputTruncated: boolean('output_truncated').notNull().default(false),
    /** The executor replica that owns a queued or running execution renews this; one not renewed for long was lost. */
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('executions_started_at_idx').on(table.startedAt, table.id), index('executions_started_by_idx').on(table.startedBy, table.startedAt)],
);

export const executionOutputStreams = ['stdout', 'stderr', 'system'] as const;
export type ExecutionOutputStream = (typeof executionOutputStreams)[number];

/** What a run printed, kept (bounded by the executor's output caps) so it can be read and replayed later. */
export const executionOutput = executorSchema.table(
  'execution_output',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    executionId: uuid('execution_id')
      .notNull()
      .references(() => executions.id, { onDelete: 'cascade' }),
    /** 0, 1, 2, … within the execution. */
    seq: integer('seq').notNull(),
    stream: text('stream', { enum: executionOutputStreams }).notNull(),
    text: text('text').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('execution_output_execution_idx').on(table.executionId, table.seq)],
);
