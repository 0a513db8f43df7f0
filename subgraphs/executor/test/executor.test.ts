import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTables, executorTables } from '@mcp-portal/schema';
import type { Viewer } from '@mcp-portal/kit';
import { startSubgraphHarness, type SubgraphHarness } from '@mcp-portal/kit/testing';
import { executorSubgraph, type ExecutorServices } from '../src/index.ts';
import { runnerStats } from '../src/runner/index.ts';
import { executionStore, type ExecutionRow } from '../src/store/executions.ts';
import { injectionCases, otherCases, roleCases } from './corpus.ts';

let harness: SubgraphHarness<ExecutorServices>;
let older: ExecutionRow;
let newer: ExecutionRow;
let othersRun: ExecutionRow;
let operator: Viewer;
let operatorToken: string;
let otherToken: string;
let adminToken: string;
let viewerToken: string;
let chunkIds: string[];
let othersChunkId: string;

beforeAll(async () => {
  harness = await startSubgraphHarness(executorSubgraph);
  operator = harness.tokens.viewer('operator');
  operatorToken = await harness.tokens.tokenFor(operator);
  otherToken = await harness.tokens.tokenFor(harness.tokens.viewer('operator'));
  adminToken = await harness.tokens.tokenFor(harness.tokens.viewer('admin'));
  viewerToken = await harness.tokens.tokenFor(harness.tokens.viewer('viewer'));
  const store = executionStore(harness.database.db);
  older = await store.insert({
    command: 'server ls',
    argv: ['server', 'ls'],
    status: 'succeeded',
    exitCode: 0,
    startedBy: operator.userId,
    startedAt: new Date('2025-01-01T10:00:00Z'),
    finishedAt: new Date('2025-01-01T10:00:05Z'),
  });
  newer = await store.insert({
    command: 'server inspect',
    argv: ['server', 'inspect', '--', 'time'],
    arguments: { server: 'time' },
    status: 'failed',
    exitCode: 1,
    startedBy: operator.userId,
    startedAt: new Date('2025-01-02T10:00:00Z'),
    finishedAt: new Date('2025-01-02T10:00:01Z'),
  });
  othersRun = await store.insert({
    command: 'server ls',
    argv: ['server', 'ls'],
    status: 'succeeded',
    exitCode: 0,
    startedBy: randomUUID(),
    startedAt: new Date('2025-01-03T10:00:00Z'),
    finishedAt: new Date('2025-01-03T10:00:01Z'),
  });
  const chunks = await store.insertOutput(newer.id, [
    { seq: 0, stream: 'system', text: '$ docker mcp server inspect -- time\n' },
    { seq: 1, stream: 'stderr', text: 'no such server\n' },
    { seq: 2, stream: 'system', text: 'Failed: exit code 1.\n' },
  ]);
  chunkIds = chunks.map((chunk) => String(chunk.id));
  othersChunkId = String((await store.insertOutput(othersRun.id, [{ seq: 0, stream: 'stdout', text: 'private\n' }]))[0]!.id);
});
afterAll(async () => {
  await harness?.close();
});

interface Page {
  executions: { executions: { id: string; command: string; status: string }[]; endCursor: string | null; hasNextPage: boolean };
}

const pageQuery =
  'query($f: ExecutionFilter, $first: Int, $after: String) { executions(filter: $f, first: $first, after: $after) { executions { id command status } endCursor hasNextPage } }';

