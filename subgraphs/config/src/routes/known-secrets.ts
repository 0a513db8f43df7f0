import { z } from 'zod';
import { internalGetRoute, type RouteHandler } from '@mcp-portal/kit';
import type { ConfigServices } from '../services/index.ts';

/**
 * GET /internal/known-secrets → {"secrets": [{serverId, name, value}]}: every server's secret values, for a
 * gateway-proxy running on its own to refuse tool calls that carry one (in `npm start` the proxy reads them
 * in process). Only answers requests signed by another process of this deployment (the same channel and
 * key as the launch configuration); never cached, never logged. The proxy reads them again after
 * `secretsChanged`.
 */
export function knownSecretsHandler(services: ConfigServices): RouteHandler {
  return internalGetRoute(services.internalKey, z.object({}), async () => ({ secrets: await services.secrets.allOpenedValues() }));
}
