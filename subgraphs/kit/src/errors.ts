import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { ZodType } from 'zod';
import type { Logger } from './logger.ts';
import { lostConnectionMessage } from './lost-connections.ts';

/** What a client may act on besides the code, e.g. `{ missingConfig: ['k'] }`: plain JSON, never a secret value. */
export type ErrorDetails = Record<string, unknown>;

/**
 * A failure the caller can act on; `code` becomes `extensions.code` in the GraphQL response and `details`
 * (when given) the other `extensions`, so that no client has to read the English message.
 */
export abstract class AppError extends Error {
  abstract readonly code: string;
  readonly details: ErrorDetails | undefined;

  constructor(message?: string, details?: ErrorDetails) {
    super(message);
    this.details = details;
  }
}

export class UnauthenticatedError extends AppError {
  readonly code = 'UNAUTHENTICATED';
  constructor(message = 'Sign in first: this operation needs a valid token.') {
    super(message);
  }
}

export class ForbiddenError extends AppError {
  readonly code = 'FORBIDDEN';
}

export class NotFoundError extends AppError {
  readonly code = 'NOT_FOUND';
}

export class ConflictError extends AppError {
  readonly code = 'CONFLICT';
}

export class TooManyRequestsError extends AppError {
  readonly code = 'TOO_MANY_REQUESTS';
}

export class InvalidInputError extends AppError {
  readonly code = 'BAD_USER_INPUT';
}

/** A dependency (the database, Redis) was out of reach: the operation was not acknowledged; the caller may try again. */
export class ServiceUnavailableError extends AppError {
  readonly code = 'SERVICE_UNAVAILABLE';
}

/** The client left before its answer (the work for it was cancelled): nobody reads it, nothing is logged as an error. */
export class ClientLeftError extends AppError {
  readonly code = 'CLIENT_CLOSED_REQUEST';
}

/** Known errors as they are; a lost database or Redis connection as ServiceUnavailableError; else undefined. */
export function asAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  const lost = lostConnectionMessage(error);
  return lost === undefined ? undefined : new ServiceUnavailableError(lost);
}

export interface ErrorFormatterOptions {
  /**
   * The router passes on errors that subgraphs already formatted (a code other than
   * INTERNAL_SERVER_ERROR): each subgraph has hidden its own internals before answering.
   */
  passDownstreamErrors?: boolean;
}

/** Known errors keep their message and code; anything else is logged and hidden behind a generic message. */
export function createErrorFormatter(logger: Logger, options: ErrorFormatterOptions = {}) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = error instanceof GraphQLError ? error.originalError : error;
    const known = asAppError(original);
    if (known) {
      return { message: known.message, path: formatted.path, locations: formatted.locations, extensions: { ...known.details, code: known.code } };
    }
    const code = formatted.extensions?.code;
    const fromSubgraph = typeof formatted.extensions?.serviceName === 'string';
    if (options.passDownstreamErrors && fromSubgraph && typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') {
      // The subgraph's details pass on; what the gateway adds about itself (serviceName, stacktrace) does not.
      const { serviceName: _serviceName, stacktrace: _stacktrace, ...details } = formatted.extensions ?? {};
      return { message: formatted.message, path: formatted.path, locations: formatted.locations, extensions: { ...details, code } };
    }
    if (original === undefined || original instanceof GraphQLError) {
      const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    logger.error({ err: original, path: formatted.path }, 'unexpected error while resolving');
    return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

/** Validates one input at the edge; the first problem becomes a BAD_USER_INPUT error. */
export function parseInput<T>(schema: ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` (${issue.path.join('.')})` : '';
  throw new InvalidInputError(`Invalid ${what}${where}: ${issue?.message ?? 'rejected'}`);
}

export class SubscriptionsAtRouterError extends AppError {
  readonly code = 'SUBSCRIPTIONS_AT_ROUTER';
}

/** The `subscribe` of every subgraph subscription field: the router serves them from the event bus. */
export function servedByRouter(): never {
  throw new SubscriptionsAtRouterError('Subscribe through the router: it serves subscriptions at /graphql over graphql-ws.');
}
