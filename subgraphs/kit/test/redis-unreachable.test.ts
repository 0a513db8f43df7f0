import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { assertRedisReachable, ConfigError, openDatabase, queryRows, SecretBox } from '../src/index.ts';
import { createTestDatabase, freePort, testRedisUrl } from '../src/testing/index.ts';
import { runTs, type ChildService } from './helpers/processes.ts';

/**
 * Issue 9, item 13: with REDIS_URL pointing at a port where nothing listens, every kind of process exits at
 * once, naming REDIS_URL, without a stack trace and before it writes anything (no migration, no first admin).
 */

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function closedRedisUrl(): Promise<string> {
  return `redis://127.0.0.1:${await freePort()}`;
}

/** `ms` only bounds a hang (a process that retries forever); a clean refusal comes long before it. */
async function exitWithin(child: ChildService, ms: number): Promise<number | string | null> {
  const timer = new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), ms));
  const outcome = await Promise.race([child.exited, timer]);
  if (outcome === 'still running') throw new Error(`the process still runs after ${ms} ms:\n${child.output()}`);
  return outcome;
}

/** Schemas other than the ones every database has: any migration would have created one. */
async function schemasIn(url: string): Promise<string[]> {
  const check = await openDatabase({ url, poolSize: 1 });
  try {
    const rows = await queryRows<{ name: string }>(
      check.db,
      sql`select schema_name as name from information_schema.schemata where schema_name <> 'public' and schema_name <> 'information_schema' and schema_name not like 'pg\_%'`,
    );
    return rows.map((row) => row.name);
  } finally {
    await check.close();
  }
}

function expectCleanRefusal(child: ChildService, code: number | string | null) {
  expect(code, child.output()).not.toBe(0);
  expect(typeof code, child.output()).toBe('number');
  expect(child.stderr()).toMatch(/REDIS_URL/);
  expect(child.output()).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(child.output()).not.toMatch(/Unhandled/);
}

describe('assertRedisReachable', () => {
  it('passes for a Redis that answers, and refuses a closed port at once, naming REDIS_URL', async () => {
    await expect(assertRedisReachable(testRedisUrl)).resolves.toBeUndefined();
    // "At once": with a deadline of an hour, only a refusal that does not wait for it ends within the test's time.
    const refused = assertRedisReachable(await closedRedisUrl(), 3_600_000);
    await expect(refused).rejects.toBeInstanceOf(ConfigError);
    await expect(refused).rejects.toThrow(/^REDIS_URL: Redis does not answer at redis:\/\/127\.0\.0\.1:\d+ \(connect ECONNREFUSED/);
  });

  it('gives up on a server that accepts but never answers within the deadline, and never prints the password', async () => {
    const sockets: Socket[] = [];
    const released: Promise<void>[] = [];
    const silent = createServer((socket) => {
      sockets.push(socket);
      released.push(new Promise((resolve) => socket.on('close', () => resolve())));
      socket.resume(); // read (and ignore) what the client sends, so its hang-up is seen
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    });
    const { port } = silent.address() as { port: number };
    const refused = assertRedisReachable(`redis://:hunter2secret@127.0.0.1:${port}`, 500);
    await expect(refused).rejects.toThrow(`REDIS_URL: Redis does not answer at redis://127.0.0.1:${port} (no answer within 500 ms)`);
    await expect(refused).rejects.not.toThrow(/hunter2/);
    // It gave up: the connection it held open is closed, not left waiting.
    expect(sockets).toHaveLength(1);
    await Promise.all(released);
  });
});

describe('Redis unreachable at start', () => {
  it('stops a standalone subgraph before its migrations and its first admin', async () => {
    const database = await createTestDatabase('redis-down-auth');
    cleanups.push(() => database.drop());
    const child = runTs('subgraphs/auth/src/main.ts', {
      PORT: String(await freePort()),
      DATABASE_URL: database.url,
      REDIS_URL: await closedRedisUrl(),
      MCP_MASTER_KEY: SecretBox.generateKey(),
      MCP_ADMIN_PASSWORD: 'a-long-enough-password',
    });
    cleanups.push(() => child.stop());
    expectCleanRefusal(child, await exitWithin(child, 45_000));
    expect(await schemasIn(database.url)).toEqual([]);
  }, 60_000);

  it('stops the router', async () => {
    const child = runTs('router/src/main.ts', { PORT: String(await freePort()), REDIS_URL: await closedRedisUrl() });
    cleanups.push(() => child.stop());
    expectCleanRefusal(child, await exitWithin(child, 45_000));
  }, 60_000);

  it('stops `npm start` before it opens the database or its data directory', async () => {
    const database = await createTestDatabase('redis-down-platform');
    cleanups.push(() => database.drop());
    const scratch = await mkdtemp(join(tmpdir(), 'kit-redis-down-'));
    cleanups.push(() => rm(scratch, { recursive: true, force: true }));
    const child = runTs('platform/src/main.ts', {
      PORT: String(await freePort()),
      GATEWAY_PROXY_PORT: String(await freePort()),
      SUBGRAPH_PORTS: 'ephemeral',
      DATABASE_URL: database.url,
      REDIS_URL: await closedRedisUrl(),
      MCP_DATA_DIR: join(scratch, 'data'),
      MCP_MASTER_KEY: undefined,
      MCP_ADMIN_PASSWORD: 'a-long-enough-password',
    });
    cleanups.push(() => child.stop());
    expectCleanRefusal(child, await exitWithin(child, 45_000));
    expect(await schemasIn(database.url)).toEqual([]);
    expect(await readdir(scratch)).toEqual([]);
  }, 60_000);
});
