import { describe, expect, it } from 'vitest';
import { addOutputChunk, commandLine, formatBytes, isUnderWay, mergeOutputChunks, quoteArgument } from '../src/execution-output.ts';

const chunk = (seq: number, stream: 'STDOUT' | 'STDERR' | 'SYSTEM' = 'STDOUT') => ({
  id: `c${seq}`,
  seq,
  stream,
  text: `t${seq}\n`,
  at: new Date(1_000 + seq).toISOString(),
});
const seqs = (chunks: readonly { seq: number }[]) => chunks.map((c) => c.seq);

/** A run's terminal view: the replayed and live chunks once each and in order, the statuses under way, the command line. */
describe('execution output', () => {
  it('merges a replay and live chunks once each, by seq, keeping the newest', () => {
    expect(
      seqs(
        mergeOutputChunks([
          [chunk(3), chunk(1)],
          [chunk(2), chunk(3), chunk(10)],
        ]),
      ),
    ).toEqual([1, 2, 3, 10]);
    expect(seqs(mergeOutputChunks([[chunk(1), chunk(2), chunk(3)]], 2))).toEqual([2, 3]);
  });

  it('adds a live chunk: appended in order, placed by seq when late, ignored when known', () => {
    const start = [chunk(0, 'SYSTEM'), chunk(1)];
    const appended = addOutputChunk(start, chunk(2, 'STDERR'));
    expect(seqs(appended)).toEqual([0, 1, 2]);
    // A replay after a reconnection repeats what the page has: the same list comes back (no re-render).
    expect(addOutputChunk(appended, chunk(1))).toBe(appended);
    // Out of order (a replay and live chunks interleaved): placed by seq.
    expect(seqs(addOutputChunk([chunk(0), chunk(5)], chunk(3)))).toEqual([0, 3, 5]);
    // Capped: the oldest goes.
    expect(seqs(addOutputChunk([chunk(0), chunk(1)], chunk(2), 2))).toEqual([1, 2]);
  });

  it('says which statuses are under way', () => {
    expect(['QUEUED', 'RUNNING'].every((s) => isUnderWay(s as 'QUEUED'))).toBe(true);
    expect(['SUCCEEDED', 'FAILED', 'CANCELLED', 'TIMED_OUT'].some((s) => isUnderWay(s as 'FAILED'))).toBe(false);
  });

  it('shows the command line with the argv quoted where a shell would need it (for reading: nothing runs through a shell)', () => {
    expect(commandLine(['server', 'ls', '--json'])).toBe('docker mcp server ls --json');
    expect(commandLine(['catalog', 'ls', '--search=two words', '--', "it's"])).toBe(`docker mcp catalog ls '--search=two words' -- 'it'\\''s'`);
    expect(quoteArgument('')).toBe("''");
    expect(quoteArgument('a;rm -rf /')).toBe("'a;rm -rf /'");
    expect(quoteArgument('$(id)')).toBe("'$(id)'");
  });

  it('formats byte counts', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MiB');
  });
});
