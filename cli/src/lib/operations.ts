/**
 * Every GraphQL document the CLI sends, as typed strings: `graphql()` answers a `TypedDocumentString` whose
 * result and variable types are generated from schema/api-schema.graphql (`npm run codegen`), so the
 * request and subscription functions know what each answers.
 */
import { graphql } from '../gql/index.ts';
import type {
  ApiTokenFieldsFragment,
  AuditEventFieldsFragment,
  CallToolMutation,
  CatalogEntryQuery,
  CatalogEntrySummaryFragment,
  ConfigValueFieldsFragment,
  LogLineFragment,
  ServerDetailsQuery,
  ServerStateFragment,
  ToolsQuery,
} from '../gql/graphql.ts';

export type * from '../gql/graphql.ts';
export type { TypedDocumentString } from '../gql/graphql.ts';

/** Where a server is in its lifecycle: what status changes, lifecycle answers and lists carry. */
export type ServerStateView = ServerStateFragment;
/** Everything `server inspect` shows of one server. */
export type InspectedServer = NonNullable<ServerDetailsQuery['server']>;
/** A tool of `tools ls`, with its server. */
export type ListedTool = ToolsQuery['tools'][number];
export type ToolCallAnswer = CallToolMutation['callTool'];
export type LogLine = LogLineFragment;
export type ConfigValueView = ConfigValueFieldsFragment;
export type ApiTokenView = ApiTokenFieldsFragment;
export type AuditEventView = AuditEventFieldsFragment;
export type CatalogEntryListItem = CatalogEntrySummaryFragment;
export type CatalogEntryView = NonNullable<CatalogEntryQuery['catalogEntry']>;
/** A secret a catalog entry needs, passed to the server in the environment variable `env`. */
export type CatalogSecret = CatalogEntryView['secrets'][number];
/** Whether a tool is offered, and to whom. */
export type ToolPolicyState = ListedTool['policy'];

/** The fields of an audit event, in the order `--format csv` writes them. */
export const auditEventFieldNames = [
  'id',
  'occurredAt',
  'actorId',
  'actorEmail',
  'action',
  'targetType',
  'targetId',
  'outcome',
  'detail',
  'requestId',
  'sourceIp',
  'subgraph',
] as const satisfies readonly (keyof AuditEventFieldsFragment)[];

graphql(`
  fragment ServerState on Server {
    ...ServerCore
    tools { name }
  }
`);

graphql(`
  fragment ToolDetail on Tool {
    name
    title
    description
    inputSchema
    outputSchema
    annotations
    policy { enabled minRole }
  }
`);

graphql(`
  fragment LogLine on ServerLogLine {
    id
    serverId
    stream
    line
    at
  }
`);

graphql(`
  fragment ConfigValueFields on ConfigValue {
    key
    value
    updatedAt
    updatedBy { id email }
  }
`);

graphql(`
  fragment SecretFields on ServerSecret {
    name
    updatedAt
    updatedBy { id email }
  }
`);

graphql(`
  fragment ApiTokenFields on ApiToken {
    id
    name
    role
    createdAt
    expiresAt
    lastUsedAt
    revokedAt
  }
`);

graphql(`
  fragment AuditEventFields on AuditEvent {
    id
    occurredAt
    actorId
    actorEmail
    action
    targetType
    targetId
    outcome
    detail
    requestId
    sourceIp
    subgraph
  }
`);

graphql(`
  fragment CatalogEntrySummary on CatalogEntry {
    name
    title
    description
    type
    category
    source
    requirements { kind name detail }
    runnability { canRun runtime reason }
  }
`);

/* Account and tokens */

/** `login` with the refresh token too, so that `docker mcp login --email` can end that session afterwards. */
export const sessionLoginMutation = graphql(`
  mutation CliLogin($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      token
      refreshToken
      user { id email role }
    }
  }
`);

/** Ends the interactive session of a refresh token (the CLI keeps an API token instead). */
export const endSessionMutation = graphql(`
  mutation CliEndSession($refreshToken: String!) {
    logout(refreshToken: $refreshToken)
  }
`);

/** Who a freshly obtained API token belongs to, and when the token expires (it is one of theirs). */
export const tokenIdentityQuery = graphql(`
  query CliTokenIdentity {
    me { id email role }
    apiTokens { id expiresAt }
  }
`);

