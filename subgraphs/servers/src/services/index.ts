import { readSettings, type ServiceDeps } from '@mcp-portal/kit';
import { z } from 'zod';
import { serverStore } from '../store/servers.ts';
import { bundledCatalogPath, Catalog } from './catalog.ts';
import { ServerService } from './servers.ts';

export interface ServersServices {
  catalog: Catalog;
  servers: ServerService;
}

export async function createServersServices({ database, events }: ServiceDeps): Promise<ServersServices> {
  const settings = readSettings({ MCP_CATALOG_PATH: z.string().default(bundledCatalogPath) });
  const catalog = await Catalog.load(settings.MCP_CATALOG_PATH);
  return { catalog, servers: new ServerService(serverStore(database.db), catalog, events) };
}
