import { createLogger, onShutdown, port, readSettings, sharedSettings } from '@mcp-portal/kit';
import { startGatewayProxy } from './proxy.ts';

// On its own the proxy has no way yet to reach servers that a separate servers subgraph runs (that needs
// the lifecycle owner's internal session endpoint): it serves /health, and /mcp answers 501 saying so.
// The proxy that serves MCP is the one `npm start` runs, next to the servers subgraph in the same process.
const logger = createLogger('gateway-proxy');
const settings = readSettings({ HOST: sharedSettings.HOST, PORT: port(4100) });
const running = await startGatewayProxy({ port: settings.PORT, host: settings.HOST, logger });
onShutdown(logger, () => running.close());
