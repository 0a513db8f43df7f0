import { parseArgs } from 'node:util';
import { z } from 'zod';
import { optionalUrl, port, readSettings, readSubgraphUrls, sharedSettings, subgraphUrlSettings } from '@mcp-portal/kit';

const booleanFlag = z.preprocess((v) => (typeof v === 'string' ? ['1', 'true', 'yes', 'on'].includes(v.toLowerCase()) : v), z.boolean());

export const routerSettingsShape = {
  ...sharedSettings,
  PORT: port(4000),
  SUPERGRAPH_PATH: z.string().optional(),
  AUTH_JWKS_URL: optionalUrl,
  GRAPHQL_INTROSPECTION: booleanFlag.default(true),
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(1).default(12),
  GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(0).default(30),
  GRAPHQL_MAX_TOKENS: z.coerce.number().int().min(100).default(5000),
  WEB_DIST_DIR: z.string().optional(),
  GATEWAY_PROXY_PORT: port(4100),
  SUBGRAPH_PORTS: z.enum(['standard', 'ephemeral']).default('standard'),
  ...subgraphUrlSettings,
};

export type RouterSettings = ReturnType<typeof readRouterSettings>;

export function readRouterSettings(env: Record<string, string | undefined> = process.env) {
  const settings = readSettings(routerSettingsShape, env);
  const subgraphUrls: Record<string, string> = readSubgraphUrls(env);
  const limits: QueryLimits = { maxDepth: settings.GRAPHQL_MAX_DEPTH, maxAliases: settings.GRAPHQL_MAX_ALIASES, maxTokens: settings.GRAPHQL_MAX_TOKENS };
  return { ...settings, subgraphUrls, limits };
}

/** The environment, with `--port` and `--supergraph` from the command line taking precedence. */
export function readRouterSettingsWithArgs(args: string[] = process.argv.slice(2)) {
  const { values } = parseArgs({ args, options: { port: { type: 'string' }, supergraph: { type: 'string' } } });
  return readRouterSettings({
    ...process.env,
    ...(values.port ? { PORT: values.port } : {}),
    ...(values.supergraph ? { SUPERGRAPH_PATH: values.supergraph } : {}),
  });
}

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
}
