import { describe, expect, it } from 'vitest';
import { ConfigError, formatNoticeBox, logFormatFor } from '../src/index.ts';

describe('log format', () => {
  it('is readable at a terminal and JSON lines anywhere else, unless LOG_FORMAT says', () => {
    expect(logFormatFor(undefined, true)).toBe('pretty');
    expect(logFormatFor('', true)).toBe('pretty');
    expect(logFormatFor(undefined, false)).toBe('json');
    expect(logFormatFor('json', true)).toBe('json');
    expect(logFormatFor('pretty', false)).toBe('pretty');
  });

  it('refuses an unknown LOG_FORMAT with a message naming the variable', () => {
    expect(() => logFormatFor('xml', true)).toThrowError(ConfigError);
    expect(() => logFormatFor('xml', true)).toThrowError(/LOG_FORMAT: must be one of json, pretty/);
  });
});

describe('start-up notice box', () => {
  it('frames the title and lines, every row as wide as the widest', () => {
    const box = formatNoticeBox({ title: 'First start', lines: ['Email: admin@localhost', 'Generated password: s3cret-pass'] });
    const rows = box.split('\n').filter((row) => row.trim() !== '');
    expect(rows[0]).toMatch(/^ {2}╭─+╮$/);
    expect(rows.at(-1)).toMatch(/^ {2}╰─+╯$/);
    expect(new Set(rows.map((row) => [...row].length)).size).toBe(1);
    expect(box).toContain('│  Generated password: s3cret-pass  │');
    expect(box).toContain('│  First start ');
  });
});
