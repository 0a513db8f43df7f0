import { pino, type Logger } from 'pino';

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

export function createLogger(name: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ name, level, redact: { paths: redactedPaths, censor: '[redacted]' } });
}
