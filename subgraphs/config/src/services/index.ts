import { InternalRequestKey, type ServiceFactoryDeps } from '@mcp-portal/kit';
import { ServerConfigService } from './server-config.ts';

export interface ConfigServices {
  config: ServerConfigService;
  /** Verifies the requests other subgraphs sign (launch configuration). */
  internalKey: InternalRequestKey;
}

export async function createConfigServices({ database, audit, secrets }: ServiceFactoryDeps): Promise<ConfigServices> {
  return { config: new ServerConfigService(database.db, audit), internalKey: InternalRequestKey.from(secrets) };
}
