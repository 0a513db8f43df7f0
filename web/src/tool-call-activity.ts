/**
 * The dashboard's tool-call activity (the API's `toolCallActivity`) and what one call recorded since
 * (`toolCallRecorded`) changes in it: pure functions, so the cached activity follows every call without a
 * refetch, and the chart's rows with every bucket of the period (the API leaves empty ones out).
 */

export type ToolCallOutcome = 'OK' | 'TOOL_ERROR' | 'ERROR' | 'DENIED';

export interface RecordedCall {
  __typename?: 'ToolCallEvent';
  id: string;
  at: string;
  serverId?: string | null;
  server?: string | null;
  tool: string;
  outcome: ToolCallOutcome;
  durationMs?: number | null;
  via?: string | null;
}

export interface ActivityBucket {
  __typename?: 'ToolCallBucket';
  start: string;
  serverId?: string | null;
  server: string;
  calls: number;
  errors: number;
}

export interface ToolUsageRow {
  __typename?: 'ToolUsage';
  serverId?: string | null;
  server: string;
  tool: string;
  calls: number;
  errors: number;
  lastCalledAt: string;
}

export interface Activity {
  __typename?: 'ToolCallActivity';
  since: string;
  bucketMinutes: number;
  totalCalls: number;
  totalErrors: number;
  buckets: ActivityBucket[];
  busiestTools: ToolUsageRow[];
  recentCalls: RecordedCall[];
}

/** The periods the dashboard offers, each with a bucket size that keeps the chart readable. */
export const activityRanges = {
  '1h': { label: 'Last hour', minutes: 60, bucketMinutes: 5 },
  '24h': { label: 'Last 24 hours', minutes: 24 * 60, bucketMinutes: 60 },
  '7d': { label: 'Last 7 days', minutes: 7 * 24 * 60, bucketMinutes: 6 * 60 },
} as const;

export type ActivityRange = keyof typeof activityRanges;

export function isActivityRange(value: string): value is ActivityRange {
  return Object.hasOwn(activityRanges, value);
}

const minuteMs = 60_000;

/** A DateTime from the API (ISO string or epoch milliseconds) in milliseconds; NaN when it is neither. */
export function toMillis(value: string): number {
  return /^\d+$/.test(value) ? Number(value) : Date.parse(value);
}

/**
 * The start of the period: `range` before `now`, rounded up to a whole bucket (so that it stays within the
 * API's limit and its buckets start on round times, e.g. the hour).
 */
export function activitySince(range: ActivityRange, now: number): string {
  const { minutes, bucketMinutes } = activityRanges[range];
  const bucketMs = bucketMinutes * minuteMs;
  return new Date(Math.ceil((now - minutes * minuteMs) / bucketMs) * bucketMs).toISOString();
}

export function isError(outcome: ToolCallOutcome): boolean {
  return outcome !== 'OK';
}

/** The server name a call is grouped under, as the API's buckets and tools have it: empty for a call that named no running server's tool. */
export function serverNameOf(call: Pick<RecordedCall, 'server'>): string {
  return call.server ?? '';
}

/** A server name as the dashboard shows it. */
export function serverLabel(server: string): string {
  return server === '' ? 'no server' : server;
}

/** The start of the bucket holding `at`, counted from `since` in steps of `bucketMinutes`. */
export function bucketStartOf(since: string, bucketMinutes: number, at: number): number {
  const start = toMillis(since);
  const bucketMs = bucketMinutes * minuteMs;
  return start + Math.floor((at - start) / bucketMs) * bucketMs;
}

export interface ActivityLimits {
  /** How many tools `busiestTools` holds (the query's `first`). */
  busiestTools: number;
  /** How many calls `recentCalls` holds (the query's `first`). */
  recentCalls: number;
}

function byCallsThenRecency(a: ToolUsageRow, b: ToolUsageRow): number {
  return b.calls - a.calls || toMillis(b.lastCalledAt) - toMillis(a.lastCalledAt);
}

/**
 * The activity once `call` is counted: the totals, its server's bucket, its tool's usage (a tool new to
 * the list joins it; beyond `limits.busiestTools` the least called drop out) and the recent calls. The
 * activity itself when the call is in it already (the query answered after it was recorded) or is older
 * than the period.
 */
