import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type * as OclifCore from '@oclif/core';
import type { Role } from '@mcp-portal/kit';
import { buildInvocation, CommandRefusedError, commands, commandsTable, describeCommands, type CommandRefusalCode } from '../src/commands/index.ts';

const uuid = '4f1c2b7e-9a3d-4e5f-8a6b-1c2d3e4f5a6b';

/** Each command with arguments, and the exact argv it must build. */
const positive: { name: string; args: unknown; argv: string[] }[] = [
  { name: 'server ls', args: undefined, argv: ['server', 'ls'] },
  { name: 'server ls', args: { json: true }, argv: ['server', 'ls', '--json'] },
  { name: 'server enable', args: { name: 'memory' }, argv: ['server', 'enable', '--', 'memory'] },
  { name: 'server enable', args: { name: 'time', start: false, json: true }, argv: ['server', 'enable', '--no-start', '--json', '--', 'time'] },
  {
    name: 'server enable',
    args: { name: 'filesystem', wait: true, timeout: 300, config: { 'filesystem.paths': ['/data', '/tmp'], 'memory.max_entities': 500, label: '123' } },
    argv: [
      'server',
      'enable',
      '--wait',
      '--timeout=300',
      '--config=filesystem.paths=["/data","/tmp"]',
      '--config=memory.max_entities=500',
      '--config=label="123"',
      '--',
      'filesystem',
    ],
  },
  { name: 'server disable', args: { server: 'memory' }, argv: ['server', 'disable', '--', 'memory'] },
  { name: 'server disable', args: { server: uuid, json: true }, argv: ['server', 'disable', '--json', '--', uuid] },
  { name: 'server start', args: { server: 'memory' }, argv: ['server', 'start', '--', 'memory'] },
  { name: 'server start', args: { server: 'memory', wait: false, json: true }, argv: ['server', 'start', '--no-wait', '--json', '--', 'memory'] },
  { name: 'server stop', args: { server: 'memory', timeout: 60 }, argv: ['server', 'stop', '--timeout=60', '--', 'memory'] },
  { name: 'server restart', args: { server: 'my-server.v2' }, argv: ['server', 'restart', '--', 'my-server.v2'] },
  { name: 'server inspect', args: { server: 'memory', json: true }, argv: ['server', 'inspect', '--json', '--', 'memory'] },
  { name: 'server logs', args: { server: 'memory' }, argv: ['server', 'logs', '--', 'memory'] },
  {
    name: 'server logs',
    args: { server: 'memory', tail: 20, timestamps: true, json: true },
    argv: ['server', 'logs', '--tail=20', '--timestamps', '--json', '--', 'memory'],
  },
  { name: 'server logs', args: { server: 'memory', tail: 0 }, argv: ['server', 'logs', '--tail=0', '--', 'memory'] },
  { name: 'catalog ls', args: {}, argv: ['catalog', 'ls'] },
  { name: 'catalog ls', args: { search: 'github', json: true }, argv: ['catalog', 'ls', '--search=github', '--json'] },
  { name: 'catalog ls', args: { search: 'Müller files 2.0' }, argv: ['catalog', 'ls', '--search=Müller files 2.0'] },
  { name: 'catalog show', args: { name: 'github' }, argv: ['catalog', 'show', '--', 'github'] },
  {
    name: 'catalog import',
    args: { url: 'https://example.com/mcp/catalog.yaml', json: true },
    argv: ['catalog', 'import', '--json', '--', 'https://example.com/mcp/catalog.yaml'],
  },
  { name: 'tools ls', args: {}, argv: ['tools', 'ls'] },
  { name: 'tools ls', args: { server: 'memory', noTrunc: true, json: true }, argv: ['tools', 'ls', '--server=memory', '--no-trunc', '--json'] },
  { name: 'tools inspect', args: { server: 'memory', tool: 'create_entities' }, argv: ['tools', 'inspect', '--', 'memory', 'create_entities'] },
  { name: 'tools call', args: { server: 'memory', tool: 'read_graph' }, argv: ['tools', 'call', '--', 'memory', 'read_graph'] },
  {
    name: 'tools call',
    args: { server: 'memory', tool: 'search_nodes', arguments: { query: 'alice', limit: 5, deep: { on: true } }, json: true },
    argv: ['tools', 'call', '--arguments={"query":"alice","limit":5,"deep":{"on":true}}', '--json', '--', 'memory', 'search_nodes'],
  },
  {
    // Shell syntax inside a JSON value is data: it stays one argv element, which no shell ever reads.
    name: 'tools call',
    args: { server: 'memory', tool: 'add', arguments: { text: '; rm -rf / && $(id) `id` | cat ${IFS} "\'\nline 2' } },
    argv: ['tools', 'call', '--arguments={"text":"; rm -rf / && $(id) `id` | cat ${IFS} \\"\'\\nline 2"}', '--', 'memory', 'add'],
  },
  { name: 'secret ls', args: { server: 'github' }, argv: ['secret', 'ls', '--', 'github'] },
  {
    name: 'secret rm',
    args: { server: 'github', name: 'github.personal_access_token', json: true },
    argv: ['secret', 'rm', '--json', '--', 'github', 'github.personal_access_token'],
  },
  { name: 'config ls', args: { server: 'filesystem', json: true }, argv: ['config', 'ls', '--json', '--', 'filesystem'] },
  {
    name: 'config set',
    args: { server: 'memory', values: { 'memory.max_entities': 500, 'memory.read_only': false, 'memory.label': 'a b', empty: '' } },
    argv: ['config', 'set', '--', 'memory', 'memory.max_entities=500', 'memory.read_only=false', 'memory.label="a b"', 'empty=""'],
  },
  {
    name: 'config set',
    args: { server: 'filesystem', values: { 'filesystem.paths': ['/data'] }, force: true, json: true },
    argv: ['config', 'set', '--force', '--json', '--', 'filesystem', 'filesystem.paths=["/data"]'],
  },
  { name: 'config rm', args: { server: 'memory', key: 'memory.max_entities' }, argv: ['config', 'rm', '--', 'memory', 'memory.max_entities'] },
];

