import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AuditLog, ConflictError, createEventBus, createLogger, openDatabase, queryRows, type DatabaseHandle } from '../src/index.ts';
import { auditEventIdsOf, topics } from '@mcp-portal/schema';
import { createTestDatabase, waitUntil, type TestDatabase } from '../src/testing/index.ts';

let testDatabase: TestDatabase;
let handle: DatabaseHandle;
const events = createEventBus({});
const actor = {
  viewer: { userId: '00000000-0000-4000-8000-000000000001', email: 'a@example.test', role: 'admin' as const },
  requestId: 'req-1',
  sourceIp: '10.1.2.3',
};

beforeAll(async () => {
  testDatabase = await createTestDatabase('kit-audit');
  handle = await openDatabase({ url: testDatabase.url, poolSize: 2 });
  await handle.migrate('audit');
  await handle.migrate('servers');
});
afterAll(async () => {
  await handle.close();
  await events.close();
  await testDatabase.drop();
});

const serverNames = async () =>
  (await queryRows<{ catalog_name: string }>(handle.db, sql`select catalog_name from servers.servers order by 1`)).map((r) => r.catalog_name);
const auditRows = async () =>
  queryRows<{ action: string; outcome: string; detail: Record<string, unknown> | null }>(
    handle.db,
    sql`select action, outcome, detail from audit.events order by occurred_at`,
  );
const insertServer = (name: string) => async (tx: typeof handle.db) => {
  await tx.execute(sql`insert into servers.servers (catalog_name, enabled_by) values (${name}, gen_random_uuid())`);
  return name;
};

it('commits the change and its audit row together', async () => {
  const audit = new AuditLog(handle.db, events, 'servers', createLogger('test', 'silent'));
  await audit.change(actor, { action: 'server.enable', targetType: 'Server', detail: { name: 'one' } }, insertServer('one'));
  expect(await serverNames()).toEqual(['one']);
  expect(await auditRows()).toEqual([{ action: 'server.enable', outcome: 'success', detail: { name: 'one' } }]);
});

it('rolls the change back when its audit row cannot be written', async () => {
  await handle.db.execute(sql`alter table audit.events add constraint no_boom check (action <> 'server.boom')`);
  const audit = new AuditLog(handle.db, events, 'servers', createLogger('test', 'silent'));
  await expect(audit.change(actor, { action: 'server.boom', targetType: 'Server' }, insertServer('two'))).rejects.toThrow();
  expect(await serverNames()).toEqual(['one']);
  await handle.db.execute(sql`alter table audit.events drop constraint no_boom`);
});

it('records a refused change as a failure, and the change does not happen', async () => {
  const audit = new AuditLog(handle.db, events, 'servers', createLogger('test', 'silent'));
  const refused = audit.change(actor, { action: 'server.enable', targetType: 'Server', detail: { name: 'three' } }, async (tx) => {
    await insertServer('three')(tx);
    throw new ConflictError('The server "three" is already enabled.');
  });
  await expect(refused).rejects.toBeInstanceOf(ConflictError);
  expect(await serverNames()).toEqual(['one']);
  expect((await auditRows()).at(-1)).toEqual({
    action: 'server.enable',
    outcome: 'failure',
    detail: { name: 'three', code: 'CONFLICT', message: 'The server "three" is already enabled.' },
  });
});

it('records several events in one statement, each at its own time, and announces them in one message', async () => {
  const audit = new AuditLog(handle.db, events, 'servers', createLogger('test', 'silent'));
  const announced: string[][] = [];
  const stop = await events.subscribe(topics.auditEventAdded, (event) => announced.push(auditEventIdsOf(event)));
  const at = (second: number) => new Date(Date.UTC(2030, 0, 1, 0, 0, second));
  await audit.recordMany([
    { actor, entry: { action: 'batch.second', targetType: 'Server', detail: { n: 2 } }, outcome: 'success', occurredAt: at(2) },
    { actor, entry: { action: 'batch.first', targetType: 'Server', detail: { n: 1 } }, outcome: 'failure', occurredAt: at(1) },
  ]);
  const rows = await queryRows<{ id: string; action: string; outcome: string; occurred_at: Date }>(
    handle.db,
    sql`select id, action, outcome, occurred_at from audit.events where action like 'batch.%' order by occurred_at`,
  );
  expect(rows.map((row) => [row.action, row.outcome, new Date(row.occurred_at).toISOString()])).toEqual([
    ['batch.first', 'failure', at(1).toISOString()],
    ['batch.second', 'success', at(2).toISOString()],
  ]);
  await waitUntil(
    'the announcement',
    async () => announced,
    (messages) => messages.length === 1,
  );
  expect(new Set(announced[0])).toEqual(new Set(rows.map((row) => row.id)));
  await stop();
});

