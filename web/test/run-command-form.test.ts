import { describe, expect, it } from 'vitest';
import {
  argumentErrorsOf,
  collectCommandArguments,
  commandFields,
  commandValuesOf,
  executionFilterInput,
  groupCommands,
  historyFilterOf,
  initialCommandValues,
  matchesHistoryFilter,
  runRefusalOf,
  withHistoryFilter,
  type RunnableCommand,
} from '../src/run-command-form.ts';

const serverPattern = '^(?:[a-z0-9][a-z0-9._-]*|[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})$';
const jsonFlag = { default: false, description: 'Print the result as JSON.', type: 'boolean' };

/** Commands as executorCommands answers them (their argumentsSchema as the executor's registry describes it). */
const serverLs: RunnableCommand = {
  name: 'server ls',
  summary: 'List the enabled MCP servers.',
  minimumRole: 'VIEWER',
  argumentsSchema: { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { json: jsonFlag }, additionalProperties: false },
};
const serverLogs: RunnableCommand = {
  name: 'server logs',
  summary: "Show the last lines of a server's log.",
  minimumRole: 'VIEWER',
  argumentsSchema: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties: {
      server: { type: 'string', minLength: 1, maxLength: 63, pattern: serverPattern, description: 'Name or id of an enabled server.' },
      tail: { type: 'integer', minimum: 0, maximum: 1000, description: 'Number of lines from the end (default 100, at most 1000).' },
      timestamps: { default: false, description: 'Start each line with its time.', type: 'boolean' },
      json: jsonFlag,
    },
    required: ['server'],
    additionalProperties: false,
  },
};
const catalogLs: RunnableCommand = {
  name: 'catalog ls',
  summary: 'List the MCP servers of the catalog.',
  minimumRole: 'VIEWER',
  argumentsSchema: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties: {
      search: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\p{L}\\p{N}][\\p{L}\\p{N} ._:/@+-]*$', description: 'Only entries whose name…' },
      json: jsonFlag,
    },
    additionalProperties: false,
  },
};
const commands = [serverLs, serverLogs, catalogLs];