describe('buildInvocation: the argv of each command', () => {
  it.each(positive)('$name $args', ({ name, args, argv }) => {
    const invocation = buildInvocation(name, args, 'admin');
    expect(invocation.argv).toEqual(argv);
    expect(invocation.command.name).toBe(name);
  });

  it('has a case for every registered command', () => {
    expect(new Set(positive.map((c) => c.name))).toEqual(new Set(commands.map((c) => c.name)));
  });

  it('keeps a non-ASCII line separator out of argv (escaped in the JSON)', () => {
    const { argv } = buildInvocation('tools call', { server: 'memory', tool: 'add', arguments: { text: 'a\u2028b\u2029c\tz' } }, 'operator');
    expect(argv[2]).toBe('--arguments={"text":"a\\u2028b\\u2029c\\tz"}');
  });
});

interface OclifCommand {
  flags?: Record<string, unknown>;
  baseFlags?: Record<string, unknown>;
  args?: Record<string, unknown>;
  strict?: boolean;
}

const cliRoot = new URL('../../../cli/', import.meta.url);
const commandFile = (name: string) => new URL(`src/commands/${name.split(' ').join('/')}.ts`, cliRoot);

/**
 * What a built argv must mean to the CLI: each `--flag` / `--flag=value` is that flag (a repeated one a list),
 * `--no-x` is x false, and what follows `--` is the positionals, in order.
 */
function meaning(argv: string[], words: number) {
  const rest = argv.slice(words);
  const dashdash = rest.indexOf('--');
  const flagElements = dashdash === -1 ? rest : rest.slice(0, dashdash);
  const positionals = dashdash === -1 ? [] : rest.slice(dashdash + 1);
  const flags: Record<string, unknown> = {};
  for (const element of flagElements) {
    const at = element.indexOf('=');
    if (at === -1) {
      if (element.startsWith('--no-') && element !== '--no-trunc') flags[element.slice(5)] = false;
      else flags[element.slice(2)] = true;
    } else {
      const flag = element.slice(2, at);
      const value = element.slice(at + 1);
      flags[flag] = flag === 'config' ? [...((flags[flag] as string[] | undefined) ?? []), value] : /^\d+$/.test(value) ? Number(value) : value;
    }
  }
  return { flags, positionals };
}

