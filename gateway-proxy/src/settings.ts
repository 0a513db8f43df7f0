import { z } from 'zod';
import { booleanFlag, emptyAsUndefined, optionalUrl, readSettings, type Environment } from '@mcp-portal/kit';

/** The gateway-proxy's own settings (besides HOST and PORT / GATEWAY_PROXY_PORT); see the README. */
export const gatewayProxySettings = {
  /** Where clients reach the proxy (`scheme://host[:port]`, e.g. behind a TLS proxy); default: its listening address. */
  GATEWAY_PROXY_PUBLIC_URL: optionalUrl,
  /** Largest /mcp request body; larger ones are answered 413. */
  GATEWAY_PROXY_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(4 * 1024 * 1024),
  /** An MCP session without requests or open streams for this long is closed. */
  GATEWAY_PROXY_SESSION_IDLE_SECONDS: z.coerce
    .number()
    .int()
    .min(10)
    .max(7 * 24 * 3600)
    .default(1800),
  /** Items per page of tools/list, prompts/list, resources/list and resources/templates/list. */
  GATEWAY_PROXY_LIST_PAGE_SIZE: z.coerce.number().int().min(1).max(10_000).default(100),
  /** Refuse tool calls whose arguments or results carry a credential or a secret stored on the platform. */
  GATEWAY_PROXY_BLOCK_SECRETS: booleanFlag.default(true),
  /** A bearer token that lets any client read /metrics; without it, loopback clients only. */
  GATEWAY_PROXY_METRICS_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(16, 'use at least 16 characters').optional()),
  /** Requests per user and minute at /mcp and /sse (429 beyond it; shared by replicas through Redis); 0: no limit. */
  GATEWAY_PROXY_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(600),
  /**
   * The servers subgraph's own limit of a call (its lifecycleSettings, same variable, same rule): the proxy's
   * per-user sessions with servers that sign in with OAuth (oauth-sessions.ts) wait this long for an answer too.
   */
  MCP_TOOL_CALL_TIMEOUT_SECONDS: z.coerce.number().positive().max(3_600).default(60),
};

export interface GatewayProxyTuning {
  publicUrl?: string;
  maxBodyBytes: number;
  sessionIdleMs: number;
  listPageSize: number;
  blockSecrets: boolean;
  metricsToken?: string;
  rateLimitPerMinute: number;
  toolCallTimeoutMs: number;
}

export function readGatewayProxyTuning(env: Environment): GatewayProxyTuning {
  const settings = readSettings(gatewayProxySettings, env);
  return {
    publicUrl: settings.GATEWAY_PROXY_PUBLIC_URL ? new URL(settings.GATEWAY_PROXY_PUBLIC_URL).origin : undefined,
    maxBodyBytes: settings.GATEWAY_PROXY_MAX_BODY_BYTES,
    sessionIdleMs: settings.GATEWAY_PROXY_SESSION_IDLE_SECONDS * 1000,
    listPageSize: settings.GATEWAY_PROXY_LIST_PAGE_SIZE,
    blockSecrets: settings.GATEWAY_PROXY_BLOCK_SECRETS,
    metricsToken: settings.GATEWAY_PROXY_METRICS_TOKEN,
    rateLimitPerMinute: settings.GATEWAY_PROXY_RATE_LIMIT_PER_MINUTE,
    toolCallTimeoutMs: settings.MCP_TOOL_CALL_TIMEOUT_SECONDS * 1000,
  };
}
