import { readSettings, type ServiceFactoryDeps } from '@mcp-portal/kit';
import { z } from 'zod';
import { bundledCatalogPath, Catalog } from './catalog.ts';
import { ServerService } from './servers.ts';

export interface ServersServices {
  catalog: Catalog;
  servers: ServerService;
}

export async function createServersServices({ database, events, audit }: ServiceFactoryDeps): Promise<ServersServices> {
  const settings = readSettings({ MCP_CATALOG_PATH: z.string().default(bundledCatalogPath) });
  const catalog = await Catalog.load(settings.MCP_CATALOG_PATH);
  return { catalog, servers: new ServerService(database.db, audit, catalog, events) };
}
