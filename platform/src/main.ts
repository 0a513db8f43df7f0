import { ConfigError, createLogger, formatNoticeBox, onShutdown, readLogSettings } from '@mcp-portal/kit';
import { readRouterSettingsWithArgs } from '@mcp-portal/router';
import { startPlatform } from './embedded.ts';
import { readPlatformOptions } from './settings.ts';

/** `npm start`: the whole platform in one process. Every setting is parsed here, once, from this process's environment. */
try {
  const env = process.env;
  const logger = createLogger('mcp-portal', readLogSettings(env));
  const settings = readRouterSettingsWithArgs(env, process.argv.slice(2));
  const platform = await startPlatform(await readPlatformOptions(env, settings, logger));
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
