import { pino, type DestinationStream, type Logger } from 'pino';
import { PinoPretty } from 'pino-pretty';
import { z } from 'zod';
import { ConfigError, emptyAsUndefined, readSettings, type Environment } from './config.ts';

export type { Logger };

/** Paths that may carry credentials: never written to a log. */
const redactedPaths = [
  'password',
  'token',
  'secret',
  'authorization',
  '*.password',
  '*.token',
  '*.secret',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'variables.password',
];

export const logFormats = ['json', 'pretty'] as const;
export type LogFormat = (typeof logFormats)[number];

/**
 * `LOG_FORMAT=json|pretty`; unset: readable lines for a person at a terminal, JSON lines for anything else
 * (a file, a pipe, a log collector).
 */
export function logFormatFor(value: string | undefined, stdoutIsTerminal: boolean): LogFormat {
  if (value === undefined || value === '') return stdoutIsTerminal ? 'pretty' : 'json';
  if ((logFormats as readonly string[]).includes(value)) return value as LogFormat;
  throw new ConfigError(`Invalid configuration:\n  LOG_FORMAT: must be one of ${logFormats.join(', ')} (got "${value}")`);
}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** How a process logs: `LOG_LEVEL` (default info) and `LOG_FORMAT`, read by its entry point. */
export interface LogSettings {
  level: string;
  format: LogFormat;
}

export function readLogSettings(env: Environment, stdoutIsTerminal = process.stdout.isTTY === true): LogSettings {
  const { LOG_LEVEL } = readSettings({ LOG_LEVEL: z.preprocess(emptyAsUndefined, z.enum(logLevels).default('info')) }, env);
  return { level: LOG_LEVEL, format: logFormatFor(env.LOG_FORMAT, stdoutIsTerminal) };
}

/** Secret values the process holds in the clear (a server's secrets while it starts): masked in every log line. */
const knownSecretValues = new Set<string>();
const maxKnownSecretValues = 10_000;
/** Shorter values would mask ordinary words; secrets that short are not worth the name. */
const minMaskedLength = 6;

/** From now on, these values never appear in a log line of this process (nor their JSON-escaped form). */
export function maskSecretValuesInLogs(values: Iterable<string>): void {
  for (const value of values) {
    if (value.length < minMaskedLength || knownSecretValues.has(value)) continue;
    if (knownSecretValues.size >= maxKnownSecretValues) {
      const oldest = knownSecretValues.values().next().value;
      if (oldest !== undefined) knownSecretValues.delete(oldest);
    }
    knownSecretValues.add(value);
  }
}

function maskKnownSecrets(line: string): string {
  let masked = line;
  for (const value of knownSecretValues) {
    const escaped = JSON.stringify(value).slice(1, -1);
    if (masked.includes(value)) masked = masked.split(value).join('[redacted]');
    if (escaped !== value && masked.includes(escaped)) masked = masked.split(escaped).join('[redacted]');
  }
  return masked;
}

const queryParameters = /(Failed query: [\s\S]*?\n)params: [\s\S]*$/;

/** What a PostgreSQL error (pg, PGlite) may say without quoting the data: its codes and names. */
const databaseErrorFields = ['type', 'name', 'code', 'severity', 'routine', 'schema', 'table', 'column', 'constraint', 'dataType'];

const isDatabaseError = (error: Error & { code?: unknown; severity?: unknown }) =>
  typeof error.code === 'string' && /^[0-9A-Z]{5}$/.test(error.code) && typeof error.severity === 'string';

/**
 * Errors as pino serialises them, without the data of a failed SQL statement: drizzle puts the parameters in
 * its message (a password hash, a sealed secret, an email), and PostgreSQL quotes values in `detail`,
 * `where` and the messages of data exceptions (SQLSTATE class 22). The statement and the codes stay.
 */
function errorWithoutQueryData(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const full: Record<string, unknown> = { ...pino.stdSerializers.err(error) };
  let serialized = full;
  if (isDatabaseError(error)) {
    serialized = Object.fromEntries(databaseErrorFields.filter((field) => full[field] !== undefined).map((field) => [field, full[field]]));
    const dataException = String(full.code).startsWith('22');
    serialized.message = dataException ? `data exception (SQLSTATE ${String(full.code)})` : full.message;
  }
  const strip = (text: unknown) => (typeof text === 'string' ? text.replace(queryParameters, '$1params: [redacted]') : text);
  serialized.message = strip(serialized.message);
  if (serialized.stack !== undefined) serialized.stack = strip(serialized.stack);
  if ('params' in serialized) serialized.params = '[redacted]';
  if (error.cause instanceof Error) serialized.cause = errorWithoutQueryData(error.cause);
  return serialized;
}

/** A logger at a level (readable at a terminal, JSON lines elsewhere), or as an entry point's LogSettings say. */
export function createLogger(name: string, settings: string | LogSettings = 'info', destination?: DestinationStream): Logger {
  const { level, format } = typeof settings === 'string' ? { level: settings, format: logFormatFor(undefined, process.stdout.isTTY === true) } : settings;
  const options = {
    name,
    level,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    serializers: { err: errorWithoutQueryData, error: errorWithoutQueryData },
    hooks: { streamWrite: maskKnownSecrets },
  };
  if (destination) return pino(options, destination);
  if (format === 'json') return pino(options);
  return pino(options, PinoPretty({ colorize: true, sync: true, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss.l' }));
}
