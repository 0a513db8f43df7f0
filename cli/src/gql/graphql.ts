/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type AuditEventFilter = {
  action?: string | null | undefined;
  actorId?: string | number | null | undefined;
  from?: string | null | undefined;
  targetId?: string | null | undefined;
  to?: string | null | undefined;
};

export type AuditOutcome =
  | 'DENIED'
  | 'FAILURE'
  | 'SUCCESS';

/** BUNDLED: from the catalog file (MCP_CATALOG_PATH); CUSTOM: made through the API; IMPORTED: from importCatalog. */
export type CatalogEntrySource =
  | 'BUNDLED'
  | 'CUSTOM'
  | 'IMPORTED';

export type CatalogEntryType =
  | 'POCI'
  | 'REMOTE'
  | 'SERVER';

/** CONTAINER_ENGINE: runs only as a container image; PROGRAM: runs only as a program that must be installed on the host; NETWORK: reaches hosts over the network; SECRET: a secret set on the server; CONFIG: a configuration value its templates use; OAUTH: signs in with OAuth. */
export type CatalogRequirementKind =
  | 'CONFIG'
  | 'CONTAINER_ENGINE'
  | 'NETWORK'
  | 'OAUTH'
  | 'PROGRAM'
  | 'SECRET';

export type DcrBackend =
  | 'AZURE'
  | 'LOCAL';

export type DesiredState =
  | 'RUNNING'
  | 'STOPPED';

export type ExecutionFilter = {
  /** Exactly, e.g. "server ls". */
  command?: string | null | undefined;
  /** Asked for at or after. */
  from?: string | null | undefined;
  /** A user's id: admins may name anyone; others see only their own runs. */
  startedBy?: string | number | null | undefined;
  status?: ExecutionStatus | null | undefined;
  /** Asked for before. */
  to?: string | null | undefined;
};

/** Which stream printed it; SYSTEM is the executor's own note (queued, started, how it ended). */
export type ExecutionOutputStream =
  | 'STDERR'
  | 'STDOUT'
  | 'SYSTEM';

export type ExecutionStatus =
  | 'CANCELLED'
  | 'FAILED'
  | 'QUEUED'
  | 'RUNNING'
  | 'SUCCEEDED'
  | 'TIMED_OUT';

export type LogStream =
  | 'STDERR'
  | 'STDOUT'
  | 'SYSTEM';

/** Who vouches for the client: a registration (RFC 7591), or the metadata document its client id is the URL of (CIMD). */
export type OAuthAuthorizationClientKind =
  | 'METADATA_DOCUMENT'
  | 'REGISTERED';

export type OAuthClientApplicationType =
  | 'NATIVE'
  | 'WEB';

/** How a client authenticates at the token endpoint (RFC 7591 §2): NONE for a public client. */
export type OAuthClientAuthMethod =
  | 'CLIENT_SECRET_BASIC'
  | 'CLIENT_SECRET_POST'
  | 'NONE';

export type OAuthClientFilter = {
  backend?: DcrBackend | null | undefined;
  /** The id of the user who registered it. */
  createdBy?: string | number | null | undefined;
  /** Case-insensitive, over the client id, the name and the redirect URIs. */
  search?: string | null | undefined;
  /** Only active or only revoked clients; default both. */
  status?: OAuthClientStatus | null | undefined;
};

/** ACTIVE until an admin revokes the client; a REVOKED client stays listed for the record. */
export type OAuthClientStatus =
  | 'ACTIVE'
  | 'REVOKED';

/** NEEDS_AUTHORIZATION: someone must authorize (again, or with more scopes); AUTHORIZED: calls carry a token; EXPIRED: its token could not be refreshed; REVOKED: revoked by a person or because the server was disabled; FAILED: the authorization failed (lastError says why). */
export type OAuthConnectionStatus =
  | 'AUTHORIZED'
  | 'EXPIRED'
  | 'FAILED'
  | 'NEEDS_AUTHORIZATION'
  | 'REVOKED';

export type Role =
  | 'ADMIN'
  | 'OPERATOR'
  | 'VIEWER';

export type ServerRuntime =
  | 'DOCKER'
  | 'PROCESS'
  | 'REMOTE';

export type ServerStatus =
  | 'FAILED'
  | 'RUNNING'
  | 'STARTING'
  | 'STOPPED'
  | 'STOPPING'
  | 'UNHEALTHY';

/** The lowest role that may call a tool (calling tools always needs at least operator). */
export type ToolMinRole =
  | 'ADMIN'
  | 'OPERATOR';

export type CliExecutionFragment = { id: string, command: string, argv: Array<string>, arguments: unknown, status: ExecutionStatus, exitCode: number | null, message: string | null, startedAt: string, runningAt: string | null, finishedAt: string | null, queuePosition: number | null, outputBytes: number, outputLines: number, outputTruncated: boolean, startedBy: { id: string, email: string } };

export type CliExecutionOutputChunkFragment = { id: string, seq: number, stream: ExecutionOutputStream, text: string, at: string };

