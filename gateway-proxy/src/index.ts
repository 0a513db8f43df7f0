export { startGatewayProxy, type GatewayProxyOptions } from './proxy.ts';
