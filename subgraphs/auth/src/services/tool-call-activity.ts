import { z } from 'zod';
import { InvalidInputError, parseInput, type Database } from '@mcp-portal/kit';
import { toolCallStore, type ToolCallBucketRow, type ToolCallPeriod, type ToolCallRow, type ToolUsageRow } from '../store/tool-calls.ts';

const minuteMs = 60_000;
const dayMs = 24 * 60 * minuteMs;

export const toolCallActivityLimits = {
  /** How far back `since` may reach. */
  maxPeriodMs: 7 * dayMs,
  defaultPeriodMs: dayMs,
  defaultBucketMinutes: 60,
  maxBucketMinutes: 1440,
  maxBuckets: 1000,
  /** The most `busiestTools(first:)` and `recentCalls(first:)` return. */
  maxFirst: 100,
} as const;

/** A client that asks for exactly 7 days back is not refused for the time its request took. */
const clockSlackMs = minuteMs;

const periodSchema = z.object({
  since: z.date().nullish(),
  bucketMinutes: z
    .number()
    .int('must be a whole number of minutes')
    .min(1, 'must be at least 1')
    .max(toolCallActivityLimits.maxBucketMinutes, `must be at most ${toolCallActivityLimits.maxBucketMinutes} (a day)`),
});
const firstSchema = z.number().int().min(1).max(toolCallActivityLimits.maxFirst);
const idSchema = z.string().uuid('must be an audit event id (UUID)');

/** The tool calls of one period, counted when a field asks (the totals once for both of theirs). */
export class ToolCallActivity {
  private totalsRead: Promise<{ calls: number; errors: number }> | undefined;

  constructor(
    private readonly db: Database,
    readonly period: ToolCallPeriod,
    readonly bucketMinutes: number,
  ) {}

  get since(): Date {
    return this.period.since;
  }

  totals(): Promise<{ calls: number; errors: number }> {
    this.totalsRead ??= toolCallStore(this.db).totals(this.period);
    return this.totalsRead;
  }

  buckets(): Promise<ToolCallBucketRow[]> {
    return toolCallStore(this.db).buckets(this.period, this.bucketMinutes * 60);
  }

  busiestTools(first: number): Promise<ToolUsageRow[]> {
    return toolCallStore(this.db).busiest(this.period, parseInput(firstSchema, first, 'busiestTools first'));
  }

  recentCalls(first: number): Promise<ToolCallRow[]> {
    return toolCallStore(this.db).recent(this.period, parseInput(firstSchema, first, 'recentCalls first'));
  }
}

/**
 * What the dashboard shows of tool calls: counts, server and tool names, outcomes and timing, never who
 * called, with which arguments, or the error text (see the audit log, admins only, for those).
 */
export class ToolCallActivityService {
  constructor(private readonly db: Database) {}

  /** The calls from `since` (default: a day ago) on, in buckets of `bucketMinutes`. */
  activity(input: { since?: Date | null; bucketMinutes?: number | null }, now = new Date()): ToolCallActivity {
    const { since: asked, bucketMinutes } = parseInput(
      periodSchema,
      { since: input.since, bucketMinutes: input.bucketMinutes ?? toolCallActivityLimits.defaultBucketMinutes },
      'tool call activity',
    );
    const since = asked ?? new Date(now.getTime() - toolCallActivityLimits.defaultPeriodMs);
    if (Number.isNaN(since.getTime())) throw new InvalidInputError('Invalid tool call activity (since): not a date.');
    if (now.getTime() - since.getTime() > toolCallActivityLimits.maxPeriodMs + clockSlackMs) {
      throw new InvalidInputError('Invalid tool call activity (since): it may be at most 7 days ago.');
    }
    // Buckets start at whole multiples of their length since the Unix epoch (so a live client files an event itself).
    const bucketMs = bucketMinutes * minuteMs;
    const buckets = Math.floor(now.getTime() / bucketMs) - Math.floor(since.getTime() / bucketMs) + 1;
    if (buckets > toolCallActivityLimits.maxBuckets) {
      throw new InvalidInputError(
        `Invalid tool call activity (bucketMinutes): ${bucketMinutes}-minute buckets since ${since.toISOString()} make ${buckets} buckets, ` +
          `more than ${toolCallActivityLimits.maxBuckets}; choose longer buckets or a later since.`,
      );
    }
    return new ToolCallActivity(this.db, { since }, bucketMinutes);
  }

  /** One tool call by its audit row id; null when that row is not a tool call. */
  event(id: string): Promise<ToolCallRow | null> {
    return toolCallStore(this.db).byId(parseInput(idSchema, id, 'tool call id'));
  }
}
