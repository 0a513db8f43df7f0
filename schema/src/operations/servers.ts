/**
 * The server lifecycle, logs and tools: operation documents shared by the portal and the CLI, with their
 * result types. Plain strings, no runtime dependency.
 */

/** `ServerStatus` of the lifecycle API (it replaced ERROR with FAILED and added UNHEALTHY). */
export type ServerLifecycleStatus = 'STOPPED' | 'STARTING' | 'RUNNING' | 'UNHEALTHY' | 'STOPPING' | 'FAILED';
export type DesiredStateValue = 'RUNNING' | 'STOPPED';
export type ServerRuntimeValue = 'DOCKER' | 'PROCESS' | 'REMOTE';
/** SYSTEM lines are the lifecycle's own notes ("starting", "exited with code 1", …). */
export type LogStreamValue = 'STDOUT' | 'STDERR' | 'SYSTEM';

/** Where a server is in its lifecycle: what status changes, mutations and lists need. */
export interface ServerState {
  id: string;
  name: string;
  status: ServerLifecycleStatus;
  lastError: string | null;
  desiredState: DesiredStateValue;
  /** Null until the server was first started. */
  runtime: ServerRuntimeValue | null;
  startedAt: string | null;
  stoppedAt: string | null;
  /** The last successful MCP ping. */
  lastHealthAt: string | null;
  /** Automatic restarts since the last manual start. */
  restartCount: number;
  updatedAt: string;
  enabledBy: { id: string; email: string };
  catalogEntry: { title: string; description: string } | null;
  /** Empty until the server first ran. */
  tools: { name: string }[];
}

/** A tool as the server announced it (`tools/list`). Schemas and annotations are JSON objects. */
/** The lowest role that may call a tool (calling always needs operator at least). */
export type ToolMinRoleValue = 'OPERATOR' | 'ADMIN';

/** Whether a tool is offered, and to whom: disabled tools are offered to no one, ADMIN tools to admins only. */
export interface ToolPolicyState {
  enabled: boolean;
  minRole: ToolMinRoleValue;
}

export interface ToolDetail {
  name: string;
  title: string | null;
  description: string | null;
  inputSchema: Record<string, unknown>;
  outputSchema: Record<string, unknown> | null;
  annotations: Record<string, unknown> | null;
  policy: ToolPolicyState;
}

export interface ToolSummary extends ToolDetail {
  server: { id: string; name: string };
}

/** Everything about one server: `server inspect` and the portal's server page. */
export interface ServerDetail extends Omit<ServerState, 'tools'> {
  enabledAt: string;
  toolsUpdatedAt: string | null;
  tools: ToolDetail[];
  /** Only the keys: values may be secret-like and are shown by the config commands. */
  config: { key: string }[];
}

export interface ServerLogLine {
  /** Increasing; a line seen in the tail and again live has the same id. */
  id: string;
  serverId: string;
  stream: LogStreamValue;
  line: string;
  at: string;
}

export interface ToolCallResultValue {
  isError: boolean;
  /** The MCP content parts, as the server returned them. */
  content: unknown[];
  structuredContent: unknown;
  /** The text parts joined with newlines. */
  text: string;
}

/** The lifecycle fields without the tools. */
const serverCoreFields = /* GraphQL */ `
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
`;
const serverStateFields = `${serverCoreFields} tools { name }`;

const toolDetailFields = 'name title description inputSchema outputSchema annotations policy { enabled minRole }';
const logLineFields = 'id serverId stream line at';

/** Just enough to find a server by name or id. */
export const serverRefsQuery = /* GraphQL */ `
  query ServerRefs {
    servers { id name status }
  }
`;
export interface ServerRefsResult {
  servers: { id: string; name: string; status: ServerLifecycleStatus }[];
}

export const serverListQuery = /* GraphQL */ `
  query ServerList {
    servers { ${serverStateFields} }
  }
`;
export interface ServerListResult {
  servers: ServerState[];
}

