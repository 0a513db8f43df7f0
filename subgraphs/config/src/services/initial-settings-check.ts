import type { z } from 'zod';
import { InvalidInputError } from '@mcp-portal/kit';
import type { ServerSettingsSpec } from '@mcp-portal/schema';
import type { ConfigProblem } from './config-validation.ts';
import { configKeySchema, configValueSchema, secretNameSchema, secretValueSchema } from './setting-inputs.ts';
import { settingsCheck } from './settings-check.ts';

/** A secret the entry does not declare, or whose name or value is not allowed (never the value itself). */
export interface SecretProblem {
  name: string;
  message: string;
}

/** Everything wrong with the settings a server is enabled with: the error's `extensions`, each list only when not empty. */
export interface InitialSettingsProblems {
  invalidConfig: ConfigProblem[];
  invalidSecrets: SecretProblem[];
  missingConfig: string[];
  missingSecrets: string[];
}

const firstIssue = (schema: z.ZodType, value: unknown): string | null => {
  const result = schema.safeParse(value);
  return result.success ? null : (result.error.issues[0]?.message ?? 'is not allowed');
};

/**
 * Checks the configuration values and secrets a server is enabled with against what its catalog entry asks
 * (`spec`): keys and values as setServerConfig allows them and as the entry's config schema allows them (Ajv),
 * secrets as setServerSecret allows them and declared by the entry; with `requireComplete` (a start follows),
 * every configuration key its templates use or its schema requires and every secret it declares.
 */
export function initialSettingsProblems(
  spec: ServerSettingsSpec,
  config: Readonly<Record<string, unknown>>,
  secrets: Readonly<Record<string, string>>,
  requireComplete: boolean,
): InitialSettingsProblems {
  const invalidConfig: ConfigProblem[] = [];
  for (const [key, value] of Object.entries(config)) {
    const problem = firstIssue(configKeySchema, key) ?? firstIssue(configValueSchema, value);
    if (problem) invalidConfig.push({ key, path: key, message: problem });
  }
  const declared = new Set(spec.secrets);
  const invalidSecrets: SecretProblem[] = [];
  for (const [name, value] of Object.entries(secrets)) {
    const problem =
      firstIssue(secretNameSchema, name) ?? (declared.has(name) ? null : `is not a secret of ${spec.entry}`) ?? firstIssue(secretValueSchema, value);
    if (problem) invalidSecrets.push({ name, message: problem });
  }
  const check = settingsCheck(spec, config, new Set(Object.keys(secrets)));
  const malformed = new Set(invalidConfig.map((problem) => problem.key));
  return {
    invalidConfig: [...invalidConfig, ...check.invalidConfig.filter((problem) => !malformed.has(problem.key))],
    invalidSecrets,
    missingConfig: requireComplete ? check.missingConfig : [],
    missingSecrets: requireComplete ? check.missingSecrets : [],
  };
}

/** Refuses (BAD_USER_INPUT) settings with any problem, naming each in the message and listing them in `extensions`. */
export function ensureInitialSettings(problems: InitialSettingsProblems, entry: string): void {
  const { invalidConfig, invalidSecrets, missingConfig, missingSecrets } = problems;
  const sentences = [
    ...invalidConfig.map((problem) => `${problem.path} ${problem.message}`),
    ...invalidSecrets.map((problem) => `the secret ${problem.name} ${problem.message}`),
    ...(missingConfig.length > 0 ? [`a start needs the configuration ${missingConfig.join(', ')}`] : []),
    ...(missingSecrets.length > 0 ? [`a start needs the secrets ${missingSecrets.join(', ')}`] : []),
  ];
  if (sentences.length === 0) return;
  const details = Object.fromEntries(Object.entries(problems).filter(([, list]) => (list as unknown[]).length > 0));
  throw new InvalidInputError(`Invalid settings for ${entry}: ${sentences.join('; ')}.`, details);
}
