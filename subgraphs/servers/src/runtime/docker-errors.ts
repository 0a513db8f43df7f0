import { EngineUnavailableError } from './errors.ts';

/** What dockerode attaches to a failed call: the HTTP status and the engine's JSON answer. */
interface DockerodeError extends Error {
  statusCode?: number;
  code?: string;
  json?: { message?: unknown } | null;
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOENT', 'EACCES', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']);

export function statusCodeOf(error: unknown): number | undefined {
  return (error as DockerodeError | undefined)?.statusCode;
}

/** The engine's own words for a failure, without dockerode's "(HTTP code …)" prefix. */
export function engineMessage(error: unknown): string {
  const failure = error as DockerodeError;
  const fromEngine = failure?.json?.message;
  if (typeof fromEngine === 'string' && fromEngine.length > 0) return fromEngine;
  return failure instanceof Error ? failure.message : String(error);
}

/** Connection failures become EngineUnavailableError; anything else is passed through. */
export function asEngineError(error: unknown, address: string): unknown {
  const code = (error as DockerodeError | undefined)?.code;
  if (code !== undefined && UNREACHABLE_CODES.has(code)) return new EngineUnavailableError(address, `${code} (${engineMessage(error)})`);
  return error;
}
