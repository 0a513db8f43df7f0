import type { ConfigField } from './config-schema.ts';
import {
  collectToolArguments,
  initialToolValues,
  toolArgumentFields,
  toolValuesOf,
  type CollectedArguments,
  type ToolFormValues,
} from './tool-arguments-form.ts';

/**
 * The Run page's form, as plain functions (no React): the executor's commands grouped and searched, one
 * generated input per named argument of a command (its `argumentsSchema`, through the tool call form's
 * functions: tool-arguments-form.ts), the inputs' values as the `args` object `runCommand` takes and back (a
 * re-run starts from an execution's `arguments`), and the API's refusals as the page shows them. There is no
 * free-text command line: only the named arguments a command's schema lists can be given.
 */

/** What the form needs of one of `executorCommands`. */
export interface RunnableCommand {
  name: string;
  summary: string;
  minimumRole: string;
  /** A JSON Schema (draft 2020-12) object of the named arguments. */
  argumentsSchema: unknown;
}

export interface CommandGroup {
  /** The command's first word: `server`, `catalog`, `tools`… */
  topic: string;
  commands: RunnableCommand[];
}

/**
 * The commands whose name or summary holds every word of `search` (case-insensitive), grouped by their first
 * word, in the order the API lists them.
 */
export function groupCommands(commands: readonly RunnableCommand[], search = ''): CommandGroup[] {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  const groups = new Map<string, RunnableCommand[]>();
  for (const command of commands) {
    const haystack = `${command.name} ${command.summary}`.toLowerCase();
    if (!words.every((word) => haystack.includes(word))) continue;
    const topic = command.name.split(' ')[0] ?? command.name;
    groups.set(topic, [...(groups.get(topic) ?? []), command]);
  }
  return [...groups].map(([topic, list]) => ({ topic, commands: list }));
}

/** The inputs of a command's form, required ones first; none for a command without arguments. */
export function commandFields(command: RunnableCommand): ConfigField[] {
  return toolArgumentFields(command.argumentsSchema);
}

