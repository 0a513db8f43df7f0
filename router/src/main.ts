import {
  assertRedisReachable,
  ConfigError,
  createEventBus,
  createLogger,
  ForwardedHeaders,
  onShutdown,
  readLogSettings,
  remoteTokenVerifier,
  SecretBox,
} from '@mcp-portal/kit';
import { jwksPath } from '@mcp-portal/schema/contract';
import { readRouterSettingsWithArgs } from './settings.ts';
import { loadSupergraph, subgraphUrlsOf } from './supergraph.ts';
import { defaultWebDistDir } from './static-portal.ts';
import { startRouter } from './router.ts';

/** The router alone (multi-process mode, docker-compose): subgraphs run as their own processes. */
try {
  const logger = createLogger('router', readLogSettings(process.env));
  const settings = readRouterSettingsWithArgs(process.env, process.argv.slice(2));
  const supergraphSdl = await loadSupergraph(settings.SUPERGRAPH_PATH);
  const authUrl = subgraphUrlsOf(supergraphSdl, settings.subgraphUrls).auth;
  const jwksUrl = settings.AUTH_JWKS_URL ?? (authUrl ? new URL(jwksPath, authUrl).toString() : undefined);
  if (!jwksUrl) throw new ConfigError('Set AUTH_JWKS_URL: the supergraph names no auth subgraph.');
  if (settings.REDIS_URL) await assertRedisReachable(settings.REDIS_URL);
  if (!settings.MCP_MASTER_KEY)
    logger.warn("MCP_MASTER_KEY is not set: subgraphs will record the router's address instead of each client's (set the same key as theirs)");
  const forwarding = settings.MCP_MASTER_KEY ? ForwardedHeaders.from(SecretBox.fromBase64(settings.MCP_MASTER_KEY)) : null;
  const events = createEventBus({ redisUrl: settings.REDIS_URL, channelPrefix: settings.MCP_CHANNEL_PREFIX, logger });
  const router = await startRouter({
    supergraphSdl,
    subgraphUrls: settings.subgraphUrls,
    verifier: remoteTokenVerifier(jwksUrl),
    events,
    forwarding,
    trustedProxies: settings.TRUSTED_PROXIES,
    port: settings.PORT,
    host: settings.HOST,
    limits: settings.limits,
    subscriptionLimits: settings.subscriptionLimits,
    introspection: settings.GRAPHQL_INTROSPECTION,
    fieldSuggestions: settings.GRAPHQL_FIELD_SUGGESTIONS,
    shutdownGraceMs: settings.shutdownGraceMs,
    webDistDir: settings.WEB_DIST_DIR ?? defaultWebDistDir,
    logger,
  });
  onShutdown(logger, async () => {
    await router.close();
    await events.close();
  });
} catch (error) {
  process.stderr.write(`The router could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof ConfigError ? 2 : 1);
}