export const meQuery = graphql(`
  query Me {
    me { id email role }
  }
`);

export const apiTokensQuery = graphql(`
  query ApiTokens {
    apiTokens { ...ApiTokenFields }
  }
`);

export const createApiTokenMutation = graphql(`
  mutation CreateApiToken($name: String!, $role: Role!, $expiresAt: DateTime) {
    createApiToken(name: $name, role: $role, expiresAt: $expiresAt) {
      token
      apiToken { ...ApiTokenFields }
    }
  }
`);

export const revokeApiTokenMutation = graphql(`
  mutation RevokeApiToken($id: ID!) {
    revokeApiToken(id: $id) { id revokedAt }
  }
`);

/* Audit log */

export const auditEventsQuery = graphql(`
  query AuditEvents($filter: AuditEventFilter, $first: Int, $after: String) {
    auditEvents(filter: $filter, first: $first, after: $after) {
      events { ...AuditEventFields }
      endCursor
      hasNextPage
    }
  }
`);

export const auditEventAddedSubscription = graphql(`
  subscription AuditEventAdded {
    auditEventAdded { ...AuditEventFields }
  }
`);

/* Catalog */

export const catalogQuery = graphql(`
  query Catalog($search: String, $first: Int, $after: String) {
    catalog(search: $search, first: $first, after: $after) {
      entries { ...CatalogEntrySummary }
      endCursor
      hasNextPage
      totalCount
    }
  }
`);

export const catalogEntryQuery = graphql(`
  query CatalogEntry($name: String!) {
    catalogEntry(name: $name) {
      ...CatalogEntrySummary
      image
      command
      run { command package bin args env { name value } }
      remoteUrl
      remoteTransport
      tools
      secrets { name env example description }
      env { name value }
      configSchema
      disableNetwork
      allowHosts
      oauth { providers { provider secret env } scopes }
      readme
      tags
      license
      icon
    }
  }
`);

export const importCatalogMutation = graphql(`
  mutation ImportCatalog($yaml: String, $url: String) {
    importCatalog(yaml: $yaml, url: $url) {
      imported
      entries { ...CatalogEntrySummary }
      replaced
      skipped { name line column path message }
    }
  }
`);

/* Server lifecycle */

/** Just enough to find a server by name or id. */
export const serverRefsQuery = graphql(`
  query ServerRefs {
    servers { id name status }
  }
`);

export const serverListQuery = graphql(`
  query ServerList {
    servers { ...ServerState }
  }
`);

export const serverDetailsQuery = graphql(`
  query ServerDetails($id: ID!) {
    server(id: $id) {
      ...ServerCore
      enabledAt
      toolsUpdatedAt
      tools { ...ToolDetail }
      config { key }
    }
  }
`);

/**
 * `start: true` (the API's default) sets the desired state to RUNNING and answers with status STARTING. `config`
 * (key → JSON value) and `secrets` (name → value) are checked and stored with the server in the same change; a
 * refusal (BAD_USER_INPUT, `extensions.invalidConfig`/`invalidSecrets`/`missingConfig`/`missingSecrets`) writes nothing.
 */
export const enableServerMutation = graphql(`
  mutation EnableServer($name: String!, $start: Boolean, $config: JSON, $secrets: JSON) {
    enableServer(name: $name, start: $start, config: $config, secrets: $secrets) { ...ServerState }
  }
`);

/** Stops and removes the instance and deletes the server; answers with it as it was. */
export const disableServerMutation = graphql(`
  mutation DisableServer($id: ID!) {
    disableServer(id: $id) { id name status }
  }
`);

export const startServerMutation = graphql(`
  mutation StartServer($id: ID!) {
    startServer(id: $id) { ...ServerState }
  }
`);

export const stopServerMutation = graphql(`
  mutation StopServer($id: ID!) {
    stopServer(id: $id) { ...ServerState }
  }
`);

export const restartServerMutation = graphql(`
  mutation RestartServer($id: ID!) {
    restartServer(id: $id) { ...ServerState }
  }
`);

/** Every lifecycle transition of one server (or of all with no id). */
export const serverStateChangedSubscription = graphql(`
  subscription ServerStateChanged($id: ID) {
    serverStatusChanged(id: $id) { ...ServerState }
  }
`);

