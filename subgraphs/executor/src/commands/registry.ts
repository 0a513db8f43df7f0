import { z } from 'zod';
import type { Role } from '@mcp-portal/kit';
import {
  catalogName,
  configKey,
  configValues,
  flag,
  httpsUrl,
  integer,
  jsonFlag,
  searchText,
  secretName,
  serverRef,
  toolArguments,
  toolName,
} from './fields.ts';

/**
 * The `docker mcp` commands portal users may run, each with the typed arguments it takes, the least role that
 * may run it (the role its GraphQL operations need: reads are open to viewers, changes need an operator) and
 * how its argv is built. Flags come first as single elements (`--json`, `--tail=20`), then `--` (oclif stops
 * reading flags there), then the positionals: a value can never become an option. The runner adds the executable.
 */

/** What a command's arguments become: flags and positionals, without the command's own words. */
export interface CommandLine {
  flags: string[];
  positionals: string[];
}

export interface CommandSpec<Arguments extends z.ZodObject = z.ZodObject> {
  /** As the user picks it, e.g. `server logs`; also the CLI's words. */
  name: string;
  summary: string;
  minimumRole: Role;
  arguments: Arguments;
  commandLine: (args: z.output<Arguments>) => CommandLine;
}

function command<Arguments extends z.ZodObject>(spec: CommandSpec<Arguments>): CommandSpec {
  // A spec is only ever called with what its own schema parsed (buildInvocation).
  return spec;
}

/** `--name` when on. */
const when = (on: boolean, option: string) => (on ? [`--${option}`] : []);
/** `--name=value` when there is a value. */
const valued = (option: string, value: string | number | undefined) => (value === undefined ? [] : [`--${option}=${value}`]);

/**
 * JSON as one argv element: JSON.stringify escapes control characters; U+2028 and U+2029 are escaped too, so
 * no line break of any kind reaches the command line.
 */
export const jsonArgument = (value: unknown) =>
  JSON.stringify(value)
    .replace(/\u2028/gu, '\\u2028')
    .replace(/\u2029/gu, '\\u2029');

/** `KEY=<JSON>` pairs: the CLI reads a value as JSON when it is JSON, so every value keeps its type exactly. */
const configPairs = (values: Record<string, unknown>) => Object.entries(values).map(([key, value]) => `${key}=${jsonArgument(value)}`);

/** The longest wait `server start|stop|restart|enable` may be given. */
export const maxWaitSeconds = 600;
/** The most lines `server logs` reads back (the router's limit too). */
export const maxLogTail = 1000;
export const maxSearchLength = 200;

const server = serverRef();
const waitTimeout = integer(1, maxWaitSeconds, 'Seconds to wait at most for the server to reach its state.').optional();

function lifecycle(action: 'start' | 'stop' | 'restart', summary: string, goal: string) {
  return command({
    name: `server ${action}`,
    summary,
    minimumRole: 'operator',
    arguments: z.strictObject({
      server,
      wait: flag(true, `Wait until the server is ${goal} (false returns at once).`),
      timeout: waitTimeout,
      json: jsonFlag(),
    }),
    commandLine: (args) => ({
      flags: [...when(!args.wait, 'no-wait'), ...valued('timeout', args.timeout), ...when(args.json, 'json')],
      positionals: [args.server],
    }),
  });
}

/** Commands that take one server and --json. */
function ofServer(name: string, summary: string, minimumRole: Role) {
  return command({
    name,
    summary,
    minimumRole,
    arguments: z.strictObject({ server, json: jsonFlag() }),
    commandLine: (args) => ({ flags: when(args.json, 'json'), positionals: [args.server] }),
  });
}

