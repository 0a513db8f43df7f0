import { graphql } from '../gql/index.ts';
import type {
  CatalogEntryQuery,
  CatalogEntrySummaryFieldsFragment,
  LogLineFieldsFragment,
  SecretFieldsFragment,
  ServerDetailQuery,
  ServerFieldsFragment,
  ToolFieldsFragment,
} from '../gql/graphql.ts';

/**
 * The documents of the servers and catalog pages; their types are generated (`npm run codegen`). Apollo's
 * cache keeps one `Server:<id>` that every query, mutation answer and subscription event writes into, so
 * they all spread `ServerFields`, and the subscriptions select every field the pages show.
 */

export type { DesiredState, LogStream, ServerRuntime, ServerStatus, ToolMinRole } from '../gql/graphql.ts';

/** A server as the list and every lifecycle answer carry it. */
export type ServerListItem = ServerFieldsFragment;
/** A server as its page shows it. */
export type ServerPageData = NonNullable<ServerDetailQuery['server']>;
export type ServerTool = ToolFieldsFragment;
export type ServerConfigValue = ServerPageData['config'][number];
/** A secret a server has: its name and who set it when, never its value (the API cannot return it). */
export type ServerSecretInfo = SecretFieldsFragment;
export type ServerLogLine = LogLineFieldsFragment;
export type CatalogListEntry = CatalogEntrySummaryFieldsFragment;
/** What an entry's enable form and page need. */
export type CatalogEntryData = NonNullable<CatalogEntryQuery['catalogEntry']>;

graphql(`
  fragment ServerFields on Server {
    id
    name
    status
    lastError
    ...ServerFacts
    catalogEntry { name title description }
  }
`);

graphql(`
  fragment ToolFields on Tool {
    name
    title
    description
    inputSchema
    policy { enabled minRole }
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
  fragment SettingsCheckFields on ServerSettingsCheck {
    missingConfig
    missingSecrets
    invalidConfig { key path message }
  }
`);

graphql(`
  fragment LogLineFields on ServerLogLine {
    id
    serverId
    stream
    line
    at
  }
`);

graphql(`
  fragment CatalogEntrySummaryFields on CatalogEntry {
    name
    title
    description
    type
    category
    source
    tags
    requirements { kind name detail }
    runnability { canRun runtime reason }
  }
`);

export const PortalServersDocument = graphql(`
  query PortalServers {
    servers { ...ServerFields }
  }
`);

export const ServerDetailDocument = graphql(`
  query ServerDetail($id: ID!) {
    server(id: $id) {
      ...ServerFields
      toolsUpdatedAt
      tools { ...ToolFields }
      config { key value }
      secrets { ...SecretFields }
      settingsCheck { ...SettingsCheckFields }
    }
  }
`);

/** The last `tail` lines (at most 1000), oldest first. */
export const ServerLogsDocument = graphql(`
  query PortalServerLogs($id: ID!, $tail: Int) {
    server(id: $id) {
      id
      name
      status
      logs(tail: $tail) { ...LogLineFields }
    }
  }
`);

/** Every server's transitions: the list's fields only. */
export const ServersStatusChangedDocument = graphql(`
  subscription PortalServersStatusChanged {
    serverStatusChanged { ...ServerFields }
  }
`);

/** One server's transitions, with its tools (they change when it starts) and what a failed start lacks. */
export const ServerStatusChangedDocument = graphql(`
  subscription PortalServerStatusChanged($id: ID!) {
    serverStatusChanged(id: $id) {
      ...ServerFields
      toolsUpdatedAt
      tools { ...ToolFields }
      settingsCheck { ...SettingsCheckFields }
    }
  }
`);

/** Each new line; deduplicated by id against the tail read alongside. */
export const ServerLogsSubscriptionDocument = graphql(`
  subscription PortalServerLogLines($serverId: ID!, $tail: Int) {
    serverLogs(serverId: $serverId, tail: $tail) { ...LogLineFields }
  }
`);

/** With `config` and `secrets`, one change: all stored with the server, or (BAD_USER_INPUT naming each problem) nothing. */
export const EnableServerDocument = graphql(`
  mutation PortalEnableServer($name: String!, $start: Boolean, $config: JSON, $secrets: JSON) {
    enableServer(name: $name, start: $start, config: $config, secrets: $secrets) { ...ServerFields }
  }
`);

export type ServerAction = 'start' | 'stop' | 'restart' | 'disable';

export const StartServerDocument = graphql(`
  mutation PortalStartServer($id: ID!) {
    startServer(id: $id) { ...ServerFields }
  }
`);

export const StopServerDocument = graphql(`
  mutation PortalStopServer($id: ID!) {
    stopServer(id: $id) { ...ServerFields }
  }
`);

export const RestartServerDocument = graphql(`
  mutation PortalRestartServer($id: ID!) {
    restartServer(id: $id) { ...ServerFields }
  }
`);

/** Answers the server as it was; the portal then evicts it from the cache. */
export const DisableServerDocument = graphql(`
  mutation PortalDisableServer($id: ID!) {
    disableServer(id: $id) { id name status }
  }
`);

export const SetServerConfigDocument = graphql(`
  mutation PortalSetServerConfig($serverId: ID!, $key: String!, $value: JSON!) {
    setServerConfig(serverId: $serverId, key: $key, value: $value) { key value }
  }
`);

export const DeleteServerConfigDocument = graphql(`
  mutation PortalDeleteServerConfig($serverId: ID!, $key: String!) {
    deleteServerConfig(serverId: $serverId, key: $key)
  }
`);

/** Write-only: the answer names the secret, and nothing can read its value back. */
export const SetServerSecretDocument = graphql(`
  mutation PortalSetServerSecret($serverId: ID!, $name: String!, $value: String!) {
    setServerSecret(serverId: $serverId, name: $name, value: $value) { ...SecretFields }
  }
`);

export const DeleteServerSecretDocument = graphql(`
  mutation PortalDeleteServerSecret($serverId: ID!, $name: String!) {
    deleteServerSecret(serverId: $serverId, name: $name)
  }
`);

export const CatalogSearchDocument = graphql(`
  query PortalCatalog($search: String, $first: Int, $after: String) {
    catalog(search: $search, first: $first, after: $after) {
      entries { ...CatalogEntrySummaryFields }
      endCursor
      hasNextPage
      totalCount
    }
  }
`);

/** The whole entry: the enable form reads its secrets and config schema. */
export const CatalogEntryDocument = graphql(`
  query CatalogEntry($name: String!) {
    catalogEntry(name: $name) {
      ...CatalogEntrySummaryFields
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
      license
      icon
    }
  }
`);

/** Admin only. The answer carries the server's tools, so the page's cached Server:<id> shows the change at once. */
export const SetToolPolicyDocument = graphql(`
  mutation PortalSetToolPolicy($serverId: ID!, $tool: String!, $enabled: Boolean, $minRole: ToolMinRole) {
    setToolPolicy(serverId: $serverId, tool: $tool, enabled: $enabled, minRole: $minRole) {
      tool
      enabled
      minRole
      server { id toolsUpdatedAt tools { ...ToolFields } }
    }
  }
`);