export function applyToolCall<A extends Activity>(activity: A, call: RecordedCall, limits: ActivityLimits): A {
  const at = toMillis(call.at);
  if (Number.isNaN(at) || at < toMillis(activity.since)) return activity;
  if (activity.recentCalls.some((recent) => recent.id === call.id)) return activity;
  const failed = isError(call.outcome) ? 1 : 0;
  const server = serverNameOf(call);
  const serverId = call.serverId ?? null;

  const start = bucketStartOf(activity.since, activity.bucketMinutes, at);
  const sameBucket = (bucket: ActivityBucket) => bucket.server === server && toMillis(bucket.start) === start;
  const buckets = activity.buckets.some(sameBucket)
    ? activity.buckets.map((bucket) => (sameBucket(bucket) ? { ...bucket, calls: bucket.calls + 1, errors: bucket.errors + failed } : bucket))
    : [...activity.buckets, { __typename: 'ToolCallBucket' as const, start: new Date(start).toISOString(), serverId, server, calls: 1, errors: failed }].sort(
        (a, b) => toMillis(a.start) - toMillis(b.start),
      );

  const sameTool = (usage: ToolUsageRow) => usage.server === server && usage.tool === call.tool;
  const lastCalledAt = (usage: ToolUsageRow) => (toMillis(usage.lastCalledAt) > at ? usage.lastCalledAt : call.at);
  const busiestTools = (
    activity.busiestTools.some(sameTool)
      ? activity.busiestTools.map((usage) =>
          sameTool(usage) ? { ...usage, calls: usage.calls + 1, errors: usage.errors + failed, lastCalledAt: lastCalledAt(usage) } : usage,
        )
      : [...activity.busiestTools, { __typename: 'ToolUsage' as const, serverId, server, tool: call.tool, calls: 1, errors: failed, lastCalledAt: call.at }]
  )
    .sort(byCallsThenRecency)
    .slice(0, limits.busiestTools);

  const recentCalls = [call, ...activity.recentCalls].sort((a, b) => toMillis(b.at) - toMillis(a.at)).slice(0, limits.recentCalls);

  return {
    ...activity,
    totalCalls: activity.totalCalls + 1,
    totalErrors: activity.totalErrors + failed,
    buckets,
    busiestTools,
    recentCalls,
  };
}

export interface ChartRow {
  /** The bucket's start, epoch milliseconds. */
  start: number;
  /** Calls per server name (servers without calls in the bucket are absent). */
  calls: Record<string, number>;
  /** Calls that failed, were refused or answered an error, over every server. */
  errors: number;
  total: number;
}

export interface ChartData {
  /** Every server with calls in the period, most calls first. */
  servers: string[];
  /** One row per bucket from the period's start to `now`, oldest first. */
  rows: ChartRow[];
}

/** The chart's rows: every bucket of the period, empty ones included, with each server's calls. */
export function chartData(activity: Activity, now: number): ChartData {
  const since = toMillis(activity.since);
  const bucketMs = activity.bucketMinutes * minuteMs;
  const last = Math.max(bucketStartOf(activity.since, activity.bucketMinutes, now), ...activity.buckets.map((bucket) => toMillis(bucket.start)));
  const rows = new Map<number, ChartRow>();
  for (let start = since; start <= last && rows.size < 2000; start += bucketMs) rows.set(start, { start, calls: {}, errors: 0, total: 0 });
  const perServer = new Map<string, number>();
  for (const bucket of activity.buckets) {
    const start = toMillis(bucket.start);
    const row = rows.get(start) ?? { start, calls: {}, errors: 0, total: 0 };
    row.calls[bucket.server] = (row.calls[bucket.server] ?? 0) + bucket.calls;
    row.errors += bucket.errors;
    row.total += bucket.calls;
    rows.set(start, row);
    perServer.set(bucket.server, (perServer.get(bucket.server) ?? 0) + bucket.calls);
  }
  return {
    servers: [...perServer.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([server]) => server),
    rows: [...rows.values()].sort((a, b) => a.start - b.start),
  };
}