/** The last `tail` log lines (at most 1000), oldest first. */
export const serverLogsQuery = graphql(`
  query ServerLogs($id: ID!, $tail: Int) {
    server(id: $id) {
      id
      name
      status
      logs(tail: $tail) { ...LogLine }
    }
  }
`);

/** Each new log line; read the tail with `serverLogsQuery` after subscribing, and drop lines seen twice (by id). */
export const serverLogsSubscription = graphql(`
  subscription ServerLogLines($serverId: ID!, $tail: Int) {
    serverLogs(serverId: $serverId, tail: $tail) { ...LogLine }
  }
`);

/* Tools */

/** The tools of every enabled server, or of one. */
export const toolsQuery = graphql(`
  query Tools($serverId: ID) {
    tools(serverId: $serverId) {
      ...ToolDetail
      server { id name }
    }
  }
`);

/** How many tools each enabled server announced (`tools count`): only the names, no schemas. */
export const toolCountsQuery = graphql(`
  query CliToolCounts {
    servers { id name status tools { name } }
  }
`);

/** Operator or admin; the server must be RUNNING or UNHEALTHY. */
export const callToolMutation = graphql(`
  mutation CallTool($serverId: ID!, $name: String!, $arguments: JSON) {
    callTool(serverId: $serverId, name: $name, arguments: $arguments) {
      isError
      content
      structuredContent
      text
    }
  }
`);

/** Admin only. An argument left out keeps its current value. */
export const setToolPolicyMutation = graphql(`
  mutation SetToolPolicy($serverId: ID!, $tool: String!, $enabled: Boolean, $minRole: ToolMinRole) {
    setToolPolicy(serverId: $serverId, tool: $tool, enabled: $enabled, minRole: $minRole) {
      tool
      enabled
      minRole
      updatedAt
      server { id name }
    }
  }
`);

/* Secrets and configuration */

/** The secrets a server's catalog entry needs and those it has (any signed-in user). */
export const serverSecretsQuery = graphql(`
  query ServerSecrets($id: ID!) {
    server(id: $id) {
      id
      name
      status
      catalogEntry { name secrets { name env example description } }
      secrets { ...SecretFields }
    }
  }
`);

/**
 * Operator or admin. Write-only: the value is sealed and can be replaced or deleted, never read back; the
 * server gets it at its next (re)start.
 */
export const setServerSecretMutation = graphql(`
  mutation SetServerSecret($serverId: ID!, $name: String!, $value: String!) {
    setServerSecret(serverId: $serverId, name: $name, value: $value) { ...SecretFields }
  }
`);

/** Operator or admin; false when the server had no such secret. */
export const deleteServerSecretMutation = graphql(`
  mutation DeleteServerSecret($serverId: ID!, $name: String!) {
    deleteServerSecret(serverId: $serverId, name: $name)
  }
`);

/** The configuration values of a server, ordered by key (any signed-in user). */
export const serverConfigQuery = graphql(`
  query ServerConfig($id: ID!) {
    server(id: $id) {
      id
      name
      status
      config { ...ConfigValueFields }
    }
  }
`);

/**
 * What a server's catalog entry reads from its configuration (`config set` checks keys against it): the
 * config schema (Docker's `config:`) and the texts `{{key}}` templates may stand in when it starts.
 */
export const serverConfigKeysQuery = graphql(`
  query CliServerConfigKeys($id: ID!) {
    server(id: $id) {
      id
      name
      status
      catalogEntry {
        name
        configSchema
        command
        env { value }
        run { args env { value } }
      }
    }
  }
`);

/** Operator or admin; creates or replaces the value of `key`. */
export const setServerConfigMutation = graphql(`
  mutation SetServerConfig($serverId: ID!, $key: String!, $value: JSON!) {
    setServerConfig(serverId: $serverId, key: $key, value: $value) { ...ConfigValueFields }
  }
`);

/** Operator or admin; false when the server had no such key. */
export const deleteServerConfigMutation = graphql(`
  mutation DeleteServerConfig($serverId: ID!, $key: String!) {
    deleteServerConfig(serverId: $serverId, key: $key)
  }
`);
