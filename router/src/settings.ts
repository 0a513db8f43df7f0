import { parseArgs } from 'node:util';
import { z } from 'zod';
import {
  graphqlProtectionFrom,
  graphqlSettings,
  optionalUrl,
  port,
  readSettings,
  readSubgraphUrls,
  sharedSettings,
  shutdownSettings,
  subgraphUrlSettings,
  type Environment,
  type QueryLimits,
} from '@mcp-portal/kit';

import { TrustedProxies } from './client-address.ts';

export type { QueryLimits };

/** The largest WebSocket message accepted before connection_init: a token fits many times over. */
export const preInitMessageBytes = 16 * 1024;

/** What one WebSocket client may ask of the router. */
export interface SubscriptionLimits {
  /** The largest message after connection_init; a frame that announces more is refused before it is read (1009). */
  maxMessageBytes: number;
  /** Subscriptions one socket may hold at once; each costs a gateway execution per event. */
  maxPerConnection: number;
  /** Subscriptions one user may hold at once over all their sockets to this router process. */
  maxPerUser: number;
}

export const defaultSubscriptionLimits: SubscriptionLimits = {
  maxMessageBytes: 128 * 1024,
  maxPerConnection: 50,
  maxPerUser: 100,
};

export const routerSettingsShape = {
  ...sharedSettings,
  PORT: port(4000),
  SUPERGRAPH_PATH: z.string().optional(),
  AUTH_JWKS_URL: optionalUrl,
  ...graphqlSettings,
  GRAPHQL_WS_MAX_MESSAGE_BYTES: z.coerce.number().int().min(preInitMessageBytes).default(defaultSubscriptionLimits.maxMessageBytes),
  GRAPHQL_WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: z.coerce.number().int().min(1).default(defaultSubscriptionLimits.maxPerConnection),
  GRAPHQL_WS_MAX_SUBSCRIPTIONS_PER_USER: z.coerce.number().int().min(1).default(defaultSubscriptionLimits.maxPerUser),
  ...shutdownSettings,
  WEB_DIST_DIR: z.string().optional(),
  GATEWAY_PROXY_PORT: port(4100),
  SUBGRAPH_PORTS: z.enum(['standard', 'ephemeral']).default('standard'),
  TRUSTED_PROXIES: z
    .string()
    .optional()
    .transform((text, context) => {
      try {
        return TrustedProxies.parse(text);
      } catch (error) {
        context.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
        return z.NEVER;
      }
    }),
  ...subgraphUrlSettings,
};

export type RouterSettings = ReturnType<typeof readRouterSettings>;

export function readRouterSettings(env: Environment) {
  const settings = readSettings(routerSettingsShape, env);
  const subgraphUrls: Record<string, string> = readSubgraphUrls(env);
  const { limits, introspection, fieldSuggestions } = graphqlProtectionFrom(settings);
  const subscriptionLimits: SubscriptionLimits = {
    maxMessageBytes: settings.GRAPHQL_WS_MAX_MESSAGE_BYTES,
    maxPerConnection: settings.GRAPHQL_WS_MAX_SUBSCRIPTIONS_PER_CONNECTION,
    maxPerUser: settings.GRAPHQL_WS_MAX_SUBSCRIPTIONS_PER_USER,
  };
  return {
    ...settings,
    GRAPHQL_INTROSPECTION: introspection,
    GRAPHQL_FIELD_SUGGESTIONS: fieldSuggestions,
    subgraphUrls,
    limits,
    subscriptionLimits,
    shutdownGraceMs: settings.SHUTDOWN_GRACE_SECONDS * 1000,
  };
}

/** The environment, with `--port` and `--supergraph` from the command line taking precedence. */
export function readRouterSettingsWithArgs(env: Environment, args: string[]) {
  const { values } = parseArgs({ args, options: { port: { type: 'string' }, supergraph: { type: 'string' } } });
  return readRouterSettings({
    ...env,
    ...(values.port ? { PORT: values.port } : {}),
    ...(values.supergraph ? { SUPERGRAPH_PATH: values.supergraph } : {}),
  });
}
