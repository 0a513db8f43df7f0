/**
 * The MCP clients the gateway can be connected to: where each keeps its configuration file on each OS, under
 * which key it lists its servers, and the entry it needs — `docker mcp gateway run` over stdio for every
 * client, and the gateway-proxy's Streamable HTTP URL for the clients that reach remote servers themselves.
 * Dependency-free, so that the CLI (`docker mcp client connect`) and the portal ("Connect a client") share it.
 * Most clients keep JSON with the servers as an object keyed by name; Continue keeps YAML with a list of servers
 * that carry their name.
 */

/** The name of the gateway's entry in every client's configuration. */
export const gatewayEntryName = 'mcp-portal';

export type ClientOs = 'darwin' | 'linux' | 'win32';

/** What a configuration path starts from: the home folder, `%APPDATA%` (Windows), or the project folder. */
export type ConfigRoot = 'home' | 'appData' | 'project';

export interface ConfigPath {
  root: ConfigRoot;
  segments: readonly string[];
}

/** `global`: the user's own configuration; `project`: a file in the project (the current folder). */
export type ClientScope = 'global' | 'project';

export interface ClientConfigFile {
  scope: ClientScope;
  path: Readonly<Record<ClientOs, ConfigPath>>;
  /** The object that holds the servers, as a path of keys (`["mcpServers"]`, `["servers"]`…). */
  serversKey: readonly string[];
  /** The client accepts comments and trailing commas in this file (JSONC). */
  jsonc: boolean;
  /** The file's language (default JSON). */
  format?: 'json' | 'yaml';
  /** The servers are a list of entries, each with its `name`, instead of an object keyed by name. */
  serverList?: boolean;
  /** What a new file holds besides the servers (Continue requires its name, version and schema). */
  newFile?: Readonly<Record<string, string>>;
}

/** What `docker mcp gateway run` is asked to offer: a saved profile, or some servers and tools only. */
export interface GatewayRunOptions {
  profile?: string;
  servers?: readonly string[];
  /** `server:tool` pairs. */
  tools?: readonly string[];
}

export type ConfigEntry = Record<string, unknown>;

export interface ClientDefinition {
  id: string;
  name: string;
  /** Where the client documents its MCP configuration. */
  docs: string;
  /** Its configuration files; the first one's scope is the default. */
  files: readonly ClientConfigFile[];
  /** The entry that starts `docker mcp gateway run` (stdio). */
  stdioEntry: (command: GatewayCommand) => ConfigEntry;
  /** The entry for the gateway-proxy's URL, for clients that connect to remote MCP servers themselves. */
  remoteEntry?: (url: string, authorization: string) => ConfigEntry;
}

export interface GatewayCommand {
  command: string;
  args: string[];
}

/** The command a client runs: `docker mcp gateway run`, with the options given. */
export function gatewayRunCommand(options: GatewayRunOptions = {}): GatewayCommand {
  const args = ['mcp', 'gateway', 'run'];
  if (options.profile) args.push('--profile', options.profile);
  if (options.servers?.length) args.push('--servers', options.servers.join(','));
  if (options.tools?.length) args.push('--tools', options.tools.join(','));
  return { command: 'docker', args };
}

/** How the portal and the README show the token in a remote entry: the user pastes an API token there. */
export const tokenPlaceholder = 'Bearer <your API token: mcpat_…>';

const everywhere = (root: ConfigRoot, ...segments: string[]): Record<ClientOs, ConfigPath> => ({
  darwin: { root, segments },
  linux: { root, segments },
  win32: { root, segments },
});

const projectFile = (serversKey: readonly string[], jsonc: boolean, ...segments: string[]): ClientConfigFile => ({
  scope: 'project',
  path: everywhere('project', ...segments),
  serversKey,
  jsonc,
});

const plainStdio = ({ command, args }: GatewayCommand): ConfigEntry => ({ command, args });
const typedStdio = ({ command, args }: GatewayCommand): ConfigEntry => ({ type: 'stdio', command, args });
const urlWithHeaders = (url: string, authorization: string): ConfigEntry => ({ url, headers: { Authorization: authorization } });
const typedHttp = (url: string, authorization: string): ConfigEntry => ({ type: 'http', url, headers: { Authorization: authorization } });

/** Continue's config.yaml and blocks require a name, a version and the schema. */
const continueHeader = (name: string, version: string) => ({ name, version, schema: 'v1' });

