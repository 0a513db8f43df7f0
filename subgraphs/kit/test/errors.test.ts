import { GraphQLError } from 'graphql';
import { expect, it } from 'vitest';
import { z } from 'zod';
import { createErrorFormatter, createLogger, ForbiddenError, InvalidInputError, parseInput } from '../src/index.ts';

const format = createErrorFormatter(createLogger('test', 'silent'));

it('keeps the message and code of errors the user can act on', () => {
  const error = new GraphQLError('x', { originalError: new ForbiddenError('Needs admin.'), path: ['users'] });
  expect(format({ message: 'x', path: ['users'] }, error)).toEqual({
    message: 'Needs admin.',
    path: ['users'],
    locations: undefined,
    extensions: { code: 'FORBIDDEN' },
  });
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

it('gives the details of an error as its other extensions, and the router passes them on without its own', () => {
  const invalid = new InvalidInputError('Invalid server config: a.b must be >= 1.', { invalidConfig: [{ key: 'a.b', path: 'a.b', message: 'must be >= 1' }] });
  const formatted = format({ message: 'x' }, new GraphQLError('x', { originalError: invalid }));
  expect(formatted.extensions).toEqual({ code: 'BAD_USER_INPUT', invalidConfig: [{ key: 'a.b', path: 'a.b', message: 'must be >= 1' }] });

  const router = createErrorFormatter(createLogger('test', 'silent'), { passDownstreamErrors: true });
  const downstream = { message: formatted.message, extensions: { ...formatted.extensions, serviceName: 'config', stacktrace: ['at x'] } };
  expect(router(downstream, new GraphQLError(downstream.message, { extensions: downstream.extensions })).extensions).toEqual(formatted.extensions);
});
