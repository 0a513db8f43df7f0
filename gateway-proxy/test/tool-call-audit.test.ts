import { Writable } from 'node:stream';
// The kit's query builder (not a declared dependency of the proxy, which reaches the database through the kit).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog, createCounterStore, createEventBus, createLogger, openDatabase, queryRows, type DatabaseHandle } from '@mcp-portal/kit';
import { createTestDatabase, waitUntil, type TestDatabase } from '@mcp-portal/kit/testing';
import { ToolCallAudit } from '../src/tool-call-audit.ts';

/** The rows of tool calls, written behind the answers on a real PostgreSQL. */
let testDatabase: TestDatabase;
let handle: DatabaseHandle;
const events = createEventBus({});
const logged: string[] = [];
const logger = createLogger(
  'test',
  'error',
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      logged.push(chunk.toString());
      done();
    },
  }),
);
const actor = {
  viewer: { userId: '00000000-0000-4000-8000-000000000002', email: 'op@example.test', role: 'operator' as const },
  requestId: 'req-1',
  sourceIp: '127.0.0.1',
};

beforeAll(async () => {
  testDatabase = await createTestDatabase('gateway-proxy-tool-call-audit');
  handle = await openDatabase({ url: testDatabase.url, poolSize: 2 });
  await handle.migrate('audit');
});
afterAll(async () => {
  await handle?.close();
  await events.close();
  await testDatabase?.drop();
});

const rows = () =>
  queryRows<{ outcome: string; detail: { tool: string; isError?: boolean; error?: string } }>(
    handle.db,
    sql`select outcome, detail from audit.events where action = 'tool.call' order by occurred_at, detail->>'tool'`,
  );

describe('tool call audit', () => {
  it('writes the row of every call answered at once, by the time flush returns', async () => {
    const audit = new ToolCallAudit(new AuditLog(handle.db, events, 'gateway-proxy', logger), createCounterStore({}), logger);
    const names = Array.from({ length: 300 }, (_, i) => `tool-${String(i).padStart(3, '0')}`);
    for (const [i, tool] of names.entries()) {
      audit.called(actor, { serverId: 's1', server: 'one', tool, durationMs: 1, outcome: i % 3 === 0 ? { error: 'gone' } : { isError: i % 3 === 1 } });
    }
    await audit.flush();
    const written = await rows();
    expect(written.map((row) => row.detail.tool).sort()).toEqual(names);
    expect(written.filter((row) => row.outcome === 'failure')).toHaveLength(100);
    expect(written.find((row) => row.detail.tool === 'tool-001')).toMatchObject({ outcome: 'success', detail: { isError: true } });
  });

  it("writes a lone call's row by itself, without a flush", async () => {
    const audit = new ToolCallAudit(new AuditLog(handle.db, events, 'gateway-proxy', logger), createCounterStore({}), logger);
    audit.called(actor, { serverId: 's1', server: 'one', tool: 'lone', durationMs: 1, outcome: { isError: false } });
    await waitUntil('the lone row', rows, (written) => written.some((row) => row.detail.tool === 'lone'));
  });

  it('logs the rows it could not write, and writes the next ones', async () => {
    const audit = new ToolCallAudit(new AuditLog(handle.db, events, 'gateway-proxy', logger), createCounterStore({}), logger);
    await handle.db.execute(sql`alter table audit.events add constraint no_boom check (detail->>'tool' <> 'boom')`);
    audit.called(actor, { serverId: 's1', server: 'one', tool: 'boom', durationMs: 1, outcome: { isError: false } });
    await audit.flush();
    await handle.db.execute(sql`alter table audit.events drop constraint no_boom`);
    expect(logged.join('')).toContain('could not write the audit row of a tool call');
    audit.called(actor, { serverId: 's1', server: 'one', tool: 'after-boom', durationMs: 1, outcome: { isError: false } });
    await audit.flush();
    expect((await rows()).map((row) => row.detail.tool)).toContain('after-boom');
  });
});
