export { startGatewayProxy, type GatewayProxyOptions, type GatewayProxyMcpOptions, type RunningGatewayProxy } from './proxy.ts';
export { gatewayProxySettings, readGatewayProxyTuning, type GatewayProxyTuning } from './settings.ts';
export { aggregateTools, prefixedToolName, routeOfPrefixedName, serverMetaKey, toolNameSeparator, type AggregatedTools, type ToolRoute } from './tool-names.ts';
export { mcpPath, protectedResourceMetadataPath } from './inbound-auth.ts';
export type { UpstreamCallOptions, UpstreamDirectory, UpstreamServer } from './upstreams.ts';
