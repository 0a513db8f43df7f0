import { gql, type TypedDocumentNode } from '@apollo/client';
import {
  catalogEntryQuery,
  disableServerMutation,
  serverLogsQuery,
  serverLogsSubscription,
  type CatalogEntryResult,
  type CatalogEntrySourceValue,
  type CatalogRequirement,
  type CatalogRunnability,
  type DesiredStateValue,
  type DisableServerResult,
  type LogStreamValue,
  type ServerLifecycleStatus,
  type ServerLogLine,
  type ServerLogsResult,
  type ServerLogsSubscriptionResult,
  type ServerRuntimeValue,
  type ToolMinRoleValue,
  type ToolPolicyState,
} from '@mcp-portal/schema/operations';
import type { SettingsCheck } from '../server-settings.ts';

/**
 * The documents of the servers and catalog pages. The log documents, `disableServer` and the catalog
 * entry come from the operations shared with the CLI. The rest are the portal's own: Apollo's cache keeps
 * one `Server:<id>` that every query, mutation answer and subscription event writes into, so they all
 * select the same fields here (the CLI's answers carry `tools { name }`, which would overwrite the
 * detail page's tools with names only), and the subscriptions select every field the pages show.
 */

export type ServerStatus = ServerLifecycleStatus;
export type DesiredState = DesiredStateValue;
export type ServerRuntime = ServerRuntimeValue;
export type LogStream = LogStreamValue;
export type { ServerLogLine };

export interface PortalServer {
  id: string;
  name: string;
  status: ServerStatus;
  lastError: string | null;
  desiredState: DesiredState;
  runtime: ServerRuntime | null;
  startedAt: string | null;
  stoppedAt: string | null;
  lastHealthAt: string | null;
  restartCount: number;
  enabledAt: string;
  updatedAt: string;
  enabledBy: { id: string; email: string };
  catalogEntry: { name: string; title: string; description: string } | null;
}

export interface ServerTool {
  name: string;
  title: string | null;
  description: string | null;
  inputSchema: unknown;
  /** Disabled tools are offered to no one through the gateway-proxy; ADMIN tools to admins only. */
  policy: ToolPolicyState;
}

export interface ServerConfigValue {
  key: string;
  value: unknown;
}

/** A secret a server has: its name and who set it when, never its value (the API cannot return it). */
export interface ServerSecretInfo {
  name: string;
  updatedAt: string;
  updatedBy: { id: string; email: string };
}

export interface ServerDetail extends PortalServer {
  toolsUpdatedAt: string | null;
  tools: ServerTool[];
  config: ServerConfigValue[];
  secrets: ServerSecretInfo[];
  /** What it lacks for its catalog entry, as data (the page's "Set it" prompts after a failed start); null when unknown. */
  settingsCheck: SettingsCheck | null;
}

export interface CatalogListEntry {
  name: string;
  title: string;
  description: string;
  type: 'SERVER' | 'REMOTE' | 'POCI';
  category: string | null;
  source: CatalogEntrySourceValue;
  tags: string[];
  /** What it cannot run without; the list shows a badge per kind. */
  requirements: CatalogRequirement[];
  /** Whether the platform can run it now; the list marks those it cannot. */
  runnability: CatalogRunnability;
}

export interface CatalogPage {
  entries: CatalogListEntry[];
  endCursor: string | null;
  hasNextPage: boolean;
  totalCount: number;
}

const serverFields = /* GraphQL */ `
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
  enabledAt
  updatedAt
  enabledBy { id email }
  catalogEntry { name title description }
`;

const toolFields = 'name title description inputSchema policy { enabled minRole }';

const secretFields = 'name updatedAt updatedBy { id email }';

const settingsCheckFields = 'missingConfig missingSecrets invalidConfig { key path message }';

export const PortalServersDocument: TypedDocumentNode<{ servers: PortalServer[] }, Record<string, never>> = gql(`
  query PortalServers {
    servers { ${serverFields} }
  }
`);

export const ServerDetailDocument: TypedDocumentNode<{ server: ServerDetail | null }, { id: string }> = gql(`
  query ServerDetail($id: ID!) {
    server(id: $id) {
      ${serverFields}
      toolsUpdatedAt
      tools { ${toolFields} }
      config { key value }
      secrets { ${secretFields} }
      settingsCheck { ${settingsCheckFields} }
    }
  }
`);

/** The last `tail` lines (at most 1000), oldest first. */
export const ServerLogsDocument: TypedDocumentNode<ServerLogsResult, { id: string; tail: number }> = gql(serverLogsQuery);

/** Every server's transitions: the list's fields only. */
export const ServersStatusChangedDocument: TypedDocumentNode<{ serverStatusChanged: PortalServer }, Record<string, never>> = gql(`
  subscription PortalServersStatusChanged {
    serverStatusChanged { ${serverFields} }
  }
`);

