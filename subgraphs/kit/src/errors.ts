import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { ZodType } from 'zod';
import type { Logger } from './logger.ts';

/** A failure the caller can act on; `code` becomes `extensions.code` in the GraphQL response. */
export abstract class AppError extends Error {
  abstract readonly code: string;
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

export class InvalidInputError extends AppError {
  readonly code = 'BAD_USER_INPUT';
}

/** Known errors keep their message and code; anything else is logged and hidden behind a generic message. */
export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = error instanceof GraphQLError ? error.originalError : error;
    if (original instanceof AppError) {
      return { message: original.message, path: formatted.path, locations: formatted.locations, extensions: { code: original.code } };
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
