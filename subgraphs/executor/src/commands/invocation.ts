import { z } from 'zod';
import { roleAtLeast, roles, type Role } from '@mcp-portal/kit';
import { jsonProblem } from './fields.ts';
import { commands, type CommandSpec } from './registry.ts';
import { printable, textProblem, utf8Bytes } from './text.ts';

export type CommandRefusalCode = 'UNKNOWN_COMMAND' | 'FORBIDDEN' | 'BAD_ARGUMENTS';

/** A command that is not run. The message names the problem and holds only printable ASCII. */
export class CommandRefusedError extends Error {
  readonly code: CommandRefusalCode;

  constructor(code: CommandRefusalCode, message: string) {
    super(printable(message, 2000));
    this.name = 'CommandRefusedError';
    this.code = code;
  }
}

export interface Invocation {
  command: CommandSpec;
  /** The arguments after the executable: the command's words, its flags, then `--` and its positionals. */
  argv: string[];
  /** The named arguments as given (and accepted): what a re-run starts from. */
  arguments: Record<string, unknown>;
}

/** The longest argv element (Linux refuses one over 128 KiB) and the most all of them may take. */
export const maxArgumentBytes = 128 * 1024 - 1;
export const maxArgvBytes = 256 * 1024;

const byName = new Map(commands.map((spec) => [spec.name, spec]));

export function findCommand(name: string): CommandSpec | undefined {
  return byName.get(name);
}

/** `path: message` for each issue (the first one per field), one sentence. */
function describeIssues(error: z.ZodError): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const issue of error.issues) {
    const path = issue.path.map((part) => String(part)).join('.');
    if (seen.has(path)) continue;
    seen.add(path);
    // A record's refused key: its own issue says why.
    const message = issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
    parts.push(path ? `${printable(path, 80)}: ${message}` : message);
  }
  return parts.join('; ');
}

/**
 * The argv of a registered command run by a user of `role` with `args` (an object of named fields, or nothing
 * for a command without any): refused with CommandRefusedError when the command is unknown (UNKNOWN_COMMAND),
 * the role is below its minimum (FORBIDDEN, before the arguments are looked at) or its schema refuses the
 * arguments (BAD_ARGUMENTS). argv is built from the parsed values only, and checked once more as a whole.
 */
export function buildInvocation(commandName: string, args: unknown, role: Role): Invocation {
  const spec = typeof commandName === 'string' ? byName.get(commandName) : undefined;
  if (!spec) {
    throw new CommandRefusedError(
      'UNKNOWN_COMMAND',
      `Unknown command "${printable(String(commandName), 60)}": the commands that can be run are ${commands.map((c) => c.name).join(', ')}.`,
    );
  }
  if (!(roles as readonly string[]).includes(role) || !roleAtLeast(role, spec.minimumRole)) {
    throw new CommandRefusedError('FORBIDDEN', `${spec.name} needs the ${spec.minimumRole} role; you are ${printable(String(role), 20)}.`);
  }
  const given = args === undefined ? {} : args;
  // Before zod, which would drop a "__proto__" key without a word, and so that no walk goes too deep.
  const shapeProblem = jsonProblem(given, { shapeOnly: true });
  if (shapeProblem) throw new CommandRefusedError('BAD_ARGUMENTS', `Arguments of ${spec.name}: the value ${shapeProblem}.`);
  const parsed = spec.arguments.safeParse(given);
  if (!parsed.success) throw new CommandRefusedError('BAD_ARGUMENTS', `Arguments of ${spec.name}: ${describeIssues(parsed.error)}.`);
  const { flags, positionals } = spec.commandLine(parsed.data);
  const argv = [...spec.name.split(' '), ...flags, ...(positionals.length > 0 ? ['--', ...positionals] : [])];
  checkArgv(spec, argv);
  return { command: spec, argv, arguments: given as Record<string, unknown> };
}

/** What every argv element must be, whatever built it: single-line text without control characters, bounded. */
function checkArgv(spec: CommandSpec, argv: string[]): void {
  let total = 0;
  for (const element of argv) {
    const problem = textProblem(element, 'line');
    // NFC and invisible characters matter for names, which their fields check; JSON text may hold them.
    if (problem && !problem.startsWith('is not in Unicode') && !problem.startsWith('contains an invisible')) {
      throw new CommandRefusedError('BAD_ARGUMENTS', `Arguments of ${spec.name}: a value ${problem}.`);
    }
    const bytes = utf8Bytes(element);
    if (bytes > maxArgumentBytes)
      throw new CommandRefusedError('BAD_ARGUMENTS', `Arguments of ${spec.name}: a value is longer than ${maxArgumentBytes} bytes.`);
    total += bytes + 1;
  }
  if (total > maxArgvBytes) throw new CommandRefusedError('BAD_ARGUMENTS', `Arguments of ${spec.name}: they are longer than ${maxArgvBytes} bytes altogether.`);
}

export interface CommandDescription {
  name: string;
  summary: string;
  minimumRole: Role;
  /** JSON Schema (draft 2020-12) of the arguments, as a form would fill them in. */
  argumentsSchema: Record<string, unknown>;
}

/** The commands `role` may run, with their arguments' JSON Schemas, for the portal's forms. */
export function describeCommands(role: Role): CommandDescription[] {
  return commands
    .filter((spec) => roleAtLeast(role, spec.minimumRole))
    .map((spec) => ({
      name: spec.name,
      summary: spec.summary,
      minimumRole: spec.minimumRole,
      argumentsSchema: z.toJSONSchema(spec.arguments, { io: 'input', unrepresentable: 'any' }),
    }));
}
