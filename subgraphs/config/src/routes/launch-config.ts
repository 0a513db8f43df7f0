import { z } from 'zod';
import { internalGetRoute, type RouteHandler } from '@mcp-portal/kit';
import type { ConfigServices } from '../services/index.ts';

/**
 * GET /internal/launch-config?serverId=… → {"values": {key: value}, "secrets": {name: value}}: what the
 * servers subgraph needs to start a server. Only answers requests signed by another subgraph of this
 * deployment; the secrets are opened only here.
 */
export function launchConfigHandler(services: ConfigServices): RouteHandler {
  return internalGetRoute(services.internalKey, z.object({ serverId: z.string().uuid() }), async ({ serverId }) => {
    const rows = await services.config.list(serverId);
    const secrets = await services.secrets.openedValues(serverId);
    return { values: Object.fromEntries(rows.map((row) => [row.key, row.value])), secrets };
  });
}
