import { parseArgs } from 'node:util';
import { z } from 'zod';
import { optionalUrl, port, readSettings, readSubgraphUrls, sharedSettings, subgraphUrlSettings } from '@mcp-portal/kit';

const truthy = ['1', 'true', 'yes', 'on'];
const falsy = ['0', 'false', 'no', 'off'];
/** true/false (also 1/0, yes/no, on/off); anything else is refused rather than read as false. */
const booleanFlag = z.preprocess((v) => {
  if (typeof v !== 'string') return v;
  const word = v.trim().toLowerCase();
  return truthy.includes(word) ? true : falsy.includes(word) ? false : v;
}, z.boolean({ message: 'use true or false' }));

/** The largest WebSocket message accepted before connection_init: a token fits many times over. */
export const preInitMessageBytes = 16 * 1024;

/** What one WebSocket client may ask of the router. */
export interface SubscriptionLimits {
  /** The largest message after connection_init; a frame that announces more is refused before it is read (1009). */
  maxMessageBytes: number;
}

export const defaultSubscriptionLimits: SubscriptionLimits = {
  maxMessageBytes: 128 * 1024,
};

export const routerSettingsShape = {
  ...sharedSettings,
  PORT: port(4000),
  SUPERGRAPH_PATH: z.string().optional(),
  AUTH_JWKS_URL: optionalUrl,
  NODE_ENV: z.string().optional(),
  /** Default: on, except when NODE_ENV=production. */
  GRAPHQL_INTROSPECTION: booleanFlag.optional(),
  /** "Did you mean …?" in error messages. Default: on, except when NODE_ENV=production. */
  GRAPHQL_FIELD_SUGGESTIONS: booleanFlag.optional(),
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(1).default(12),
  GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(0).default(30),
  GRAPHQL_MAX_TOKENS: z.coerce.number().int().min(100).default(5000),
  GRAPHQL_WS_MAX_MESSAGE_BYTES: z.coerce.number().int().min(preInitMessageBytes).default(defaultSubscriptionLimits.maxMessageBytes),
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
  const subscriptionLimits: SubscriptionLimits = { maxMessageBytes: settings.GRAPHQL_WS_MAX_MESSAGE_BYTES };
  const development = settings.NODE_ENV !== 'production';
  return {
    ...settings,
    GRAPHQL_INTROSPECTION: settings.GRAPHQL_INTROSPECTION ?? development,
    GRAPHQL_FIELD_SUGGESTIONS: settings.GRAPHQL_FIELD_SUGGESTIONS ?? development,
    subgraphUrls,
    limits,
    subscriptionLimits,
  };
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