/** PGlite (PostgreSQL in wasm) starts and migrates in tens of seconds on a busy 2-core machine running two test packages. */
const PGLITE_TIMEOUT = 120_000;

it(
  'writes every column of a batch as one row each, on PostgreSQL and on PGlite, with now() when no time is given',
  async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kit-audit-pglite-'));
    const embedded = await openDatabase({ dataDir: dir });
    try {
      await embedded.migrate('audit');
      for (const db of [handle.db, embedded.db]) {
        const audit = new AuditLog(db, events, 'gateway-proxy', createLogger('test', 'silent'));
        const anonymous = { viewer: null, requestId: 'req-2', sourceIp: null };
        const before = Date.now();
        await audit.recordMany([
          {
            actor,
            entry: {
              action: 'columns.call',
              targetType: 'Tool',
              targetId: 'memory/read_graph',
              detail: { tool: 'read_graph', quote: 'it\'s "quoted" ✓', nested: { ms: 3 } },
            },
            outcome: 'success',
          },
          { actor: anonymous, entry: { action: 'columns.denied', targetType: 'Tool' }, outcome: 'denied' },
        ]);
        const rows = await queryRows<Record<string, unknown>>(
          db,
          sql`select actor_id, actor_email, action, target_type, target_id, outcome, detail, request_id, source_ip, subgraph, occurred_at from audit.events where action like 'columns.%' order by action`,
        );
        expect(rows.map(({ occurred_at: _at, ...row }) => row)).toEqual([
          {
            actor_id: actor.viewer.userId,
            actor_email: actor.viewer.email,
            action: 'columns.call',
            target_type: 'Tool',
            target_id: 'memory/read_graph',
            outcome: 'success',
            detail: { tool: 'read_graph', quote: 'it\'s "quoted" ✓', nested: { ms: 3 } },
            request_id: 'req-1',
            source_ip: '10.1.2.3',
            subgraph: 'gateway-proxy',
          },
          {
            actor_id: null,
            actor_email: null,
            action: 'columns.denied',
            target_type: 'Tool',
            target_id: null,
            outcome: 'denied',
            detail: null,
            request_id: 'req-2',
            source_ip: null,
            subgraph: 'gateway-proxy',
          },
        ]);
        for (const row of rows) expect(new Date(row.occurred_at as string).getTime()).toBeGreaterThanOrEqual(before - 5_000);
      }
    } finally {
      await embedded.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
  PGLITE_TIMEOUT,
);

it('applies several changes in one transaction with a row each, or none of them without their rows', async () => {
  const audit = new AuditLog(handle.db, events, 'servers', createLogger('test', 'silent'));
  const entries = (names: string[]) => () => names.map((name) => ({ action: 'server.enable', targetType: 'Server', detail: { name } }));
  await audit.changeAll(actor, entries(['four', 'five']), async (tx) => {
    await insertServer('four')(tx);
    await insertServer('five')(tx);
  });
  expect(await serverNames()).toEqual(['five', 'four', 'one']);
  // Written in one transaction, so at one time: in name order here.
  const named = async (names: string[]) =>
    (await auditRows()).filter((row) => names.includes(String(row.detail?.name))).sort((a, b) => String(a.detail?.name).localeCompare(String(b.detail?.name)));
  expect(await named(['four', 'five'])).toEqual([
    { action: 'server.enable', outcome: 'success', detail: { name: 'five' } },
    { action: 'server.enable', outcome: 'success', detail: { name: 'four' } },
  ]);

  await handle.db.execute(sql`alter table audit.events add constraint no_seven check (detail->>'name' is distinct from 'seven')`);
  const failing = audit.changeAll(actor, entries(['six', 'seven']), async (tx) => {
    await insertServer('six')(tx);
    await insertServer('seven')(tx);
  });
  await expect(failing).rejects.toThrow();
  await handle.db.execute(sql`alter table audit.events drop constraint no_seven`);
  expect(await serverNames()).toEqual(['five', 'four', 'one']);
  expect(await named(['six', 'seven'])).toEqual([]);
});

it('records a change refused before its transaction as a failure, once', async () => {
  const audit = new AuditLog(handle.db, events, 'servers', createLogger('test', 'silent'));
  const refusal = new ConflictError('Taken.');
  const entry = { action: 'server.enable', targetType: 'Server', detail: { name: 'eight' } };
  await audit.failed(actor, entry, refusal);
  await audit.failed(actor, entry, refusal);
  await audit.failed(actor, entry, new Error('not one the caller can act on'));
  const rows = (await auditRows()).filter((row) => row.detail?.name === 'eight');
  expect(rows).toEqual([{ action: 'server.enable', outcome: 'failure', detail: { name: 'eight', code: 'CONFLICT', message: 'Taken.' } }]);
});
