import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCounterStore, createLogger, startSubgraph, type RunningSubgraph } from '@mcp-portal/kit';
import { startSubgraphHarness, type SubgraphHarness } from '@mcp-portal/kit/testing';
import { serversSubgraph, type ServersServices } from '../src/index.ts';

/** Two replicas of the servers subgraph on one database: one runs the servers; the other takes over when it goes. */
let first: SubgraphHarness<ServersServices>;
let second: RunningSubgraph<ServersServices>;

beforeAll(async () => {
  // A lease a stalled event loop on a loaded machine does not lose (renewed every 3 s); a leader that stops
  // releases it, so the other replica takes over at its next renewal rather than after the lease.
  const env = { MCP_LIFECYCLE_LEASE_SECONDS: '9', MCP_RUNTIME: 'process' };
  first = await startSubgraphHarness(serversSubgraph, { env });
  // The second replica shares the database and the event bus (its Redis channels) of the first.
  second = await startSubgraph(
    serversSubgraph,
    {
      database: first.database,
      events: first.events,
      counters: createCounterStore({}),
      secrets: first.secrets,
      logger: createLogger('test-servers-replica', 'silent'),
    },
    { port: 0, host: '127.0.0.1', settings: serversSubgraph.readSettings(env), verifier: first.tokens.verifier },
  );
}, 30_000);

afterAll(async () => {
  await second?.close();
  await first?.close();
});

describe('one lifecycle across replicas', () => {
  it('exactly one replica leads; a server enabled through the other one is started by the leader', async () => {
    const leaders = () => [first.subgraph.services, second.services].filter((s) => s.lifecycle.supervisor.isActive).length;
    await expect.poll(leaders, { timeout: 30_000 }).toBe(1);
    expect(first.subgraph.services.lifecycle.supervisor.isActive).toBe(true);
    const operator = await first.tokens.tokenFor(first.tokens.viewer('operator'));
    const enabled = await fetch(`${second.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${operator}` },
      body: JSON.stringify({ query: 'mutation { enableServer(name: "memory") { id } }' }),
    });
    const id = ((await enabled.json()) as { data: { enableServer: { id: string } } }).data.enableServer.id;
    const status = async () =>
      (await first.request<{ server: { status: string } }>('query($id: ID!) { server(id: $id) { status } }', { id }, operator)).data?.server.status;
    await expect.poll(status, { timeout: 60_000 }).toBe('RUNNING');
  }, 90_000);

  it('when the leader goes away the other replica takes over and starts what is wanted running', async () => {
    const operator = await first.tokens.tokenFor(first.tokens.viewer('operator'));
    await first.subgraph.services.lifecycle.close(); // the leader stops (its servers stop with it)
    await expect.poll(() => second.services.lifecycle.supervisor.isActive, { timeout: 30_000 }).toBe(true);
    const servers = async () =>
      (await first.request<{ servers: { name: string; status: string }[] }>('{ servers { name status } }', {}, operator)).data?.servers;
    await expect.poll(servers, { timeout: 60_000 }).toEqual([{ name: 'memory', status: 'RUNNING' }]);
  }, 90_000);
});
