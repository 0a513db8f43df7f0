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