describe("the CLI's own parser reads each argv as meant", () => {
  it.each(commands.map((c) => c.name))('%s is a command of the CLI', (name) => {
    expect(existsSync(commandFile(name))).toBe(true);
  });

  it.each(positive)('$name $args', async ({ name, args }) => {
    const require = createRequire(new URL('package.json', cliRoot));
    const oclif = (await import(require.resolve('@oclif/core'))) as typeof OclifCore;
    const { default: command } = (await import(commandFile(name).href)) as { default: OclifCommand };
    const { argv } = buildInvocation(name, args, 'admin');
    const parsed = await oclif.Parser.parse(argv.slice(2), {
      flags: { ...command.baseFlags, ...command.flags } as never,
      args: (command.args ?? {}) as never,
      strict: command.strict ?? true,
    });
    const expected = meaning(argv, 2);
    expect(parsed.argv).toEqual(expected.positionals);
    for (const [flag, value] of Object.entries(expected.flags)) expect(parsed.flags[flag], flag).toEqual(value);
    // Nothing the runner fixes can be set through arguments.
    expect(parsed.flags.url).toBeUndefined();
  });
});

function refusal(name: unknown, args: unknown, role: Role = 'admin'): CommandRefusedError {
  try {
    buildInvocation(name as string, args, role);
  } catch (error) {
    if (error instanceof CommandRefusedError) return error;
    throw error;
  }
  throw new Error(`${String(name)} was not refused`);
}

/** Payloads that must never reach a name field, and what the refusal must say. */
const hostile: [label: string, value: string, message: RegExp][] = [
  ['semicolon', 'memory;id', /must be/],
  ['and-and', 'memory&&id', /must be/],
  ['pipe', 'memory|cat', /must be/],
  ['backticks', '`id`', /must be/],
  ['command substitution', '$(id)', /must be/],
  ['IFS', 'a${IFS}b', /must be/],
  ['redirect', 'memory>/tmp/x', /must be/],
  ['space', 'memory id', /must be/],
  ['newline', 'memory\nid', /line break \(U\+000A\)/],
  ['carriage return', 'memory\rid', /line break \(U\+000D\)/],
  ['NUL', 'memory\0id', /NUL/],
  ['escape', 'memory\u001b[31m', /control character \(U\+001B\)/],
  ['DEL', 'memory\u007f', /control character \(U\+007F\)/],
  ['double quote', 'memory"', /must be/],
  ['single quote', "memory'", /must be/],
  ['long option smuggled', '--url=http://evil', /must not start with "-"/],
  ['flag smuggled', '--json', /must not start with "-"/],
  ['short options', '-rf', /must not start with "-"/],
  ['lone dash', '-', /must not start with "-"/],
  ['path traversal', '../../etc/passwd', /must be/],
  ['absolute path', '/etc/passwd', /must be/],
  ['Cyrillic e', 'm\u0435mory', /non-ASCII character \(U\+0435\)/],
  ['fullwidth', '\uff4d\uff45\uff4d\uff4f\uff52\uff59', /non-ASCII character \(U\+FF4D\)/],
  ['zero-width joiner', 'mem\u200dory', /invisible character \(U\+200D\)/],
  ['right-to-left override', 'mem\u202eory', /bidirectional control character \(U\+202E\)/],
  ['decomposed accent', 'cafe\u0301', /not in Unicode normal form C/],
  ['overlong', 'a'.repeat(300), /must be at most \d+ characters/],
];

/** A command and field for each kind of name. */
const nameFields: [command: string, base: Record<string, unknown>, field: string][] = [
  ['server inspect', {}, 'server'],
  ['tools inspect', { server: 'memory' }, 'tool'],
  ['secret rm', { server: 'github' }, 'name'],
  ['config rm', { server: 'memory' }, 'key'],
  ['catalog show', {}, 'name'],
];

const injectionCases = nameFields.flatMap(([command, base, field]) =>
  hostile.map(([label, value, message]) => ({ command, args: { ...base, [field]: value }, label: `${field} ${label}`, message })),
);

