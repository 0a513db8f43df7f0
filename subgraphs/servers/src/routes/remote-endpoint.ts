import { z } from 'zod';
import { internalGetRoute, NotFoundError, type RouteHandler } from '@mcp-portal/kit';
import type { ServersServices } from '../services/index.ts';
import { remoteEndpointOf } from '../remote-endpoint.ts';

/**
 * GET /internal/remote-endpoint?serverId=… → RemoteEndpoint: where an enabled server answers and how it signs
 * in (its catalog entry's remote URL, transport and oauth block). Only answers requests signed by another
 * process of this deployment; 404 for no such server.
 */
export function remoteEndpointHandler(services: ServersServices): RouteHandler {
  return internalGetRoute(services.internalKey, z.object({ serverId: z.string().uuid() }), async ({ serverId }) => {
    const server = await services.servers.byId(serverId);
    if (!server) throw new NotFoundError('No such server.');
    return remoteEndpointOf(serverId, server.catalogName, await services.catalog.get(server.catalogName));
  });
}
