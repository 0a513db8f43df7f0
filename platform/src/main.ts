import { ConfigError, createLogger, formatNoticeBox, onShutdown, readLogSettings } from '@mcp-portal/kit';
import { readRouterSettingsWithArgs, loadSupergraph, defaultWebDistDir } from '@mcp-portal/router';
import { startPlatform } from './embedded.ts';
import { readEmbeddedSettings } from './settings.ts';

/** `npm start`: the whole platform in one process. Every setting is parsed here, once, from this process's environment. */
try {
  const env = process.env;
  const logger = createLogger('mcp-portal', readLogSettings(env));
  const settings = readRouterSettingsWithArgs(env, process.argv.slice(2));
  const embedded = readEmbeddedSettings(env, { host: settings.HOST, routerPort: settings.PORT });
  const platform = await startPlatform({
    ...embedded,
    databaseUrl: settings.DATABASE_URL,
    redisUrl: settings.REDIS_URL,
    dataDir: settings.MCP_DATA_DIR,
    masterKey: settings.MCP_MASTER_KEY,
    channelPrefix: settings.MCP_CHANNEL_PREFIX,
    host: settings.HOST,
    routerPort: settings.PORT,
    gatewayProxyPort: settings.GATEWAY_PROXY_PORT,
    subgraphPorts: settings.SUBGRAPH_PORTS,
    supergraphSdl: await loadSupergraph(settings.SUPERGRAPH_PATH),
    limits: settings.limits,
    trustedProxies: settings.TRUSTED_PROXIES,
    subscriptionLimits: settings.subscriptionLimits,
    introspection: settings.GRAPHQL_INTROSPECTION,
    fieldSuggestions: settings.GRAPHQL_FIELD_SUGGESTIONS,
    shutdownGraceMs: settings.shutdownGraceMs,
    webDistDir: settings.WEB_DIST_DIR ?? defaultWebDistDir,
    logger,
  });
  const storage = platform.database.kind === 'pglite' ? `PGlite in ${settings.MCP_DATA_DIR}` : 'PostgreSQL';
  process.stdout.write(
    [
      '',
      `  MCP Portal is running at ${platform.router.url}`,
      `  GraphQL:        ${platform.router.graphqlUrl} (WebSocket: ${platform.router.wsUrl})`,
      `  MCP endpoint:   ${platform.gatewayProxy.url}/mcp (for MCP clients: Authorization: Bearer <API token>)`,
      `  Storage:        ${storage}; events: ${platform.events.kind === 'redis' ? 'Redis' : 'in memory'}`,
      `  Admin login:    ${env.MCP_ADMIN_EMAIL || 'admin@localhost'} ${
        platform.startupNotices.length > 0
          ? '(its generated password is in the box below)'
          : '(password from MCP_ADMIN_PASSWORD, or the one printed at first start)'
      }`,
      '  Stop with Ctrl-C.',
      '',
    ].join('\n') + '\n',
  );
  for (const notice of platform.startupNotices) process.stdout.write(formatNoticeBox(notice));
  onShutdown(logger, () => platform.close());
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`MCP Portal could not start: ${message}\n`);
  if ((error as NodeJS.ErrnoException)?.code === 'EADDRINUSE') process.stderr.write('A port is already in use: set PORT (or --port) to another one.\n');
  process.exit(1);
}
