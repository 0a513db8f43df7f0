import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { ConfigError, createLogger, formatNoticeBox, logFormatFor, maskSecretValuesInLogs, openDatabase } from '../src/index.ts';

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

describe('what never reaches a log line', () => {
  const capture = () => {
    const lines: string[] = [];
    return { lines, destination: { write: (line: string) => void lines.push(line) } };
  };

  it('masks secret values the process was given, raw and JSON-escaped', () => {
    const { lines, destination } = capture();
    const logger = createLogger('test', 'info', destination);
    maskSecretValuesInLogs(['tiger-stripes-4411', 'quote"and\\slash-7', 'short']);
    logger.info({ detail: 'token=tiger-stripes-4411;', nested: { value: 'quote"and\\slash-7' } }, 'starting with tiger-stripes-4411');
    logger.error({ err: new Error('spawn failed: env TOKEN=tiger-stripes-4411') }, 'failed');
    logger.info('a short word stays');
    const text = lines.join('');
    expect(text).not.toContain('tiger-stripes-4411');
    expect(text).not.toContain('slash-7');
    // In the message, the detail, the nested value, and the error's message and stack.
    expect(text.match(/\[redacted\]/g)?.length).toBe(5);
    expect(text).toContain('a short word stays');
  });

  // An in-memory PGlite: starting its WebAssembly Postgres takes seconds of CPU, tens of them on a busy machine.
  it('keeps the statement of a failed SQL query but not its parameters', { timeout: 120_000 }, async () => {
    const database = await openDatabase({});
    try {
      const failure = await database.db.execute(sql`select ${'scrypt$N=16384$a-users-password-hash'}::int as n`).then(
        () => null,
        (error: unknown) => error,
      );
      expect(String(failure)).toContain('a-users-password-hash');
      const { lines, destination } = capture();
      createLogger('test', 'info', destination).error({ err: failure }, 'unexpected error while resolving');
      const logged = JSON.parse(lines[0] ?? '{}') as { err: { message: string; stack: string; params: unknown } };
      expect(logged.err.message).toMatch(/^Failed query: select \$1::int as n\nparams: \[redacted\]$/);
      expect(lines.join('')).not.toContain('a-users-password-hash');
      expect(logged.err.params).toBe('[redacted]');
      // PostgreSQL's own error keeps its code, not the value it quoted.
      expect(JSON.parse(lines[0] ?? '{}').err.cause).toMatchObject({ code: '22P02', message: 'data exception (SQLSTATE 22P02)' });
    } finally {
      await database.close();
    }
  });
});