/** One server's transitions, with its tools (they change when it starts) and what a failed start lacks. */
export const ServerStatusChangedDocument: TypedDocumentNode<
  { serverStatusChanged: PortalServer & { toolsUpdatedAt: string | null; tools: ServerTool[]; settingsCheck: SettingsCheck | null } },
  { id: string }
> = gql(`
  subscription PortalServerStatusChanged($id: ID!) {
    serverStatusChanged(id: $id) {
      ${serverFields}
      toolsUpdatedAt
      tools { ${toolFields} }
      settingsCheck { ${settingsCheckFields} }
    }
  }
`);

/** Each new line; deduplicated by id against the tail read alongside. */
export const ServerLogsSubscriptionDocument: TypedDocumentNode<ServerLogsSubscriptionResult, { serverId: string }> = gql(serverLogsSubscription);

export const EnableServerDocument: TypedDocumentNode<{ enableServer: PortalServer }, { name: string; start: boolean }> = gql(`
  mutation PortalEnableServer($name: String!, $start: Boolean) {
    enableServer(name: $name, start: $start) { ${serverFields} }
  }
`);

export type ServerAction = 'start' | 'stop' | 'restart' | 'disable';

export const StartServerDocument: TypedDocumentNode<{ startServer: PortalServer }, { id: string }> = gql(`
  mutation PortalStartServer($id: ID!) {
    startServer(id: $id) { ${serverFields} }
  }
`);

export const StopServerDocument: TypedDocumentNode<{ stopServer: PortalServer }, { id: string }> = gql(`
  mutation PortalStopServer($id: ID!) {
    stopServer(id: $id) { ${serverFields} }
  }
`);

export const RestartServerDocument: TypedDocumentNode<{ restartServer: PortalServer }, { id: string }> = gql(`
  mutation PortalRestartServer($id: ID!) {
    restartServer(id: $id) { ${serverFields} }
  }
`);

/** Answers the server as it was; the portal then evicts it from the cache. */
export const DisableServerDocument: TypedDocumentNode<DisableServerResult, { id: string }> = gql(disableServerMutation);

export const SetServerConfigDocument: TypedDocumentNode<{ setServerConfig: ServerConfigValue }, { serverId: string; key: string; value: unknown }> = gql(`
  mutation PortalSetServerConfig($serverId: ID!, $key: String!, $value: JSON!) {
    setServerConfig(serverId: $serverId, key: $key, value: $value) { key value }
  }
`);

export const DeleteServerConfigDocument: TypedDocumentNode<{ deleteServerConfig: boolean }, { serverId: string; key: string }> = gql(`
  mutation PortalDeleteServerConfig($serverId: ID!, $key: String!) {
    deleteServerConfig(serverId: $serverId, key: $key)
  }
`);

/** Write-only: the answer names the secret, and nothing can read its value back. */
export const SetServerSecretDocument: TypedDocumentNode<{ setServerSecret: ServerSecretInfo }, { serverId: string; name: string; value: string }> = gql(`
  mutation PortalSetServerSecret($serverId: ID!, $name: String!, $value: String!) {
    setServerSecret(serverId: $serverId, name: $name, value: $value) { ${secretFields} }
  }
`);

export const DeleteServerSecretDocument: TypedDocumentNode<{ deleteServerSecret: boolean }, { serverId: string; name: string }> = gql(`
  mutation PortalDeleteServerSecret($serverId: ID!, $name: String!) {
    deleteServerSecret(serverId: $serverId, name: $name)
  }
`);

export const CatalogSearchDocument: TypedDocumentNode<{ catalog: CatalogPage }, { search: string | null; first: number; after?: string | null }> = gql(`
  query PortalCatalog($search: String, $first: Int, $after: String) {
    catalog(search: $search, first: $first, after: $after) {
      entries { name title description type category source tags requirements { kind name detail } runnability { canRun runtime reason } }
      endCursor
      hasNextPage
      totalCount
    }
  }
`);

/** The whole entry, as the CLI's `catalog show` reads it. */
export const CatalogEntryDocument: TypedDocumentNode<CatalogEntryResult, { name: string }> = gql(catalogEntryQuery);

export type ToolMinRole = ToolMinRoleValue;

/** Admin only. The answer carries the server's tools, so the page's cached Server:<id> shows the change at once. */
export const SetToolPolicyDocument: TypedDocumentNode<
  { setToolPolicy: ToolPolicyState & { tool: string; server: { id: string; toolsUpdatedAt: string | null; tools: ServerTool[] } } },
  { serverId: string; tool: string; enabled?: boolean; minRole?: ToolMinRole }
> = gql(`
  mutation PortalSetToolPolicy($serverId: ID!, $tool: String!, $enabled: Boolean, $minRole: ToolMinRole) {
    setToolPolicy(serverId: $serverId, tool: $tool, enabled: $enabled, minRole: $minRole) {
      tool
      enabled
      minRole
      server { id toolsUpdatedAt tools { ${toolFields} } }
    }
  }
`);
