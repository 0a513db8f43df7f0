import { createLogger } from '../logger.ts';
import { openDatabase, type DatabaseHandle } from '../db.ts';
import { createEventBus, type EventBus } from '../pubsub.ts';
import { createCounterStore } from '../counters.ts';
import { SecretBox } from '../crypto/secret-box.ts';
import { startSubgraph, type RunningSubgraph, type SubgraphDefinition } from '../subgraph.ts';
import type { PeerDirectory } from '../peers.ts';
import type { Environment } from '../config.ts';
import { createTestDatabase, testChannelPrefix, testRedisUrl, type TestDatabase } from './databases.ts';
import { createTestTokens, type TestTokens } from './tokens.ts';
import { closeInTime } from './close-in-time.ts';
import { closeSharedConnections } from '../shutdown-steps.ts';

export interface SubgraphHarness<Services> {
  subgraph: RunningSubgraph<Services>;
  database: DatabaseHandle;
  events: EventBus;
  tokens: TestTokens;
  secrets: SecretBox;
  /** POSTs a GraphQL operation to the subgraph, with a bearer token when given. */
  request<T = unknown>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<{ data?: T; errors?: { message: string; extensions?: { code?: string } }[] }>;
  close(): Promise<void>;
}

export interface SubgraphHarnessOptions {
  port?: number;
  /** The master key, shared by harnesses that sign requests to each other (else a new one). */
  secrets?: SecretBox;
  /** The other subgraphs it may call (else none). */
  peers?: PeerDirectory;
  /** The variables the subgraph's settings are parsed from (its readSettings); default: none, every default. */
  env?: Environment;
}

/** Starts one subgraph against a fresh database on the real Postgres and a private channel prefix on Redis. */
export async function startSubgraphHarness<Services, Settings>(
  definition: SubgraphDefinition<Services, Settings>,
  options: SubgraphHarnessOptions = {},
): Promise<SubgraphHarness<Services>> {
  const testDatabase: TestDatabase = await createTestDatabase(definition.name);
  const database = await openDatabase({ url: testDatabase.url, poolSize: 4 });
  const events = createEventBus({ redisUrl: testRedisUrl, channelPrefix: testChannelPrefix(definition.name) });
  const tokens = await createTestTokens();
  const logger = createLogger(`test-${definition.name}`, process.env.LOG_LEVEL ?? 'silent');
  const counters = createCounterStore({ redisUrl: testRedisUrl, keyPrefix: testChannelPrefix(`${definition.name}-counters`) });
  const secrets = options.secrets ?? SecretBox.fromBase64(SecretBox.generateKey());
  const subgraph = await startSubgraph(
    definition,
    { database, events, counters, secrets, logger, ...(options.peers ? { peers: options.peers } : {}) },
    {
      port: options.port ?? 0,
      host: '127.0.0.1',
      settings: definition.readSettings(options.env ?? {}),
      verifier: tokens.verifier,
    },
  );
  return {
    subgraph,
    database,
    events,
    tokens,
    secrets,
    async request(query, variables, token) {
      const response = await fetch(`${subgraph.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return response.json() as never;
    },
    async close() {
      await closeInTime(`the ${definition.name} subgraph`, async (steps) => {
        await subgraph.close(steps);
        await closeSharedConnections({ events, counters, database }, steps);
        await steps.run('dropping the test database', () => testDatabase.drop());
      });
    },
  };
}
