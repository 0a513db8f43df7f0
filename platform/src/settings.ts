import { configureSubgraph, type ConfiguredSubgraph, type Environment, type Logger } from '@mcp-portal/kit';
import { readGatewayProxyTuning, type GatewayProxyTuning } from '@mcp-portal/gateway-proxy';
import { defaultWebDistDir, loadSupergraph, type RouterSettings } from '@mcp-portal/router';
import type { PlatformOptions } from './embedded.ts';
import { subgraphDefinitions } from './subgraphs.ts';

/** What the one-process platform starts besides the router: each subgraph with its settings, and the gateway-proxy's tuning. */
export interface EmbeddedSettings {
  /** The five subgraphs, auth first, each with its own settings parsed. */
  subgraphs: ConfiguredSubgraph[];
  gatewayProxy: GatewayProxyTuning;
  /** Where the portal is reached (MCP_PUBLIC_URL, else the router's fixed port on this host); undefined: the router's URL once it listens. */
  publicUrl: string | undefined;
}

/**
 * Parses every in-process service's settings from the environment the entry point hands over, once, at start.
 * Without MCP_PUBLIC_URL and with a fixed router port, the subgraphs are told the router's address on this host.
 */
export function readEmbeddedSettings(env: Environment, router: { host: string; routerPort: number }): EmbeddedSettings {
  const publicUrl = env.MCP_PUBLIC_URL || (router.routerPort !== 0 ? localUrl(router.host, router.routerPort) : undefined);
  const subgraphEnv: Environment = publicUrl ? { ...env, MCP_PUBLIC_URL: publicUrl } : env;
  return {
    subgraphs: subgraphDefinitions.map((definition) => configureSubgraph(definition, subgraphEnv)),
    gatewayProxy: readGatewayProxyTuning(env),
    publicUrl,
  };
}

/**
 * Everything startPlatform is given, from the settings an entry point (`npm start`, the CLI's local platform) parsed
 * once from the environment it hands over: the router's (readRouterSettings) and, from the same environment, the
 * in-process services' (readEmbeddedSettings); plus the supergraph from SUPERGRAPH_PATH (default: the composed one).
 */
export async function readPlatformOptions(env: Environment, settings: RouterSettings, logger: Logger): Promise<PlatformOptions> {
  const router = { host: settings.HOST, routerPort: settings.PORT };
  return {
    ...router,
    ...readEmbeddedSettings(env, router),
    databaseUrl: settings.DATABASE_URL,
    redisUrl: settings.REDIS_URL,
    dataDir: settings.MCP_DATA_DIR,
    masterKey: settings.MCP_MASTER_KEY,
    channelPrefix: settings.MCP_CHANNEL_PREFIX,
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
  };
}

function localUrl(host: string, port: number): string {
  const publicHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return `http://${publicHost.includes(':') ? `[${publicHost}]` : publicHost}:${port}`;
}
