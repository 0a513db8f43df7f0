import { describe, expect, it } from 'vitest';
import { logLineSeverity, mergeLogLines } from '../src/log-lines.ts';

/** A server's log on its page: the merge of the tail and the live lines, and each line's severity. */
describe('log lines', () => {
  it('merges the tail and the live lines once each, oldest first, keeping the newest', () => {
    const line = (id: number) => ({ id: String(id), serverId: 's', stream: 'SYSTEM' as const, line: `l${id}`, at: new Date(1_000 + id).toISOString() });
    expect(
      mergeLogLines([
        [line(9), line(10)],
        [line(10), line(2), line(11)],
      ]).map((l) => l.id),
    ).toEqual(['2', '9', '10', '11']);
    expect(mergeLogLines([[line(1), line(2), line(3)]], 2).map((l) => l.id)).toEqual(['2', '3']);
  });

  it.each([
    ['Knowledge Graph MCP Server running on stdio', 'plain'],
    ['Secure MCP Filesystem Server running on stdio', 'plain'],
    ['Allowed directories: [ "/data" ]', 'plain'],
    ['Error: ENOENT: no such file or directory', 'error'],
    ['Fatal error in main(): connection refused', 'error'],
    ['Traceback (most recent call last):', 'error'],
    ['    at Server.connect (file:///app/index.js:10:3)', 'error'],
    ['(node:12) Warning: something is deprecated', 'warning'],
    ['WARN retrying in 2 s', 'warning'],
  ])('reads the severity of a log line from its words, not its stream: %j is %s', (text, severity) => {
    expect(logLineSeverity(text)).toBe(severity);
  });
});