export type CliExecutionsQueryVariables = Exact<{
  filter?: ExecutionFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type CliExecutionsQuery = { executions: { endCursor: string | null, hasNextPage: boolean, executions: Array<{ id: string, command: string, argv: Array<string>, arguments: unknown, status: ExecutionStatus, exitCode: number | null, message: string | null, startedAt: string, runningAt: string | null, finishedAt: string | null, queuePosition: number | null, outputBytes: number, outputLines: number, outputTruncated: boolean, startedBy: { id: string, email: string } }> } };

export type CliExecutionQueryVariables = Exact<{
  id: string | number;
  last?: number | null | undefined;
}>;


export type CliExecutionQuery = { execution: { id: string, command: string, argv: Array<string>, arguments: unknown, status: ExecutionStatus, exitCode: number | null, message: string | null, startedAt: string, runningAt: string | null, finishedAt: string | null, queuePosition: number | null, outputBytes: number, outputLines: number, outputTruncated: boolean, output: Array<{ id: string, seq: number, stream: ExecutionOutputStream, text: string, at: string }>, startedBy: { id: string, email: string } } | null };

export type CliCancelExecutionMutationVariables = Exact<{
  id: string | number;
}>;


export type CliCancelExecutionMutation = { cancelExecution: { id: string, command: string, argv: Array<string>, arguments: unknown, status: ExecutionStatus, exitCode: number | null, message: string | null, startedAt: string, runningAt: string | null, finishedAt: string | null, queuePosition: number | null, outputBytes: number, outputLines: number, outputTruncated: boolean, startedBy: { id: string, email: string } } };

export type CliExecutionOutputSubscriptionVariables = Exact<{
  id: string | number;
  last?: number | null | undefined;
}>;


export type CliExecutionOutputSubscription = { executionOutput: { id: string, seq: number, stream: ExecutionOutputStream, text: string, at: string } };

export type CliExecutionChangedSubscriptionVariables = Exact<{
  id?: string | number | null | undefined;
}>;


export type CliExecutionChangedSubscription = { executionChanged: { id: string, command: string, argv: Array<string>, arguments: unknown, status: ExecutionStatus, exitCode: number | null, message: string | null, startedAt: string, runningAt: string | null, finishedAt: string | null, queuePosition: number | null, outputBytes: number, outputLines: number, outputTruncated: boolean, startedBy: { id: string, email: string } } };

export type CliOAuthConnectionFragment = { id: string, status: OAuthConnectionStatus, team: boolean, scopes: Array<string>, expiresAt: string | null, issuer: string | null, lastError: string | null, updatedAt: string, server: { id: string, name: string }, user: { id: string, email: string } | null, authorizedBy: { id: string, email: string } | null };

export type CliOAuthConnectionsQueryVariables = Exact<{
  serverId?: string | number | null | undefined;
  userId?: string | number | null | undefined;
}>;


export type CliOAuthConnectionsQuery = { oauthConnections: Array<{ id: string, status: OAuthConnectionStatus, team: boolean, scopes: Array<string>, expiresAt: string | null, issuer: string | null, lastError: string | null, updatedAt: string, server: { id: string, name: string }, user: { id: string, email: string } | null, authorizedBy: { id: string, email: string } | null }> };

export type CliOAuthConnectionQueryVariables = Exact<{
  id: string | number;
}>;


export type CliOAuthConnectionQuery = { oauthConnection: { id: string, status: OAuthConnectionStatus, team: boolean, scopes: Array<string>, expiresAt: string | null, issuer: string | null, lastError: string | null, updatedAt: string, server: { id: string, name: string }, user: { id: string, email: string } | null, authorizedBy: { id: string, email: string } | null } | null };

export type CliAuthorizeServerMutationVariables = Exact<{
  serverId: string | number;
  scopes?: Array<string> | string | null | undefined;
}>;


export type CliAuthorizeServerMutation = { authorizeServer: { authorizationUrl: string, connection: { id: string, status: OAuthConnectionStatus, team: boolean, scopes: Array<string>, expiresAt: string | null, issuer: string | null, lastError: string | null, updatedAt: string, server: { id: string, name: string }, user: { id: string, email: string } | null, authorizedBy: { id: string, email: string } | null } } };

export type CliRevokeServerAuthorizationMutationVariables = Exact<{
  serverId: string | number;
  userId?: string | number | null | undefined;
}>;


export type CliRevokeServerAuthorizationMutation = { revokeServerAuthorization: { id: string, status: OAuthConnectionStatus, team: boolean, scopes: Array<string>, expiresAt: string | null, issuer: string | null, lastError: string | null, updatedAt: string, server: { id: string, name: string }, user: { id: string, email: string } | null, authorizedBy: { id: string, email: string } | null } };

export type CliOAuthConnectionChangedSubscriptionVariables = Exact<{
  serverId?: string | number | null | undefined;
}>;


export type CliOAuthConnectionChangedSubscription = { oauthConnectionChanged: { id: string, status: OAuthConnectionStatus, team: boolean, scopes: Array<string>, expiresAt: string | null, issuer: string | null, lastError: string | null, updatedAt: string, server: { id: string, name: string }, user: { id: string, email: string } | null, authorizedBy: { id: string, email: string } | null } };

export type CliUserRefsQueryVariables = Exact<{ [key: string]: never; }>;


export type CliUserRefsQuery = { users: Array<{ id: string, email: string }> };

export type CliOAuthClientFragment = { clientId: string, clientName: string, backend: DcrBackend, redirectUris: Array<string>, redirectHosts: Array<string>, grantTypes: Array<string>, tokenEndpointAuthMethod: OAuthClientAuthMethod, applicationType: OAuthClientApplicationType, sourceAddress: string | null, createdAt: string, updatedAt: string, lastUsedAt: string | null, revokedAt: string | null, clientSecretExpiresAt: string | null, createdBy: { id: string, email: string } | null, azure: { applicationId: string | null, servicePrincipalId: string | null, keyVaultUrl: string | null, keyVaultSecretName: string | null } | null };

export type CliOAuthClientsQueryVariables = Exact<{
  filter?: OAuthClientFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type CliOAuthClientsQuery = { oauthClients: { endCursor: string | null, hasNextPage: boolean, totalCount: number, clients: Array<{ clientId: string, clientName: string, backend: DcrBackend, redirectUris: Array<string>, redirectHosts: Array<string>, grantTypes: Array<string>, tokenEndpointAuthMethod: OAuthClientAuthMethod, applicationType: OAuthClientApplicationType, sourceAddress: string | null, createdAt: string, updatedAt: string, lastUsedAt: string | null, revokedAt: string | null, clientSecretExpiresAt: string | null, createdBy: { id: string, email: string } | null, azure: { applicationId: string | null, servicePrincipalId: string | null, keyVaultUrl: string | null, keyVaultSecretName: string | null } | null }> } };

export type CliOAuthClientQueryVariables = Exact<{
  clientId: string;
}>;


export type CliOAuthClientQuery = { oauthClient: { clientId: string, clientName: string, backend: DcrBackend, redirectUris: Array<string>, redirectHosts: Array<string>, grantTypes: Array<string>, tokenEndpointAuthMethod: OAuthClientAuthMethod, applicationType: OAuthClientApplicationType, sourceAddress: string | null, createdAt: string, updatedAt: string, lastUsedAt: string | null, revokedAt: string | null, clientSecretExpiresAt: string | null, createdBy: { id: string, email: string } | null, azure: { applicationId: string | null, servicePrincipalId: string | null, keyVaultUrl: string | null, keyVaultSecretName: string | null } | null } | null };

export type CliRevokeOAuthClientMutationVariables = Exact<{
  clientId: string;
}>;


export type CliRevokeOAuthClientMutation = { revokeOAuthClient: { clientId: string, clientName: string, backend: DcrBackend, redirectUris: Array<string>, redirectHosts: Array<string>, grantTypes: Array<string>, tokenEndpointAuthMethod: OAuthClientAuthMethod, applicationType: OAuthClientApplicationType, sourceAddress: string | null, createdAt: string, updatedAt: string, lastUsedAt: string | null, revokedAt: string | null, clientSecretExpiresAt: string | null, createdBy: { id: string, email: string } | null, azure: { applicationId: string | null, servicePrincipalId: string | null, keyVaultUrl: string | null, keyVaultSecretName: string | null } | null } };

export type CliRotateOAuthClientSecretMutationVariables = Exact<{
  clientId: string;
}>;


export type CliRotateOAuthClientSecretMutation = { rotateOAuthClientSecret: { clientSecret: string, client: { clientId: string, clientName: string, backend: DcrBackend, redirectUris: Array<string>, redirectHosts: Array<string>, grantTypes: Array<string>, tokenEndpointAuthMethod: OAuthClientAuthMethod, applicationType: OAuthClientApplicationType, sourceAddress: string | null, createdAt: string, updatedAt: string, lastUsedAt: string | null, revokedAt: string | null, clientSecretExpiresAt: string | null, createdBy: { id: string, email: string } | null, azure: { applicationId: string | null, servicePrincipalId: string | null, keyVaultUrl: string | null, keyVaultSecretName: string | null } | null } } };

export type CliOAuthGrantFragment = { id: string, clientId: string, clientName: string, clientKind: OAuthAuthorizationClientKind, scopes: Array<string>, resource: string, createdAt: string, lastUsedAt: string | null, revokedAt: string | null, user: { id: string, email: string } };

export type CliOAuthGrantsQueryVariables = Exact<{
  userId?: string | number | null | undefined;
  everyone?: boolean | null | undefined;
  includeRevoked?: boolean | null | undefined;
}>;


export type CliOAuthGrantsQuery = { oauthGrants: Array<{ id: string, clientId: string, clientName: string, clientKind: OAuthAuthorizationClientKind, scopes: Array<string>, resource: string, createdAt: string, lastUsedAt: string | null, revokedAt: string | null, user: { id: string, email: string } }> };

export type CliRevokeOAuthGrantMutationVariables = Exact<{
  id: string | number;
}>;


export type CliRevokeOAuthGrantMutation = { revokeOAuthGrant: { id: string, clientId: string, clientName: string, clientKind: OAuthAuthorizationClientKind, scopes: Array<string>, resource: string, createdAt: string, lastUsedAt: string | null, revokedAt: string | null, user: { id: string, email: string } } };

export type ServerStateFragment = { id: string, name: string, status: ServerStatus, lastError: string | null, desiredState: DesiredState, runtime: ServerRuntime | null, startedAt: string | null, stoppedAt: string | null, lastHealthAt: string | null, restartCount: number, updatedAt: string, tools: Array<{ name: string }>, enabledBy: { id: string, email: string }, catalogEntry: { title: string, description: string } | null };

export type ToolDetailFragment = { name: string, title: string | null, description: string | null, inputSchema: unknown, outputSchema: unknown, annotations: unknown, policy: { enabled: boolean, minRole: ToolMinRole } };

export type LogLineFragment = { id: string, serverId: string, stream: LogStream, line: string, at: string };

export type ConfigValueFieldsFragment = { key: string, value: unknown, updatedAt: string, updatedBy: { id: string, email: string } };

export type SecretFieldsFragment = { name: string, updatedAt: string, updatedBy: { id: string, email: string } };

export type ApiTokenFieldsFragment = { id: string, name: string, role: Role, createdAt: string, expiresAt: string | null, lastUsedAt: string | null, revokedAt: string | null };

export type AuditEventFieldsFragment = { id: string, occurredAt: string, actorId: string | null, actorEmail: string | null, action: string, targetType: string, targetId: string | null, outcome: AuditOutcome, detail: unknown, requestId: string | null, sourceIp: string | null, subgraph: string };

export type CatalogEntrySummaryFragment = { name: string, title: string, description: string, type: CatalogEntryType, category: string | null, source: CatalogEntrySource, requirements: Array<{ kind: CatalogRequirementKind, name: string | null, detail: string }>, runnability: { canRun: boolean, runtime: ServerRuntime | null, reason: string | null } };

export type CliLoginMutationVariables = Exact<{
  email: string;
  password: string;
}>;


export type CliLoginMutation = { login: { token: string, refreshToken: string, user: { id: string, email: string, role: Role } } };

export type CliEndSessionMutationVariables = Exact<{
  refreshToken: string;
}>;


export type CliEndSessionMutation = { logout: boolean };

export type CliTokenIdentityQueryVariables = Exact<{ [key: string]: never; }>;


export type CliTokenIdentityQuery = { me: { id: string, email: string, role: Role } | null, apiTokens: Array<{ id: string, expiresAt: string | null }> };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { id: string, email: string, role: Role } | null };

export type ApiTokensQueryVariables = Exact<{ [key: string]: never; }>;


export type ApiTokensQuery = { apiTokens: Array<{ id: string, name: string, role: Role, createdAt: string, expiresAt: string | null, lastUsedAt: string | null, revokedAt: string | null }> };

export type CreateApiTokenMutationVariables = Exact<{
  name: string;
  role: Role;
  expiresAt?: string | null | undefined;
}>;


export type CreateApiTokenMutation = { createApiToken: { token: string, apiToken: { id: string, name: string, role: Role, createdAt: string, expiresAt: string | null, lastUsedAt: string | null, revokedAt: string | null } } };

export type RevokeApiTokenMutationVariables = Exact<{
  id: string | number;
}>;


export type RevokeApiTokenMutation = { revokeApiToken: { id: string, revokedAt: string | null } };

export type AuditEventsQueryVariables = Exact<{
  filter?: AuditEventFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AuditEventsQuery = { auditEvents: { endCursor: string | null, hasNextPage: boolean, events: Array<{ id: string, occurredAt: string, actorId: string | null, actorEmail: string | null, action: string, targetType: string, targetId: string | null, outcome: AuditOutcome, detail: unknown, requestId: string | null, sourceIp: string | null, subgraph: string }> } };

export type AuditEventAddedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type AuditEventAddedSubscription = { auditEventAdded: { id: string, occurredAt: string, actorId: string | null, actorEmail: string | null, action: string, targetType: string, targetId: string | null, outcome: AuditOutcome, detail: unknown, requestId: string | null, sourceIp: string | null, subgraph: string } };

export type CatalogQueryVariables = Exact<{
  search?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type CatalogQuery = { catalog: { endCursor: string | null, hasNextPage: boolean, totalCount: number, entries: Array<{ name: string, title: string, description: string, type: CatalogEntryType, category: string | null, source: CatalogEntrySource, requirements: Array<{ kind: CatalogRequirementKind, name: string | null, detail: string }>, runnability: { canRun: boolean, runtime: ServerRuntime | null, reason: string | null } }> } };

export type CatalogEntryQueryVariables = Exact<{
  name: string;
}>;


export type CatalogEntryQuery = { catalogEntry: { image: string | null, command: Array<string>, remoteUrl: string | null, remoteTransport: string | null, tools: Array<string>, configSchema: unknown, disableNetwork: boolean, allowHosts: Array<string>, readme: string | null, tags: Array<string>, license: string | null, icon: string | null, name: string, title: string, description: string, type: CatalogEntryType, category: string | null, source: CatalogEntrySource, run: { command: string, package: string | null, bin: string | null, args: Array<string>, env: Array<{ name: string, value: string }> } | null, secrets: Array<{ name: string, env: string, example: string | null, description: string | null }>, env: Array<{ name: string, value: string }>, oauth: { scopes: Array<string>, providers: Array<{ provider: string, secret: string | null, env: string | null }> } | null, requirements: Array<{ kind: CatalogRequirementKind, name: string | null, detail: string }>, runnability: { canRun: boolean, runtime: ServerRuntime | null, reason: string | null } } | null };

export type ImportCatalogMutationVariables = Exact<{
  yaml?: string | null | undefined;
  url?: string | null | undefined;
}>;


export type ImportCatalogMutation = { importCatalog: { imported: number, replaced: Array<string>, entries: Array<{ name: string, title: string, description: string, type: CatalogEntryType, category: string | null, source: CatalogEntrySource, requirements: Array<{ kind: CatalogRequirementKind, name: string | null, detail: string }>, runnability: { canRun: boolean, runtime: ServerRuntime | null, reason: string | null } }>, skipped: Array<{ name: string | null, line: number, column: number, path: string, message: string }> } };

export type ServerRefsQueryVariables = Exact<{ [key: string]: never; }>;


export type ServerRefsQuery = { servers: Array<{ id: string, name: string, status: ServerStatus }> };

export type ServerListQueryVariables = Exact<{ [key: string]: never; }>;


export type ServerListQuery = { servers: Array<{ id: string, name: string, status: ServerStatus, lastError: string | null, desiredState: DesiredState, runtime: ServerRuntime | null, startedAt: string | null, stoppedAt: string | null, lastHealthAt: string | null, restartCount: number, updatedAt: string, tools: Array<{ name: string }>, enabledBy: { id: string, email: string }, catalogEntry: { title: string, description: string } | null }> };

export type ServerDetailsQueryVariables = Exact<{
  id: string | number;
}>;


export type ServerDetailsQuery = { server: { enabledAt: string, toolsUpdatedAt: string | null, id: string, name: string, status: ServerStatus, lastError: string | null, desiredState: DesiredState, runtime: ServerRuntime | null, startedAt: string | null, stoppedAt: string | null, lastHealthAt: string | null, restartCount: number, updatedAt: string, tools: Array<{ name: string, title: string | null, description: string | null, inputSchema: unknown, outputSchema: unknown, annotations: unknown, policy: { enabled: boolean, minRole: ToolMinRole } }>, config: Array<{ key: string }>, enabledBy: { id: string, email: string }, catalogEntry: { title: string, description: string } | null } | null };

export type EnableServerMutationVariables = Exact<{
  name: string;
  start?: boolean | null | undefined;
  config?: unknown;
  secrets?: unknown;
}>;


export type EnableServerMutation = { enableServer: { id: string, name: string, status: ServerStatus, lastError: string | null, desiredState: DesiredState, runtime: ServerRuntime | null, startedAt: string | null, stoppedAt: string | null, lastHealthAt: string | null, restartCount: number, updatedAt: string, tools: Array<{ name: string }>, enabledBy: { id: string, email: string }, catalogEntry: { title: string, description: string } | null } };

export type DisableServerMutationVariables = Exact<{
  id: string | number;
}>;


export type DisableServerMutation = { disableServer: { id: string, name: string, status: ServerStatus } };

export type StartServerMutationVariables = Exact<{
  id: string | number;
}>;


export type StartServerMutation = { startServer: { id: string, name: string, status: ServerStatus, lastError: string | null, desiredState: DesiredState, runtime: ServerRuntime | null, startedAt: string | null, stoppedAt: string | null, lastHealthAt: string | null, restartCount: number, updatedAt: string, tools: Array<{ name: string }>, enabledBy: { id: string, email: string }, catalogEntry: { title: string, description: string } | null } };

export type StopServerMutationVariables = Exact<{
  id: string | number;
}>;


export type StopServerMutation = { stopServer: { id: string, name: string, status: ServerStatus, lastError: string | null, desiredState: DesiredState, runtime: ServerRuntime | null, startedAt: string | null, stoppedAt: string | null, lastHealthAt: string | null, restartCount: number, updatedAt: string, tools: Array<{ name: string }>, enabledBy: { id: string, email: string }, catalogEntry: { title: string, description: string } | null } };

export type RestartServerMutationVariables = Exact<{
  id: string | number;
}>;


export type RestartServerMutation = { restartServer: { id: string, name: string, status: ServerStatus, lastError: string | null, desiredState: DesiredState, runtime: ServerRuntime | null, startedAt: string | null, stoppedAt: string | null, lastHealthAt: string | null, restartCount: number, updatedAt: string, tools: Array<{ name: string }>, enabledBy: { id: string, email: string }, catalogEntry: { title: string, description: string } | null } };

export type ServerStateChangedSubscriptionVariables = Exact<{
  id?: string | number | null | undefined;
}>;


export type ServerStateChangedSubscription = { serverStatusChanged: { id: string, name: string, status: ServerStatus, lastError: string | null, desiredState: DesiredState, runtime: ServerRuntime | null, startedAt: string | null, stoppedAt: string | null, lastHealthAt: string | null, restartCount: number, updatedAt: string, tools: Array<{ name: string }>, enabledBy: { id: string, email: string }, catalogEntry: { title: string, description: string } | null } };

export type ServerLogsQueryVariables = Exact<{
  id: string | number;
  tail?: number | null | undefined;
}>;


export type ServerLogsQuery = { server: { id: string, name: string, status: ServerStatus, logs: Array<{ id: string, serverId: string, stream: LogStream, line: string, at: string }> } | null };

export type ServerLogLinesSubscriptionVariables = Exact<{
  serverId: string | number;
  tail?: number | null | undefined;
}>;


export type ServerLogLinesSubscription = { serverLogs: { id: string, serverId: string, stream: LogStream, line: string, at: string } };

export type ToolsQueryVariables = Exact<{
  serverId?: string | number | null | undefined;
}>;


export type ToolsQuery = { tools: Array<{ name: string, title: string | null, description: string | null, inputSchema: unknown, outputSchema: unknown, annotations: unknown, server: { id: string, name: string }, policy: { enabled: boolean, minRole: ToolMinRole } }> };

export type CliToolCountsQueryVariables = Exact<{ [key: string]: never; }>;


export type CliToolCountsQuery = { servers: Array<{ id: string, name: string, status: ServerStatus, tools: Array<{ name: string }> }> };

export type CallToolMutationVariables = Exact<{
  serverId: string | number;
  name: string;
  arguments?: unknown;
}>;


export type CallToolMutation = { callTool: { isError: boolean, content: unknown, structuredContent: unknown, text: string } };

export type SetToolPolicyMutationVariables = Exact<{
  serverId: string | number;
  tool: string;
  enabled?: boolean | null | undefined;
  minRole?: ToolMinRole | null | undefined;
}>;


export type SetToolPolicyMutation = { setToolPolicy: { tool: string, enabled: boolean, minRole: ToolMinRole, updatedAt: string | null, server: { id: string, name: string } } };

export type ServerSecretsQueryVariables = Exact<{
  id: string | number;
}>;


export type ServerSecretsQuery = { server: { id: string, name: string, status: ServerStatus, catalogEntry: { name: string, secrets: Array<{ name: string, env: string, example: string | null, description: string | null }> } | null, secrets: Array<{ name: string, updatedAt: string, updatedBy: { id: string, email: string } }> } | null };

export type SetServerSecretMutationVariables = Exact<{
  serverId: string | number;
  name: string;
  value: string;
}>;


export type SetServerSecretMutation = { setServerSecret: { name: string, updatedAt: string, updatedBy: { id: string, email: string } } };

export type DeleteServerSecretMutationVariables = Exact<{
  serverId: string | number;
  name: string;
}>;


export type DeleteServerSecretMutation = { deleteServerSecret: boolean };

export type ServerConfigQueryVariables = Exact<{
  id: string | number;
}>;


export type ServerConfigQuery = { server: { id: string, name: string, status: ServerStatus, config: Array<{ key: string, value: unknown, updatedAt: string, updatedBy: { id: string, email: string } }> } | null };

export type CliServerConfigKeysQueryVariables = Exact<{
  id: string | number;
}>;


export type CliServerConfigKeysQuery = { server: { id: string, name: string, status: ServerStatus, catalogEntry: { name: string, configSchema: unknown, command: Array<string>, env: Array<{ value: string }>, run: { args: Array<string>, env: Array<{ value: string }> } | null } | null } | null };

export type SetServerConfigMutationVariables = Exact<{
  serverId: string | number;
  key: string;
  value: unknown;
}>;


export type SetServerConfigMutation = { setServerConfig: { key: string, value: unknown, updatedAt: string, updatedBy: { id: string, email: string } } };

export type DeleteServerConfigMutationVariables = Exact<{
  serverId: string | number;
  key: string;
}>;


export type DeleteServerConfigMutation = { deleteServerConfig: boolean };

export type ServerCoreFragment = { id: string, name: string, status: ServerStatus, lastError: string | null, desiredState: DesiredState, runtime: ServerRuntime | null, startedAt: string | null, stoppedAt: string | null, lastHealthAt: string | null, restartCount: number, updatedAt: string, enabledBy: { id: string, email: string }, catalogEntry: { title: string, description: string } | null };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const CliExecutionFragmentDoc = new TypedDocumentString(`
    fragment CliExecution on Execution {
  id
  command
  argv
  arguments
  status
  exitCode
  message
  startedBy {
    id
    email
  }
  startedAt
  runningAt
  finishedAt
  queuePosition
  outputBytes
  outputLines
  outputTruncated
}
    `, {"fragmentName":"CliExecution"}) as unknown as TypedDocumentString<CliExecutionFragment, unknown>;
export const CliExecutionOutputChunkFragmentDoc = new TypedDocumentString(`
    fragment CliExecutionOutputChunk on ExecutionOutputChunk {
  id
  seq
  stream
  text
  at
}
    `, {"fragmentName":"CliExecutionOutputChunk"}) as unknown as TypedDocumentString<CliExecutionOutputChunkFragment, unknown>;
export const CliOAuthConnectionFragmentDoc = new TypedDocumentString(`
    fragment CliOAuthConnection on OAuthConnection {
  id
  status
  team
  scopes
  expiresAt
  issuer
  lastError
  updatedAt
  server {
    id
    name
  }
  user {
    id
    email
  }
  authorizedBy {
    id
    email
  }
}
    `, {"fragmentName":"CliOAuthConnection"}) as unknown as TypedDocumentString<CliOAuthConnectionFragment, unknown>;
export const CliOAuthClientFragmentDoc = new TypedDocumentString(`
    fragment CliOAuthClient on OAuthClient {
  clientId
  clientName
  backend
  redirectUris
  redirectHosts
  grantTypes
  tokenEndpointAuthMethod
  applicationType
  createdBy {
    id
    email
  }
  sourceAddress
  createdAt
  updatedAt
  lastUsedAt
  revokedAt
  clientSecretExpiresAt
  azure {
    applicationId
    servicePrincipalId
    keyVaultUrl
    keyVaultSecretName
  }
}
    `, {"fragmentName":"CliOAuthClient"}) as unknown as TypedDocumentString<CliOAuthClientFragment, unknown>;
export const CliOAuthGrantFragmentDoc = new TypedDocumentString(`
    fragment CliOAuthGrant on OAuthGrant {
  id
  clientId
  clientName
  clientKind
  user {
    id
    email
  }
  scopes
  resource
  createdAt
  lastUsedAt
  revokedAt
}
    `, {"fragmentName":"CliOAuthGrant"}) as unknown as TypedDocumentString<CliOAuthGrantFragment, unknown>;
export const ServerCoreFragmentDoc = new TypedDocumentString(`
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
  enabledBy {
    id
    email
  }
  catalogEntry {
    title
    description
  }
}
    `, {"fragmentName":"ServerCore"}) as unknown as TypedDocumentString<ServerCoreFragment, unknown>;
export const ServerStateFragmentDoc = new TypedDocumentString(`
    fragment ServerState on Server {
  ...ServerCore
  tools {
    name
  }
}
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
  enabledBy {
    id
    email
  }
  catalogEntry {
    title
    description
  }
}`, {"fragmentName":"ServerState"}) as unknown as TypedDocumentString<ServerStateFragment, unknown>;
export const ToolDetailFragmentDoc = new TypedDocumentString(`
    fragment ToolDetail on Tool {
  name
  title
  description
  inputSchema
  outputSchema
  annotations
  policy {
    enabled
    minRole
  }
}
    `, {"fragmentName":"ToolDetail"}) as unknown as TypedDocumentString<ToolDetailFragment, unknown>;
export const LogLineFragmentDoc = new TypedDocumentString(`
    fragment LogLine on ServerLogLine {
  id
  serverId
  stream
  line
  at
}
    `, {"fragmentName":"LogLine"}) as unknown as TypedDocumentString<LogLineFragment, unknown>;
export const ConfigValueFieldsFragmentDoc = new TypedDocumentString(`
    fragment ConfigValueFields on ConfigValue {
  key
  value
  updatedAt
  updatedBy {
    id
    email
  }
}
    `, {"fragmentName":"ConfigValueFields"}) as unknown as TypedDocumentString<ConfigValueFieldsFragment, unknown>;
export const SecretFieldsFragmentDoc = new TypedDocumentString(`
    fragment SecretFields on ServerSecret {
  name
  updatedAt
  updatedBy {
    id
    email
  }
}
    `, {"fragmentName":"SecretFields"}) as unknown as TypedDocumentString<SecretFieldsFragment, unknown>;
export const ApiTokenFieldsFragmentDoc = new TypedDocumentString(`
    fragment ApiTokenFields on ApiToken {
  id
  name
  role
  createdAt
  expiresAt
  lastUsedAt
  revokedAt
}
    `, {"fragmentName":"ApiTokenFields"}) as unknown as TypedDocumentString<ApiTokenFieldsFragment, unknown>;
export const AuditEventFieldsFragmentDoc = new TypedDocumentString(`
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
    `, {"fragmentName":"AuditEventFields"}) as unknown as TypedDocumentString<AuditEventFieldsFragment, unknown>;
export const CatalogEntrySummaryFragmentDoc = new TypedDocumentString(`
    fragment CatalogEntrySummary on CatalogEntry {
  name
  title
  description
  type
  category
  source
  requirements {
    kind
    name
    detail
  }
  runnability {
    canRun
    runtime
    reason
  }
}
    `, {"fragmentName":"CatalogEntrySummary"}) as unknown as TypedDocumentString<CatalogEntrySummaryFragment, unknown>;
export const CliExecutionsDocument = new TypedDocumentString(`
    query CliExecutions($filter: ExecutionFilter, $first: Int, $after: String) {
  executions(filter: $filter, first: $first, after: $after) {
    executions {
      ...CliExecution
    }
    endCursor
    hasNextPage
  }
}
    fragment CliExecution on Execution {
  id
  command
  argv
  arguments
  status
  exitCode
  message
  startedBy {
    id
    email
  }
  startedAt
  runningAt
  finishedAt
  queuePosition
  outputBytes
  outputLines
  outputTruncated
}`) as unknown as TypedDocumentString<CliExecutionsQuery, CliExecutionsQueryVariables>;
export const CliExecutionDocument = new TypedDocumentString(`
    query CliExecution($id: ID!, $last: Int) {
  execution(id: $id) {
    ...CliExecution
    output(last: $last) {
      ...CliExecutionOutputChunk
    }
  }
}
    fragment CliExecution on Execution {
  id
  command
  argv
  arguments
  status
  exitCode
  message
  startedBy {
    id
    email
  }
  startedAt
  runningAt
  finishedAt
  queuePosition
  outputBytes
  outputLines
  outputTruncated
}
fragment CliExecutionOutputChunk on ExecutionOutputChunk {
  id
  seq
  stream
  text
  at
}`) as unknown as TypedDocumentString<CliExecutionQuery, CliExecutionQueryVariables>;
export const CliCancelExecutionDocument = new TypedDocumentString(`
    mutation CliCancelExecution($id: ID!) {
  cancelExecution(id: $id) {
    ...CliExecution
  }
}
    fragment CliExecution on Execution {
  id
  command
  argv
  arguments
  status
  exitCode
  message
  startedBy {
    id
    email
  }
  startedAt
  runningAt
  finishedAt
  queuePosition
  outputBytes
  outputLines
  outputTruncated
}`) as unknown as TypedDocumentString<CliCancelExecutionMutation, CliCancelExecutionMutationVariables>;
export const CliExecutionOutputDocument = new TypedDocumentString(`
    subscription CliExecutionOutput($id: ID!, $last: Int) {
  executionOutput(id: $id, last: $last) {
    ...CliExecutionOutputChunk
  }
}
    fragment CliExecutionOutputChunk on ExecutionOutputChunk {
  id
  seq
  stream
  text
  at
}`) as unknown as TypedDocumentString<CliExecutionOutputSubscription, CliExecutionOutputSubscriptionVariables>;
export const CliExecutionChangedDocument = new TypedDocumentString(`
    subscription CliExecutionChanged($id: ID) {
  executionChanged(id: $id) {
    ...CliExecution
  }
}
    fragment CliExecution on Execution {
  id
  command
  argv
  arguments
  status
  exitCode
  message
  startedBy {
    id
    email
  }
  startedAt
  runningAt
  finishedAt
  queuePosition
  outputBytes
  outputLines
  outputTruncated
}`) as unknown as TypedDocumentString<CliExecutionChangedSubscription, CliExecutionChangedSubscriptionVariables>;
export const CliOAuthConnectionsDocument = new TypedDocumentString(`
    query CliOAuthConnections($serverId: ID, $userId: ID) {
  oauthConnections(serverId: $serverId, userId: $userId) {
    ...CliOAuthConnection
  }
}
    fragment CliOAuthConnection on OAuthConnection {
  id
  status
  team
  scopes
  expiresAt
  issuer
  lastError
  updatedAt
  server {
    id
    name
  }
  user {
    id
    email
  }
  authorizedBy {
    id
    email
  }
}`) as unknown as TypedDocumentString<CliOAuthConnectionsQuery, CliOAuthConnectionsQueryVariables>;
export const CliOAuthConnectionDocument = new TypedDocumentString(`
    query CliOAuthConnection($id: ID!) {
  oauthConnection(id: $id) {
    ...CliOAuthConnection
  }
}
    fragment CliOAuthConnection on OAuthConnection {
  id
  status
  team
  scopes
  expiresAt
  issuer
  lastError
  updatedAt
  server {
    id
    name
  }
  user {
    id
    email
  }
  authorizedBy {
    id
    email
  }
}`) as unknown as TypedDocumentString<CliOAuthConnectionQuery, CliOAuthConnectionQueryVariables>;
export const CliAuthorizeServerDocument = new TypedDocumentString(`
    mutation CliAuthorizeServer($serverId: ID!, $scopes: [String!]) {
  authorizeServer(serverId: $serverId, scopes: $scopes) {
    authorizationUrl
    connection {
      ...CliOAuthConnection
    }
  }
}
    fragment CliOAuthConnection on OAuthConnection {
  id
  status
  team
  scopes
  expiresAt
  issuer
  lastError
  updatedAt
  server {
    id
    name
  }
  user {
    id
    email
  }
  authorizedBy {
    id
    email
  }
}`) as unknown as TypedDocumentString<CliAuthorizeServerMutation, CliAuthorizeServerMutationVariables>;
export const CliRevokeServerAuthorizationDocument = new TypedDocumentString(`
    mutation CliRevokeServerAuthorization($serverId: ID!, $userId: ID) {
  revokeServerAuthorization(serverId: $serverId, userId: $userId) {
    ...CliOAuthConnection
  }
}
    fragment CliOAuthConnection on OAuthConnection {
  id
  status
  team
  scopes
  expiresAt
  issuer
  lastError
  updatedAt
  server {
    id
    name
  }
  user {
    id
    email
  }
  authorizedBy {
    id
    email
  }
}`) as unknown as TypedDocumentString<CliRevokeServerAuthorizationMutation, CliRevokeServerAuthorizationMutationVariables>;
export const CliOAuthConnectionChangedDocument = new TypedDocumentString(`
    subscription CliOAuthConnectionChanged($serverId: ID) {
  oauthConnectionChanged(serverId: $serverId) {
    ...CliOAuthConnection
  }
}
    fragment CliOAuthConnection on OAuthConnection {
  id
  status
  team
  scopes
  expiresAt
  issuer
  lastError
  updatedAt
  server {
    id
    name
  }
  user {
    id
    email
  }
  authorizedBy {
    id
    email
  }
}`) as unknown as TypedDocumentString<CliOAuthConnectionChangedSubscription, CliOAuthConnectionChangedSubscriptionVariables>;
export const CliUserRefsDocument = new TypedDocumentString(`
    query CliUserRefs {
  users {
    id
    email
  }
}
    `) as unknown as TypedDocumentString<CliUserRefsQuery, CliUserRefsQueryVariables>;
export const CliOAuthClientsDocument = new TypedDocumentString(`
    query CliOAuthClients($filter: OAuthClientFilter, $first: Int, $after: String) {
  oauthClients(filter: $filter, first: $first, after: $after) {
    clients {
      ...CliOAuthClient
    }
    endCursor
    hasNextPage
    totalCount
  }
}
    fragment CliOAuthClient on OAuthClient {
  clientId
  clientName
  backend
  redirectUris
  redirectHosts
  grantTypes
  tokenEndpointAuthMethod
  applicationType
  createdBy {
    id
    email
  }
  sourceAddress
  createdAt
  updatedAt
  lastUsedAt
  revokedAt
  clientSecretExpiresAt
  azure {
    applicationId
    servicePrincipalId
    keyVaultUrl
    keyVaultSecretName
  }
}`) as unknown as TypedDocumentString<CliOAuthClientsQuery, CliOAuthClientsQueryVariables>;
export const CliOAuthClientDocument = new TypedDocumentString(`
    query CliOAuthClient($clientId: String!) {
  oauthClient(clientId: $clientId) {
    ...CliOAuthClient
  }
}
    fragment CliOAuthClient on OAuthClient {
  clientId
  clientName
  backend
  redirectUris
  redirectHosts
  grantTypes
  tokenEndpointAuthMethod
  applicationType
  createdBy {
    id
    email
  }
  sourceAddress
  createdAt
  updatedAt
  lastUsedAt
  revokedAt
  clientSecretExpiresAt
  azure {
    applicationId
    servicePrincipalId
    keyVaultUrl
    keyVaultSecretName
  }
}`) as unknown as TypedDocumentString<CliOAuthClientQuery, CliOAuthClientQueryVariables>;
export const CliRevokeOAuthClientDocument = new TypedDocumentString(`
    mutation CliRevokeOAuthClient($clientId: String!) {
  revokeOAuthClient(clientId: $clientId) {
    ...CliOAuthClient
  }
}
    fragment CliOAuthClient on OAuthClient {
  clientId
  clientName
  backend
  redirectUris
  redirectHosts
  grantTypes
  tokenEndpointAuthMethod
  applicationType
  createdBy {
    id
    email
  }
  sourceAddress
  createdAt
  updatedAt
  lastUsedAt
  revokedAt
  clientSecretExpiresAt
  azure {
    applicationId
    servicePrincipalId
    keyVaultUrl
    keyVaultSecretName
  }
}`) as unknown as TypedDocumentString<CliRevokeOAuthClientMutation, CliRevokeOAuthClientMutationVariables>;
export const CliRotateOAuthClientSecretDocument = new TypedDocumentString(`
    mutation CliRotateOAuthClientSecret($clientId: String!) {
  rotateOAuthClientSecret(clientId: $clientId) {
    clientSecret
    client {
      ...CliOAuthClient
    }
  }
}
    fragment CliOAuthClient on OAuthClient {
  clientId
  clientName
  backend
  redirectUris
  redirectHosts
  grantTypes
  tokenEndpointAuthMethod
  applicationType
  createdBy {
    id
    email
  }
  sourceAddress
  createdAt
  updatedAt
  lastUsedAt
  revokedAt
  clientSecretExpiresAt
  azure {
    applicationId
    servicePrincipalId
    keyVaultUrl
    keyVaultSecretName
  }
}`) as unknown as TypedDocumentString<CliRotateOAuthClientSecretMutation, CliRotateOAuthClientSecretMutationVariables>;
export const CliOAuthGrantsDocument = new TypedDocumentString(`
    query CliOAuthGrants($userId: ID, $everyone: Boolean, $includeRevoked: Boolean) {
  oauthGrants(
    userId: $userId
    everyone: $everyone
    includeRevoked: $includeRevoked
  ) {
    ...CliOAuthGrant
  }
}
    fragment CliOAuthGrant on OAuthGrant {
  id
  clientId
  clientName
  clientKind
  user {
    id
    email
  }
  scopes
  resource
  createdAt
  lastUsedAt
  revokedAt
}`) as unknown as TypedDocumentString<CliOAuthGrantsQuery, CliOAuthGrantsQueryVariables>;
export const CliRevokeOAuthGrantDocument = new TypedDocumentString(`
    mutation CliRevokeOAuthGrant($id: ID!) {
  revokeOAuthGrant(id: $id) {
    ...CliOAuthGrant
  }
}
    fragment CliOAuthGrant on OAuthGrant {
  id
  clientId
  clientName
  clientKind
  user {
    id
    email
  }
  scopes
  resource
  createdAt
  lastUsedAt
  revokedAt
}`) as unknown as TypedDocumentString<CliRevokeOAuthGrantMutation, CliRevokeOAuthGrantMutationVariables>;
export const CliLoginDocument = new TypedDocumentString(`
    mutation CliLogin($email: String!, $password: String!) {
  login(email: $email, password: $password) {
    token
    refreshToken
    user {
      id
      email
      role
    }
  }
}
    `) as unknown as TypedDocumentString<CliLoginMutation, CliLoginMutationVariables>;
export const CliEndSessionDocument = new TypedDocumentString(`
    mutation CliEndSession($refreshToken: String!) {
  logout(refreshToken: $refreshToken)
}
    `) as unknown as TypedDocumentString<CliEndSessionMutation, CliEndSessionMutationVariables>;
export const CliTokenIdentityDocument = new TypedDocumentString(`
    query CliTokenIdentity {
  me {
    id
    email
    role
  }
  apiTokens {
    id
    expiresAt
  }
}
    `) as unknown as TypedDocumentString<CliTokenIdentityQuery, CliTokenIdentityQueryVariables>;
export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    id
    email
    role
  }
}
    `) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const ApiTokensDocument = new TypedDocumentString(`
    query ApiTokens {
  apiTokens {
    ...ApiTokenFields
  }
}
    fragment ApiTokenFields on ApiToken {
  id
  name
  role
  createdAt
  expiresAt
  lastUsedAt
  revokedAt
}`) as unknown as TypedDocumentString<ApiTokensQuery, ApiTokensQueryVariables>;
export const CreateApiTokenDocument = new TypedDocumentString(`
    mutation CreateApiToken($name: String!, $role: Role!, $expiresAt: DateTime) {
  createApiToken(name: $name, role: $role, expiresAt: $expiresAt) {
    token
    apiToken {
      ...ApiTokenFields
    }
  }
}
    fragment ApiTokenFields on ApiToken {
  id
  name
  role
  createdAt
  expiresAt
  lastUsedAt
  revokedAt
}`) as unknown as TypedDocumentString<CreateApiTokenMutation, CreateApiTokenMutationVariables>;
export const RevokeApiTokenDocument = new TypedDocumentString(`
    mutation RevokeApiToken($id: ID!) {
  revokeApiToken(id: $id) {
    id
    revokedAt
  }
}
    `) as unknown as TypedDocumentString<RevokeApiTokenMutation, RevokeApiTokenMutationVariables>;
export const AuditEventsDocument = new TypedDocumentString(`
    query AuditEvents($filter: AuditEventFilter, $first: Int, $after: String) {
  auditEvents(filter: $filter, first: $first, after: $after) {
    events {
      ...AuditEventFields
    }
    endCursor
    hasNextPage
  }
}
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
}`) as unknown as TypedDocumentString<AuditEventsQuery, AuditEventsQueryVariables>;
export const AuditEventAddedDocument = new TypedDocumentString(`
    subscription AuditEventAdded {
  auditEventAdded {
    ...AuditEventFields
  }
}
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
}`) as unknown as TypedDocumentString<AuditEventAddedSubscription, AuditEventAddedSubscriptionVariables>;
export const CatalogDocument = new TypedDocumentString(`
    query Catalog($search: String, $first: Int, $after: String) {
  catalog(search: $search, first: $first, after: $after) {
    entries {
      ...CatalogEntrySummary
    }
    endCursor
    hasNextPage
    totalCount
  }
}
    fragment CatalogEntrySummary on CatalogEntry {
  name
  title
  description
  type
  category
  source
  requirements {
    kind
    name
    detail
  }
  runnability {
    canRun
    runtime
    reason
  }
}`) as unknown as TypedDocumentString<CatalogQuery, CatalogQueryVariables>;
export const CatalogEntryDocument = new TypedDocumentString(`
    query CatalogEntry($name: String!) {
  catalogEntry(name: $name) {
    ...CatalogEntrySummary
    image
    command
    run {
      command
      package
      bin
      args
      env {
        name
        value
      }
    }
    remoteUrl
    remoteTransport
    tools
    secrets {
      name
      env
      example
      description
    }
    env {
      name
      value
    }
    configSchema
    disableNetwork
    allowHosts
    oauth {
      providers {
        provider
        secret
        env
      }
      scopes
    }
    readme
    tags
    license
    icon
  }
}
    fragment CatalogEntrySummary on CatalogEntry {
  name
  title
  description
  type
  category
  source
  requirements {
    kind
    name
    detail
  }
  runnability {
    canRun
    runtime
    reason
  }
}`) as unknown as TypedDocumentString<CatalogEntryQuery, CatalogEntryQueryVariables>;
export const ImportCatalogDocument = new TypedDocumentString(`
    mutation ImportCatalog($yaml: String, $url: String) {
  importCatalog(yaml: $yaml, url: $url) {
    imported
    entries {
      ...CatalogEntrySummary
    }
    replaced
    skipped {
      name
      line
      column
      path
      message
    }
  }
}
    fragment CatalogEntrySummary on CatalogEntry {
  name
  title
  description
  type
  category
  source
  requirements {
    kind
    name
    detail
  }
  runnability {
    canRun
    runtime
    reason
  }
}`) as unknown as TypedDocumentString<ImportCatalogMutation, ImportCatalogMutationVariables>;
export const ServerRefsDocument = new TypedDocumentString(`
    query ServerRefs {
  servers {
    id
    name
    status
  }
}
    `) as unknown as TypedDocumentString<ServerRefsQuery, ServerRefsQueryVariables>;
export const ServerListDocument = new TypedDocumentString(`
    query ServerList {
  servers {
    ...ServerState
  }
}
    fragment ServerState on Server {
  ...ServerCore
  tools {
    name
  }
}
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
  enabledBy {
    id
    email
  }
  catalogEntry {
    title
    description
  }
}`) as unknown as TypedDocumentString<ServerListQuery, ServerListQueryVariables>;
export const ServerDetailsDocument = new TypedDocumentString(`
    query ServerDetails($id: ID!) {
  server(id: $id) {
    ...ServerCore
    enabledAt
    toolsUpdatedAt
    tools {
      ...ToolDetail
    }
    config {
      key
    }
  }
}
    fragment ToolDetail on Tool {
  name
  title
  description
  inputSchema
  outputSchema
  annotations
  policy {
    enabled
    minRole
  }
}
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
  enabledBy {
    id
    email
  }
  catalogEntry {
    title
    description
  }
}`) as unknown as TypedDocumentString<ServerDetailsQuery, ServerDetailsQueryVariables>;
export const EnableServerDocument = new TypedDocumentString(`
    mutation EnableServer($name: String!, $start: Boolean, $config: JSON, $secrets: JSON) {
  enableServer(name: $name, start: $start, config: $config, secrets: $secrets) {
    ...ServerState
  }
}
    fragment ServerState on Server {
  ...ServerCore
  tools {
    name
  }
}
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
  enabledBy {
    id
    email
  }
  catalogEntry {
    title
    description
  }
}`) as unknown as TypedDocumentString<EnableServerMutation, EnableServerMutationVariables>;
export const DisableServerDocument = new TypedDocumentString(`
    mutation DisableServer($id: ID!) {
  disableServer(id: $id) {
    id
    name
    status
  }
}
    `) as unknown as TypedDocumentString<DisableServerMutation, DisableServerMutationVariables>;
export const StartServerDocument = new TypedDocumentString(`
    mutation StartServer($id: ID!) {
  startServer(id: $id) {
    ...ServerState
  }
}
    fragment ServerState on Server {
  ...ServerCore
  tools {
    name
  }
}
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
  enabledBy {
    id
    email
  }
  catalogEntry {
    title
    description
  }
}`) as unknown as TypedDocumentString<StartServerMutation, StartServerMutationVariables>;
export const StopServerDocument = new TypedDocumentString(`
    mutation StopServer($id: ID!) {
  stopServer(id: $id) {
    ...ServerState
  }
}
    fragment ServerState on Server {
  ...ServerCore
  tools {
    name
  }
}
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
  enabledBy {
    id
    email
  }
  catalogEntry {
    title
    description
  }
}`) as unknown as TypedDocumentString<StopServerMutation, StopServerMutationVariables>;
export const RestartServerDocument = new TypedDocumentString(`
    mutation RestartServer($id: ID!) {
  restartServer(id: $id) {
    ...ServerState
  }
}
    fragment ServerState on Server {
  ...ServerCore
  tools {
    name
  }
}
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
  enabledBy {
    id
    email
  }
  catalogEntry {
    title
    description
  }
}`) as unknown as TypedDocumentString<RestartServerMutation, RestartServerMutationVariables>;
export const ServerStateChangedDocument = new TypedDocumentString(`
    subscription ServerStateChanged($id: ID) {
  serverStatusChanged(id: $id) {
    ...ServerState
  }
}
    fragment ServerState on Server {
  ...ServerCore
  tools {
    name
  }
}
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
  enabledBy {
    id
    email
  }
  catalogEntry {
    title
    description
  }
}`) as unknown as TypedDocumentString<ServerStateChangedSubscription, ServerStateChangedSubscriptionVariables>;
export const ServerLogsDocument = new TypedDocumentString(`
    query ServerLogs($id: ID!, $tail: Int) {
  server(id: $id) {
    id
    name
    status
    logs(tail: $tail) {
      ...LogLine
    }
  }
}
    fragment LogLine on ServerLogLine {
  id
  serverId
  stream
  line
  at
}`) as unknown as TypedDocumentString<ServerLogsQuery, ServerLogsQueryVariables>;
export const ServerLogLinesDocument = new TypedDocumentString(`
    subscription ServerLogLines($serverId: ID!, $tail: Int) {
  serverLogs(serverId: $serverId, tail: $tail) {
    ...LogLine
  }
}
    fragment LogLine on ServerLogLine {
  id
  serverId
  stream
  line
  at
}`) as unknown as TypedDocumentString<ServerLogLinesSubscription, ServerLogLinesSubscriptionVariables>;
export const ToolsDocument = new TypedDocumentString(`
    query Tools($serverId: ID) {
  tools(serverId: $serverId) {
    ...ToolDetail
    server {
      id
      name
    }
  }
}
    fragment ToolDetail on Tool {
  name
  title
  description
  inputSchema
  outputSchema
  annotations
  policy {
    enabled
    minRole
  }
}`) as unknown as TypedDocumentString<ToolsQuery, ToolsQueryVariables>;
export const CliToolCountsDocument = new TypedDocumentString(`
    query CliToolCounts {
  servers {
    id
    name
    status
    tools {
      name
    }
  }
}
    `) as unknown as TypedDocumentString<CliToolCountsQuery, CliToolCountsQueryVariables>;
export const CallToolDocument = new TypedDocumentString(`
    mutation CallTool($serverId: ID!, $name: String!, $arguments: JSON) {
  callTool(serverId: $serverId, name: $name, arguments: $arguments) {
    isError
    content
    structuredContent
    text
  }
}
    `) as unknown as TypedDocumentString<CallToolMutation, CallToolMutationVariables>;
export const SetToolPolicyDocument = new TypedDocumentString(`
    mutation SetToolPolicy($serverId: ID!, $tool: String!, $enabled: Boolean, $minRole: ToolMinRole) {
  setToolPolicy(
    serverId: $serverId
    tool: $tool
    enabled: $enabled
    minRole: $minRole
  ) {
    tool
    enabled
    minRole
    updatedAt
    server {
      id
      name
    }
  }
}
    `) as unknown as TypedDocumentString<SetToolPolicyMutation, SetToolPolicyMutationVariables>;
export const ServerSecretsDocument = new TypedDocumentString(`
    query ServerSecrets($id: ID!) {
  server(id: $id) {
    id
    name
    status
    catalogEntry {
      name
      secrets {
        name
        env
        example
        description
      }
    }
    secrets {
      ...SecretFields
    }
  }
}
    fragment SecretFields on ServerSecret {
  name
  updatedAt
  updatedBy {
    id
    email
  }
}`) as unknown as TypedDocumentString<ServerSecretsQuery, ServerSecretsQueryVariables>;
export const SetServerSecretDocument = new TypedDocumentString(`
    mutation SetServerSecret($serverId: ID!, $name: String!, $value: String!) {
  setServerSecret(serverId: $serverId, name: $name, value: $value) {
    ...SecretFields
  }
}
    fragment SecretFields on ServerSecret {
  name
  updatedAt
  updatedBy {
    id
    email
  }
}`) as unknown as TypedDocumentString<SetServerSecretMutation, SetServerSecretMutationVariables>;
export const DeleteServerSecretDocument = new TypedDocumentString(`
    mutation DeleteServerSecret($serverId: ID!, $name: String!) {
  deleteServerSecret(serverId: $serverId, name: $name)
}
    `) as unknown as TypedDocumentString<DeleteServerSecretMutation, DeleteServerSecretMutationVariables>;
export const ServerConfigDocument = new TypedDocumentString(`
    query ServerConfig($id: ID!) {
  server(id: $id) {
    id
    name
    status
    config {
      ...ConfigValueFields
    }
  }
}
    fragment ConfigValueFields on ConfigValue {
  key
  value
  updatedAt
  updatedBy {
    id
    email
  }
}`) as unknown as TypedDocumentString<ServerConfigQuery, ServerConfigQueryVariables>;
export const CliServerConfigKeysDocument = new TypedDocumentString(`
    query CliServerConfigKeys($id: ID!) {
  server(id: $id) {
    id
    name
    status
    catalogEntry {
      name
      configSchema
      command
      env {
        value
      }
      run {
        args
        env {
          value
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CliServerConfigKeysQuery, CliServerConfigKeysQueryVariables>;
export const SetServerConfigDocument = new TypedDocumentString(`
    mutation SetServerConfig($serverId: ID!, $key: String!, $value: JSON!) {
  setServerConfig(serverId: $serverId, key: $key, value: $value) {
    ...ConfigValueFields
  }
}
    fragment ConfigValueFields on ConfigValue {
  key
  value
  updatedAt
  updatedBy {
    id
    email
  }
}`) as unknown as TypedDocumentString<SetServerConfigMutation, SetServerConfigMutationVariables>;
export const DeleteServerConfigDocument = new TypedDocumentString(`
    mutation DeleteServerConfig($serverId: ID!, $key: String!) {
  deleteServerConfig(serverId: $serverId, key: $key)
}
    `) as unknown as TypedDocumentString<DeleteServerConfigMutation, DeleteServerConfigMutationVariables>;