export const clients: readonly ClientDefinition[] = [
  {
    id: 'claude-desktop',
    name: 'Claude Desktop',
    docs: 'https://modelcontextprotocol.io/docs/develop/connect-local-servers',
    files: [
      {
        scope: 'global',
        path: {
          darwin: { root: 'home', segments: ['Library', 'Application Support', 'Claude', 'claude_desktop_config.json'] },
          linux: { root: 'home', segments: ['.config', 'Claude', 'claude_desktop_config.json'] },
          win32: { root: 'appData', segments: ['Claude', 'claude_desktop_config.json'] },
        },
        serversKey: ['mcpServers'],
        jsonc: false,
      },
    ],
    stdioEntry: plainStdio,
  },
  {
    id: 'claude-code',
    name: 'Claude Code',
    docs: 'https://docs.claude.com/en/docs/claude-code/mcp',
    files: [
      { scope: 'global', path: everywhere('home', '.claude.json'), serversKey: ['mcpServers'], jsonc: false },
      projectFile(['mcpServers'], false, '.mcp.json'),
    ],
    stdioEntry: typedStdio,
    remoteEntry: typedHttp,
  },
  {
    id: 'vscode',
    name: 'VS Code',
    docs: 'https://code.visualstudio.com/docs/copilot/reference/mcp-configuration',
    files: [
      {
        scope: 'global',
        path: {
          darwin: { root: 'home', segments: ['Library', 'Application Support', 'Code', 'User', 'mcp.json'] },
          linux: { root: 'home', segments: ['.config', 'Code', 'User', 'mcp.json'] },
          win32: { root: 'appData', segments: ['Code', 'User', 'mcp.json'] },
        },
        serversKey: ['servers'],
        jsonc: true,
      },
      projectFile(['servers'], true, '.vscode', 'mcp.json'),
    ],
    stdioEntry: typedStdio,
    remoteEntry: typedHttp,
  },
  {
    id: 'cursor',
    name: 'Cursor',
    docs: 'https://docs.cursor.com/context/model-context-protocol',
    files: [
      { scope: 'global', path: everywhere('home', '.cursor', 'mcp.json'), serversKey: ['mcpServers'], jsonc: true },
      projectFile(['mcpServers'], true, '.cursor', 'mcp.json'),
    ],
    stdioEntry: plainStdio,
    remoteEntry: urlWithHeaders,
  },
  {
    id: 'windsurf',
    name: 'Windsurf',
    docs: 'https://docs.windsurf.com/windsurf/cascade/mcp',
    files: [{ scope: 'global', path: everywhere('home', '.codeium', 'windsurf', 'mcp_config.json'), serversKey: ['mcpServers'], jsonc: false }],
    stdioEntry: plainStdio,
    remoteEntry: (url, authorization) => ({ serverUrl: url, headers: { Authorization: authorization } }),
  },
  {
    id: 'zed',
    name: 'Zed',
    docs: 'https://zed.dev/docs/ai/mcp',
    files: [
      {
        scope: 'global',
        path: {
          darwin: { root: 'home', segments: ['.config', 'zed', 'settings.json'] },
          linux: { root: 'home', segments: ['.config', 'zed', 'settings.json'] },
          win32: { root: 'appData', segments: ['Zed', 'settings.json'] },
        },
        serversKey: ['context_servers'],
        jsonc: true,
      },
      projectFile(['context_servers'], true, '.zed', 'settings.json'),
    ],
    stdioEntry: ({ command, args }) => ({ source: 'custom', command, args }),
    remoteEntry: urlWithHeaders,
  },
  {
    id: 'lmstudio',
    name: 'LM Studio',
    docs: 'https://lmstudio.ai/docs/app/mcp',
    files: [{ scope: 'global', path: everywhere('home', '.lmstudio', 'mcp.json'), serversKey: ['mcpServers'], jsonc: false }],
    stdioEntry: plainStdio,
    remoteEntry: urlWithHeaders,
  },
  {
    id: 'continue',
    name: 'Continue',
    docs: 'https://docs.continue.dev/customize/deep-dives/mcp',
    files: [
      // ~/.continue/config.yaml (%USERPROFILE%\.continue\config.yaml); in a project, one block file of its own.
      {
        scope: 'global',
        path: everywhere('home', '.continue', 'config.yaml'),
        serversKey: ['mcpServers'],
        jsonc: false,
        format: 'yaml',
        serverList: true,
        newFile: continueHeader('Local Config', '1.0.0'),
      },
      {
        scope: 'project',
        path: everywhere('project', '.continue', 'mcpServers', `${gatewayEntryName}.yaml`),
        serversKey: ['mcpServers'],
        jsonc: false,
        format: 'yaml',
        serverList: true,
        newFile: continueHeader('MCP Portal', '0.0.1'),
      },
    ],
    stdioEntry: typedStdio,
    remoteEntry: (url, authorization) => ({ type: 'streamable-http', url, requestOptions: { headers: { Authorization: authorization } } }),
  },
];

export const clientIds = clients.map((client) => client.id);

export function findClient(id: string): ClientDefinition | undefined {
  return clients.find((client) => client.id === id);
}

/** The client's file of that scope (default: its first). */
export function clientFile(client: ClientDefinition, scope?: ClientScope): ClientConfigFile | undefined {
  return scope ? client.files.find((file) => file.scope === scope) : client.files[0];
}

