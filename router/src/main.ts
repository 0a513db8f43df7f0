import { parseArgs } from 'node:util';
import { ConfigError, createEventBus, createLogger, onShutdown, remoteTokenVerifier } from '@mcp-portal/kit';
import { readRouterSettings } from './settings.ts';
import { loadSupergraph, subgraphUrlsOf } from './supergraph.ts';
import { defaultWebDistDir } from './static-portal.ts';
import { startRouter } from './router.ts';

/** The router alone (multi-process mode, docker-compose): subgraphs run as their own processes. */
const logger = createLogger('router');
try {
  const { values } = parseArgs({ options: { port: { type: 'string' }, supergraph: { type: 'string' } } });
  const settings = readRouterSettings({
    ...process.env,
    ...(values.port ? { PORT: values.port } : {}),
    ...(values.supergraph ? { SUPERGRAPH_PATH: values.supergraph } : {}),
  });
  const supergraphSdl = await loadSupergraph(settings.SUPERGRAPH_PATH);
  const authUrl = subgraphUrlsOf(supergraphSdl, settings.subgraphUrls).auth;
  const jwksUrl = settings.AUTH_JWKS_URL ?? (authUrl ? new URL('/.well-known/jwks.json', authUrl).toString() : undefined);
  if (!jwksUrl) throw new ConfigError('Set AUTH_JWKS_URL: the supergraph names no auth subgraph.');
  const events = createEventBus({ redisUrl: settings.REDIS_URL, channelPrefix: settings.MCP_CHANNEL_PREFIX });
  const router = await startRouter({
    supergraphSdl,
    subgraphUrls: settings.subgraphUrls,
    verifier: remoteTokenVerifier(jwksUrl),
    events,
    port: settings.PORT,
    host: settings.HOST,
    limits: { maxDepth: settings.GRAPHQL_MAX_DEPTH, maxAliases: settings.GRAPHQL_MAX_ALIASES, maxTokens: settings.GRAPHQL_MAX_TOKENS },
    introspection: settings.GRAPHQL_INTROSPECTION,
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