describe('the Run page form', () => {
  it('groups the commands by topic and narrows them by every word of a search', () => {
    expect(groupCommands(commands).map((g) => [g.topic, g.commands.map((c) => c.name)])).toEqual([
      ['server', ['server ls', 'server logs']],
      ['catalog', ['catalog ls']],
    ]);
    expect(groupCommands(commands, 'LOGS').flatMap((g) => g.commands.map((c) => c.name))).toEqual(['server logs']);
    expect(groupCommands(commands, 'list catalog').flatMap((g) => g.commands.map((c) => c.name))).toEqual(['catalog ls']);
    expect(groupCommands(commands, 'nothing-like-it')).toEqual([]);
  });

  it('generates one input per named argument, required first, at their defaults', () => {
    const fields = commandFields(serverLogs);
    expect(fields.map((f) => [f.key, f.kind, f.required])).toEqual([
      ['server', 'string', true],
      ['tail', 'integer', false],
      ['timestamps', 'boolean', false],
      ['json', 'boolean', false],
    ]);
    expect(initialCommandValues(fields)).toEqual({ server: '', tail: '', timestamps: false, json: false });
    expect(commandFields(serverLs).map((f) => f.key)).toEqual(['json']);
  });

  it('turns the inputs into the args object, typed, leaving out empty optional ones', () => {
    const fields = commandFields(serverLogs);
    expect(collectCommandArguments(serverLogs, fields, { server: 'memory', tail: '20', timestamps: true, json: false })).toEqual({
      ok: true,
      arguments: { server: 'memory', tail: 20, timestamps: true, json: false },
    });
    expect(collectCommandArguments(serverLogs, fields, { server: 'memory', tail: '', timestamps: false, json: false })).toEqual({
      ok: true,
      arguments: { server: 'memory', timestamps: false, json: false },
    });
  });

  it('checks the inputs as the executor does before anything is sent: required, pattern, bounds, whole numbers', () => {
    const fields = commandFields(serverLogs);
    const errors = (values: Record<string, string | boolean>) => {
      const collected = collectCommandArguments(serverLogs, fields, { ...initialCommandValues(fields), ...values });
      return collected.ok ? null : collected.errors;
    };
    expect(errors({})).toEqual({ server: 'This field is required.' });
    expect(errors({ server: '-rf' })).toEqual({ server: `Must match ${serverPattern}.` });
    expect(errors({ server: 'memory', tail: '1001' })).toEqual({ tail: 'Enter 1000 or less.' });
    expect(errors({ server: 'memory', tail: '2.5' })).toEqual({ tail: 'Enter a whole number.' });
    // Unicode patterns (\p{L}) are read as the executor reads them.
    const search = commandFields(catalogLs);
    expect(collectCommandArguments(catalogLs, search, { search: 'größe', json: false }).ok).toBe(true);
    expect(collectCommandArguments(catalogLs, search, { search: '$(id)', json: false }).ok).toBe(false);
  });

  it('fills the form from an earlier run’s arguments (Run again), defaults for what they leave out', () => {
    const fields = commandFields(serverLogs);
    const values = commandValuesOf(fields, { server: 'memory', tail: 5 });
    expect(values).toEqual({ server: 'memory', tail: '5', timestamps: false, json: false });
    expect(collectCommandArguments(serverLogs, fields, values)).toEqual({ ok: true, arguments: { server: 'memory', tail: 5, timestamps: false, json: false } });
    // Not an object (an older run, a hand-made address): the defaults.
    expect(commandValuesOf(fields, null)).toEqual(initialCommandValues(fields));
    expect(commandValuesOf(fields, ['memory'])).toEqual(initialCommandValues(fields));
  });

  it('reads runCommand’s refusals from their extensions, and places a refused argument under its input', () => {
    const bad = runRefusalOf(
      { message: 'Arguments of server inspect: server: must not start with "-".', extensions: { refusal: 'BAD_ARGUMENTS', code: 'BAD_USER_INPUT' } },
      ['server', 'json'],
    );
    expect(bad).toEqual({
      kind: 'BAD_ARGUMENTS',
      title: 'Arguments refused',
      message: 'Arguments of server inspect: server: must not start with "-".',
      argumentErrors: { server: 'The executor refused it: must not start with "-".' },
    });
    expect(
      runRefusalOf({ message: 'server enable needs the operator role; you are viewer.', extensions: { refusal: 'FORBIDDEN', code: 'FORBIDDEN' } }).kind,
    ).toBe('FORBIDDEN');
    expect(runRefusalOf({ message: 'Unknown command "x".', extensions: { refusal: 'UNKNOWN_COMMAND', code: 'BAD_USER_INPUT' } }).title).toBe('Unknown command');
    expect(runRefusalOf({ message: 'Too many of your executions are waiting.', extensions: { code: 'TOO_MANY_REQUESTS' } }).kind).toBe('TOO_MANY_REQUESTS');
    expect(runRefusalOf({ message: '  ' })).toMatchObject({ kind: 'OTHER', message: 'The executor refused the run.' });
  });

  it('splits a BAD_ARGUMENTS message into its problems, keeping only those of known inputs (a nested path by its top key)', () => {
    expect(argumentErrorsOf('Arguments of tools call: server: must not be empty; arguments.x: too deep; other: no.', ['server', 'arguments'])).toEqual({
      server: 'The executor refused it: must not be empty.',
      arguments: 'The executor refused it: too deep.',
    });
    expect(argumentErrorsOf('Arguments of server ls: the value has a __proto__ key.', ['json'])).toEqual({});
    expect(argumentErrorsOf('Something else', ['json'])).toEqual({});
  });

  it('keeps the history filter in the address and as the API’s ExecutionFilter', () => {
    const filter = historyFilterOf(new URLSearchParams('command=server%20ls&status=FAILED&user=u1&again=x'));
    expect(filter).toEqual({ command: 'server ls', status: 'FAILED', startedBy: 'u1' });
    expect(historyFilterOf(new URLSearchParams('status=BOGUS'))).toEqual({ command: '', status: '', startedBy: '' });
    expect(withHistoryFilter(new URLSearchParams('again=x&status=FAILED'), { command: 'catalog ls', status: '', startedBy: '' }).toString()).toBe(
      'again=x&command=catalog+ls',
    );
    expect(executionFilterInput({ command: '', status: '', startedBy: '' })).toBeNull();
    expect(executionFilterInput(filter)).toEqual({ command: 'server ls', status: 'FAILED', startedBy: 'u1' });
    const run = { command: 'server ls', status: 'FAILED', startedBy: { id: 'u1' } };
    expect(matchesHistoryFilter(filter, run)).toBe(true);
    expect(matchesHistoryFilter(filter, { ...run, status: 'SUCCEEDED' })).toBe(false);
    expect(matchesHistoryFilter({ command: '', status: '', startedBy: '' }, run)).toBe(true);
  });
});
