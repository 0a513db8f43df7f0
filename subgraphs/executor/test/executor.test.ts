import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSubgraphHarness, type SubgraphHarness } from '@mcp-portal/kit/testing';
import { executorSubgraph, type ExecutorServices } from '../src/index.ts';
import { executionStore, type ExecutionRow } from '../src/store/executions.ts';

let harness: SubgraphHarness<ExecutorServices>;
let older: ExecutionRow;
let newer: ExecutionRow;
const starter = randomUUID();

beforeAll(async () => {
  harness = await startSubgraphHarness(executorSubgraph);
  const store = executionStore(harness.database.db);
  older = await store.insert({
    command: 'docker',
    argv: ['pull', 'mcp/time'],
    status: 'succeeded',
    exitCode: 0,
    startedBy: starter,
    startedAt: new Date('2025-01-01T10:00:00Z'),
    finishedAt: new Date('2025-01-01T10:00:05Z'),
  });
  newer = await store.insert({ command: 'docker', argv: ['run', '--rm', 'mcp/fetch'], startedBy: starter, startedAt: new Date('2025-01-02T10:00:00Z') });
});
afterAll(async () => {
  await harness?.close();
});

interface Execution {
  id: string;
  command: string;
  argv: string[];
  status: string;
  exitCode: number | null;
  startedBy: { id: string };
  startedAt: string;
  finishedAt: string | null;
}

const fields = 'id command argv status exitCode startedBy { id } startedAt finishedAt';

describe('executor subgraph', () => {
  it('needs a token and the operator role', async () => {
    const anonymous = await harness.request('{ executions { id } }');
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const token = await harness.tokens.tokenFor(harness.tokens.viewer('viewer'));
    const list = await harness.request('{ executions { id } }', {}, token);
    expect(list.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const one = await harness.request('query($id: ID!) { execution(id: $id) { id } }', { id: older.id }, token);
    expect(one.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('lists executions newest first and reads one by id', async () => {
    const token = await harness.tokens.tokenFor(harness.tokens.viewer('operator'));
    const list = await harness.request<{ executions: Execution[] }>(`{ executions { ${fields} } }`, {}, token);
    expect(list.errors).toBeUndefined();
    expect(list.data?.executions).toEqual([
      {
        id: newer.id,
        command: 'docker',
        argv: ['run', '--rm', 'mcp/fetch'],
        status: 'QUEUED',
        exitCode: null,
        startedBy: { id: starter },
        startedAt: '2025-01-02T10:00:00.000Z',
        finishedAt: null,
      },
      {
        id: older.id,
        command: 'docker',
        argv: ['pull', 'mcp/time'],
        status: 'SUCCEEDED',
        exitCode: 0,
        startedBy: { id: starter },
        startedAt: '2025-01-01T10:00:00.000Z',
        finishedAt: '2025-01-01T10:00:05.000Z',
      },
    ]);

    const limited = await harness.request<{ executions: { id: string }[] }>('{ executions(limit: 1) { id } }', {}, token);
    expect(limited.data?.executions).toEqual([{ id: newer.id }]);

    const adminToken = await harness.tokens.tokenFor(harness.tokens.viewer('admin'));
    const one = await harness.request<{ execution: Execution | null }>(`query($id: ID!) { execution(id: $id) { ${fields} } }`, { id: older.id }, adminToken);
    expect(one.errors).toBeUndefined();
    expect(one.data?.execution).toMatchObject({ id: older.id, status: 'SUCCEEDED', exitCode: 0 });
    const missing = await harness.request<{ execution: Execution | null }>('query($id: ID!) { execution(id: $id) { id } }', { id: randomUUID() }, adminToken);
    expect(missing.errors).toBeUndefined();
    expect(missing.data?.execution).toBeNull();
  });

  it('rejects out-of-range limits and malformed ids', async () => {
    const token = await harness.tokens.tokenFor(harness.tokens.viewer('admin'));
    for (const limit of [0, 201, -5]) {
      const result = await harness.request('query($limit: Int) { executions(limit: $limit) { id } }', { limit }, token);
      expect(result.errors?.[0]?.extensions?.code, String(limit)).toBe('BAD_USER_INPUT');
    }
    const largest = await harness.request('{ executions(limit: 200) { id } }', {}, token);
    expect(largest.errors).toBeUndefined();
    const malformed = await harness.request('{ execution(id: "not-a-uuid") { id } }', {}, token);
    expect(malformed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(malformed)).not.toContain('at ');
  });

  it('resolves Execution references for the router', async () => {
    const query = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Execution { id command status } } }';
    const representations = [
      { __typename: 'Execution', id: older.id },
      { __typename: 'Execution', id: randomUUID() },
    ];
    const token = await harness.tokens.tokenFor(harness.tokens.viewer('operator'));
    const resolved = await harness.request<{ _entities: ({ id: string; command: string; status: string } | null)[] }>(query, { r: representations }, token);
    expect(resolved.errors).toBeUndefined();
    expect(resolved.data?._entities).toEqual([{ id: older.id, command: 'docker', status: 'SUCCEEDED' }, null]);

    const viewerToken = await harness.tokens.tokenFor(harness.tokens.viewer('viewer'));
    const refused = await harness.request(query, { r: representations.slice(0, 1) }, viewerToken);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

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
