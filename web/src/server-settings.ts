/**
 * What a server's page needs to know about its secrets and configuration values, as plain functions:
 * which ones a failed start says are missing, the rows of the secrets list, and the checks of a secret
 * value before it is sent (the API checks them again).
 */

/** The settings a failed start names as missing: `… needs the secret "x"` / `… needs the configuration value "k"`. */
export interface MissingSettings {
  secrets: string[];
  config: string[];
}

const quoted = /"([^"]+)"/g;

/**
 * Reads the lifecycle's message for a start stopped by a missing value, e.g.
 * `github needs the secrets "a", "b": set them on the server's page, with docker mcp secret set …` or
 * `memory needs the configuration value "memory.path": set it on the server's page, with docker mcp config set …`
 */
export function missingSettings(lastError: string | null | undefined): MissingSettings {
  const missing: MissingSettings = { secrets: [], config: [] };
  if (!lastError) return missing;
  const secrets = /needs the secrets? ((?:"[^"]+"(?:, )?)+)/.exec(lastError);
  if (secrets?.[1]) missing.secrets = [...secrets[1].matchAll(quoted)].map((m) => m[1] as string);
  const config = /needs the configuration value "([^"]+)"/.exec(lastError);
  if (config?.[1]) missing.config = [config[1]];
  return missing;
}

/** The API's limit on one secret value (UTF-8 bytes). */
export const maxSecretBytes = 64 * 1024;

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
