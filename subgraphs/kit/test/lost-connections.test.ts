import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { Redis } from 'ioredis';
import { DrizzleQueryError, sql } from 'drizzle-orm';
import { GraphQLError } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import { auditEventIdsOf, topics } from '@mcp-portal/schema';
import {
  ConflictError,
  createCounterStore,
  createErrorFormatter,
  createEventBus,
  createLogger,
  openDatabase,
  queryRows,
  SecretBox,
  type CounterStore,
  type EventBus,
} from '../src/index.ts';
import { createTestDatabase, freePort, testChannelPrefix, testPostgresAdminUrl, waitForHttp, type TestDatabase } from '../src/testing/index.ts';
import { runTs, throwawayRedis, type ChildService, type ThrowawayRedis } from './helpers/processes.ts';

/**
 * Issue 9, item 4: a lost connection (PostgreSQL backends terminated, Redis connections killed or Redis
 * restarted) must never end the process. Each test runs a real standalone subgraph process (the writer
 * fixture) against its own database and, for Redis, a Redis of its own.
 */

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

interface WriteFailure {
  message: string;
  code?: string;
}

async function startWriter(database: TestDatabase, redisUrl: string | undefined, channelPrefix: string): Promise<{ child: ChildService; url: string }> {
  const port = await freePort();
  const child = runTs('subgraphs/kit/test/fixtures/writer-subgraph.ts', {
    PORT: String(port),
    DATABASE_URL: database.url,
    REDIS_URL: redisUrl,
    MCP_CHANNEL_PREFIX: channelPrefix,
    MCP_MASTER_KEY: SecretBox.generateKey(),
  });
  cleanups.push(() => child.stop());
  const url = `http://127.0.0.1:${port}`;
  await Promise.race([waitForHttp(`${url}/health`), child.exited.then((code) => Promise.reject(new Error(`writer exited (${code}): ${child.output()}`)))]);
  return { child, url };
}

async function write(url: string, key: string): Promise<{ ok: true } | { ok: false; failure: WriteFailure }> {
  try {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation($key: String!) { write(key: $key) }', variables: { key } }),
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await response.json()) as { data?: { write?: string }; errors?: { message: string; extensions?: { code?: string } }[] };
    if (body.data?.write === key) return { ok: true };
    const error = body.errors?.[0];
    return { ok: false, failure: { message: error?.message ?? JSON.stringify(body), code: error?.extensions?.code } };
  } catch (error) {
    return { ok: false, failure: { message: `no answer: ${String(error)}` } };
  }
}

/** Several writers in a loop until `stop` resolves; returns the keys whose write was acknowledged and every failure. */
/**
 * Writes from `writers` clients at once until `stop` settles and, after it, until at least `minimum` writes were
 * acknowledged in all (so that a loaded machine, where few get through while connections are being cut, still
 * gives the no-lost-write check enough writes, and shows the pool answering again).
 */
async function writeBurst(url: string, stop: Promise<unknown>, writers = 6, minimum = 21) {
  let stopped = false;
  void stop.then(() => (stopped = true));
  const acknowledged: string[] = [];
  const failures: WriteFailure[] = [];
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      for (let n = 0; !stopped || acknowledged.length < minimum; n += 1) {
        const key = `w${writer}-${n}`;
        const result = await write(url, key);
        if (result.ok) acknowledged.push(key);
        else failures.push(result.failure);
      }
    }),
  );
  return { acknowledged, failures };
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A stack frame or Node's report of an unhandled 'error' event in a process's output. */
const crashTraces = /Unhandled 'error' event|Unhandled error event|^\s+at .+:\d+:\d+\)?$/m;

