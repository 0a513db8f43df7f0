import type { ErrorLike } from '@apollo/client';
import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';

/** A message fit for the user: the GraphQL errors' own messages, or a plain word about the network. */
export function errorMessage(error: ErrorLike | null | undefined): string | null {
  if (!error) return null;
  if (CombinedGraphQLErrors.is(error)) {
    const messages = error.errors.map((e) => e.message).filter(Boolean);
    if (messages.length > 0) return messages.join(' ');
  }
  if (ServerError.is(error)) return `The server answered ${error.statusCode}: try again in a moment.`;
  if (error.name === 'TypeError') return 'Cannot reach the server: check your connection.';
  return error.message || 'Something went wrong.';
}

/** True when the error says the session is no longer valid. */
export function isUnauthenticated(error: ErrorLike | null | undefined): boolean {
  return CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
}
