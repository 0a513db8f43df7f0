import type { ServiceFactoryDeps } from '@mcp-portal/kit';
import { ServerConfigService } from './server-config.ts';

export interface ConfigServices {
  config: ServerConfigService;
}

export async function createConfigServices({ database, audit }: ServiceFactoryDeps): Promise<ConfigServices> {
  return { config: new ServerConfigService(database.db, audit) };
}
