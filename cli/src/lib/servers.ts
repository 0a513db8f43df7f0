import { graphql } from '../gql/index.ts';
import {
  serverListQuery,
  serverRefsQuery,
  type InspectedServer,
  type LogLine,
  type ServerRefsQuery,
  type ServerStateView,
  type ToolDetailFragment,
  type ListedTool,
  type TypedDocumentString,
} from './operations.ts';
import { PortalError } from './errors.ts';
import { policyLabel } from './tool-policy.ts';
import { columnWidths, formatFittedTable, formatRow, formatTable, timeAgo } from './format.ts';

/** Sends one operation with the command's settings and token. */
export type Request = <T, V>(document: TypedDocumentString<T, V>, variables?: V) => Promise<T>;

export type ServerRef = ServerRefsQuery['servers'][number];

/** The one-line error for a name or id that matches no enabled server. */
export function unknownServerError(ref: string): PortalError {
  return new PortalError(`There is no enabled server named "${ref}" or with that id: see \`docker mcp server ls\`.`, { code: 'NOT_FOUND' });
}

/** The server a user means by `ref`: its name, else its id. */
export function findServer<S extends { id: string; name: string }>(servers: readonly S[], ref: string): S {
  const found = servers.find((server) => server.name === ref) ?? servers.find((server) => server.id === ref);
  if (!found) throw unknownServerError(ref);
  return found;
}

/** Id, name and status of the server named (or with the id) `ref`. */
export async function resolveServer(request: Request, ref: string): Promise<ServerRef> {
  const { servers } = await request(serverRefsQuery);
  return findServer(servers, ref);
}

/** The lifecycle state of the server named (or with the id) `ref`. */
export async function resolveServerState(request: Request, ref: string): Promise<ServerStateView> {
  const { servers } = await request(serverListQuery);
  return findServer(servers, ref);
}

/** Several lines (an exit code and the last stderr lines) as one: trimmed, empty ones dropped, joined by ` | `. */
export function oneLine(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' | ');
}

/** `server ls`: NAME  STATUS  RUNTIME  TOOLS  ENABLED BY  UPDATED. */
export function serverStatesTable(servers: readonly ServerStateView[], now: Date = new Date()): string {
  return formatTable(
    ['NAME', 'STATUS', 'RUNTIME', 'TOOLS', 'ENABLED BY', 'UPDATED'],
    servers.map((server) => [
      server.name,
      server.status,
      server.runtime ?? '-',
      String(server.tools.length),
      server.enabledBy.email,
      timeAgo(server.updatedAt, now),
    ]),
  );
}

/** `Label:  value` lines, values of several lines indented under the first. */
export function labelled(lines: readonly (readonly [string, string | null])[]): string {
  const present = lines.filter((line): line is readonly [string, string] => line[1] !== null);
  const width = Math.max(...present.map(([label]) => label.length)) + 2;
  return present.map(([label, value]) => `${`${label}:`.padEnd(width)}${value.split('\n').join(`\n${' '.repeat(width)}`)}`).join('\n');
}

const when = (iso: string | null, now: Date) => (iso ? `${iso} (${timeAgo(iso, now)})` : '-');

/** The first line of a tool's description. */
export const firstLine = (text: string | null | undefined) => (text ?? '').trim().split('\n')[0]?.trim() ?? '';

/** Two columns without a header: names, then what they are. */
function alignedPairs(rows: string[][]): string {
  const widths = columnWidths(['', ''], rows);
  return rows.map((row) => formatRow(row, widths)).join('\n');
}

/**
 * The fields of a server that `server inspect`, `server ls` and every lifecycle answer carry (the `ServerState`
 * and `ServerDetails` documents spread it), shown by describeServer below: a new field is one change here.
 */
graphql(`
  fragment ServerCore on Server {
    id
    name
    status
    lastError
    desiredState
    runtime
    startedAt
    stoppedAt
    lastHealthAt
    restartCount
    updatedAt
    enabledBy { id email }
    catalogEntry { title description }
  }
`);

/** `server inspect` as text. */
export function describeServer(server: InspectedServer, now: Date = new Date()): string {
  const desired = server.desiredState === server.status ? '' : ` (desired: ${server.desiredState})`;
  return labelled([
    ['Name', server.name],
    ['ID', server.id],
    ['Title', server.catalogEntry?.title ?? null],
    ['Status', `${server.status}${desired}`],
    ['Runtime', server.runtime ?? '-'],
    ['Started', when(server.startedAt, now)],
    ['Stopped', when(server.stoppedAt, now)],
    ['Last health', server.lastHealthAt ? when(server.lastHealthAt, now) : 'never'],
    ['Restarts', String(server.restartCount)],
    ['Last error', server.lastError?.trim() || '-'],
    ['Enabled', `${when(server.enabledAt, now)} by ${server.enabledBy.email}`],
    ['Updated', when(server.updatedAt, now)],
    [`Tools (${server.tools.length})`, server.tools.length ? alignedPairs(server.tools.map((tool) => [tool.name, firstLine(tool.description)])) : '-'],
    ['Config keys', server.config.length ? server.config.map((entry) => entry.key).join(', ') : '-'],
  ]);
}

/** One log line as `server logs` prints it: the lifecycle's own notes marked `[portal]`. */
export function formatLogLine(line: LogLine, options: { timestamps?: boolean } = {}): string {
  const text = line.stream === 'SYSTEM' ? `[portal] ${line.line}` : line.line;
  return options.timestamps ? `${line.at} ${text}` : text;
}

/**
 * `tools ls`: NAME  SERVER  DESCRIPTION (its first line), the description cut with "…" so that each line
 * fits in `width` characters (not cut without a width).
 */
export function toolsTable(tools: readonly ListedTool[], width?: number): string {
  return formatFittedTable(
    ['NAME', 'SERVER', 'POLICY', 'DESCRIPTION'],
    tools.map((tool) => [tool.name, tool.server.name, policyLabel(tool.policy), firstLine(tool.description)]),
    width,
  );
}

const prettyJson = (value: unknown) => JSON.stringify(value, null, 2);

/** `tools inspect` as text: the whole description, the schemas pretty-printed, the annotations. */
export function describeTool(tool: ToolDetailFragment, serverName: string): string {
  const annotations =
    tool.annotations && Object.keys(tool.annotations).length
      ? Object.entries(tool.annotations)
          .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
          .join('\n')
      : '-';
  return [
    labelled([
      ['Name', tool.name],
      ['Server', serverName],
      ['Policy', policyLabel(tool.policy)],
      ['Title', tool.title],
      ['Annotations', annotations],
    ]),
    '',
    'Description:',
    indent(tool.description?.trim() || '-'),
    '',
    'Input schema:',
    indent(prettyJson(tool.inputSchema)),
    ...(tool.outputSchema ? ['', 'Output schema:', indent(prettyJson(tool.outputSchema))] : []),
  ].join('\n');
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((line) => (line ? `  ${line}` : line))
    .join('\n');
