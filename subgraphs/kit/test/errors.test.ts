import { GraphQLError } from 'graphql';
import { expect, it } from 'vitest';
import { z } from 'zod';
import { createErrorFormatter, createLogger, ForbiddenError, InvalidInputError, parseInput } from '../src/index.ts';

const format = createErrorFormatter(createLogger('test', 'silent'));

it('keeps the message and code of errors the user can act on', () => {
  const error = new GraphQLError('x', { originalError: new ForbiddenError('Needs admin.'), path: ['users'] });
  expect(format({ message: 'x', path: ['users'] }, error)).toEqual({ message: 'Needs admin.', path: ['users'], locations: undefined, extensions: { code: 'FORBIDDEN' } });
});

it('hides unexpected errors behind a generic message without a stack trace', () => {
  const error = new GraphQLError('connect ECONNREFUSED 10.0.0.1:5432', { originalError: new Error('connect ECONNREFUSED 10.0.0.1:5432') });
  const formatted = format({ message: error.message, extensions: { stacktrace: ['at x'] } }, error);
  expect(formatted).toEqual({ message: 'Internal server error', path: undefined, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
});

it('parseInput names the rejected field', () => {
  expect(() => parseInput(z.object({ email: z.string().email() }), { email: 'nope' }, 'credentials')).toThrowError(
    new InvalidInputError('Invalid credentials (email): Invalid email address'),
  );
});
