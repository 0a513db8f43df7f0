import { InternalRequestKey, type ServiceFactoryDeps } from '@mcp-portal/kit';
import { ServerConfigService } from './server-config.ts';
import { ServerSecretService } from './server-secrets.ts';

export interface ConfigServices {
  config: ServerConfigService;
  secrets: ServerSecretService;
  /** Verifies the requests other subgraphs sign (launch configuration). */
  internalKey: InternalRequestKey;
}

export async function createConfigServices({ database, audit, secrets }: ServiceFactoryDeps): Promise<ConfigServices> {
  return {
    config: new ServerConfigService(database.db, audit),
    secrets: new ServerSecretService(database.db, audit, secrets),
    internalKey: InternalRequestKey.from(secrets),
  };
}
