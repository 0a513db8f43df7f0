import { DrizzleQueryError } from 'drizzle-orm';
import type { Logger } from './logger.ts';

/**
 * Lost connections to PostgreSQL and Redis: how they are recognised (so the error mapping can answer with one
 * retryable error instead of `Internal server error`) and reported (one warning per outage, not per event).
 * The clients themselves reconnect: the pg pool opens a new connection for the next query, ioredis retries.
 */

export const databaseConnectionLostMessage = 'The database connection was lost; try again.';
export const redisConnectionLostMessage = 'The event bus (Redis) connection was lost; try again.';

/** SQLSTATE class 08 (connection exception) and 57P01–57P03 (admin shutdown, crash shutdown, cannot connect now). */
const lostConnectionState = /^(08[0-9A-Z]{3}|57P0[123])$/;
/** Socket errors a driver reports when the server went away or never answered. */
const socketErrorCodes = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);
/** node-postgres reports a dropped socket and the use of a client whose connection broke with plain errors. */
const pgConnectionMessages = [
  /^Connection terminated( unexpectedly| due to connection timeout)?$/,
  /^Client has encountered a connection error and is not queryable$/,
  /^timeout exceeded when trying to connect$/,
];

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  syscall?: unknown;
  cause?: unknown;
}

function isDatabaseConnectionError(error: ErrorLike): boolean {
  if (typeof error.code === 'string' && lostConnectionState.test(error.code)) return true;
  if (typeof error.code === 'string' && socketErrorCodes.has(error.code) && typeof error.syscall === 'string') return true;
  return typeof error.message === 'string' && pgConnectionMessages.some((pattern) => pattern.test(error.message as string));
}

function isRedisConnectionError(error: ErrorLike): boolean {
  return error.name === 'MaxRetriesPerRequestError' || error.message === 'Connection is closed.';
}

/**
 * The message for an error that means a lost database or Redis connection, else undefined. A query error
 * is looked at through drizzle's wrapper (its `cause` is the driver's error); other wrappers are not
 * unwrapped, so a failed call to some other service is not taken for a database outage.
 */
export function lostConnectionMessage(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const candidate = error instanceof DrizzleQueryError && typeof error.cause === 'object' && error.cause !== null ? error.cause : error;
  if (isDatabaseConnectionError(candidate)) return databaseConnectionLostMessage;
  if (isRedisConnectionError(candidate)) return redisConnectionLostMessage;
  return undefined;
}

/** The one line a log needs about a connection error (no stack: the cause is the network, not our code). */
export function describeConnectionError(error: unknown): { reason: string; code?: string } {
  const { message, code } = (error ?? {}) as ErrorLike;
  return { reason: typeof message === 'string' && message !== '' ? message : String(error), ...(typeof code === 'string' ? { code } : {}) };
}

export interface ConnectionWatch {
  /** Called on every 'error' a client emits: logs the first of an outage, then at most one per `quietMs`. */
  lost(error: unknown): void;
  /** Called when a connection is up again: logs once that the outage ended. */
  restored(): void;
}

/** Reports the outages of one kind of connection (`PostgreSQL`, `Redis publisher`, …) without flooding the log. */
export function watchConnections(logger: Logger | undefined, what: string, quietMs = 10_000): ConnectionWatch {
  let down = false;
  let lastReport = 0;
  let repeats = 0;
  return {
    lost(error) {
      const now = Date.now();
      if (down && now - lastReport < quietMs) {
        repeats += 1;
        return;
      }
      logger?.warn({ connection: what, ...describeConnectionError(error), ...(repeats > 0 ? { repeats } : {}) }, `${what} connection lost; reconnecting`);
      down = true;
      lastReport = now;
      repeats = 0;
    },
    restored() {
      if (!down) return;
      down = false;
      repeats = 0;
      logger?.info({ connection: what }, `${what} connection restored`);
    },
  };
}
