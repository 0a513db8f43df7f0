import type { LogLineFieldsFragment as ServerLogLine } from './gql/graphql.ts';

/** The most log lines a page keeps (the API answers at most 1000 for a tail). */
export const maxLogLines = 1000;

/** Oldest first: by id where both are numbers (the API's ids increase), else by time. */
function compareLogLines(a: ServerLogLine, b: ServerLogLine): number {
  const numeric = /^\d+$/;
  if (numeric.test(a.id) && numeric.test(b.id)) {
    if (a.id.length !== b.id.length) return a.id.length - b.id.length;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  }
  const byTime = Date.parse(a.at) - Date.parse(b.at);
  return byTime !== 0 && !Number.isNaN(byTime) ? byTime : a.id.localeCompare(b.id);
}

/** The lines of every source once each (by id), oldest first, the newest `max` of them. */
export function mergeLogLines(sources: readonly (readonly ServerLogLine[])[], max = maxLogLines): ServerLogLine[] {
  const byId = new Map<string, ServerLogLine>();
  for (const source of sources) for (const line of source) byId.set(line.id, line);
  const merged = [...byId.values()].sort(compareLogLines);
  return merged.length > max ? merged.slice(merged.length - max) : merged;
}

export type LogSeverity = 'error' | 'warning' | 'plain';

const errorWords = /\b(error|errors|err!|fatal|panic|exception|traceback|uncaught|unhandled|failed|failure|crash(ed)?|denied|refused)\b|^\s*at \S+ \(|^E\s/i;
const warningWords = /\b(warn|warning|deprecated|deprecation)\b|^W\s/i;

/**
 * How a line reads, whatever stream it came on: servers write ordinary notes ("…running on stdio") to
 * standard error, so only the words of a line say whether it reports a problem.
 */
export function logLineSeverity(text: string): LogSeverity {
  if (errorWords.test(text)) return 'error';
  if (warningWords.test(text)) return 'warning';
  return 'plain';
}
