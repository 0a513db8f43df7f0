import { pino, type Logger } from 'pino';
import { PinoPretty } from 'pino-pretty';
import { ConfigError } from './config.ts';

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

export function createLogger(name: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  const options = { name, level, redact: { paths: redactedPaths, censor: '[redacted]' } };
  if (logFormatFor(process.env.LOG_FORMAT, process.stdout.isTTY === true) === 'json') return pino(options);
  return pino(options, PinoPretty({ colorize: true, sync: true, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss.l' }));
}
