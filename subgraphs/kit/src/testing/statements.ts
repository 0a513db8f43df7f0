import pg from 'pg';

type Query = typeof pg.Client.prototype.query;

function textOf(config: unknown): string | null {
  if (typeof config === 'string') return config;
  if (typeof config === 'object' && config !== null && typeof (config as { text?: unknown }).text === 'string') return (config as { text: string }).text;
  return null;
}

/**
 * The SQL statements every pg client of this process sends while `run` runs (each one's text, in order),
 * e.g. to prove that a list is read with one query rather than one per item. The statements still reach
 * Postgres: the clients' query method is wrapped, not replaced, and restored afterwards.
 */
export async function recordStatements<T>(run: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const statements: string[] = [];
  const original = pg.Client.prototype.query;
  const recording = function (this: pg.Client, ...args: Parameters<Query>) {
    const text = textOf(args[0]);
    if (text !== null) statements.push(text);
    return (original as (...a: Parameters<Query>) => ReturnType<Query>).apply(this, args);
  };
  pg.Client.prototype.query = recording as Query;
  try {
    return { result: await run(), statements };
  } finally {
    pg.Client.prototype.query = original;
  }
}
