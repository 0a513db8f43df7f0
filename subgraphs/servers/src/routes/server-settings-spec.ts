import { z } from 'zod';
import { sendJson, type RouteHandler } from '@mcp-portal/kit';
import type { ServersServices } from '../services/index.ts';
import { serverSettingsSpec } from '../services/server-settings-spec.ts';

const querySchema = z.object({ serverId: z.string().uuid() });

/**
 * GET /internal/server-settings-spec?serverId=… → ServerSettingsSpec: what the server's catalog entry asks of
 * its configuration and secrets, for the config subgraph to validate them (it owns the values, this subgraph
 * the entries). Only answers requests signed by another process of this deployment; 404 for no such server.
 */
export function serverSettingsSpecHandler(services: ServersServices): RouteHandler {
  return async (req, res, url) => {
    if (req.method !== 'GET') return sendJson(res, 405, { error: 'method_not_allowed' });
    if (!services.internalKey.verify(req)) return sendJson(res, 401, { error: 'unauthorized' });
    const query = querySchema.safeParse(Object.fromEntries(url.searchParams));
    if (!query.success) return sendJson(res, 400, { error: 'invalid_request' });
    const server = await services.servers.byId(query.data.serverId);
    if (!server) return sendJson(res, 404, { error: 'not_found' });
    res.setHeader('cache-control', 'no-store');
    sendJson(res, 200, serverSettingsSpec(server.catalogName, await services.catalog.get(server.catalogName)));
  };
}
