import type { SubgraphDefinition } from '@mcp-portal/kit';
import { configSchema } from './schema/index.ts';
import { createConfigServices, type ConfigServices } from './services/index.ts';
import { initialSettingsPath, initialSettingsWithdrawPath, knownSecretsPath, launchConfigPath } from '@mcp-portal/schema';
import { knownSecretsHandler } from './routes/known-secrets.ts';
import { launchConfigHandler } from './routes/launch-config.ts';
import { initialSettingsHandler, initialSettingsWithdrawHandler } from './routes/initial-settings.ts';

export const configSubgraph: SubgraphDefinition<ConfigServices> = {
  name: 'config',
  defaultPort: 4003,
  schema: configSchema,
  // No variables of its own: what it needs comes with the shared deps.
  readSettings: () => undefined,
  createServices: createConfigServices,
  routes: (services) => ({
    [launchConfigPath]: launchConfigHandler(services),
    [knownSecretsPath]: knownSecretsHandler(services),
    [initialSettingsPath]: initialSettingsHandler(services),
    [initialSettingsWithdrawPath]: initialSettingsWithdrawHandler(services),
  }),
  stop: (services) => services.stopForgetting(),
};

export type { ConfigServices };
