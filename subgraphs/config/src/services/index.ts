import type { ServiceDeps } from '@mcp-portal/kit';
import { serverConfigStore } from '../store/server-config.ts';
import { ServerConfigService } from './server-config.ts';

export interface ConfigServices {
  config: ServerConfigService;
}

export async function createConfigServices({ database }: ServiceDeps): Promise<ConfigServices> {
  return { config: new ServerConfigService(serverConfigStore(database.db)) };
}