/** Other refusals: [label, command, args, code, message, role]. */
const otherCases: [string, unknown, unknown, CommandRefusalCode, RegExp, Role?][] = [
  ['unknown command', 'rm -rf', {}, 'UNKNOWN_COMMAND', /Unknown command "rm -rf"/],
  ['unknown subcommand', 'server rm', { server: 'memory' }, 'UNKNOWN_COMMAND', /Unknown command "server rm"/],
  ['not allowed: secret set', 'secret set', { server: 'github', name: 'x' }, 'UNKNOWN_COMMAND', /Unknown command/],
  ['not allowed: tools enable', 'tools enable', {}, 'UNKNOWN_COMMAND', /Unknown command/],
  ['not allowed: gateway run', 'gateway run', {}, 'UNKNOWN_COMMAND', /Unknown command/],
  ['not allowed: login', 'login', {}, 'UNKNOWN_COMMAND', /Unknown command/],
  ['topic only', 'server', {}, 'UNKNOWN_COMMAND', /Unknown command/],
  ['colon form', 'server:ls', {}, 'UNKNOWN_COMMAND', /Unknown command/],
  ['two spaces', 'server  ls', {}, 'UNKNOWN_COMMAND', /Unknown command/],
  ['trailing flag', 'server ls --json', {}, 'UNKNOWN_COMMAND', /Unknown command/],
  ['chained', 'server ls; id', {}, 'UNKNOWN_COMMAND', /Unknown command "server ls; id"/],
  ['newline in name', 'server ls\nid', {}, 'UNKNOWN_COMMAND', /Unknown command "server ls\\u\{a\}id"/],
  ['upper case', 'SERVER LS', {}, 'UNKNOWN_COMMAND', /Unknown command/],
  ['not a string', 42, {}, 'UNKNOWN_COMMAND', /Unknown command "42"/],
  ['prototype name', '__proto__', {}, 'UNKNOWN_COMMAND', /Unknown command/],
  ['constructor', 'constructor', {}, 'UNKNOWN_COMMAND', /Unknown command/],
  ['extra field', 'server ls', { url: 'http://evil' }, 'BAD_ARGUMENTS', /Unrecognized key: "url"/],
  ['extra field on logs', 'server logs', { server: 'memory', follow: true }, 'BAD_ARGUMENTS', /Unrecognized key: "follow"/],
  ['secret value offered', 'server enable', { name: 'github', secret: { token: 'x' } }, 'BAD_ARGUMENTS', /Unrecognized key: "secret"/],
  ['extra key with a control character', 'server ls', { 'a\u001bb': 1 }, 'BAD_ARGUMENTS', /Unrecognized key: "a\\u\{1b\}b"/],
  ['__proto__ key', 'server ls', JSON.parse('{"__proto__": {"json": true}}'), 'BAD_ARGUMENTS', /"__proto__" key/],
  ['args as an argv array', 'server inspect', ['memory'], 'BAD_ARGUMENTS', /expected object/],
  ['args as a string', 'server inspect', 'memory; id', 'BAD_ARGUMENTS', /expected object/],
  ['args null', 'server ls', null, 'BAD_ARGUMENTS', /expected object/],
  ['missing server', 'server inspect', {}, 'BAD_ARGUMENTS', /server: Invalid input: expected string/],
  ['server a number', 'server inspect', { server: 7 }, 'BAD_ARGUMENTS', /server: Invalid input: expected string, received number/],
  ['server an array', 'server inspect', { server: ['memory', '--json'] }, 'BAD_ARGUMENTS', /server: Invalid input: expected string/],
  ['json a string', 'server ls', { json: 'true' }, 'BAD_ARGUMENTS', /json: Invalid input: expected boolean/],
  ['empty server', 'server inspect', { server: '' }, 'BAD_ARGUMENTS', /server: must not be empty/],
  ['upper-case name', 'catalog show', { name: 'Memory' }, 'BAD_ARGUMENTS', /name: must be lower-case/],
  ['tail too large', 'server logs', { server: 'memory', tail: 1001 }, 'BAD_ARGUMENTS', /tail: must be at most 1000/],
  ['tail negative', 'server logs', { server: 'memory', tail: -1 }, 'BAD_ARGUMENTS', /tail: must be at least 0/],
  ['tail fraction', 'server logs', { server: 'memory', tail: 1.5 }, 'BAD_ARGUMENTS', /tail: must be an integer/],
  ['tail a string', 'server logs', { server: 'memory', tail: '10; id' }, 'BAD_ARGUMENTS', /tail: Invalid input: expected number/],
  ['tail infinite', 'server logs', { server: 'memory', tail: Infinity }, 'BAD_ARGUMENTS', /tail/],
  ['timeout zero', 'server start', { server: 'memory', timeout: 0 }, 'BAD_ARGUMENTS', /timeout: must be at least 1/],
  ['timeout too long', 'server stop', { server: 'memory', timeout: 601 }, 'BAD_ARGUMENTS', /timeout: must be at most 600/],
  ['wait without start', 'server enable', { name: 'memory', start: false, wait: true }, 'BAD_ARGUMENTS', /wait: wait needs start/],
  ['import file URL', 'catalog import', { url: 'file:///etc/passwd' }, 'BAD_ARGUMENTS', /url: must be an https:\/\/ URL/],
  ['import http', 'catalog import', { url: 'http://example.com/catalog.yaml' }, 'BAD_ARGUMENTS', /url: must be an https:\/\/ URL/],
  ['import local path', 'catalog import', { url: '/etc/passwd' }, 'BAD_ARGUMENTS', /url: must be an https:\/\/ URL/],
  ['import relative path', 'catalog import', { url: '../../etc/passwd' }, 'BAD_ARGUMENTS', /url: must be an https:\/\/ URL/],
  ['import option', 'catalog import', { url: '--url=http://evil' }, 'BAD_ARGUMENTS', /url: must not start with "-"/],
  ['import ftp', 'catalog import', { url: 'ftp://example.com/c.yaml' }, 'BAD_ARGUMENTS', /url: must be an https:\/\/ URL/],
  ['import data URL', 'catalog import', { url: 'data:text/yaml,registry: {}' }, 'BAD_ARGUMENTS', /url: must be an https:\/\/ URL/],
  ['import credentials', 'catalog import', { url: 'https://user:pass@example.com/c.yaml' }, 'BAD_ARGUMENTS', /url: must not carry a user name or password/],
  ['import space', 'catalog import', { url: 'https://example.com/a b.yaml' }, 'BAD_ARGUMENTS', /url: must be an https:\/\/ URL/],
  ['import newline', 'catalog import', { url: 'https://example.com/c.yaml\nhttps://evil' }, 'BAD_ARGUMENTS', /url: contains a line break/],
  ['import look-alike host', 'catalog import', { url: 'https://\u0435xample.com/c.yaml' }, 'BAD_ARGUMENTS', /url: contains a non-ASCII character \(U\+0435\)/],
  ['import overlong', 'catalog import', { url: `https://example.com/${'a'.repeat(2048)}` }, 'BAD_ARGUMENTS', /url: must be at most 2048 characters/],
  ['import not a URL', 'catalog import', { url: 'https://' }, 'BAD_ARGUMENTS', /url: /],
  ['search with a quote', 'catalog ls', { search: 'git"hub' }, 'BAD_ARGUMENTS', /search: must be letters/],
  ['search with a semicolon', 'catalog ls', { search: 'git; id' }, 'BAD_ARGUMENTS', /search: must be letters/],
  ['search with $()', 'catalog ls', { search: '$(id)' }, 'BAD_ARGUMENTS', /search: must be letters/],
  ['search as an option', 'catalog ls', { search: '--json' }, 'BAD_ARGUMENTS', /search: must not start with "-"/],
  ['search with a newline', 'catalog ls', { search: 'git\nhub' }, 'BAD_ARGUMENTS', /search: contains a line break/],
  ['search with RTL override', 'catalog ls', { search: 'git\u202ehub' }, 'BAD_ARGUMENTS', /search: contains a bidirectional control character/],
  ['search overlong', 'catalog ls', { search: 'a'.repeat(201) }, 'BAD_ARGUMENTS', /search: must be at most 200 characters/],
  ['tools ls server smuggled', 'tools ls', { server: '--json' }, 'BAD_ARGUMENTS', /server: must not start with "-"/],
  ['call arguments an array', 'tools call', { server: 'memory', tool: 'x', arguments: ['a'] }, 'BAD_ARGUMENTS', /arguments: Invalid input: expected record/],
  [
    'call arguments a JSON string',
    'tools call',
    { server: 'memory', tool: 'x', arguments: '{"a":1}' },
    'BAD_ARGUMENTS',
    /arguments: Invalid input: expected record/,
  ],
  [
    'call arguments with NUL',
    'tools call',
    { server: 'memory', tool: 'x', arguments: { a: 'x\0y' } },
    'BAD_ARGUMENTS',
    /arguments: has a string that contains a NUL/,
  ],
  [
    'call arguments with ESC',
    'tools call',
    { server: 'memory', tool: 'x', arguments: { a: '\u001b]0;x\u0007' } },
    'BAD_ARGUMENTS',
    /arguments: has a string that contains a control character \(U\+001B\)/,
  ],
  ['call arguments with RTL', 'tools call', { server: 'memory', tool: 'x', arguments: { a: 'x\u202ey' } }, 'BAD_ARGUMENTS', /bidirectional control/],
  ['call argument key with NUL', 'tools call', { server: 'memory', tool: 'x', arguments: { 'a\0': 1 } }, 'BAD_ARGUMENTS', /has a key that contains a NUL/],
  [
    'call arguments too big',
    'tools call',
    { server: 'memory', tool: 'x', arguments: { a: 'x'.repeat(70_000) } },
    'BAD_ARGUMENTS',
    /must be at most 65536 bytes as JSON/,
  ],
  [
    'call arguments too deep',
    'tools call',
    { server: 'memory', tool: 'x', arguments: JSON.parse(`${'{"a":'.repeat(40)}1${'}'.repeat(40)}`) },
    'BAD_ARGUMENTS',
    /nested more than 32 levels/,
  ],
  ['call arguments unsafe integer', 'tools call', { server: 'memory', tool: 'x', arguments: { n: 2 ** 60 } }, 'BAD_ARGUMENTS', /integer too large/],
  ['call arguments a function', 'tools call', { server: 'memory', tool: 'x', arguments: { f: () => 1 } }, 'BAD_ARGUMENTS', /not a JSON value/],
  [
    'call arguments __proto__',
    'tools call',
    JSON.parse('{"server":"memory","tool":"x","arguments":{"__proto__":{"polluted":true}}}'),
    'BAD_ARGUMENTS',
    /"__proto__" key/,
  ],
  ['config set nothing', 'config set', { server: 'memory', values: {} }, 'BAD_ARGUMENTS', /values: must hold at least 1 key/],
  ['config set null', 'config set', { server: 'memory', values: { a: null } }, 'BAD_ARGUMENTS', /values.a: must not be null/],
  ['config set key as option', 'config set', { server: 'memory', values: { '--force': 1 } }, 'BAD_ARGUMENTS', /values.--force: must not start with "-"/],
  ['config set key with =', 'config set', { server: 'memory', values: { 'a=b': 1 } }, 'BAD_ARGUMENTS', /values.a=b: must be letters/],
  ['config set key look-alike', 'config set', { server: 'memory', values: { 'k\u0435y': 1 } }, 'BAD_ARGUMENTS', /non-ASCII character \(U\+0435\)/],
  ['config set value with NUL', 'config set', { server: 'memory', values: { a: 'x\0' } }, 'BAD_ARGUMENTS', /values.a: has a string that contains a NUL/],
  ['config set value too big', 'config set', { server: 'memory', values: { a: 'x'.repeat(70_000) } }, 'BAD_ARGUMENTS', /values.a: must be at most 65536 bytes/],
  [
    'config set too many keys',
    'config set',
    { server: 'memory', values: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, i])) },
    'BAD_ARGUMENTS',
    /values: must hold at most 32 keys/,
  ],
  [
    'config set too long altogether',
    'config set',
    { server: 'memory', values: Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`k${i}`, 'x'.repeat(60_000)])) },
    'BAD_ARGUMENTS',
    /longer than 262144 bytes altogether/,
  ],
  ['enable config key as option', 'server enable', { name: 'memory', config: { '-x': 1 } }, 'BAD_ARGUMENTS', /config.-x: must not start with "-"/],
  ['an unknown role', 'server ls', {}, 'FORBIDDEN', /needs the viewer role; you are root/, 'root' as Role],
  ['anonymous', 'catalog ls', {}, 'FORBIDDEN', /needs the viewer role/, '' as Role],
];

