import { z } from 'zod';
import { PortalError } from './errors.ts';
import { parseConfigPairs } from './config-values.ts';
import { checkSecretName, checkSecretValue } from './secrets.ts';

/** What `enableServer` refused, as its BAD_USER_INPUT error's `extensions` list it (only the non-empty lists are there). */
export const enableRefusalSchema = z.object({
  invalidConfig: z.array(z.object({ key: z.string(), path: z.string(), message: z.string() })).default([]),
  invalidSecrets: z.array(z.object({ name: z.string(), message: z.string() })).default([]),
  missingConfig: z.array(z.string()).default([]),
  missingSecrets: z.array(z.string()).default([]),
});
export type EnableRefusal = z.infer<typeof enableRefusalSchema>;

/** The settings problems of a refused `enableServer`, or null when the error is not such a refusal. */
export function enableRefusal(error: unknown): EnableRefusal | null {
  if (!(error instanceof PortalError) || error.code !== 'BAD_USER_INPUT' || !error.extensions) return null;
  const parsed = enableRefusalSchema.safeParse(error.extensions);
  if (!parsed.success) return null;
  const { invalidConfig, invalidSecrets, missingConfig, missingSecrets } = parsed.data;
  return invalidConfig.length + invalidSecrets.length + missingConfig.length + missingSecrets.length > 0 ? parsed.data : null;
}

/** One line per problem, naming the key or secret: `config memory.max_entities: must be >= 0`. */
export function enableRefusalLines(refusal: EnableRefusal): string[] {
  return [
    ...refusal.invalidConfig.map((problem) => `config ${problem.path}: ${problem.message}`),
    ...refusal.invalidSecrets.map((problem) => `secret ${problem.name}: ${problem.message}`),
    ...refusal.missingConfig.map((key) => `config ${key}: needed to start (give it with --config ${key}=VALUE)`),
    ...refusal.missingSecrets.map((name) => `secret ${name}: needed to start (give it with --secret ${name})`),
  ];
}

/** `--config KEY=VALUE` flags as the `config` object of `enableServer` (parsed as `config set` parses them); undefined for none. */
export function enableConfig(pairs: readonly string[], asString: boolean): Record<string, unknown> | undefined {
  if (pairs.length === 0) return undefined;
  return Object.fromEntries(parseConfigPairs(pairs, { asString }).map(({ key, value }) => [key, value]));
}

/** Checks `--secret NAME` flags before any value is read: valid names (never a value), each once. */
export function checkEnableSecretNames(names: readonly string[]): void {
  const seen = new Set<string>();
  for (const name of names) {
    checkSecretName(name);
    if (seen.has(name)) throw new PortalError(`The secret ${name} is given twice.`, { code: 'BAD_USER_INPUT' });
    seen.add(name);
  }
}

export interface SecretValueSources {
  /** Whether the value comes from stdin (stdin is not a terminal, or --value-stdin). */
  fromStdin: boolean;
  readStdin: () => Promise<string>;
  prompt: (name: string) => Promise<string>;
}

/**
 * The values of the `--secret` names, read as `secret set` reads one: all of stdin for a single secret when
 * stdin is not a terminal, else a hidden prompt for each. Never from an argument.
 */
export async function readEnableSecrets(names: readonly string[], sources: SecretValueSources): Promise<Record<string, string> | undefined> {
  if (names.length === 0) return undefined;
  if (sources.fromStdin && names.length > 1) {
    throw new PortalError(
      `stdin holds the value of one secret, but ${names.length} are given (${names.join(', ')}): run on a terminal to be prompted for each, or enable with one and set the others with \`docker mcp secret set\` (before a start: --no-start).`,
      { code: 'BAD_USER_INPUT' },
    );
  }
  const secrets: Record<string, string> = {};
  for (const name of names) {
    const value = sources.fromStdin ? await sources.readStdin() : await sources.prompt(name);
    checkSecretValue(value, sources.fromStdin ? 'stdin' : 'prompt');
    secrets[name] = value;
  }
  return secrets;
}
