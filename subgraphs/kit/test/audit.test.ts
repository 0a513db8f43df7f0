import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AuditLog, ConflictError, createEventBus, createLogger, openDatabase, queryRows, type DatabaseHandle } from '../src/index.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.ts';

let testDatabase: TestDatabase;
let handle: DatabaseHandle;
const events = createEventBus({});
const actor = { viewer: { userId: '00000000-0000-4000-8000-000000000001', email: 'a@example.test', role: 'admin' as const }, requestId: 'req-1', sourceIp: '10.1.2.3' };

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

const serverNames = async () => (await queryRows<{ catalog_name: string }>(handle.db, sql`select catalog_name from servers.servers order by 1`)).map((r) => r.catalog_name);
const auditRows = async () => queryRows<{ action: string; outcome: string; detail: Record<string, unknown> | null }>(handle.db, sql`select action, outcome, detail from audit.events order by occurred_at`);
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
