import { z } from 'zod';
import type { SubgraphDefinition } from './subgraph.ts';
import { startSubgraph } from './subgraph.ts';
import { openDatabase } from './db.ts';
import { createEventBus } from './pubsub.ts';
import { createCounterStore } from './counters.ts';
import { loadSecretBox } from './crypto/master-key.ts';
import { createLogger } from './logger.ts';
import { formatNoticeBox } from './startup-notice.ts';
import { remoteTokenVerifier } from './auth/tokens.ts';
import { optionalUrl, port, readSettings, sharedSettings } from './config.ts';
import { onShutdown } from './shutdown.ts';
import { peersFromEnvironment } from './peers.ts';

/** Runs one subgraph as its own process (multi-process mode, docker-compose). */
export async function runStandaloneSubgraph<Services>(definition: SubgraphDefinition<Services>): Promise<void> {
  const logger = createLogger(`subgraph-${definition.name}`);
  const settings = readSettings({
    ...sharedSettings,
    PORT: port(definition.defaultPort),
    AUTH_JWKS_URL: optionalUrl.default('http://127.0.0.1:4001/.well-known/jwks.json'),
    DATABASE_URL: z.string().url({ message: 'a subgraph process needs DATABASE_URL (embedded PGlite is for `npm start`)' }),
  });
  const database = await openDatabase({ url: settings.DATABASE_URL });
  const events = createEventBus({ redisUrl: settings.REDIS_URL, channelPrefix: settings.MCP_CHANNEL_PREFIX });
  const counters = createCounterStore({ redisUrl: settings.REDIS_URL, keyPrefix: settings.MCP_CHANNEL_PREFIX });
  const secrets = await loadSecretBox({ masterKey: settings.MCP_MASTER_KEY });
  const running = await startSubgraph(definition, { database, events, counters, secrets, logger, peers: peersFromEnvironment() }, {
    port: settings.PORT,
    host: settings.HOST,
    verifier: settings.AUTH_JWKS_URL ? remoteTokenVerifier(settings.AUTH_JWKS_URL) : undefined,
  });
  for (const notice of running.startupNotices) process.stdout.write(formatNoticeBox(notice));
  onShutdown(logger, async () => {
    await running.close();
    await events.close();
    await counters.close();
    await database.close();
  });
}
