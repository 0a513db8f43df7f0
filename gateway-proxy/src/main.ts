import { ConfigError, createLogger, onShutdown, readLogSettings } from '@mcp-portal/kit';
import { startStandaloneGatewayProxy } from './standalone.ts';

/** The gateway-proxy as its own process (multi-process mode, docker-compose); see standalone.ts. It hands over process.env. */
try {
  const logger = createLogger('gateway-proxy', readLogSettings(process.env));
  const running = await startStandaloneGatewayProxy(logger, process.env);
  onShutdown(logger, () => running.close());
} catch (error) {
  process.stderr.write(`The gateway-proxy could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof ConfigError ? 2 : 1);
}