export const commands: readonly CommandSpec[] = [
  command({
    name: 'server ls',
    summary: 'List the enabled MCP servers.',
    minimumRole: 'viewer',
    arguments: z.strictObject({ json: jsonFlag() }),
    commandLine: (args) => ({ flags: when(args.json, 'json'), positionals: [] }),
  }),
  command({
    name: 'server enable',
    summary: 'Enable an MCP server from the catalog, with configuration values.',
    minimumRole: 'operator',
    arguments: z
      .strictObject({
        name: catalogName('Catalog name of the server, e.g. memory.'),
        start: flag(true, 'Start the server once enabled.'),
        wait: flag(false, 'Wait until the server is RUNNING.'),
        timeout: waitTimeout,
        config: configValues(1, 'Configuration values stored with the server, by key.').optional(),
        json: jsonFlag(),
      })
      .refine((args) => !(args.wait && !args.start), { message: 'wait needs start: there is nothing to wait for', path: ['wait'] }),
    commandLine: (args) => ({
      flags: [
        ...when(!args.start, 'no-start'),
        ...when(args.wait, 'wait'),
        ...valued('timeout', args.timeout),
        ...configPairs(args.config ?? {}).map((pair) => `--config=${pair}`),
        ...when(args.json, 'json'),
      ],
      positionals: [args.name],
    }),
  }),
  ofServer('server disable', 'Disable an MCP server (stops it; its catalog entry stays).', 'operator'),
  lifecycle('start', 'Start an enabled MCP server.', 'RUNNING'),
  lifecycle('stop', 'Stop a running MCP server.', 'STOPPED'),
  lifecycle('restart', 'Restart an MCP server.', 'RUNNING'),
  ofServer('server inspect', 'Show everything about one MCP server.', 'viewer'),
  command({
    name: 'server logs',
    summary: "Show the last lines of a server's log.",
    minimumRole: 'viewer',
    arguments: z.strictObject({
      server,
      tail: integer(0, maxLogTail, `Number of lines from the end (default 100, at most ${maxLogTail}).`).optional(),
      timestamps: flag(false, 'Start each line with its time.'),
      json: jsonFlag(),
    }),
    commandLine: (args) => ({
      flags: [...valued('tail', args.tail), ...when(args.timestamps, 'timestamps'), ...when(args.json, 'json')],
      positionals: [args.server],
    }),
  }),
  command({
    name: 'catalog ls',
    summary: 'List the MCP servers of the catalog.',
    minimumRole: 'viewer',
    arguments: z.strictObject({
      search: searchText(maxSearchLength, 'Only entries whose name, title, description or tags contain this text.').optional(),
      json: jsonFlag(),
    }),
    commandLine: (args) => ({ flags: [...valued('search', args.search), ...when(args.json, 'json')], positionals: [] }),
  }),
  command({
    name: 'catalog show',
    summary: 'Show one catalog entry.',
    minimumRole: 'viewer',
    arguments: z.strictObject({ name: catalogName('Catalog name of the server, e.g. github.'), json: jsonFlag() }),
    commandLine: (args) => ({ flags: when(args.json, 'json'), positionals: [args.name] }),
  }),
  command({
    name: 'catalog import',
    summary: "Import a catalog in Docker's format from an https URL (the router fetches it).",
    minimumRole: 'operator',
    arguments: z.strictObject({ url: httpsUrl('An https URL of a catalog file (never a local path).'), json: jsonFlag() }),
    commandLine: (args) => ({ flags: when(args.json, 'json'), positionals: [new URL(args.url).href] }),
  }),
  command({
    name: 'tools ls',
    summary: 'List the tools of the enabled MCP servers.',
    minimumRole: 'viewer',
    arguments: z.strictObject({
      server: serverRef('Only the tools of this server (name or id).').optional(),
      noTrunc: flag(false, 'Do not cut descriptions.'),
      json: jsonFlag(),
    }),
    commandLine: (args) => ({
      flags: [...valued('server', args.server), ...when(args.noTrunc, 'no-trunc'), ...when(args.json, 'json')],
      positionals: [],
    }),
  }),
  command({
    name: 'tools inspect',
    summary: 'Show one tool: its description, input schema and annotations.',
    minimumRole: 'viewer',
    arguments: z.strictObject({ server, tool: toolName(), json: jsonFlag() }),
    commandLine: (args) => ({ flags: when(args.json, 'json'), positionals: [args.server, args.tool] }),
  }),
  command({
    name: 'tools call',
    summary: 'Call a tool of a running MCP server.',
    minimumRole: 'operator',
    arguments: z.strictObject({
      server: serverRef('Name or id of a running server.'),
      tool: toolName(),
      arguments: toolArguments('The arguments as one JSON object.').optional(),
      json: jsonFlag(),
    }),
    commandLine: (args) => ({
      flags: [...valued('arguments', args.arguments === undefined ? undefined : jsonArgument(args.arguments)), ...when(args.json, 'json')],
      positionals: [args.server, args.tool],
    }),
  }),
  ofServer('secret ls', "List a server's secrets: set or missing (never their values).", 'viewer'),
  command({
    name: 'secret rm',
    summary: 'Remove a secret of a server.',
    minimumRole: 'operator',
    arguments: z.strictObject({ server, name: secretName(), json: jsonFlag() }),
    commandLine: (args) => ({ flags: when(args.json, 'json'), positionals: [args.server, args.name] }),
  }),
  ofServer('config ls', "List a server's configuration values.", 'viewer'),
  command({
    name: 'config set',
    summary: 'Set configuration values of a server.',
    minimumRole: 'operator',
    arguments: z.strictObject({
      server,
      values: configValues(1, 'The values to set, by key (each any JSON value but null).'),
      force: flag(false, 'Set keys the catalog entry does not read.'),
      json: jsonFlag(),
    }),
    commandLine: (args) => ({
      flags: [...when(args.force, 'force'), ...when(args.json, 'json')],
      positionals: [args.server, ...configPairs(args.values)],
    }),
  }),
  command({
    name: 'config rm',
    summary: 'Remove a configuration value of a server.',
    minimumRole: 'operator',
    arguments: z.strictObject({ server, key: configKey('The key to remove.'), json: jsonFlag() }),
    commandLine: (args) => ({ flags: when(args.json, 'json'), positionals: [args.server, args.key] }),
  }),
];

/** The registry as a Markdown table (the root README's "Executor: allowed commands" shows it). */
export function commandsTable(): string {
  const rows = commands.map((spec) => {
    const fields = Object.keys(spec.arguments.shape).map((field) => `\`${field}\``);
    return `| \`${spec.name}\` | ${spec.minimumRole} | ${fields.join(', ') || '-'} | ${spec.summary} |`;
  });
  return ['| command | minimum role | arguments | what it does |', '|---|---|---|---|', ...rows].join('\n');
}
