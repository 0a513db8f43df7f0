/**
 * What a server's page needs to know about its secrets and configuration values, as plain functions:
 * which ones a failed start lacks (the API's `Server.settingsCheck`, never the English `lastError`), the
 * rows of the secrets list, the checks of a secret value before it is sent (the API checks them again),
 * and the API's refusal of a configuration value (`extensions.invalidConfig`) as the field's message.
 */
import { maxSecretBytes } from '@mcp-portal/schema/contract';
import type { SettingsCheckFieldsFragment } from './gql/graphql.ts';

/** The settings a failed start lacks, as the API lists them. */
export interface MissingSettings {
  secrets: string[];
  config: string[];
}

/** `Server.settingsCheck`: what the server lacks, or has wrong, for its catalog entry now. */
export type SettingsCheck = SettingsCheckFieldsFragment;

/** One configuration value its entry's schema does not allow: its key, the place inside it, what is wrong. */
export type ConfigProblem = SettingsCheck['invalidConfig'][number];

const noneMissing: MissingSettings = { secrets: [], config: [] };

/** What a failed server lacks (nothing while it is not FAILED: a running server needs no prompt). */
export function missingSettings(server: { status: string; settingsCheck?: SettingsCheck | null } | null | undefined): MissingSettings {
  if (server?.status !== 'FAILED' || !server.settingsCheck) return noneMissing;
  return { secrets: server.settingsCheck.missingSecrets, config: server.settingsCheck.missingConfig };
}

const isProblem = (value: unknown): value is ConfigProblem =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as ConfigProblem).key === 'string' &&
  typeof (value as ConfigProblem).path === 'string' &&
  typeof (value as ConfigProblem).message === 'string';

/** The `invalidConfig` items of a GraphQL error's extensions (none when it has other causes). */
export function invalidConfigOf(extensions: unknown): ConfigProblem[] {
  const list = typeof extensions === 'object' && extensions !== null ? (extensions as { invalidConfig?: unknown }).invalidConfig : undefined;
  return Array.isArray(list) ? list.filter(isProblem) : [];
}

/** A refused value's message under its field: each problem with the place inside the value, e.g. `db.options.timeout must be >= 0`. */
export function configProblemMessage(problems: readonly ConfigProblem[]): string | null {
  if (problems.length === 0) return null;
  return `${problems.map((problem) => `${problem.path} ${problem.message}`).join('; ')}.`;
}

/**
 * What a refused `enableServer` names in its error's extensions: values its entry's schema does not allow,
 * secrets it does not take, and (with a start) the keys and secrets the entry needs that were not given.
 */
export interface EnableRefusal {
  invalidConfig: ConfigProblem[];
  invalidSecrets: { name: string; message: string }[];
  missingConfig: string[];
  missingSecrets: string[];
}

const isSecretProblem = (value: unknown): value is { name: string; message: string } =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { name?: unknown }).name === 'string' &&
  typeof (value as { message?: unknown }).message === 'string';

const stringsOf = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);

/** The settings problems of an `enableServer` refusal's extensions, or null when it names none. */
export function enableRefusalOf(extensions: unknown): EnableRefusal | null {
  if (typeof extensions !== 'object' || extensions === null) return null;
  const data = extensions as Record<string, unknown>;
  const refusal: EnableRefusal = {
    invalidConfig: invalidConfigOf(extensions),
    invalidSecrets: Array.isArray(data.invalidSecrets) ? data.invalidSecrets.filter(isSecretProblem) : [],
    missingConfig: stringsOf(data.missingConfig),
    missingSecrets: stringsOf(data.missingSecrets),
  };
  const count = refusal.invalidConfig.length + refusal.invalidSecrets.length + refusal.missingConfig.length + refusal.missingSecrets.length;
  return count > 0 ? refusal : null;
}

