import type { ExecutionOutputChunkFieldsFragment as OutputChunk, ExecutionStatus } from './gql/graphql.ts';

/**
 * A run's terminal view, as plain functions (no React): the chunks `executionOutput` replays and then streams
 * live, once each and in order; which statuses are still under way; the command line to show.
 */

/** The most chunks a page keeps (the API replays at most 5000). */
export const maxOutputChunks = 5000;

/**
 * The chunks of every source once each (by id: a replay after a reconnection repeats what the page has),
 * ordered by `seq`, the newest `max` of them. Sources are read in order, so a later copy of a chunk wins.
 */
export function mergeOutputChunks(sources: readonly (readonly OutputChunk[])[], max = maxOutputChunks): OutputChunk[] {
  const byId = new Map<string, OutputChunk>();
  for (const source of sources) for (const chunk of source) byId.set(chunk.id, chunk);
  const merged = [...byId.values()].sort((a, b) => a.seq - b.seq || a.id.localeCompare(b.id));
  return merged.length > max ? merged.slice(merged.length - max) : merged;
}

/** Adds one chunk to a merged list; the list itself when it already holds the chunk (no re-render). */
export function addOutputChunk(current: readonly OutputChunk[], chunk: OutputChunk, max = maxOutputChunks): readonly OutputChunk[] {
  if (current.some((known) => known.id === chunk.id)) return current;
  const last = current.at(-1);
  // The usual case: the next chunk in order.
  if (!last || last.seq < chunk.seq) return current.length >= max ? [...current.slice(current.length - max + 1), chunk] : [...current, chunk];
  return mergeOutputChunks([current, [chunk]], max);
}

/** Whether the run may still change (Cancel is offered, output may still come). */
export function isUnderWay(status: ExecutionStatus): boolean {
  return status === 'QUEUED' || status === 'RUNNING';
}

/** One argv element as a POSIX shell would need it quoted, for reading only (nothing runs through a shell). */
export function quoteArgument(argument: string): string {
  if (argument !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(argument)) return argument;
  return `'${argument.replace(/'/g, `'\\''`)}'`;
}

/** The command line as the run's header shows it: `docker mcp` and the argv, quoted where needed. */
export function commandLine(argv: readonly string[]): string {
  return ['docker', 'mcp', ...argv.map(quoteArgument)].join(' ');
}

/** A byte count as people read it (`512 B`, `1.5 KiB`, `2.0 MiB`). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
