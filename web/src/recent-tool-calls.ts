/**
 * The tool calls this browser made on a server's page, newest first, kept in localStorage per user and
 * server (`mcp-portal.recent-tool-calls.<user>.<server>`), so that a call can be looked at and run again
 * after a reload. What is kept: the tool, the arguments (unless they are large), when, how long, the
 * outcome and the path; never the result. The stored text is read defensively (another version, a user's
 * edit), dropping what does not fit.
 */

export type RecentCallOutcome = 'ok' | 'tool-error' | 'failed';
export type ToolCallVia = 'gateway-proxy' | 'graphql';

export interface RecentToolCall {
  id: string;
  tool: string;
  /** Null when they were too large to keep (the call cannot be run again from here). */
  arguments: Record<string, unknown> | null;
  /** ISO time of the call. */
  at: string;
  durationMs: number | null;
  outcome: RecentCallOutcome;
  /** Why it failed (outcome `failed`). */
  message: string | null;
  via: ToolCallVia;
}

export const maxRecentCalls = 10;
/** Arguments longer than this (as JSON) are not kept. */
export const maxKeptArgumentsChars = 16_000;

export function recentCallsKey(userId: string, serverId: string): string {
  return `mcp-portal.recent-tool-calls.${userId}.${serverId}`;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function recentCallOf(value: unknown): RecentToolCall | null {
  if (!isObject(value)) return null;
  const { id, tool, arguments: args, at, durationMs, outcome, message, via } = value;
  if (typeof id !== 'string' || typeof tool !== 'string' || typeof at !== 'string' || Number.isNaN(Date.parse(at))) return null;
  if (outcome !== 'ok' && outcome !== 'tool-error' && outcome !== 'failed') return null;
  if (via !== 'gateway-proxy' && via !== 'graphql') return null;
  return {
    id,
    tool,
    arguments: isObject(args) ? args : null,
    at,
    durationMs: typeof durationMs === 'number' && Number.isFinite(durationMs) ? durationMs : null,
    outcome,
    message: typeof message === 'string' ? message : null,
    via,
  };
}

/** The calls a stored text holds (none when it is missing or unreadable). */
export function parseRecentCalls(text: string | null): RecentToolCall[] {
  if (!text) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((item) => recentCallOf(item) ?? []).slice(0, maxRecentCalls);
}

/** The list with a new call first, at most `maxRecentCalls`; its arguments dropped when too large to keep. */
export function withRecentCall(calls: readonly RecentToolCall[], call: RecentToolCall): RecentToolCall[] {
  const kept = call.arguments !== null && JSON.stringify(call.arguments).length > maxKeptArgumentsChars ? { ...call, arguments: null } : call;
  return [kept, ...calls.filter((other) => other.id !== call.id)].slice(0, maxRecentCalls);
}
