import type { ConfigProblem } from '../services/config-validation.ts';
import type { SettingsCheck } from '../services/settings-check.ts';
import { builder } from './builder.ts';

export const ConfigProblemRef = builder.objectRef<ConfigProblem>('ConfigProblem').implement({
  authScopes: { signedIn: true },
  description: "A configuration value its catalog entry's config schema does not allow.",
  fields: (t) => ({
    key: t.exposeString('key', { description: 'The configuration key the value is stored under.' }),
    path: t.exposeString('path', { description: 'The key, then the place inside the value, e.g. `filesystem.paths[0]`.' }),
    message: t.exposeString('message', { description: 'What is wrong, e.g. `must be >= 1`.' }),
  }),
});

export const ServerSettingsCheckRef = builder.objectRef<SettingsCheck>('ServerSettingsCheck').implement({
  authScopes: { signedIn: true },
  description:
    "What a server lacks, or has wrong, for its catalog entry now, as data for clients to act on (a failed start's lastError says it in words; setServerConfig refuses with the same `invalidConfig` items in its error's extensions). Empty when its entry asks for nothing or left the catalog.",
  fields: (t) => ({
    missingConfig: t.exposeStringList('missingConfig', { description: 'Keys its `{{key}}` templates use or its config schema requires that have no value.' }),
    missingSecrets: t.exposeStringList('missingSecrets', { description: 'Secrets its catalog entry declares that are not set.' }),
    invalidConfig: t.field({
      type: [ConfigProblemRef],
      description: 'Stored values its config schema does not allow.',
      resolve: (check) => check.invalidConfig,
    }),
  }),
});
