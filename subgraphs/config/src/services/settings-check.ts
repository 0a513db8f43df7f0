import type { ServerSettingsSpec } from '@mcp-portal/schema';
import { checkConfig, type ConfigProblem } from './config-validation.ts';

/** What a server lacks, or has wrong, for its catalog entry: the `extensions` and the field clients act on. */
export interface SettingsCheck {
  /** Keys its `{{key}}` templates use or its schema requires that have no value. */
  missingConfig: string[];
  /** Secrets the entry declares that are not set. */
  missingSecrets: string[];
  invalidConfig: ConfigProblem[];
}

export const noSettingsProblems: SettingsCheck = { missingConfig: [], missingSecrets: [], invalidConfig: [] };

/** The entry's demands against the values and secret names the server has (no secret value is read). */
export function settingsCheck(spec: ServerSettingsSpec | null, values: Readonly<Record<string, unknown>>, secretNames: ReadonlySet<string>): SettingsCheck {
  if (!spec) return noSettingsProblems;
  const config = checkConfig(spec.configSchema, values);
  const unsetTemplateKeys = spec.templateKeys.filter((key) => !Object.hasOwn(values, key));
  return {
    missingConfig: [...new Set([...unsetTemplateKeys, ...config.missing])],
    missingSecrets: spec.secrets.filter((name) => !secretNames.has(name)),
    invalidConfig: config.invalid,
  };
}