export const serverDetailsQuery = /* GraphQL */ `
  query ServerDetails($id: ID!) {
    server(id: $id) {
      ${serverCoreFields}
      enabledAt
      toolsUpdatedAt
      tools { ${toolDetailFields} }
      config { key }
    }
  }
`;
export interface ServerDetailsResult {
  server: ServerDetail | null;
}

/** `start: true` (the API's default) sets the desired state to RUNNING and answers with status STARTING. */
export const enableServerWithOptionsMutation = /* GraphQL */ `
  mutation EnableServerWithOptions($name: String!, $start: Boolean) {
    enableServer(name: $name, start: $start) { ${serverStateFields} }
  }
`;
export interface EnableServerWithOptionsResult {
  enableServer: ServerState;
}

/** Stops and removes the instance and deletes the server; answers with it as it was. */
export const disableServerMutation = /* GraphQL */ `
  mutation DisableServer($id: ID!) {
    disableServer(id: $id) { id name status }
  }
`;
export interface DisableServerResult {
  disableServer: { id: string; name: string; status: ServerLifecycleStatus };
}

export const startServerMutation = /* GraphQL */ `
  mutation StartServer($id: ID!) {
    startServer(id: $id) { ${serverStateFields} }
  }
`;
export interface StartServerResult {
  startServer: ServerState;
}

export const stopServerMutation = /* GraphQL */ `
  mutation StopServer($id: ID!) {
    stopServer(id: $id) { ${serverStateFields} }
  }
`;
export interface StopServerResult {
  stopServer: ServerState;
}

export const restartServerMutation = /* GraphQL */ `
  mutation RestartServer($id: ID!) {
    restartServer(id: $id) { ${serverStateFields} }
  }
`;
export interface RestartServerResult {
  restartServer: ServerState;
}

/** Re-resolves the image or package and replaces the instance if it runs. */
export const updateServerMutation = /* GraphQL */ `
  mutation UpdateServer($id: ID!) {
    updateServer(id: $id) { ${serverStateFields} }
  }
`;
export interface UpdateServerResult {
  updateServer: ServerState;
}

/** Every lifecycle transition of one server (or of all with no id). */
export const serverStateChangedSubscription = /* GraphQL */ `
  subscription ServerStateChanged($id: ID) {
    serverStatusChanged(id: $id) { ${serverStateFields} }
  }
`;
export interface ServerStateChangedResult {
  serverStatusChanged: ServerState;
}

/** The last `tail` log lines (at most 1000), oldest first. */
export const serverLogsQuery = /* GraphQL */ `
  query ServerLogs($id: ID!, $tail: Int) {
    server(id: $id) {
      id
      name
      status
      logs(tail: $tail) { ${logLineFields} }
    }
  }
`;
export interface ServerLogsResult {
  server: { id: string; name: string; status: ServerLifecycleStatus; logs: ServerLogLine[] } | null;
}

/** Each new log line; read the tail with `serverLogsQuery` after subscribing, and drop lines seen twice (by id). */
export const serverLogsSubscription = /* GraphQL */ `
  subscription ServerLogs($serverId: ID!, $tail: Int) {
    serverLogs(serverId: $serverId, tail: $tail) { ${logLineFields} }
  }
`;
export interface ServerLogsSubscriptionResult {
  serverLogs: ServerLogLine;
}

/** The tools of every enabled server, or of one. */
export const toolsQuery = /* GraphQL */ `
  query Tools($serverId: ID) {
    tools(serverId: $serverId) {
      ${toolDetailFields}
      server { id name }
    }
  }
`;
export interface ToolsResult {
  tools: ToolSummary[];
}

/** Operator or admin; the server must be RUNNING or UNHEALTHY. */
export const callToolMutation = /* GraphQL */ `
  mutation CallTool($serverId: ID!, $name: String!, $arguments: JSON) {
    callTool(serverId: $serverId, name: $name, arguments: $arguments) {
      isError
      content
      structuredContent
      text
    }
  }
`;
export interface CallToolResult {
  callTool: ToolCallResultValue;
}

