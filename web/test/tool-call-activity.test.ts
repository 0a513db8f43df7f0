import { describe, expect, it } from 'vitest';
import { activitySince, applyToolCall, chartData, type Activity, type RecordedCall } from '../src/tool-call-activity.ts';

/** The dashboard's activity as live tool calls change it, and the chart's rows. */
describe('tool-call activity', () => {
  const hour = 3_600_000;
  const since = '2026-01-01T10:00:00.000Z';
  const at = (minutes: number) => new Date(Date.parse(since) + minutes * 60_000).toISOString();
  const limits = { busiestTools: 2, recentCalls: 3 };
  const empty: Activity = { since, bucketMinutes: 60, totalCalls: 0, totalErrors: 0, buckets: [], busiestTools: [], recentCalls: [] };
  const call = (id: string, minutes: number, tool = 'read_graph', outcome: RecordedCall['outcome'] = 'OK', server = 'memory'): RecordedCall => ({
    id,
    at: at(minutes),
    serverId: `id-${server}`,
    server,
    tool,
    outcome,
  });

  it('counts each call once in the totals, its bucket, its tool and the recent calls', () => {
    let activity = applyToolCall(empty, call('1', 5), limits);
    activity = applyToolCall(activity, call('2', 50, 'read_graph', 'TOOL_ERROR'), limits);
    activity = applyToolCall(activity, call('3', 70, 'create_entities', 'DENIED'), limits);
    activity = applyToolCall(activity, call('3', 70, 'create_entities', 'DENIED'), limits);
    expect(activity.totalCalls).toBe(3);
    expect(activity.totalErrors).toBe(2);
    expect(activity.buckets.map((b) => [b.start, b.server, b.calls, b.errors])).toEqual([
      [since, 'memory', 2, 1],
      [at(60), 'memory', 1, 1],
    ]);
    expect(activity.busiestTools.map((t) => [t.tool, t.calls, t.errors])).toEqual([
      ['read_graph', 2, 1],
      ['create_entities', 1, 1],
    ]);
    expect(activity.recentCalls.map((c) => c.id)).toEqual(['3', '2', '1']);
  });

  it('keeps the busiest tools and the recent calls to their limits, and ignores calls before the period', () => {
    let activity = empty;
    for (const [index, tool] of ['a', 'b', 'b', 'c', 'c', 'c'].entries()) activity = applyToolCall(activity, call(String(index), index, tool), limits);
    expect(activity.busiestTools.map((t) => t.tool)).toEqual(['c', 'b']);
    expect(activity.recentCalls.map((c) => c.id)).toEqual(['5', '4', '3']);
    expect(applyToolCall(activity, call('old', -1), limits)).toBe(activity);
  });

  it('gives the chart a row per bucket up to now, with each server', () => {
    let activity = applyToolCall(empty, call('1', 5), limits);
    activity = applyToolCall(activity, call('2', 130, 'get_time', 'ERROR', 'time'), limits);
    const data = chartData(activity, Date.parse(since) + 3 * hour + 5);
    expect(data.servers).toEqual(['memory', 'time']);
    expect(data.rows.map((row) => [new Date(row.start).toISOString(), row.total, row.errors])).toEqual([
      [since, 1, 0],
      [at(60), 0, 0],
      [at(120), 1, 1],
      [at(180), 0, 0],
    ]);
    expect(data.rows[2]?.calls).toEqual({ time: 1 });
  });

  it('starts a period on a whole bucket, within the range', () => {
    const now = Date.parse('2026-01-08T10:17:00.000Z');
    expect(activitySince('24h', now)).toBe('2026-01-07T11:00:00.000Z');
    expect(activitySince('1h', now)).toBe('2026-01-08T09:20:00.000Z');
    expect(activitySince('7d', now)).toBe('2026-01-01T12:00:00.000Z');
  });
});