const operatorCommands = commands.filter((c) => c.minimumRole === 'operator');
/** Arguments an operator command would take: the role check must come first, so these need not even be valid. */
const roleCases = operatorCommands.flatMap((c) => [
  { name: c.name, args: positive.find((p) => p.name === c.name)?.args },
  { name: c.name, args: { server: '--url=http://evil', name: '-rf' } },
]);

describe('the injection corpus: every case refused', () => {
  it('holds at least 100 cases', () => {
    expect(injectionCases.length + otherCases.length + roleCases.length).toBeGreaterThanOrEqual(100);
  });

  it.each(injectionCases)('$command: $label', ({ command, args, message }) => {
    const error = refusal(command, args);
    expect(error.code).toBe('BAD_ARGUMENTS');
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(new RegExp(`^Arguments of ${command}: `));
  });

  it.each(otherCases)('%s', (_label, command, args, code, message, role) => {
    const error = refusal(command, args, role ?? 'admin');
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it.each(roleCases)('a viewer cannot run $name ($args)', ({ name, args }) => {
    const error = refusal(name, args, 'viewer');
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toBe(`${name} needs the operator role; you are viewer.`);
  });

  it('never puts a control, bidi or non-ASCII character in a message', () => {
    const all = [
      ...injectionCases.map((c) => refusal(c.command, c.args)),
      ...otherCases.map(([, command, args, , , role]) => refusal(command, args, role ?? 'admin')),
    ];
    for (const error of all) expect(error.message).toMatch(/^[\x20-\x7e]*$/);
  });
});

describe('roles', () => {
  it.each(commands.map((c) => c.name))('%s: who may run it', (name) => {
    const spec = commands.find((c) => c.name === name)!;
    const args = positive.find((p) => p.name === name)?.args;
    for (const role of ['viewer', 'operator', 'admin'] as const) {
      const allowed = role !== 'viewer' || spec.minimumRole === 'viewer';
      if (allowed) expect(buildInvocation(name, args, role).argv.slice(0, 2)).toEqual(name.split(' '));
      else expect(refusal(name, args, role).code).toBe('FORBIDDEN');
    }
  });

  it('reads are for viewers, changes for operators (as their GraphQL operations)', () => {
    expect(
      commands
        .filter((c) => c.minimumRole === 'viewer')
        .map((c) => c.name)
        .sort(),
    ).toEqual(['catalog ls', 'catalog show', 'config ls', 'secret ls', 'server inspect', 'server logs', 'server ls', 'tools inspect', 'tools ls']);
    expect(commands.every((c) => c.minimumRole === 'viewer' || c.minimumRole === 'operator')).toBe(true);
  });
});

describe('describeCommands', () => {
  it('lists what a role may run, with JSON Schemas of closed objects', () => {
    const viewer = describeCommands('viewer');
    expect(viewer.map((c) => c.name)).toEqual(commands.filter((c) => c.minimumRole === 'viewer').map((c) => c.name));
    const operator = describeCommands('operator');
    expect(operator.map((c) => c.name)).toEqual(commands.map((c) => c.name));
    expect(describeCommands('admin')).toEqual(operator);
    for (const description of operator) {
      expect(description.argumentsSchema).toMatchObject({ type: 'object', additionalProperties: false });
      expect(typeof description.summary).toBe('string');
    }
  });

  it('gives forms the patterns, bounds and defaults', () => {
    const logs = describeCommands('viewer').find((c) => c.name === 'server logs')!.argumentsSchema as {
      properties: Record<string, Record<string, unknown>>;
      required: string[];
    };
    expect(logs.required).toEqual(['server']);
    expect(logs.properties.server).toMatchObject({ type: 'string', maxLength: 63 });
    expect(logs.properties.tail).toMatchObject({ type: 'integer', minimum: 0, maximum: 1000 });
    expect(logs.properties.timestamps).toMatchObject({ type: 'boolean', default: false });
    const call = describeCommands('operator').find((c) => c.name === 'tools call')!.argumentsSchema as { properties: Record<string, unknown> };
    expect(call.properties.arguments).toMatchObject({ type: 'object' });
  });
});

describe('README', () => {
  it('lists the registry as it is', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const section = /<!-- executor-commands:start -->\n([\s\S]*?)\n<!-- executor-commands:end -->/.exec(readme)?.[1];
    expect(section).toBe(commandsTable());
  });
});
