import { sql } from 'drizzle-orm';
import { integer, jsonb, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const executorSchema = pgSchema('executor');

export const executionStatuses = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type ExecutionStatus = (typeof executionStatuses)[number];

export const executions = executorSchema.table('executions', {
  id: uuid('id')
    .primaryKey()
    .default(sql`gen_random_uuid()`),
  command: text('command').notNull(),
  argv: jsonb('argv').$type<string[]>().notNull(),
  status: text('status', { enum: executionStatuses }).notNull().default('queued'),
  exitCode: integer('exit_code'),
  startedBy: uuid('started_by').notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
});
