import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topics, type ServerStatusChangedEvent } from '@mcp-portal/schema';
import { startSubgraphHarness, type SubgraphHarness } from '@mcp-portal/kit/testing';
import { serversSubgraph, type ServersServices } from '../src/index.ts';

let harness: SubgraphHarness<ServersServices>;

beforeAll(async () => {
  harness = await startSubgraphHarness(serversSubgraph);
});
afterAll(async () => {
  await harness?.close();
});

describe('servers subgraph', () => {
  it('lists the bundled catalog without a token', async () => {
    const result = await harness.request<{ catalog: { entries: { name: string }[] } }>('{ catalog(first: 500) { entries { name title type } } }');
    expect(result.errors).toBeUndefined();
    expect(result.data?.catalog.entries.map((e) => e.name)).toContain('github');
  });

  it('refuses to enable a server for a viewer and accepts it for an operator', async () => {
    const enable = 'mutation($name: String!) { enableServer(name: $name) { id name status enabledBy { id } } }';
    const viewerToken = await harness.tokens.tokenFor(harness.tokens.viewer('viewer'));
    const refused = await harness.request(enable, { name: 'time' }, viewerToken);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const operator = harness.tokens.viewer('operator');
    const received: ServerStatusChangedEvent[] = [];
    const unsubscribe = await harness.events.subscribe(topics.serverStatusChanged, (event) => received.push(event));
    const enabled = await harness.request<{ enableServer: { id: string; status: string; enabledBy: { id: string } } }>(
      enable,
      { name: 'time' },
      await harness.tokens.tokenFor(operator),
    );
    expect(enabled.errors).toBeUndefined();
    expect(enabled.data?.enableServer.status).toBe('STARTING');
    expect(enabled.data?.enableServer.enabledBy.id).toBe(operator.userId);
    await expect.poll(() => received.map((e) => e.id), { timeout: 15_000 }).toContain(enabled.data?.enableServer.id);
    await unsubscribe();

    const again = await harness.request(enable, { name: 'time' }, await harness.tokens.tokenFor(operator));
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('rejects unknown catalog names and malformed ids with clear errors', async () => {
    const token = await harness.tokens.tokenFor(harness.tokens.viewer('admin'));
    const unknown = await harness.request('mutation { enableServer(name: "nope") { id } }', {}, token);
    expect(unknown.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    const malformed = await harness.request('{ server(id: "not-a-uuid") { id } }', {}, token);
    expect(malformed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(malformed)).not.toContain('at ');
  });

  it('rejects a forged token', async () => {
    const result = await harness.request('{ servers { id } }', {}, 'eyJhbGciOiJIUzI1NiJ9.e30.x');
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('reports health of Postgres and Redis', async () => {
    const response = await fetch(`${harness.subgraph.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', checks: { postgres: { status: 'ok' }, pubsub: { status: 'ok' } } });
  });
});
