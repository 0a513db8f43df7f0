import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type * as OclifCore from '@oclif/core';
import type { Role } from '@mcp-portal/kit';
import { buildInvocation, CommandRefusedError, commands, commandsTable, describeCommands } from '../src/commands/index.ts';

import { injectionCases, otherCases, positive, roleCases } from './corpus.ts';

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