/** Admin only. An argument left out keeps its current value. */
export const setToolPolicyMutation = /* GraphQL */ `
  mutation SetToolPolicy($serverId: ID!, $tool: String!, $enabled: Boolean, $minRole: ToolMinRole) {
    setToolPolicy(serverId: $serverId, tool: $tool, enabled: $enabled, minRole: $minRole) {
      tool
      enabled
      minRole
      updatedAt
      server { id name }
    }
  }
`;
export interface SetToolPolicyResult {
  setToolPolicy: ToolPolicyState & { tool: string; updatedAt: string | null; server: { id: string; name: string } };
}

/** A secret a catalog entry needs, passed to the server in the environment variable `env`. */
export interface CatalogSecretSummary {
  name: string;
  env: string;
  example: string | null;
  description: string | null;
}

/** A secret a server has: its name and who set it when, never its value (the API cannot read it back). */
export interface ServerSecretSummary {
  name: string;
  updatedAt: string;
  updatedBy: { id: string; email: string };
}

/** The secrets a server's catalog entry needs and those it has (any signed-in user). */
export const serverSecretsQuery = /* GraphQL */ `
  query ServerSecrets($id: ID!) {
    server(id: $id) {
      id
      name
      status
      catalogEntry { name secrets { name env example description } }
      secrets { name updatedAt updatedBy { id email } }
    }
  }
`;
export interface ServerSecretsResult {
  server: {
    id: string;
    name: string;
    status: ServerLifecycleStatus;
    catalogEntry: { name: string; secrets: CatalogSecretSummary[] } | null;
    secrets: ServerSecretSummary[];
  } | null;
}

/**
 * Operator or admin. Write-only: the value is sealed and can be replaced or deleted, never read back; the
 * server gets it at its next (re)start.
 */
export const setServerSecretMutation = /* GraphQL */ `
  mutation SetServerSecret($serverId: ID!, $name: String!, $value: String!) {
    setServerSecret(serverId: $serverId, name: $name, value: $value) { name updatedAt updatedBy { id email } }
  }
`;
export interface SetServerSecretResult {
  setServerSecret: ServerSecretSummary;
}

/** Operator or admin; false when the server had no such secret. */
export const deleteServerSecretMutation = /* GraphQL */ `
  mutation DeleteServerSecret($serverId: ID!, $name: String!) {
    deleteServerSecret(serverId: $serverId, name: $name)
  }
`;
export interface DeleteServerSecretResult {
  deleteServerSecret: boolean;
}

/** One configuration value of a server: any JSON value, read at the server's next (re)start. */
export interface ServerConfigValue {
  key: string;
  value: unknown;
  updatedAt: string;
  updatedBy: { id: string; email: string };
}

const configValueFields = 'key value updatedAt updatedBy { id email }';

/** The configuration values of a server, ordered by key (any signed-in user). */
export const serverConfigQuery = /* GraphQL */ `
  query ServerConfig($id: ID!) {
    server(id: $id) {
      id
      name
      status
      config { ${configValueFields} }
    }
  }
`;
export interface ServerConfigResult {
  server: { id: string; name: string; status: ServerLifecycleStatus; config: ServerConfigValue[] } | null;
}

/** Operator or admin; creates or replaces the value of `key`. */
export const setServerConfigMutation = /* GraphQL */ `
  mutation SetServerConfig($serverId: ID!, $key: String!, $value: JSON!) {
    setServerConfig(serverId: $serverId, key: $key, value: $value) { ${configValueFields} }
  }
`;
export interface SetServerConfigResult {
  setServerConfig: ServerConfigValue;
}

/** Operator or admin; false when the server had no such key. */
export const deleteServerConfigMutation = /* GraphQL */ `
  mutation DeleteServerConfig($serverId: ID!, $key: String!) {
    deleteServerConfig(serverId: $serverId, key: $key)
  }
`;
export interface DeleteServerConfigResult {
  deleteServerConfig: boolean;
}
