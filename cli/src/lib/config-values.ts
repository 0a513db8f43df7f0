import { configKeyPattern, maxConfigKeyLength } from '@mcp-portal/schema/contract';
import { serverConfigQuery, type ServerConfigQuery, type ConfigValueView } from './operations.ts';
import { PortalError } from './errors.ts';
import { formatTable, timeAgo } from './format.ts';
import { resolveServer, unknownServerError, type Request } from './servers.ts';

export type ServerWithConfig = NonNullable<ServerConfigQuery['server']>;

/** The server named (or with the id) `ref`, with its configuration values. */
export async function serverWithConfig(request: Request, ref: string): Promise<ServerWithConfig> {
  const { id } = await resolveServer(request, ref);
  const { server } = await request(serverConfigQuery, { id });
  if (!server) throw unknownServerError(ref);
  return server;
}

/** Checks a configuration key before anything is sent. */
export function checkConfigKey(key: string): void {
  if (!configKeyPattern.test(key) || key.length > maxConfigKeyLength) {
    throw new PortalError(`Invalid config key ${JSON.stringify(key)}: keys use letters, digits, ".", "_" and "-" (at most ${maxConfigKeyLength}).`, {
      code: 'BAD_USER_INPUT',
    });
  }
}

/**
 * The value of `KEY=VALUE`: JSON when it parses as JSON (numbers, booleans, arrays, objects, "quoted
 * strings"), else the text as it is; with `asString`, always the text. Null (the API takes none), an
 * empty value and numbers JSON would not keep exactly are refused.
 */
export function parseConfigValue(key: string, raw: string, asString = false): unknown {
  if (asString) return raw;
  if (raw.trim() === '') {
    throw new PortalError(`${key}= has no value: give one (${key}='""' for an empty string), or remove the key with \`docker mcp config rm\`.`, {
      code: 'BAD_USER_INPUT',
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return raw;
  }
  if (parsed === null) {
    throw new PortalError(`${key}=null: a value cannot be null; remove the key with \`docker mcp config rm\`, or use --string for the text "null".`, {
      code: 'BAD_USER_INPUT',
    });
  }
  if (typeof parsed === 'number' && (!Number.isFinite(parsed) || (/^\s*-?\d+\s*$/.test(raw) && !Number.isSafeInteger(parsed)))) {
    throw new PortalError(`${key}=${raw.trim()} is a number JSON cannot keep exactly: quote it ('"${raw.trim()}"') or use --string to keep it as text.`, {
      code: 'BAD_USER_INPUT',
    });
  }
  return parsed;
}

/** `config set` arguments: KEY=VALUE pairs, each key once, checked before anything is sent. */
export function parseConfigPairs(pairs: readonly string[], options: { asString?: boolean } = {}): { key: string; value: unknown }[] {
  if (pairs.length === 0) throw new PortalError('Give at least one KEY=VALUE pair.', { code: 'BAD_USER_INPUT' });
  const seen = new Set<string>();
  return pairs.map((pair) => {
    const at = pair.indexOf('=');
    if (at <= 0) throw new PortalError(`Values are given as KEY=VALUE: ${JSON.stringify(pair)} is not one.`, { code: 'BAD_USER_INPUT' });
    const key = pair.slice(0, at);
    checkConfigKey(key);
    if (seen.has(key)) throw new PortalError(`The key ${key} is given twice.`, { code: 'BAD_USER_INPUT' });
    seen.add(key);
    return { key, value: parseConfigValue(key, pair.slice(at + 1), options.asString) };
  });
}

const TABLE_VALUE_MAX = 60;

/** A value as the table shows it: compact JSON (so "42" and 42 differ), cut to 60 characters. */
export function formatConfigValue(value: unknown, max = TABLE_VALUE_MAX): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `config ls`: KEY  VALUE  UPDATED  BY. */
export function configTable(values: readonly ConfigValueView[], now: Date = new Date()): string {
  return formatTable(
    ['KEY', 'VALUE', 'UPDATED', 'BY'],
    values.map((entry) => [entry.key, formatConfigValue(entry.value), timeAgo(entry.updatedAt, now), entry.updatedBy.email]),
  );
}