describe('executions: each user sees their own, admins everyone’s', () => {
  it('needs a token', async () => {
    const anonymous = await harness.request('{ executions { hasNextPage } }');
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('lists your own executions newest first, paged by cursor', async () => {
    const first = await harness.request<Page>(pageQuery, { first: 1 }, operatorToken);
    expect(first.errors).toBeUndefined();
    expect(first.data?.executions.executions.map((e) => e.id)).toEqual([newer.id]);
    expect(first.data?.executions.hasNextPage).toBe(true);
    const second = await harness.request<Page>(pageQuery, { first: 1, after: first.data?.executions.endCursor }, operatorToken);
    expect(second.data?.executions.executions.map((e) => e.id)).toEqual([older.id]);
    expect(second.data?.executions.hasNextPage).toBe(false);
    const bad = await harness.request(pageQuery, { after: 'bm90LWEtY3Vyc29y' }, operatorToken);
    expect(bad.errors?.[0]).toMatchObject({ message: 'The `after` cursor is not one this API returned.', extensions: { code: 'BAD_USER_INPUT' } });
    for (const first of [0, 201]) {
      const refused = await harness.request(pageQuery, { first }, operatorToken);
      expect(refused.errors?.[0]?.extensions?.code, String(first)).toBe('BAD_USER_INPUT');
    }
  });

  it('filters by command, status and time', async () => {
    const byCommand = await harness.request<Page>(pageQuery, { f: { command: 'server inspect' } }, operatorToken);
    expect(byCommand.data?.executions.executions.map((e) => e.id)).toEqual([newer.id]);
    const byStatus = await harness.request<Page>(pageQuery, { f: { status: 'SUCCEEDED' } }, operatorToken);
    expect(byStatus.data?.executions.executions.map((e) => e.id)).toEqual([older.id]);
    const byTime = await harness.request<Page>(pageQuery, { f: { from: '2025-01-01T12:00:00Z', to: '2025-01-02T12:00:00Z' } }, operatorToken);
    expect(byTime.data?.executions.executions.map((e) => e.id)).toEqual([newer.id]);
  });

  it("hides other users' executions from non-admins, and shows them to admins", async () => {
    const others = await harness.request<Page>(pageQuery, {}, otherToken);
    expect(others.data?.executions.executions.map((e) => e.id)).not.toContain(newer.id);
    const naming = await harness.request(pageQuery, { f: { startedBy: operator.userId } }, otherToken);
    expect(naming.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const one = await harness.request<{ execution: { id: string } | null }>('query($id: ID!) { execution(id: $id) { id } }', { id: newer.id }, otherToken);
    expect(one.errors).toBeUndefined();
    expect(one.data?.execution).toBeNull();
    const admin = await harness.request<Page>(pageQuery, { f: { startedBy: operator.userId } }, adminToken);
    expect(admin.data?.executions.executions.map((e) => e.id)).toEqual([newer.id, older.id]);
    const all = await harness.request<Page>(pageQuery, {}, adminToken);
    expect(all.data?.executions.executions.map((e) => e.id)).toEqual([othersRun.id, newer.id, older.id]);
  });

  it('keeps the output, in order, readable by the same rule', async () => {
    const query = 'query($id: ID!) { execution(id: $id) { arguments argv output { id seq stream text } } }';
    const own = await harness.request<{
      execution: { arguments: unknown; argv: string[]; output: { id: string; seq: number; stream: string; text: string }[] };
    }>(query, { id: newer.id }, operatorToken);
    expect(own.errors).toBeUndefined();
    expect(own.data?.execution.arguments).toEqual({ server: 'time' });
    expect(own.data?.execution.output.map((c) => [c.seq, c.stream, c.text])).toEqual([
      [0, 'SYSTEM', '$ docker mcp server inspect -- time\n'],
      [1, 'STDERR', 'no such server\n'],
      [2, 'SYSTEM', 'Failed: exit code 1.\n'],
    ]);
    const last = await harness.request<{ execution: { output: { seq: number }[] } }>(
      'query($id: ID!) { execution(id: $id) { output(last: 1) { seq } } }',
      { id: newer.id },
      operatorToken,
    );
    expect(last.data?.execution.output).toEqual([{ seq: 2 }]);
    const chunk = 'query($id: ID!) { executionOutputChunk(id: $id) { text } }';
    expect((await harness.request<{ executionOutputChunk: unknown }>(chunk, { id: chunkIds[1] }, operatorToken)).data?.executionOutputChunk).toEqual({
      text: 'no such server\n',
    });
    expect((await harness.request<{ executionOutputChunk: unknown }>(chunk, { id: othersChunkId }, operatorToken)).data?.executionOutputChunk).toBeNull();
    expect((await harness.request<{ executionOutputChunk: unknown }>(chunk, { id: othersChunkId }, adminToken)).data?.executionOutputChunk).toEqual({
      text: 'private\n',
    });
  });

  it('resolves Execution references for the router with the same rule', async () => {
    const query = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Execution { id command status } } }';
    const representations = [
      { __typename: 'Execution', id: older.id },
      { __typename: 'Execution', id: randomUUID() },
    ];
    const resolved = await harness.request<{ _entities: unknown[] }>(query, { r: representations }, operatorToken);
    expect(resolved.errors).toBeUndefined();
    expect(resolved.data?._entities).toEqual([{ id: older.id, command: 'server ls', status: 'SUCCEEDED' }, null]);
    const other = await harness.request<{ _entities: unknown[] }>(query, { r: representations.slice(0, 1) }, otherToken);
    expect(other.data?._entities).toEqual([null]);
  });

  it('cancels only what is yours and still running', async () => {
    const cancel = 'mutation($id: ID!) { cancelExecution(id: $id) { id status } }';
    const finished = await harness.request(cancel, { id: older.id }, operatorToken);
    expect(finished.errors?.[0]).toMatchObject({ message: 'The execution already ended (SUCCEEDED).', extensions: { code: 'CONFLICT' } });
    const others = await harness.request(cancel, { id: older.id }, otherToken);
    expect(others.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('runCommand refuses the injection corpus before any process exists', () => {
  const sentinel = join(tmpdir(), `executor-sentinel-${randomUUID()}`);
  /** Shell payloads that would create the sentinel file if anything ever handed them to a shell. */
  const sentinelCases = [
    `memory;touch ${sentinel}`,
    `$(touch ${sentinel})`,
    `\`touch ${sentinel}\``,
    `x&&touch ${sentinel}`,
    `x|touch ${sentinel}`,
    `x\ntouch ${sentinel}`,
  ].flatMap((payload) => [
    { command: 'server inspect', args: { server: payload }, role: 'viewer' as const },
    { command: 'catalog ls', args: { search: payload }, role: 'viewer' as const },
    { command: 'config rm', args: { server: 'memory', key: payload }, role: 'operator' as const },
  ]);
  const jsonCases = [
    ...injectionCases.map((c) => ({ command: c.command, args: c.args, role: 'admin' as const, code: 'BAD_USER_INPUT', message: c.message })),
    ...otherCases
      .filter(
        // GraphQL's null `args` means none; a function is no JSON; made-up roles have no token.
        ([label, command, args, , , role]) =>
          !label.includes('a function') && typeof command === 'string' && role === undefined && args !== null && JSON.stringify(args) !== undefined,
      )
      .map(([, command, args, code, message]) => ({
        command: command as string,
        args: JSON.parse(JSON.stringify(args)) as unknown,
        role: 'admin' as const,
        code: code === 'FORBIDDEN' ? 'FORBIDDEN' : 'BAD_USER_INPUT',
        message,
      })),
    ...roleCases.map((c) => ({
      command: c.name,
      args: c.args ?? {},
      role: 'viewer' as const,
      code: 'FORBIDDEN',
      message: /needs the operator role; you are viewer/,
    })),
  ];

  it('holds more than 100 cases that reach the API', () => {
    expect(jsonCases.length + sentinelCases.length).toBeGreaterThan(100);
  });

  it('refuses each with a clear error, spawns nothing, stores nothing, touches nothing, and audits each refusal', async () => {
    const spawnedBefore = runnerStats.spawned;
    const tokens = { viewer: viewerToken, operator: operatorToken, admin: adminToken };
    const rowsBefore = (await harness.database.db.select().from(executorTables.executions)).length;
    const refusalsBefore = await refusalRows();
    const mutation = 'mutation($c: String!, $a: JSON) { runCommand(command: $c, args: $a) { id } }';
    for (const c of jsonCases) {
      const result = await harness.request(mutation, { c: c.command, a: c.args }, tokens[c.role]);
      const error = result.errors?.[0];
      expect({ command: c.command, args: c.args, code: error?.extensions?.code }).toEqual({ command: c.command, args: c.args, code: c.code });
      expect(error?.message).toMatch(c.message);
      expect(error?.message).toMatch(/^[\x20-\x7e]*$/);
      expect(JSON.stringify(result)).not.toMatch(/\bat \S+\.ts:\d+/);
    }
    for (const c of sentinelCases) {
      const result = await harness.request(mutation, { c: c.command, a: c.args }, tokens[c.role]);
      expect(result.errors?.[0]?.extensions?.code, JSON.stringify(c.args)).toBe('BAD_USER_INPUT');
    }
    expect(runnerStats.spawned).toBe(spawnedBefore);
    expect(existsSync(sentinel)).toBe(false);
    expect((await harness.database.db.select().from(executorTables.executions)).length).toBe(rowsBefore);
    expect((await refusalRows()) - refusalsBefore).toBe(jsonCases.length + sentinelCases.length);
  });
});

async function refusalRows(): Promise<number> {
  const rows = await harness.database.db
    .select()
    .from(auditTables.auditEvents)
    .where(and(eq(auditTables.auditEvents.action, 'executor.run'), eq(auditTables.auditEvents.outcome, 'failure')));
  return rows.length;
}

describe('executorCommands', () => {
  type Command = { name: string; minimumRole: string; argumentsSchema: { type?: string; properties?: Record<string, unknown> } };
  const commandsOf = async (role: 'viewer' | 'operator') => {
    const token = await harness.tokens.tokenFor(harness.tokens.viewer(role));
    const result = await harness.request<{ executorCommands: Command[] }>('{ executorCommands { name summary minimumRole argumentsSchema } }', {}, token);
    expect(result.errors).toBeUndefined();
    return result.data!.executorCommands;
  };

  it("lists the commands the caller's role allows, each with its arguments' JSON Schema", async () => {
    const anonymous = await harness.request('{ executorCommands { name } }');
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const viewer = await commandsOf('viewer');
    const operator = await commandsOf('operator');
    expect(viewer.every((command) => command.minimumRole === 'VIEWER')).toBe(true);
    expect(viewer.map((command) => command.name)).toContain('server ls');
    expect(viewer.map((command) => command.name)).not.toContain('server start');
    expect(operator.map((command) => command.name)).toEqual(expect.arrayContaining(['server ls', 'server start', 'config set']));
    const start = operator.find((command) => command.name === 'server start')!;
    expect(start.minimumRole).toBe('OPERATOR');
    expect(start.argumentsSchema).toMatchObject({ type: 'object', properties: expect.any(Object) });
  });
});

// Last: retention deletes the fixtures above, which were asked for in 2025.
describe('housekeeping', () => {
  it('marks runs no replica renews as lost, and leaves live ones', async () => {
    const store = executionStore(harness.database.db);
    const lost = await store.insert({
      command: 'server ls',
      argv: ['server', 'ls'],
      status: 'running',
      startedBy: operator.userId,
      heartbeatAt: new Date(Date.now() - 10 * 60_000),
    });
    const live = await store.insert({ command: 'server ls', argv: ['server', 'ls'], status: 'queued', startedBy: operator.userId });
    await harness.subgraph.services.executions.sweepLost();
    expect(await store.byId(lost.id)).toMatchObject({
      status: 'failed',
      message: 'Lost: the executor running it stopped before it ended.',
      finishedAt: expect.any(Date),
    });
    expect(await store.byId(live.id)).toMatchObject({ status: 'queued', finishedAt: null });
    await store.finish(live.id, { status: 'cancelled', exitCode: null, message: 'test', outputBytes: 0, outputLines: 0, outputTruncated: false });
  });

  it('deletes runs and their output past the retention period, and nothing younger', async () => {
    const store = executionStore(harness.database.db);
    const old = await store.insert({
      command: 'server ls',
      argv: ['server', 'ls'],
      status: 'succeeded',
      startedBy: operator.userId,
      startedAt: new Date(Date.now() - 31 * 24 * 3600_000),
    });
    await store.insertOutput(old.id, [{ seq: 0, stream: 'stdout', text: 'old\n' }]);
    await harness.subgraph.services.executions.applyRetention();
    expect(await store.byId(old.id)).toBeNull();
    expect(await store.lastOutput(old.id, 10)).toEqual([]);
    const young = await store.insert({
      command: 'server ls',
      argv: ['server', 'ls'],
      status: 'succeeded',
      startedBy: operator.userId,
      startedAt: new Date(Date.now() - 29 * 24 * 3600_000),
    });
    await harness.subgraph.services.executions.applyRetention();
    expect(await store.byId(young.id)).not.toBeNull();
  });
});