/** Under a secret a start needs but the form leaves empty (checked here, and named by the API's `missingSecrets`). */
export const secretNeededToStartMessage = 'The server needs this secret to start (or leave “Start” unticked and set it on the server’s page later).';
/** Under a configuration field the API names in `missingConfig`. */
export const configNeededToStartMessage = 'The server needs this value to start (or leave “Start” unticked and set it on the server’s page later).';

/**
 * A refusal as messages next to the fields it names (config fields by key, secret inputs by name); what
 * names no field of the form (e.g. a key only a template uses) comes back in `other`, for above the button.
 */
export function enableRefusalErrors(
  refusal: EnableRefusal,
  fields: { configKeys: ReadonlySet<string>; secretNames: ReadonlySet<string> },
): { fieldErrors: Record<string, string>; secretErrors: Record<string, string>; other: string[] } {
  const fieldErrors: Record<string, string> = {};
  const secretErrors: Record<string, string> = {};
  const other: string[] = [];
  const byKey = new Map<string, ConfigProblem[]>();
  for (const problem of refusal.invalidConfig) byKey.set(problem.key, [...(byKey.get(problem.key) ?? []), problem]);
  for (const [key, problems] of byKey) {
    const message = configProblemMessage(problems) ?? '';
    if (fields.configKeys.has(key)) fieldErrors[key] = message;
    else other.push(message);
  }
  for (const key of refusal.missingConfig) {
    if (fields.configKeys.has(key)) fieldErrors[key] ??= configNeededToStartMessage;
    else other.push(`${key} is needed to start.`);
  }
  for (const problem of refusal.invalidSecrets) {
    if (fields.secretNames.has(problem.name)) secretErrors[problem.name] = `This secret ${problem.message}.`;
    else other.push(`The secret ${problem.name} ${problem.message}.`);
  }
  for (const name of refusal.missingSecrets) {
    if (fields.secretNames.has(name)) secretErrors[name] ??= secretNeededToStartMessage;
    else other.push(`The secret ${name} is needed to start.`);
  }
  return { fieldErrors, secretErrors, other };
}

/** Why a secret value cannot be sent, or null. */
export function secretValueError(value: string): string | null {
  if (value.length === 0) return 'Enter a value.';
  if (new TextEncoder().encode(value).length > maxSecretBytes) return 'Use at most 64 KiB.';
  return null;
}

export interface DeclaredSecret {
  name: string;
  env: string;
  example: string | null;
  description: string | null;
}

export interface SecretState {
  name: string;
  updatedAt: string;
  updatedBy: { email: string };
}

export interface SecretRow<S extends SecretState = SecretState> {
  name: string;
  /** The environment variable the server gets it in; null for a secret the catalog entry does not declare. */
  env: string | null;
  description: string | null;
  example: string | null;
  /** Declared by the catalog entry (else the server has it from before, or the entry changed since). */
  declared: boolean;
  /** When it was set and by whom; null while nobody has set it. */
  state: S | null;
}

/**
 * Every secret the page lists: those the catalog entry declares, in its order, then those the server
 * has besides (by name), then any the last failed start names that neither knows of.
 */
export function secretRows<S extends SecretState>(declared: readonly DeclaredSecret[], set: readonly S[], missing: readonly string[] = []): SecretRow<S>[] {
  const byName = new Map(set.map((secret) => [secret.name, secret]));
  const rows: SecretRow<S>[] = declared.map((secret) => ({
    name: secret.name,
    env: secret.env,
    description: secret.description,
    example: secret.example,
    declared: true,
    state: byName.get(secret.name) ?? null,
  }));
  const listed = new Set(rows.map((row) => row.name));
  for (const secret of [...set].sort((a, b) => a.name.localeCompare(b.name))) {
    if (listed.has(secret.name)) continue;
    listed.add(secret.name);
    rows.push({ name: secret.name, env: null, description: null, example: null, declared: false, state: secret });
  }
  for (const name of missing) {
    if (listed.has(name)) continue;
    listed.add(name);
    rows.push({ name, env: null, description: null, example: null, declared: true, state: null });
  }
  return rows;
}