describe('the error mapping of lost connections', () => {
  const format = createErrorFormatter(createLogger('test', 'silent'));
  const formatted = (original: Error) =>
    format({ message: original.message, path: ['write'] }, new GraphQLError(original.message, { originalError: original }));
  const database = {
    message: 'The database connection was lost; try again.',
    path: ['write'],
    locations: undefined,
    extensions: { code: 'SERVICE_UNAVAILABLE' },
  };
  const systemError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, syscall: 'connect' });
  const pgError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: 'FATAL' });
  const query = (cause: Error) => new DrizzleQueryError('insert into audit.events …', [], cause);

  it.each([
    ['57P01 admin shutdown', query(pgError('57P01', 'terminating connection due to administrator command'))],
    ['57P02 crash shutdown', query(pgError('57P02', 'terminating connection due to crash of another server process'))],
    ['57P03 cannot connect now', pgError('57P03', 'the database system is starting up')],
    ['08006 connection failure', query(pgError('08006', 'connection failure'))],
    ['a dropped socket', query(new Error('Connection terminated unexpectedly'))],
    ['a client whose connection broke', query(new Error('Client has encountered a connection error and is not queryable'))],
    ['ECONNRESET', query(systemError('ECONNRESET'))],
    ['ECONNREFUSED on connect', systemError('ECONNREFUSED')],
  ])('answers %s with one retryable error, never the driver message', (_name, error) => {
    expect(formatted(error)).toEqual(database);
  });

  it('answers a lost Redis connection with the same code', () => {
    const maxRetries = Object.assign(new Error('Reached the max retries per request limit (which is 3).'), { name: 'MaxRetriesPerRequestError' });
    expect(formatted(maxRetries)).toMatchObject({
      message: 'The event bus (Redis) connection was lost; try again.',
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    });
  });

  it('leaves other errors as they were: known ones keep their code, the rest stay hidden', () => {
    expect(formatted(new ConflictError('Already there.'))).toMatchObject({ message: 'Already there.', extensions: { code: 'CONFLICT' } });
    expect(formatted(query(pgError('23505', 'duplicate key value violates unique constraint')))).toMatchObject({
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    // A failed call to another service is not a database outage.
    expect(formatted(new TypeError('fetch failed', { cause: systemError('ECONNREFUSED') }))).toMatchObject({ extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });
});

describe('lost PostgreSQL connections', () => {
  it('keep the process up: writes fail with a retryable error while the pool reconnects, and no acknowledged write is lost', async () => {
    const database = await createTestDatabase('lost-pg');
    cleanups.push(() => database.drop());
    const { child, url } = await startWriter(database, undefined, testChannelPrefix('lost-pg'));
    const databaseName = new URL(database.url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: testPostgresAdminUrl });
    admin.on('error', () => undefined);
    await admin.connect();
    cleanups.push(() => admin.end());

    let terminated = 0;
    const terminations = (async () => {
      for (let round = 0; round < 5; round += 1) {
        await pause(400);
        // Only the backends of this test's own database.
        const result = await admin.query<{ n: number }>(
          'select count(*)::int as n from (select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()) t',
          [databaseName],
        );
        terminated += result.rows[0]?.n ?? 0;
      }
      await pause(400);
    })();
    const { acknowledged, failures } = await writeBurst(url, terminations);
    await terminations;

    expect(child.alive(), child.output()).toBe(true);
    expect(terminated).toBeGreaterThan(0);
    expect(acknowledged.length).toBeGreaterThan(20);
    expect(failures.length).toBeGreaterThan(0);
    for (const failure of failures) expect(failure).toEqual({ code: 'SERVICE_UNAVAILABLE', message: 'The database connection was lost; try again.' });

    // The pool has reconnected: health answers and writes succeed again.
    await waitForHttp(`${url}/health`, 5_000);
    for (const key of ['after-1', 'after-2', 'after-3']) expect(await write(url, key)).toEqual({ ok: true });

    const check = await openDatabase({ url: database.url, poolSize: 1 });
    try {
      const rows = await queryRows<{ target_id: string }>(
        check.db,
        sql`select target_id from audit.events where action = 'test.write' and outcome = 'success'`,
      );
      const stored = new Set(rows.map((row) => row.target_id));
      expect(acknowledged.filter((key) => !stored.has(key))).toEqual([]);
      expect(stored.has('after-3')).toBe(true);
    } finally {
      await check.close();
    }
    expect(child.output()).not.toMatch(crashTraces);
  });
});

describe('lost Redis connections', () => {
  let redis: ThrowawayRedis;

  it('keep the process up; publishes fail or go through, and subscriptions resume after a reconnect', async () => {
    redis = await throwawayRedis();
    cleanups.push(() => redis.stop());
    const database = await createTestDatabase('lost-redis');
    cleanups.push(() => database.drop());
    const prefix = testChannelPrefix('lost-redis');
    const { child, url } = await startWriter(database, redis.url, prefix);

    // This process's own bus and counters on the same Redis: a subscriber and a plain client to lose too.
    const bus: EventBus = createEventBus({ redisUrl: redis.url, channelPrefix: prefix });
    const counters: CounterStore = createCounterStore({ redisUrl: redis.url, keyPrefix: prefix });
    cleanups.push(
      () => counters.close(),
      () => bus.close(),
    );
    const announced: string[] = [];
    await bus.subscribe(topics.auditEventAdded, (event) => announced.push(...auditEventIdsOf(event)));
    const admin = new Redis(redis.url, { maxRetriesPerRequest: 0, retryStrategy: () => null });
    admin.on('error', () => undefined);
    cleanups.push(async () => admin.disconnect());

    /** Writes until this process hears of a new audit event: the writer publishes and our subscription receives again. */
    const eventsFlow = async (label: string) => {
      await expect
        .poll(
          async () => {
            const before = announced.length;
            expect(await write(url, `${label}-${randomUUID()}`)).toEqual({ ok: true });
            await pause(100);
            return announced.length > before;
          },
          { timeout: 15_000, interval: 200 },
        )
        .toBe(true);
    };

    await eventsFlow('before');
    expect((await counters.increment('k', 60)).count).toBe(1);

    // Every client connection cut: the plain ones (publisher, counters) and the subscribers.
    expect(Number(await admin.client('KILL', 'TYPE', 'normal'))).toBeGreaterThan(0);
    expect(Number(await admin.client('KILL', 'TYPE', 'pubsub'))).toBeGreaterThan(0);
    await eventsFlow('after-kill');
    expect((await counters.increment('k', 60)).count).toBe(2);

    // Redis gone for a while: the database writes go on (announcements are best effort), counters fail cleanly.
    admin.disconnect();
    await redis.stop();
    const whileDown = await Promise.all(['down-1', 'down-2'].map((key) => write(url, key)));
    expect(whileDown).toEqual([{ ok: true }, { ok: true }]);
    await expect(counters.increment('k', 60)).rejects.toThrow();
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(503);
    await pause(1_000);

    await redis.start();
    await eventsFlow('after-restart');
    await waitForHttp(`${url}/health`, 10_000);
    expect((await counters.increment('fresh', 60)).count).toBe(1);

    expect(child.alive(), child.output()).toBe(true);
    expect(child.output()).not.toMatch(crashTraces);
  });
});
