import { describe, expect, it } from 'vitest';
import {
  argumentTypeProblem,
  buildToolArguments,
  checkToolArguments,
  coerceArgument,
  parseArgumentsJson,
  schemaTypes,
  ToolArgumentError,
} from '../src/tool-arguments.ts';

const search = {
  name: 'search',
  inputSchema: {
    type: 'object',
    properties: {
      query: { type: 'string' },
      limit: { type: 'integer' },
      tags: { type: 'array', items: { type: 'string' } },
      label: { type: ['string', 'null'] },
      either: { anyOf: [{ type: 'number' }, { type: 'string' }] },
      untyped: {},
    },
    required: ['query'],
  },
};

const refusal = (check: () => unknown): ToolArgumentError => {
  try {
    check();
  } catch (error) {
    if (error instanceof ToolArgumentError) return error;
    throw error;
  }
  throw new Error('expected a ToolArgumentError');
};

describe('the shared tool argument checks', () => {
  it('reads the types a property schema allows', () => {
    expect([...schemaTypes({ type: ['integer', 'null'] })]).toEqual(['integer', 'null']);
    expect([...schemaTypes({ anyOf: [{ type: 'number' }, { type: 'string' }] })]).toEqual(['number', 'string']);
    expect(schemaTypes(undefined).size).toBe(0);
  });

  it('accepts a whole arguments object that fits the schema, untyped and nullable values included', () => {
    const args = { query: 'q', limit: 3, tags: ['a'], label: null, either: 'x', untyped: { any: 1 } };
    expect(checkToolArguments(search, args)).toBe(args);
    expect(checkToolArguments({ name: 'open', inputSchema: { type: 'object', additionalProperties: true } }, { any: 1 })).toEqual({ any: 1 });
    // A tool without an input schema takes no arguments.
    expect(checkToolArguments({ name: 'ping', inputSchema: null }, {})).toEqual({});
  });

  it('refuses unknown and missing arguments and values of the wrong type, naming the argument', () => {
    const unknown = refusal(() => checkToolArguments(search, { query: 'q', colour: 'red' }));
    expect(unknown.message).toBe('The tool search has no argument colour: its arguments are query, limit, tags, label, either, untyped.');
    expect(unknown.argument).toBe('colour');
    expect(refusal(() => checkToolArguments({ name: 'ping', inputSchema: { type: 'object' } }, { x: 1 })).message).toBe(
      'The tool ping has no argument x: it takes no arguments.',
    );
    const missing = refusal(() => checkToolArguments(search, { limit: 1 }));
    expect(missing.message).toBe('The tool search needs the argument query.');
    expect(missing.argument).toBe('query');
    expect(refusal(() => checkToolArguments(search, {}, { howToGive: 'key=value' })).message).toBe('The tool search needs the argument query (key=value).');
    const wrongType = refusal(() => checkToolArguments(search, { query: 'q', limit: 2.5 }));
    expect(wrongType.message).toBe('The argument limit must be an integer, not 2.5.');
    expect(wrongType.argument).toBe('limit');
    expect(argumentTypeProblem('tags', 'a,b', { type: 'array' })).toBe('The argument tags must be an array, not "a,b".');
    expect(argumentTypeProblem('label', 1, { type: ['string', 'null'] })).toBe('The argument label must be one of string, null, not 1.');
  });

  it('coerces text values by their schema and reads key=value pairs over a JSON object', () => {
    expect(coerceArgument('limit', '4', { type: 'integer' })).toBe(4);
    expect(coerceArgument('either', 'seven', { anyOf: [{ type: 'number' }, { type: 'string' }] })).toBe('seven');
    expect(refusal(() => coerceArgument('limit', 'four', { type: 'integer' })).argument).toBe('limit');
    expect(buildToolArguments(search, ['limit=5'], '{"query":"q","limit":1}')).toEqual({ query: 'q', limit: 5 });
    expect(refusal(() => buildToolArguments(search, ['limit=1'])).message).toBe('The tool search needs the argument query (key=value or --arguments).');
    expect(refusal(() => buildToolArguments(search, [], '{"query":"q","limit":"many"}')).message).toBe('The argument limit must be an integer, not "many".');
  });

  it('reads an arguments object from JSON, or says why not', () => {
    expect(parseArgumentsJson('{"a":1}', 'The arguments')).toEqual({ a: 1 });
    expect(refusal(() => parseArgumentsJson('[1]', 'The arguments')).message).toBe('The arguments must be a JSON object, such as \'{"path": "/tmp"}\'.');
    expect(refusal(() => parseArgumentsJson('{oops', '--arguments')).message).toMatch(/^--arguments is not valid JSON \(/);
  });
});
