import { z } from 'zod';
import { sendJson, type RouteHandler } from '@mcp-portal/kit';
import type { ConfigServices } from '../services/index.ts';

const querySchema = z.object({ serverId: z.string().uuid() });

/**
 * GET /internal/launch-config?serverId=… → {"values": {key: value}, "secrets": {name: value}}: what the
 * servers subgraph needs to start a server. Only answers requests signed by another subgraph of this
 * deployment; the secrets are opened only here.
 */
export function launchConfigHandler(services: ConfigServices): RouteHandler {
  return async (req, res, url) => {
    if (req.method !== 'GET') return sendJson(res, 405, { error: 'method_not_allowed' });
    if (!services.internalKey.verify(req)) return sendJson(res, 401, { error: 'unauthorized' });
    const query = querySchema.safeParse(Object.fromEntries(url.searchParams));
    if (!query.success) return sendJson(res, 400, { error: 'invalid_request' });
    const rows = await services.config.list(query.data.serverId);
    const secrets = await services.secrets.openedValues(query.data.serverId);
    res.setHeader('cache-control', 'no-store');
    sendJson(res, 200, { values: Object.fromEntries(rows.map((row) => [row.key, row.value])), secrets });
  };
}