type FileShape = Pick<ClientConfigFile, 'serversKey' | 'serverList' | 'newFile'>;

/**
 * `entry` under `serversKey` and the gateway's name, as a whole file would hold it: `{ key: { name: entry } }`, or
 * for a list of servers `{ …newFile, key: [{ name, …entry }] }`.
 */
export function wrapEntry(file: FileShape, entry: ConfigEntry, name: string = gatewayEntryName): Record<string, unknown> {
  let value: unknown = file.serverList ? [{ name, ...entry }] : { [name]: entry };
  for (const key of [...file.serversKey].reverse()) value = { [key]: value };
  return { ...(file.serverList ? file.newFile : {}), ...(value as Record<string, unknown>) };
}

/** JSON indented by `indent`, with lists of strings kept on one line (`"args": ["mcp", "gateway", "run"]`). */
export function compactJson(value: unknown, indent: string | number = 2): string {
  return JSON.stringify(value, null, indent).replace(
    /\[\s+("(?:[^"\\]|\\.)*"(?:,\s+"(?:[^"\\]|\\.)*")*)\s+\]/g,
    (_match, items: string) => `[${items.split(/,\s+(?=")/).join(', ')}]`,
  );
}

/** Indented JSON, with lists of strings kept on one line. */
export function formatSnippet(value: unknown): string {
  return compactJson(value, 2);
}

/** A YAML scalar: plain when it reads back as the same string, else double-quoted (JSON's quoting is YAML's). */
function yamlScalar(value: unknown): string {
  if (typeof value !== 'string') return JSON.stringify(value);
  const reserved = /^(true|false|null|yes|no|on|off|~)$/i.test(value) || /^[-+]?(\d[\d_]*\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(value) || /^0[xo]/i.test(value);
  const plain = /^[\w./][\w./@+-]*(?: [\w./@+-]+)*$/.test(value) && !reserved;
  return plain ? value : JSON.stringify(value);
}

/** Block YAML for a snippet (mappings, lists of mappings, lists of scalars on one line), dependency-free. */
export function formatYamlSnippet(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    if (value.every((item) => item === null || typeof item !== 'object')) return `[${value.map(yamlScalar).join(', ')}]`;
    return value.map((item) => `${indent}- ${formatYamlSnippet(item, `${indent}  `).trimStart()}`).join('\n');
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([key, item]) => {
        const nested = item !== null && typeof item === 'object' && !(Array.isArray(item) && item.every((each) => each === null || typeof each !== 'object'));
        return nested
          ? `${indent}${yamlScalar(key)}:\n${formatYamlSnippet(item, `${indent}  `)}`
          : `${indent}${yamlScalar(key)}: ${formatYamlSnippet(item, indent)}`;
      })
      .join('\n');
  }
  return yamlScalar(value);
}

function formatFor(file: ClientConfigFile | undefined, value: Record<string, unknown>): string {
  return file?.format === 'yaml' ? `${formatYamlSnippet(value)}\n` : formatSnippet(value);
}

const defaultShape: FileShape = { serversKey: ['mcpServers'] };

/** The JSON (or YAML) to paste into the client's file to run `docker mcp gateway run`. */
export function stdioSnippet(client: ClientDefinition, options: GatewayRunOptions = {}, scope?: ClientScope): string {
  const file = clientFile(client, scope) ?? client.files[0];
  return formatFor(file, wrapEntry(file ?? defaultShape, client.stdioEntry(gatewayRunCommand(options))));
}

/** The JSON (or YAML) to paste into the client's file to reach the gateway-proxy's URL; undefined for stdio-only clients. */
export function remoteSnippet(client: ClientDefinition, url: string, authorization: string = tokenPlaceholder): string | undefined {
  if (!client.remoteEntry) return undefined;
  const file = client.files[0];
  return formatFor(file, wrapEntry(file ?? defaultShape, client.remoteEntry(url, authorization)));
}

/** A path for display: `~/…`, `%APPDATA%\…` or `./…`, with the OS's separator. */
export function displayPath(path: ConfigPath, os: ClientOs): string {
  const separator = os === 'win32' ? '\\' : '/';
  const start = path.root === 'home' ? (os === 'win32' ? '%USERPROFILE%' : '~') : path.root === 'appData' ? '%APPDATA%' : '.';
  return [start, ...path.segments].join(separator);
}

/** The OS a `process.platform` value stands for (other Unix systems keep their files like Linux). */
export function clientOs(platform: string): ClientOs {
  return platform === 'darwin' || platform === 'win32' ? platform : 'linux';
}

/** The CLI command that writes the entry into the client's own file. */
export function connectCommand(client: ClientDefinition, scope?: ClientScope): string {
  const file = clientFile(client, scope);
  const flag = scope && file && client.files.length > 1 ? ` --${scope}` : '';
  return `docker mcp client connect ${client.id}${flag}`;
}
