import { configureSubgraph, type ConfiguredSubgraph, type Environment } from '@mcp-portal/kit';
import { readGatewayProxyTuning, type GatewayProxyTuning } from '@mcp-portal/gateway-proxy';
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

function localUrl(host: string, port: number): string {
  const publicHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return `http://${publicHost.includes(':') ? `[${publicHost}]` : publicHost}:${port}`;
}
