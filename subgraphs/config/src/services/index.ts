import { InternalRequestKey, type ServiceFactoryDeps } from '@mcp-portal/kit';
import { ServerConfigService } from './server-config.ts';
import { ServerSecretService } from './server-secrets.ts';
import { forgetDisabledServers } from './forget-disabled.ts';
import { SettingsSpecSource } from './settings-spec-source.ts';
import { InitialSettingsService } from './initial-settings.ts';

export interface ConfigServices {
  config: ServerConfigService;
  secrets: ServerSecretService;
  /** The settings a server is enabled with (the servers subgraph's enableServer asks for them to be stored). */
  initialSettings: InitialSettingsService;
  /** Verifies the requests other subgraphs sign (launch configuration). */
  internalKey: InternalRequestKey;
  /** Stops listening for disabled servers. */
  stopForgetting: () => Promise<void>;
}

export async function createConfigServices({ database, audit, secrets, events, logger, peers }: ServiceFactoryDeps): Promise<ConfigServices> {
  const serverSecrets = new ServerSecretService(database.db, audit, secrets, events);
  return {
    config: new ServerConfigService(database.db, audit, new SettingsSpecSource(secrets, peers)),
    secrets: serverSecrets,
    initialSettings: new InitialSettingsService(audit, serverSecrets, events),
    internalKey: InternalRequestKey.from(secrets),
    stopForgetting: await forgetDisabledServers({ events, audit, logger }),
  };
}
