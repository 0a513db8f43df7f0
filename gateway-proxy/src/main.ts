import { createLogger, onShutdown, port, readSettings, sharedSettings } from '@mcp-portal/kit';
import { startGatewayProxy } from './proxy.ts';

const logger = createLogger('gateway-proxy');
const settings = readSettings({ HOST: sharedSettings.HOST, PORT: port(4100) });
const running = await startGatewayProxy({ port: settings.PORT, host: settings.HOST, logger });
onShutdown(logger, () => running.close());
