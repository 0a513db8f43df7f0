import { ConfigError, createLogger, onShutdown } from '@mcp-portal/kit';
import { startStandaloneGatewayProxy } from './standalone.ts';

/** The gateway-proxy as its own process (multi-process mode, docker-compose); see standalone.ts. */
const logger = createLogger('gateway-proxy');
try {
  const running = await startStandaloneGatewayProxy(logger);
  onShutdown(logger, () => running.close());
} catch (error) {
  process.stderr.write(`The gateway-proxy could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof ConfigError ? 2 : 1);
}
