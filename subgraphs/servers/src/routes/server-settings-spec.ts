import { z } from 'zod';
import { internalGetRoute, NotFoundError, type RouteHandler } from '@mcp-portal/kit';
import type { ServersServices } from '../services/index.ts';
import { serverSettingsSpec } from '../services/server-settings-spec.ts';

/**
 * GET /internal/server-settings-spec?serverId=… → ServerSettingsSpec: what the server's catalog entry asks of
 * its configuration and secrets, for the config subgraph to validate them (it owns the values, this subgraph
 * the entries). Only answers requests signed by another process of this deployment; 404 for no such server.
 */
export function serverSettingsSpecHandler(services: ServersServices): RouteHandler {
  return internalGetRoute(services.internalKey, z.object({ serverId: z.string().uuid() }), async ({ serverId }) => {
    const server = await services.servers.byId(serverId);
    if (!server) throw new NotFoundError('No such server.');
    return serverSettingsSpec(server.catalogName, await services.catalog.get(server.catalogName));
  });
}