/** The form as it starts: each input at its schema's default. */
export function initialCommandValues(fields: readonly ConfigField[]): ToolFormValues {
  return initialToolValues(fields);
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * An execution's `arguments` as the form shows them (Run again); an input the arguments leave out starts at its
 * default, as the command would have taken it.
 */
export function commandValuesOf(fields: readonly ConfigField[], args: unknown): ToolFormValues {
  const given = isObject(args) ? args : {};
  const values = toolValuesOf(fields, given);
  for (const field of fields) if (!Object.hasOwn(given, field.key)) values[field.key] = field.initial;
  return values;
}

/**
 * The `args` object the inputs hold, typed (an empty optional input is left out), or the problems by input:
 * the checks the executor makes again (required, lengths, patterns, bounds, types) before anything is sent.
 */
export function collectCommandArguments(command: RunnableCommand, fields: readonly ConfigField[], values: ToolFormValues): CollectedArguments {
  const collected = collectToolArguments({ name: command.name, inputSchema: command.argumentsSchema }, fields, values);
  if (collected.ok) return collected;
  const reword = (message: string) => message.replace(/^The tool /, 'The command ');
  return {
    ok: false,
    errors: Object.fromEntries(Object.entries(collected.errors).map(([key, message]) => [key, reword(message)])),
    formError: collected.formError === null ? null : reword(collected.formError),
  };
}

/** Why runCommand refused, by `extensions.refusal` (the executor's) or `extensions.code`. */
export type RunRefusalKind = 'UNKNOWN_COMMAND' | 'FORBIDDEN' | 'BAD_ARGUMENTS' | 'TOO_MANY_REQUESTS' | 'OTHER';

export interface RunRefusal {
  kind: RunRefusalKind;
  /** What the page's alert says first. */
  title: string;
  /** The API's own message. */
  message: string;
  /** Problems the API named by argument (`server: must not start with "-"`), for the inputs they concern. */
  argumentErrors: Record<string, string>;
}

const titles: Record<RunRefusalKind, string> = {
  UNKNOWN_COMMAND: 'Unknown command',
  FORBIDDEN: 'Not allowed for your role',
  BAD_ARGUMENTS: 'Arguments refused',
  TOO_MANY_REQUESTS: 'Too many runs',
  OTHER: 'Not run',
};

/**
 * The problems of a BAD_ARGUMENTS message (`Arguments of server inspect: server: must not start with "-"; tail:
 * …`) that name one of `keys`, by key.
 */
export function argumentErrorsOf(message: string, keys: readonly string[]): Record<string, string> {
  const match = /^Arguments of [^:]+: (.*?)\.?$/s.exec(message);
  if (!match?.[1]) return {};
  const errors: Record<string, string> = {};
  for (const part of match[1].split('; ')) {
    const issue = /^([A-Za-z0-9_]+)(?:\.[^:]*)?: (.+)$/s.exec(part);
    if (!issue?.[1] || !issue[2] || !keys.includes(issue[1]) || errors[issue[1]]) continue;
    const text = issue[2];
    errors[issue[1]] = `The executor refused it: ${text}${/[.!?]$/.test(text) ? '' : '.'}`;
  }
  return errors;
}

/**
 * A GraphQL error of runCommand as the page shows it, from its `extensions` (never a stack trace: only the
 * message, which the executor keeps to printable text). `keys` are the form's inputs.
 */
export function runRefusalOf(error: { message: string; extensions?: Record<string, unknown> | null }, keys: readonly string[] = []): RunRefusal {
  const extensions = error.extensions ?? {};
  const refusal = extensions.refusal;
  const code = extensions.code;
  const kind: RunRefusalKind =
    refusal === 'UNKNOWN_COMMAND' || refusal === 'FORBIDDEN' || refusal === 'BAD_ARGUMENTS'
      ? refusal
      : code === 'TOO_MANY_REQUESTS'
        ? 'TOO_MANY_REQUESTS'
        : code === 'FORBIDDEN'
          ? 'FORBIDDEN'
          : 'OTHER';
  const message = error.message.trim() || 'The executor refused the run.';
  return { kind, title: titles[kind], message, argumentErrors: kind === 'BAD_ARGUMENTS' ? argumentErrorsOf(message, keys) : {} };
}

/* The history's filters, kept in the address (`?command=…&status=…&user=…`) so a filtered list can be shared and reloaded. */

export interface HistoryFilter {
  command: string;
  status: string;
  /** A user's id (admins only). */
  startedBy: string;
}

export const emptyHistoryFilter: HistoryFilter = { command: '', status: '', startedBy: '' };

const statuses = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'TIMED_OUT'] as const;
export type HistoryStatus = (typeof statuses)[number];
export const historyStatuses: readonly HistoryStatus[] = statuses;

export function historyFilterOf(params: URLSearchParams): HistoryFilter {
  const status = params.get('status') ?? '';
  return {
    command: (params.get('command') ?? '').trim(),
    status: (historyStatuses as readonly string[]).includes(status) ? status : '',
    startedBy: (params.get('user') ?? '').trim(),
  };
}

/** The filter in `params` (others kept), empty values left out. */
export function withHistoryFilter(params: URLSearchParams, filter: HistoryFilter): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [name, value] of [
    ['command', filter.command],
    ['status', filter.status],
    ['user', filter.startedBy],
  ] as const) {
    if (value.trim()) next.set(name, value.trim());
    else next.delete(name);
  }
  return next;
}

/** The `ExecutionFilter` input of a history filter (null when nothing is filtered). */
export function executionFilterInput(filter: HistoryFilter): { command?: string; status?: HistoryStatus; startedBy?: string } | null {
  const input: { command?: string; status?: HistoryStatus; startedBy?: string } = {};
  if (filter.command) input.command = filter.command;
  if ((historyStatuses as readonly string[]).includes(filter.status)) input.status = filter.status as HistoryStatus;
  if (filter.startedBy) input.startedBy = filter.startedBy;
  return Object.keys(input).length > 0 ? input : null;
}

/** Whether a run (an executionChanged event, say) belongs in the history under `filter`. */
export function matchesHistoryFilter(filter: HistoryFilter, execution: { command: string; status: string; startedBy: { id: string } }): boolean {
  if (filter.command && execution.command !== filter.command) return false;
  if (filter.status && execution.status !== filter.status) return false;
  if (filter.startedBy && execution.startedBy.id !== filter.startedBy) return false;
  return true;
}
