import { z } from 'zod';
import type { SubgraphDefinition } from './subgraph.ts';
import { startSubgraph } from './subgraph.ts';
import { openDatabase } from './db.ts';
import { assertRedisReachable, createEventBus } from './pubsub.ts';
import { createCounterStore } from './counters.ts';
import { loadSecretBox } from './crypto/master-key.ts';
import { createLogger, readLogSettings, type Logger } from './logger.ts';
import { formatNoticeBox } from './startup-notice.ts';
import { jwksPath } from '@mcp-portal/schema/contract';
import { remoteTokenVerifier } from './auth/tokens.ts';
import { ConfigError, optionalUrl, port, readSettings, sharedSettings, type Environment } from './config.ts';
import { onShutdown, readShutdownGraceMs } from './shutdown.ts';
import { closeSharedConnections, ShutdownSteps } from './shutdown-steps.ts';
import { peersFromUrls, readSubgraphUrls } from './peers.ts';
import { readGraphqlProtection } from './limits.ts';

/**
 * Runs one subgraph as its own process (multi-process mode, docker-compose): the body of each subgraph's
 * main.ts, which hands over process.env. Every setting is parsed here, once, before anything starts.
 */
export async function runStandaloneSubgraph<Services, Settings>(definition: SubgraphDefinition<Services, Settings>, env: Environment): Promise<void> {
  try {
    const logger = createLogger(`subgraph-${definition.name}`, readLogSettings(env));
    await startStandalone(definition, env, logger);
  } catch (error) {
    // A start that fails says why in one line (a bad setting names its variable), without a stack trace.
    process.stderr.write(`The ${definition.name} subgraph could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  }
}

async function startStandalone<Services, Settings>(definition: SubgraphDefinition<Services, Settings>, env: Environment, logger: Logger): Promise<void> {
  const settings = readSettings(
    {
      ...sharedSettings,
      PORT: port(definition.defaultPort),
      AUTH_JWKS_URL: optionalUrl.default(`http://127.0.0.1:4001${jwksPath}`),
      DATABASE_URL: z.string().url({ message: 'a subgraph process needs DATABASE_URL (embedded PGlite is for `npm start`)' }),
    },
    env,
  );
  const own = definition.readSettings(env);
  const protection = readGraphqlProtection(env);
  const shutdownGraceMs = readShutdownGraceMs(env);
  const peers = peersFromUrls(readSubgraphUrls(env));
  // Before anything is written (migrations, a first admin): an unreachable Redis stops the start here.
  if (settings.REDIS_URL) await assertRedisReachable(settings.REDIS_URL);
  const database = await openDatabase({ url: settings.DATABASE_URL, logger });
  const events = createEventBus({ redisUrl: settings.REDIS_URL, channelPrefix: settings.MCP_CHANNEL_PREFIX, logger });
  const counters = createCounterStore({ redisUrl: settings.REDIS_URL, keyPrefix: settings.MCP_CHANNEL_PREFIX, logger });
  const secrets = await loadSecretBox({ masterKey: settings.MCP_MASTER_KEY });
  const running = await startSubgraph(
    definition,
    { database, events, counters, secrets, logger, peers },
    {
      port: settings.PORT,
      host: settings.HOST,
      settings: own,
      protection,
      shutdownGraceMs,
      verifier: settings.AUTH_JWKS_URL ? remoteTokenVerifier(settings.AUTH_JWKS_URL) : undefined,
    },
  );
  for (const notice of running.startupNotices) process.stdout.write(formatNoticeBox(notice));
  onShutdown(logger, async () => {
    const steps = new ShutdownSteps(logger);
    await running.close(steps);
    await closeSharedConnections({ events, counters, database }, steps);
  });
}
