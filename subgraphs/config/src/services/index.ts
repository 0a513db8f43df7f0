import { InternalRequestKey, type ServiceFactoryDeps } from '@mcp-portal/kit';
import { ServerConfigService } from './server-config.ts';
import { ServerSecretService } from './server-secrets.ts';
import { forgetDisabledServers } from './forget-disabled.ts';
import { SettingsSpecSource } from './settings-spec-source.ts';

export interface ConfigServices {
  config: ServerConfigService;
  secrets: ServerSecretService;
  /** Verifies the requests other subgraphs sign (launch configuration). */
  internalKey: InternalRequestKey;
  /** Stops listening for disabled servers. */
  stopForgetting: () => Promise<void>;
}

export async function createConfigServices({ database, audit, secrets, events, logger, peers }: ServiceFactoryDeps): Promise<ConfigServices> {
  return {
    config: new ServerConfigService(database.db, audit, new SettingsSpecSource(secrets, peers)),
    secrets: new ServerSecretService(database.db, audit, secrets, events),
    internalKey: InternalRequestKey.from(secrets),
    stopForgetting: await forgetDisabledServers({ events, audit, logger }),
  };
}
