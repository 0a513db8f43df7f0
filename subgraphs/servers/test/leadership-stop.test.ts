import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { createLogger, openDatabase, queryRows, type DatabaseHandle } from '@mcp-portal/kit';
import { createTestDatabase, waitUntil, type TestDatabase } from '@mcp-portal/kit/testing';
import { Leadership } from '../src/services/lifecycle/leadership.ts';
import { leaseHolder } from '../src/store/lifecycle-leases.ts';

/**
 * A replica that stops while its lease renewal is under way must not become the leader afterwards: it would start
 * every wanted server again in the middle of a shutdown (and, in one process, ask a config subgraph already gone).
 */
let testDatabase: TestDatabase;
let database: DatabaseHandle;

beforeAll(async () => {
  testDatabase = await createTestDatabase('servers-leadership-stop', { migrated: true });
  database = await openDatabase({ url: testDatabase.url, poolSize: 2 });
});

afterAll(async () => {
  await database?.close();
  await testDatabase?.drop();
});

describe('stopping a replica while it claims the lease', () => {
  it('ends the claim first and neither leads nor keeps the lease afterwards', async () => {
    // Another session holds the lease row locked, so the claim (an upsert of that row) waits until it lets go.
    const blocker = new pg.Client({ connectionString: testDatabase.url });
    await blocker.connect();
    await blocker.query(
      "insert into servers.lifecycle_leases (name, holder, expires_at) values ('servers-lifecycle', 'gone-replica', now() - interval '1 minute')",
    );
    await blocker.query('begin');
    await blocker.query("select 1 from servers.lifecycle_leases where name = 'servers-lifecycle' for update");
    const changes: boolean[] = [];
    const leadership = new Leadership(database.db, createLogger('test-leadership-stop', 'silent'), async (leading) => void changes.push(leading));
    const starting = leadership.start();
    await waitUntil(
      'the claim to wait for the row lock',
      // Asked outside the blocker's transaction, which sees the activity as it was when the transaction first looked.
      async () =>
        (
          await queryRows<{ waiting: number }>(
            database.db,
            sql`select count(*)::int as waiting from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`,
          )
        )[0]?.waiting ?? 0,
      (waiting) => waiting > 0,
    );
    const stopping = leadership.stop();
    await blocker.query('commit'); // the claim goes on: the old holder's lease has lapsed, so it succeeds
    await Promise.all([starting, stopping]);
    await blocker.end();
    await new Promise((resolve) => setTimeout(resolve, 200)); // anything the claim would still do
    expect(changes).toEqual([]);
    expect(leadership.isLeader).toBe(false);
    expect(await leaseHolder(database.db, 'servers-lifecycle')).toBeNull();
  });
});
