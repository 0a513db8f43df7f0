/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment ServerFacts on Server {\n    desiredState\n    runtime\n    startedAt\n    stoppedAt\n    lastHealthAt\n    restartCount\n    enabledAt\n    updatedAt\n    enabledBy { id email }\n    catalogEntry { name title }\n  }\n": typeof types.ServerFactsFragmentDoc,
    "\n  fragment UserFields on User {\n    id\n    email\n    displayName\n    role\n    createdAt\n    disabled\n  }\n": typeof types.UserFieldsFragmentDoc,
    "\n  fragment SessionFields on Session {\n    id\n    createdAt\n    lastUsedAt\n    expiresAt\n  }\n": typeof types.SessionFieldsFragmentDoc,
    "\n  fragment ApiTokenFields on ApiToken {\n    id\n    name\n    role\n    createdAt\n    expiresAt\n    lastUsedAt\n    revokedAt\n  }\n": typeof types.ApiTokenFieldsFragmentDoc,
    "\n  fragment AuditEventFields on AuditEvent {\n    id\n    occurredAt\n    actorId\n    actorEmail\n    action\n    targetType\n    targetId\n    outcome\n    detail\n    requestId\n    sourceIp\n    subgraph\n  }\n": typeof types.AuditEventFieldsFragmentDoc,
    "\n  query Users {\n    users { ...UserFields }\n  }\n": typeof types.UsersDocument,
    "\n  query UserPage($id: ID!) {\n    user(id: $id) {\n      ...UserFields\n      sessions { ...SessionFields }\n      apiTokens { ...ApiTokenFields }\n    }\n  }\n": typeof types.UserPageDocument,
    "\n  mutation UpdateUser($id: ID!, $role: Role, $disabled: Boolean) {\n    updateUser(id: $id, role: $role, disabled: $disabled) { ...UserFields }\n  }\n": typeof types.UpdateUserDocument,
    "\n  mutation RevokeSession($id: ID!) {\n    revokeSession(id: $id) {\n      id\n      sessions { ...SessionFields }\n    }\n  }\n": typeof types.RevokeSessionDocument,
    "\n  mutation CreateUser($email: String!, $password: String!, $role: Role!, $displayName: String) {\n    createUser(email: $email, password: $password, role: $role, displayName: $displayName) { ...UserFields }\n  }\n": typeof types.CreateUserDocument,
    "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n": typeof types.ChangePasswordDocument,
    "\n  query ApiTokens {\n    apiTokens { ...ApiTokenFields }\n  }\n": typeof types.ApiTokensDocument,
    "\n  mutation CreateApiToken($name: String!, $role: Role!, $expiresAt: DateTime) {\n    createApiToken(name: $name, role: $role, expiresAt: $expiresAt) {\n      token\n      apiToken { ...ApiTokenFields }\n    }\n  }\n": typeof types.CreateApiTokenDocument,
    "\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id) { id revokedAt }\n  }\n": typeof types.RevokeApiTokenDocument,
    "\n  query AuditEvents($filter: AuditEventFilter, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      events { ...AuditEventFields }\n      endCursor\n      hasNextPage\n    }\n  }\n": typeof types.AuditEventsDocument,
    "\n  subscription AuditEventAdded {\n    auditEventAdded { ...AuditEventFields }\n  }\n": typeof types.AuditEventAddedDocument,
    "\n  mutation CreateCatalogEntry($input: CreateCatalogEntryInput!) {\n    createCatalogEntry(input: $input) { name source }\n  }\n": typeof types.CreateCatalogEntryDocument,
    "\n  mutation UpdateCatalogEntry($name: String!, $input: CatalogEntryInput!) {\n    updateCatalogEntry(name: $name, input: $input) { name source }\n  }\n": typeof types.UpdateCatalogEntryDocument,
    "\n  mutation DeleteCatalogEntry($name: String!) {\n    deleteCatalogEntry(name: $name) { name }\n  }\n": typeof types.DeleteCatalogEntryDocument,
    "\n  mutation ImportCatalog($yaml: String, $url: String) {\n    importCatalog(yaml: $yaml, url: $url) {\n      imported\n      entries { name title }\n      replaced\n      skipped { name line column path message }\n    }\n  }\n": typeof types.ImportCatalogDocument,
    "\n  fragment DashboardToolCallFields on ToolCallEvent {\n    id\n    at\n    serverId\n    server\n    tool\n    outcome\n    durationMs\n    via\n  }\n": typeof types.DashboardToolCallFieldsFragmentDoc,
    "\n  query DashboardToolCallActivity($since: DateTime, $bucketMinutes: Int, $tools: Int, $calls: Int) {\n    toolCallActivity(since: $since, bucketMinutes: $bucketMinutes) {\n      since\n      bucketMinutes\n      totalCalls\n      totalErrors\n      buckets { start serverId server calls errors }\n      busiestTools(first: $tools) { serverId server tool calls errors lastCalledAt }\n      recentCalls(first: $calls) { ...DashboardToolCallFields }\n    }\n  }\n": typeof types.DashboardToolCallActivityDocument,
    "\n  subscription DashboardToolCallRecorded {\n    toolCallRecorded { ...DashboardToolCallFields }\n  }\n": typeof types.DashboardToolCallRecordedDocument,
    "\n  query DeviceAuthorization($userCode: String!) {\n    deviceAuthorization(userCode: $userCode) { userCode clientName createdAt expiresAt }\n  }\n": typeof types.DeviceAuthorizationDocument,
    "\n  mutation ApproveDeviceLogin($userCode: String!) {\n    approveDeviceLogin(userCode: $userCode)\n  }\n": typeof types.ApproveDeviceLoginDocument,
    "\n  mutation DenyDeviceLogin($userCode: String!) {\n    denyDeviceLogin(userCode: $userCode)\n  }\n": typeof types.DenyDeviceLoginDocument,
    "\n  fragment ExecutionFields on Execution {\n    id\n    command\n    argv\n    arguments\n    status\n    exitCode\n    message\n    startedBy { id email }\n    startedAt\n    runningAt\n    finishedAt\n    queuePosition\n    outputBytes\n    outputLines\n    outputTruncated\n  }\n": typeof types.ExecutionFieldsFragmentDoc,
    "\n  fragment ExecutionOutputChunkFields on ExecutionOutputChunk {\n    id\n    seq\n    stream\n    text\n    at\n  }\n": typeof types.ExecutionOutputChunkFieldsFragmentDoc,
    "\n  query ExecutorCommands {\n    executorCommands { name summary minimumRole argumentsSchema }\n  }\n": typeof types.ExecutorCommandsDocument,
    "\n  mutation RunCommand($command: String!, $args: JSON) {\n    runCommand(command: $command, args: $args) { ...ExecutionFields }\n  }\n": typeof types.RunCommandDocument,
    "\n  mutation CancelExecution($id: ID!) {\n    cancelExecution(id: $id) { ...ExecutionFields }\n  }\n": typeof types.CancelExecutionDocument,
    "\n  query Executions($filter: ExecutionFilter, $first: Int, $after: String) {\n    executions(filter: $filter, first: $first, after: $after) {\n      executions { ...ExecutionFields }\n      endCursor\n      hasNextPage\n    }\n  }\n": typeof types.ExecutionsDocument,
    "\n  query Execution($id: ID!) {\n    execution(id: $id) { ...ExecutionFields }\n  }\n": typeof types.ExecutionDocument,
    "\n  subscription ExecutionChanged($id: ID) {\n    executionChanged(id: $id) { ...ExecutionFields }\n  }\n": typeof types.ExecutionChangedDocument,
    "\n  subscription ExecutionOutput($id: ID!, $last: Int) {\n    executionOutput(id: $id, last: $last) { ...ExecutionOutputChunkFields }\n  }\n": typeof types.ExecutionOutputDocument,
    "\n  fragment OAuthClientFields on OAuthClient {\n    clientId\n    clientName\n    backend\n    redirectUris\n    redirectHosts\n    grantTypes\n    tokenEndpointAuthMethod\n    applicationType\n    createdBy { id email }\n    sourceAddress\n    createdAt\n    updatedAt\n    lastUsedAt\n    revokedAt\n    clientSecretExpiresAt\n    azure { applicationId servicePrincipalId keyVaultUrl keyVaultSecretName }\n  }\n": typeof types.OAuthClientFieldsFragmentDoc,
    "\n  query OAuthClients($filter: OAuthClientFilter, $first: Int, $after: String) {\n    oauthClients(filter: $filter, first: $first, after: $after) {\n      clients { ...OAuthClientFields }\n      endCursor\n      hasNextPage\n      totalCount\n    }\n  }\n": typeof types.OAuthClientsDocument,
    "\n  query OAuthClient($clientId: String!) {\n    oauthClient(clientId: $clientId) { ...OAuthClientFields }\n  }\n": typeof types.OAuthClientDocument,
    "\n  mutation RevokeOAuthClient($clientId: String!) {\n    revokeOAuthClient(clientId: $clientId) { ...OAuthClientFields }\n  }\n": typeof types.RevokeOAuthClientDocument,
    "\n  mutation RotateOAuthClientSecret($clientId: String!) {\n    rotateOAuthClientSecret(clientId: $clientId) {\n      clientSecret\n      client { ...OAuthClientFields }\n    }\n  }\n": typeof types.RotateOAuthClientSecretDocument,
    "\n  query OAuthAuthorizationRequest($id: ID!) {\n    oauthAuthorizationRequest(id: $id) { id clientId clientName clientUri clientKind redirectUri redirectHost scopes resource expiresAt }\n  }\n": typeof types.OAuthAuthorizationRequestDocument,
    "\n  mutation DecideOAuthAuthorization($id: ID!, $approve: Boolean!) {\n    decideOAuthAuthorization(id: $id, approve: $approve) { redirectTo }\n  }\n": typeof types.DecideOAuthAuthorizationDocument,
    "\n  fragment OAuthConnectionFields on OAuthConnection {\n    id\n    status\n    team\n    scopes\n    expiresAt\n    issuer\n    lastError\n    updatedAt\n    server { id name }\n    user { id email }\n    authorizedBy { id email }\n  }\n": typeof types.OAuthConnectionFieldsFragmentDoc,
    "\n  query ServerOAuthConnection($id: ID!) {\n    server(id: $id) {\n      id\n      oauthConnection { ...OAuthConnectionFields }\n    }\n  }\n": typeof types.ServerOAuthConnectionDocument,
    "\n  query OAuthConnections($serverId: ID, $userId: ID) {\n    oauthConnections(serverId: $serverId, userId: $userId) { ...OAuthConnectionFields }\n  }\n": typeof types.OAuthConnectionsDocument,
    "\n  mutation AuthorizeServer($serverId: ID!, $scopes: [String!]) {\n    authorizeServer(serverId: $serverId, scopes: $scopes) {\n      authorizationUrl\n      connection { ...OAuthConnectionFields }\n    }\n  }\n": typeof types.AuthorizeServerDocument,
    "\n  mutation CompleteServerAuthorization($state: String!, $code: String!, $iss: String) {\n    completeServerAuthorization(state: $state, code: $code, iss: $iss) { ...OAuthConnectionFields }\n  }\n": typeof types.CompleteServerAuthorizationDocument,
    "\n  mutation RevokeServerAuthorization($serverId: ID!, $userId: ID) {\n    revokeServerAuthorization(serverId: $serverId, userId: $userId) { ...OAuthConnectionFields }\n  }\n": typeof types.RevokeServerAuthorizationDocument,
    "\n  subscription OAuthConnectionChanged($serverId: ID) {\n    oauthConnectionChanged(serverId: $serverId) { ...OAuthConnectionFields }\n  }\n": typeof types.OAuthConnectionChangedDocument,
    "\n  fragment OAuthGrantFields on OAuthGrant {\n    id\n    clientId\n    clientName\n    clientKind\n    user { id }\n    scopes\n    resource\n    createdAt\n    lastUsedAt\n    revokedAt\n  }\n": typeof types.OAuthGrantFieldsFragmentDoc,
    "\n  query OAuthGrants($userId: ID) {\n    oauthGrants(userId: $userId) { ...OAuthGrantFields }\n  }\n": typeof types.OAuthGrantsDocument,
    "\n  mutation RevokeOAuthGrant($id: ID!) {\n    revokeOAuthGrant(id: $id) { id revokedAt }\n  }\n": typeof types.RevokeOAuthGrantDocument,
    "\n  fragment ServerFields on Server {\n    id\n    name\n    status\n    lastError\n    ...ServerFacts\n    catalogEntry { name title description }\n  }\n": typeof types.ServerFieldsFragmentDoc,
    "\n  fragment ToolFields on Tool {\n    name\n    title\n    description\n    inputSchema\n    policy { enabled minRole }\n  }\n": typeof types.ToolFieldsFragmentDoc,
    "\n  fragment SecretFields on ServerSecret {\n    name\n    updatedAt\n    updatedBy { id email }\n  }\n": typeof types.SecretFieldsFragmentDoc,
    "\n  fragment SettingsCheckFields on ServerSettingsCheck {\n    missingConfig\n    missingSecrets\n    invalidConfig { key path message }\n  }\n": typeof types.SettingsCheckFieldsFragmentDoc,
    "\n  fragment LogLineFields on ServerLogLine {\n    id\n    serverId\n    stream\n    line\n    at\n  }\n": typeof types.LogLineFieldsFragmentDoc,
    "\n  fragment CatalogEntrySummaryFields on CatalogEntry {\n    name\n    title\n    description\n    type\n    category\n    source\n    tags\n    requirements { kind name detail }\n    runnability { canRun runtime reason }\n  }\n": typeof types.CatalogEntrySummaryFieldsFragmentDoc,
    "\n  query PortalServers {\n    servers { ...ServerFields }\n  }\n": typeof types.PortalServersDocument,
    "\n  query ServerDetail($id: ID!) {\n    server(id: $id) {\n      ...ServerFields\n      toolsUpdatedAt\n      tools { ...ToolFields }\n      config { key value }\n      secrets { ...SecretFields }\n      settingsCheck { ...SettingsCheckFields }\n    }\n  }\n": typeof types.ServerDetailDocument,
    "\n  query PortalServerLogs($id: ID!, $tail: Int) {\n    server(id: $id) {\n      id\n      name\n      status\n      logs(tail: $tail) { ...LogLineFields }\n    }\n  }\n": typeof types.PortalServerLogsDocument,
    "\n  subscription PortalServersStatusChanged {\n    serverStatusChanged { ...ServerFields }\n  }\n": typeof types.PortalServersStatusChangedDocument,
    "\n  subscription PortalServerStatusChanged($id: ID!) {\n    serverStatusChanged(id: $id) {\n      ...ServerFields\n      toolsUpdatedAt\n      tools { ...ToolFields }\n      settingsCheck { ...SettingsCheckFields }\n    }\n  }\n": typeof types.PortalServerStatusChangedDocument,
    "\n  subscription PortalServerLogLines($serverId: ID!, $tail: Int) {\n    serverLogs(serverId: $serverId, tail: $tail) { ...LogLineFields }\n  }\n": typeof types.PortalServerLogLinesDocument,
    "\n  mutation PortalEnableServer($name: String!, $start: Boolean, $config: JSON, $secrets: JSON) {\n    enableServer(name: $name, start: $start, config: $config, secrets: $secrets) { ...ServerFields }\n  }\n": typeof types.PortalEnableServerDocument,
    "\n  mutation PortalStartServer($id: ID!) {\n    startServer(id: $id) { ...ServerFields }\n  }\n": typeof types.PortalStartServerDocument,
    "\n  mutation PortalStopServer($id: ID!) {\n    stopServer(id: $id) { ...ServerFields }\n  }\n": typeof types.PortalStopServerDocument,
    "\n  mutation PortalRestartServer($id: ID!) {\n    restartServer(id: $id) { ...ServerFields }\n  }\n": typeof types.PortalRestartServerDocument,
    "\n  mutation PortalDisableServer($id: ID!) {\n    disableServer(id: $id) { id name status }\n  }\n": typeof types.PortalDisableServerDocument,
    "\n  mutation PortalSetServerConfig($serverId: ID!, $key: String!, $value: JSON!) {\n    setServerConfig(serverId: $serverId, key: $key, value: $value) { key value }\n  }\n": typeof types.PortalSetServerConfigDocument,
    "\n  mutation PortalDeleteServerConfig($serverId: ID!, $key: String!) {\n    deleteServerConfig(serverId: $serverId, key: $key)\n  }\n": typeof types.PortalDeleteServerConfigDocument,
    "\n  mutation PortalSetServerSecret($serverId: ID!, $name: String!, $value: String!) {\n    setServerSecret(serverId: $serverId, name: $name, value: $value) { ...SecretFields }\n  }\n": typeof types.PortalSetServerSecretDocument,
    "\n  mutation PortalDeleteServerSecret($serverId: ID!, $name: String!) {\n    deleteServerSecret(serverId: $serverId, name: $name)\n  }\n": typeof types.PortalDeleteServerSecretDocument,
    "\n  query PortalCatalog($search: String, $first: Int, $after: String) {\n    catalog(search: $search, first: $first, after: $after) {\n      entries { ...CatalogEntrySummaryFields }\n      endCursor\n      hasNextPage\n      totalCount\n    }\n  }\n": typeof types.PortalCatalogDocument,
    "\n  query CatalogEntry($name: String!) {\n    catalogEntry(name: $name) {\n      ...CatalogEntrySummaryFields\n      image\n      command\n      run { command package bin args env { name value } }\n      remoteUrl\n      remoteTransport\n      tools\n      secrets { name env example description }\n      env { name value }\n      configSchema\n      disableNetwork\n      allowHosts\n      oauth { providers { provider secret env } scopes }\n      readme\n      license\n      icon\n    }\n  }\n": typeof types.CatalogEntryDocument,
    "\n  mutation PortalSetToolPolicy($serverId: ID!, $tool: String!, $enabled: Boolean, $minRole: ToolMinRole) {\n    setToolPolicy(serverId: $serverId, tool: $tool, enabled: $enabled, minRole: $minRole) {\n      tool\n      enabled\n      minRole\n      server { id toolsUpdatedAt tools { ...ToolFields } }\n    }\n  }\n": typeof types.PortalSetToolPolicyDocument,
    "\n  fragment SessionUser on User {\n    id\n    email\n    role\n  }\n": typeof types.SessionUserFragmentDoc,
    "\n  mutation CallTool($serverId: ID!, $name: String!, $arguments: JSON) {\n    callTool(serverId: $serverId, name: $name, arguments: $arguments) {\n      isError\n      content\n      structuredContent\n    }\n  }\n": typeof types.CallToolDocument,
};
const documents: Documents = {
    "\n  fragment ServerFacts on Server {\n    desiredState\n    runtime\n    startedAt\n    stoppedAt\n    lastHealthAt\n    restartCount\n    enabledAt\n    updatedAt\n    enabledBy { id email }\n    catalogEntry { name title }\n  }\n": types.ServerFactsFragmentDoc,
    "\n  fragment UserFields on User {\n    id\n    email\n    displayName\n    role\n    createdAt\n    disabled\n  }\n": types.UserFieldsFragmentDoc,
    "\n  fragment SessionFields on Session {\n    id\n    createdAt\n    lastUsedAt\n    expiresAt\n  }\n": types.SessionFieldsFragmentDoc,
    "\n  fragment ApiTokenFields on ApiToken {\n    id\n    name\n    role\n    createdAt\n    expiresAt\n    lastUsedAt\n    revokedAt\n  }\n": types.ApiTokenFieldsFragmentDoc,
    "\n  fragment AuditEventFields on AuditEvent {\n    id\n    occurredAt\n    actorId\n    actorEmail\n    action\n    targetType\n    targetId\n    outcome\n    detail\n    requestId\n    sourceIp\n    subgraph\n  }\n": types.AuditEventFieldsFragmentDoc,
    "\n  query Users {\n    users { ...UserFields }\n  }\n": types.UsersDocument,
    "\n  query UserPage($id: ID!) {\n    user(id: $id) {\n      ...UserFields\n      sessions { ...SessionFields }\n      apiTokens { ...ApiTokenFields }\n    }\n  }\n": types.UserPageDocument,
    "\n  mutation UpdateUser($id: ID!, $role: Role, $disabled: Boolean) {\n    updateUser(id: $id, role: $role, disabled: $disabled) { ...UserFields }\n  }\n": types.UpdateUserDocument,
    "\n  mutation RevokeSession($id: ID!) {\n    revokeSession(id: $id) {\n      id\n      sessions { ...SessionFields }\n    }\n  }\n": types.RevokeSessionDocument,
    "\n  mutation CreateUser($email: String!, $password: String!, $role: Role!, $displayName: String) {\n    createUser(email: $email, password: $password, role: $role, displayName: $displayName) { ...UserFields }\n  }\n": types.CreateUserDocument,
    "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n": types.ChangePasswordDocument,
    "\n  query ApiTokens {\n    apiTokens { ...ApiTokenFields }\n  }\n": types.ApiTokensDocument,
    "\n  mutation CreateApiToken($name: String!, $role: Role!, $expiresAt: DateTime) {\n    createApiToken(name: $name, role: $role, expiresAt: $expiresAt) {\n      token\n      apiToken { ...ApiTokenFields }\n    }\n  }\n": types.CreateApiTokenDocument,
    "\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id) { id revokedAt }\n  }\n": types.RevokeApiTokenDocument,
    "\n  query AuditEvents($filter: AuditEventFilter, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      events { ...AuditEventFields }\n      endCursor\n      hasNextPage\n    }\n  }\n": types.AuditEventsDocument,
    "\n  subscription AuditEventAdded {\n    auditEventAdded { ...AuditEventFields }\n  }\n": types.AuditEventAddedDocument,
    "\n  mutation CreateCatalogEntry($input: CreateCatalogEntryInput!) {\n    createCatalogEntry(input: $input) { name source }\n  }\n": types.CreateCatalogEntryDocument,
    "\n  mutation UpdateCatalogEntry($name: String!, $input: CatalogEntryInput!) {\n    updateCatalogEntry(name: $name, input: $input) { name source }\n  }\n": types.UpdateCatalogEntryDocument,
    "\n  mutation DeleteCatalogEntry($name: String!) {\n    deleteCatalogEntry(name: $name) { name }\n  }\n": types.DeleteCatalogEntryDocument,
    "\n  mutation ImportCatalog($yaml: String, $url: String) {\n    importCatalog(yaml: $yaml, url: $url) {\n      imported\n      entries { name title }\n      replaced\n      skipped { name line column path message }\n    }\n  }\n": types.ImportCatalogDocument,
    "\n  fragment DashboardToolCallFields on ToolCallEvent {\n    id\n    at\n    serverId\n    server\n    tool\n    outcome\n    durationMs\n    via\n  }\n": types.DashboardToolCallFieldsFragmentDoc,
    "\n  query DashboardToolCallActivity($since: DateTime, $bucketMinutes: Int, $tools: Int, $calls: Int) {\n    toolCallActivity(since: $since, bucketMinutes: $bucketMinutes) {\n      since\n      bucketMinutes\n      totalCalls\n      totalErrors\n      buckets { start serverId server calls errors }\n      busiestTools(first: $tools) { serverId server tool calls errors lastCalledAt }\n      recentCalls(first: $calls) { ...DashboardToolCallFields }\n    }\n  }\n": types.DashboardToolCallActivityDocument,
    "\n  subscription DashboardToolCallRecorded {\n    toolCallRecorded { ...DashboardToolCallFields }\n  }\n": types.DashboardToolCallRecordedDocument,
    "\n  query DeviceAuthorization($userCode: String!) {\n    deviceAuthorization(userCode: $userCode) { userCode clientName createdAt expiresAt }\n  }\n": types.DeviceAuthorizationDocument,
    "\n  mutation ApproveDeviceLogin($userCode: String!) {\n    approveDeviceLogin(userCode: $userCode)\n  }\n": types.ApproveDeviceLoginDocument,
    "\n  mutation DenyDeviceLogin($userCode: String!) {\n    denyDeviceLogin(userCode: $userCode)\n  }\n": types.DenyDeviceLoginDocument,
    "\n  fragment ExecutionFields on Execution {\n    id\n    command\n    argv\n    arguments\n    status\n    exitCode\n    message\n    startedBy { id email }\n    startedAt\n    runningAt\n    finishedAt\n    queuePosition\n    outputBytes\n    outputLines\n    outputTruncated\n  }\n": types.ExecutionFieldsFragmentDoc,
    "\n  fragment ExecutionOutputChunkFields on ExecutionOutputChunk {\n    id\n    seq\n    stream\n    text\n    at\n  }\n": types.ExecutionOutputChunkFieldsFragmentDoc,
    "\n  query ExecutorCommands {\n    executorCommands { name summary minimumRole argumentsSchema }\n  }\n": types.ExecutorCommandsDocument,
    "\n  mutation RunCommand($command: String!, $args: JSON) {\n    runCommand(command: $command, args: $args) { ...ExecutionFields }\n  }\n": types.RunCommandDocument,
    "\n  mutation CancelExecution($id: ID!) {\n    cancelExecution(id: $id) { ...ExecutionFields }\n  }\n": types.CancelExecutionDocument,
    "\n  query Executions($filter: ExecutionFilter, $first: Int, $after: String) {\n    executions(filter: $filter, first: $first, after: $after) {\n      executions { ...ExecutionFields }\n      endCursor\n      hasNextPage\n    }\n  }\n": types.ExecutionsDocument,
    "\n  query Execution($id: ID!) {\n    execution(id: $id) { ...ExecutionFields }\n  }\n": types.ExecutionDocument,
    "\n  subscription ExecutionChanged($id: ID) {\n    executionChanged(id: $id) { ...ExecutionFields }\n  }\n": types.ExecutionChangedDocument,
    "\n  subscription ExecutionOutput($id: ID!, $last: Int) {\n    executionOutput(id: $id, last: $last) { ...ExecutionOutputChunkFields }\n  }\n": types.ExecutionOutputDocument,
    "\n  fragment OAuthClientFields on OAuthClient {\n    clientId\n    clientName\n    backend\n    redirectUris\n    redirectHosts\n    grantTypes\n    tokenEndpointAuthMethod\n    applicationType\n    createdBy { id email }\n    sourceAddress\n    createdAt\n    updatedAt\n    lastUsedAt\n    revokedAt\n    clientSecretExpiresAt\n    azure { applicationId servicePrincipalId keyVaultUrl keyVaultSecretName }\n  }\n": types.OAuthClientFieldsFragmentDoc,
    "\n  query OAuthClients($filter: OAuthClientFilter, $first: Int, $after: String) {\n    oauthClients(filter: $filter, first: $first, after: $after) {\n      clients { ...OAuthClientFields }\n      endCursor\n      hasNextPage\n      totalCount\n    }\n  }\n": types.OAuthClientsDocument,
    "\n  query OAuthClient($clientId: String!) {\n    oauthClient(clientId: $clientId) { ...OAuthClientFields }\n  }\n": types.OAuthClientDocument,
    "\n  mutation RevokeOAuthClient($clientId: String!) {\n    revokeOAuthClient(clientId: $clientId) { ...OAuthClientFields }\n  }\n": types.RevokeOAuthClientDocument,
    "\n  mutation RotateOAuthClientSecret($clientId: String!) {\n    rotateOAuthClientSecret(clientId: $clientId) {\n      clientSecret\n      client { ...OAuthClientFields }\n    }\n  }\n": types.RotateOAuthClientSecretDocument,
    "\n  query OAuthAuthorizationRequest($id: ID!) {\n    oauthAuthorizationRequest(id: $id) { id clientId clientName clientUri clientKind redirectUri redirectHost scopes resource expiresAt }\n  }\n": types.OAuthAuthorizationRequestDocument,
    "\n  mutation DecideOAuthAuthorization($id: ID!, $approve: Boolean!) {\n    decideOAuthAuthorization(id: $id, approve: $approve) { redirectTo }\n  }\n": types.DecideOAuthAuthorizationDocument,
    "\n  fragment OAuthConnectionFields on OAuthConnection {\n    id\n    status\n    team\n    scopes\n    expiresAt\n    issuer\n    lastError\n    updatedAt\n    server { id name }\n    user { id email }\n    authorizedBy { id email }\n  }\n": types.OAuthConnectionFieldsFragmentDoc,
    "\n  query ServerOAuthConnection($id: ID!) {\n    server(id: $id) {\n      id\n      oauthConnection { ...OAuthConnectionFields }\n    }\n  }\n": types.ServerOAuthConnectionDocument,
    "\n  query OAuthConnections($serverId: ID, $userId: ID) {\n    oauthConnections(serverId: $serverId, userId: $userId) { ...OAuthConnectionFields }\n  }\n": types.OAuthConnectionsDocument,
    "\n  mutation AuthorizeServer($serverId: ID!, $scopes: [String!]) {\n    authorizeServer(serverId: $serverId, scopes: $scopes) {\n      authorizationUrl\n      connection { ...OAuthConnectionFields }\n    }\n  }\n": types.AuthorizeServerDocument,
    "\n  mutation CompleteServerAuthorization($state: String!, $code: String!, $iss: String) {\n    completeServerAuthorization(state: $state, code: $code, iss: $iss) { ...OAuthConnectionFields }\n  }\n": types.CompleteServerAuthorizationDocument,
    "\n  mutation RevokeServerAuthorization($serverId: ID!, $userId: ID) {\n    revokeServerAuthorization(serverId: $serverId, userId: $userId) { ...OAuthConnectionFields }\n  }\n": types.RevokeServerAuthorizationDocument,
    "\n  subscription OAuthConnectionChanged($serverId: ID) {\n    oauthConnectionChanged(serverId: $serverId) { ...OAuthConnectionFields }\n  }\n": types.OAuthConnectionChangedDocument,
    "\n  fragment OAuthGrantFields on OAuthGrant {\n    id\n    clientId\n    clientName\n    clientKind\n    user { id }\n    scopes\n    resource\n    createdAt\n    lastUsedAt\n    revokedAt\n  }\n": types.OAuthGrantFieldsFragmentDoc,
    "\n  query OAuthGrants($userId: ID) {\n    oauthGrants(userId: $userId) { ...OAuthGrantFields }\n  }\n": types.OAuthGrantsDocument,
    "\n  mutation RevokeOAuthGrant($id: ID!) {\n    revokeOAuthGrant(id: $id) { id revokedAt }\n  }\n": types.RevokeOAuthGrantDocument,
    "\n  fragment ServerFields on Server {\n    id\n    name\n    status\n    lastError\n    ...ServerFacts\n    catalogEntry { name title description }\n  }\n": types.ServerFieldsFragmentDoc,
    "\n  fragment ToolFields on Tool {\n    name\n    title\n    description\n    inputSchema\n    policy { enabled minRole }\n  }\n": types.ToolFieldsFragmentDoc,
    "\n  fragment SecretFields on ServerSecret {\n    name\n    updatedAt\n    updatedBy { id email }\n  }\n": types.SecretFieldsFragmentDoc,
    "\n  fragment SettingsCheckFields on ServerSettingsCheck {\n    missingConfig\n    missingSecrets\n    invalidConfig { key path message }\n  }\n": types.SettingsCheckFieldsFragmentDoc,
    "\n  fragment LogLineFields on ServerLogLine {\n    id\n    serverId\n    stream\n    line\n    at\n  }\n": types.LogLineFieldsFragmentDoc,
    "\n  fragment CatalogEntrySummaryFields on CatalogEntry {\n    name\n    title\n    description\n    type\n    category\n    source\n    tags\n    requirements { kind name detail }\n    runnability { canRun runtime reason }\n  }\n": types.CatalogEntrySummaryFieldsFragmentDoc,
    "\n  query PortalServers {\n    servers { ...ServerFields }\n  }\n": types.PortalServersDocument,
    "\n  query ServerDetail($id: ID!) {\n    server(id: $id) {\n      ...ServerFields\n      toolsUpdatedAt\n      tools { ...ToolFields }\n      config { key value }\n      secrets { ...SecretFields }\n      settingsCheck { ...SettingsCheckFields }\n    }\n  }\n": types.ServerDetailDocument,
    "\n  query PortalServerLogs($id: ID!, $tail: Int) {\n    server(id: $id) {\n      id\n      name\n      status\n      logs(tail: $tail) { ...LogLineFields }\n    }\n  }\n": types.PortalServerLogsDocument,
    "\n  subscription PortalServersStatusChanged {\n    serverStatusChanged { ...ServerFields }\n  }\n": types.PortalServersStatusChangedDocument,
    "\n  subscription PortalServerStatusChanged($id: ID!) {\n    serverStatusChanged(id: $id) {\n      ...ServerFields\n      toolsUpdatedAt\n      tools { ...ToolFields }\n      settingsCheck { ...SettingsCheckFields }\n    }\n  }\n": types.PortalServerStatusChangedDocument,
    "\n  subscription PortalServerLogLines($serverId: ID!, $tail: Int) {\n    serverLogs(serverId: $serverId, tail: $tail) { ...LogLineFields }\n  }\n": types.PortalServerLogLinesDocument,
    "\n  mutation PortalEnableServer($name: String!, $start: Boolean, $config: JSON, $secrets: JSON) {\n    enableServer(name: $name, start: $start, config: $config, secrets: $secrets) { ...ServerFields }\n  }\n": types.PortalEnableServerDocument,
    "\n  mutation PortalStartServer($id: ID!) {\n    startServer(id: $id) { ...ServerFields }\n  }\n": types.PortalStartServerDocument,
    "\n  mutation PortalStopServer($id: ID!) {\n    stopServer(id: $id) { ...ServerFields }\n  }\n": types.PortalStopServerDocument,
    "\n  mutation PortalRestartServer($id: ID!) {\n    restartServer(id: $id) { ...ServerFields }\n  }\n": types.PortalRestartServerDocument,
    "\n  mutation PortalDisableServer($id: ID!) {\n    disableServer(id: $id) { id name status }\n  }\n": types.PortalDisableServerDocument,
    "\n  mutation PortalSetServerConfig($serverId: ID!, $key: String!, $value: JSON!) {\n    setServerConfig(serverId: $serverId, key: $key, value: $value) { key value }\n  }\n": types.PortalSetServerConfigDocument,
    "\n  mutation PortalDeleteServerConfig($serverId: ID!, $key: String!) {\n    deleteServerConfig(serverId: $serverId, key: $key)\n  }\n": types.PortalDeleteServerConfigDocument,
    "\n  mutation PortalSetServerSecret($serverId: ID!, $name: String!, $value: String!) {\n    setServerSecret(serverId: $serverId, name: $name, value: $value) { ...SecretFields }\n  }\n": types.PortalSetServerSecretDocument,
    "\n  mutation PortalDeleteServerSecret($serverId: ID!, $name: String!) {\n    deleteServerSecret(serverId: $serverId, name: $name)\n  }\n": types.PortalDeleteServerSecretDocument,
    "\n  query PortalCatalog($search: String, $first: Int, $after: String) {\n    catalog(search: $search, first: $first, after: $after) {\n      entries { ...CatalogEntrySummaryFields }\n      endCursor\n      hasNextPage\n      totalCount\n    }\n  }\n": types.PortalCatalogDocument,
    "\n  query CatalogEntry($name: String!) {\n    catalogEntry(name: $name) {\n      ...CatalogEntrySummaryFields\n      image\n      command\n      run { command package bin args env { name value } }\n      remoteUrl\n      remoteTransport\n      tools\n      secrets { name env example description }\n      env { name value }\n      configSchema\n      disableNetwork\n      allowHosts\n      oauth { providers { provider secret env } scopes }\n      readme\n      license\n      icon\n    }\n  }\n": types.CatalogEntryDocument,
    "\n  mutation PortalSetToolPolicy($serverId: ID!, $tool: String!, $enabled: Boolean, $minRole: ToolMinRole) {\n    setToolPolicy(serverId: $serverId, tool: $tool, enabled: $enabled, minRole: $minRole) {\n      tool\n      enabled\n      minRole\n      server { id toolsUpdatedAt tools { ...ToolFields } }\n    }\n  }\n": types.PortalSetToolPolicyDocument,
    "\n  fragment SessionUser on User {\n    id\n    email\n    role\n  }\n": types.SessionUserFragmentDoc,
    "\n  mutation CallTool($serverId: ID!, $name: String!, $arguments: JSON) {\n    callTool(serverId: $serverId, name: $name, arguments: $arguments) {\n      isError\n      content\n      structuredContent\n    }\n  }\n": types.CallToolDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ServerFacts on Server {\n    desiredState\n    runtime\n    startedAt\n    stoppedAt\n    lastHealthAt\n    restartCount\n    enabledAt\n    updatedAt\n    enabledBy { id email }\n    catalogEntry { name title }\n  }\n"): (typeof documents)["\n  fragment ServerFacts on Server {\n    desiredState\n    runtime\n    startedAt\n    stoppedAt\n    lastHealthAt\n    restartCount\n    enabledAt\n    updatedAt\n    enabledBy { id email }\n    catalogEntry { name title }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment UserFields on User {\n    id\n    email\n    displayName\n    role\n    createdAt\n    disabled\n  }\n"): (typeof documents)["\n  fragment UserFields on User {\n    id\n    email\n    displayName\n    role\n    createdAt\n    disabled\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SessionFields on Session {\n    id\n    createdAt\n    lastUsedAt\n    expiresAt\n  }\n"): (typeof documents)["\n  fragment SessionFields on Session {\n    id\n    createdAt\n    lastUsedAt\n    expiresAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ApiTokenFields on ApiToken {\n    id\n    name\n    role\n    createdAt\n    expiresAt\n    lastUsedAt\n    revokedAt\n  }\n"): (typeof documents)["\n  fragment ApiTokenFields on ApiToken {\n    id\n    name\n    role\n    createdAt\n    expiresAt\n    lastUsedAt\n    revokedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AuditEventFields on AuditEvent {\n    id\n    occurredAt\n    actorId\n    actorEmail\n    action\n    targetType\n    targetId\n    outcome\n    detail\n    requestId\n    sourceIp\n    subgraph\n  }\n"): (typeof documents)["\n  fragment AuditEventFields on AuditEvent {\n    id\n    occurredAt\n    actorId\n    actorEmail\n    action\n    targetType\n    targetId\n    outcome\n    detail\n    requestId\n    sourceIp\n    subgraph\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Users {\n    users { ...UserFields }\n  }\n"): (typeof documents)["\n  query Users {\n    users { ...UserFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UserPage($id: ID!) {\n    user(id: $id) {\n      ...UserFields\n      sessions { ...SessionFields }\n      apiTokens { ...ApiTokenFields }\n    }\n  }\n"): (typeof documents)["\n  query UserPage($id: ID!) {\n    user(id: $id) {\n      ...UserFields\n      sessions { ...SessionFields }\n      apiTokens { ...ApiTokenFields }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateUser($id: ID!, $role: Role, $disabled: Boolean) {\n    updateUser(id: $id, role: $role, disabled: $disabled) { ...UserFields }\n  }\n"): (typeof documents)["\n  mutation UpdateUser($id: ID!, $role: Role, $disabled: Boolean) {\n    updateUser(id: $id, role: $role, disabled: $disabled) { ...UserFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeSession($id: ID!) {\n    revokeSession(id: $id) {\n      id\n      sessions { ...SessionFields }\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeSession($id: ID!) {\n    revokeSession(id: $id) {\n      id\n      sessions { ...SessionFields }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateUser($email: String!, $password: String!, $role: Role!, $displayName: String) {\n    createUser(email: $email, password: $password, role: $role, displayName: $displayName) { ...UserFields }\n  }\n"): (typeof documents)["\n  mutation CreateUser($email: String!, $password: String!, $role: Role!, $displayName: String) {\n    createUser(email: $email, password: $password, role: $role, displayName: $displayName) { ...UserFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n"): (typeof documents)["\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiTokens {\n    apiTokens { ...ApiTokenFields }\n  }\n"): (typeof documents)["\n  query ApiTokens {\n    apiTokens { ...ApiTokenFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiToken($name: String!, $role: Role!, $expiresAt: DateTime) {\n    createApiToken(name: $name, role: $role, expiresAt: $expiresAt) {\n      token\n      apiToken { ...ApiTokenFields }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateApiToken($name: String!, $role: Role!, $expiresAt: DateTime) {\n    createApiToken(name: $name, role: $role, expiresAt: $expiresAt) {\n      token\n      apiToken { ...ApiTokenFields }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id) { id revokedAt }\n  }\n"): (typeof documents)["\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id) { id revokedAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditEvents($filter: AuditEventFilter, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      events { ...AuditEventFields }\n      endCursor\n      hasNextPage\n    }\n  }\n"): (typeof documents)["\n  query AuditEvents($filter: AuditEventFilter, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      events { ...AuditEventFields }\n      endCursor\n      hasNextPage\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AuditEventAdded {\n    auditEventAdded { ...AuditEventFields }\n  }\n"): (typeof documents)["\n  subscription AuditEventAdded {\n    auditEventAdded { ...AuditEventFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateCatalogEntry($input: CreateCatalogEntryInput!) {\n    createCatalogEntry(input: $input) { name source }\n  }\n"): (typeof documents)["\n  mutation CreateCatalogEntry($input: CreateCatalogEntryInput!) {\n    createCatalogEntry(input: $input) { name source }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateCatalogEntry($name: String!, $input: CatalogEntryInput!) {\n    updateCatalogEntry(name: $name, input: $input) { name source }\n  }\n"): (typeof documents)["\n  mutation UpdateCatalogEntry($name: String!, $input: CatalogEntryInput!) {\n    updateCatalogEntry(name: $name, input: $input) { name source }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteCatalogEntry($name: String!) {\n    deleteCatalogEntry(name: $name) { name }\n  }\n"): (typeof documents)["\n  mutation DeleteCatalogEntry($name: String!) {\n    deleteCatalogEntry(name: $name) { name }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ImportCatalog($yaml: String, $url: String) {\n    importCatalog(yaml: $yaml, url: $url) {\n      imported\n      entries { name title }\n      replaced\n      skipped { name line column path message }\n    }\n  }\n"): (typeof documents)["\n  mutation ImportCatalog($yaml: String, $url: String) {\n    importCatalog(yaml: $yaml, url: $url) {\n      imported\n      entries { name title }\n      replaced\n      skipped { name line column path message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DashboardToolCallFields on ToolCallEvent {\n    id\n    at\n    serverId\n    server\n    tool\n    outcome\n    durationMs\n    via\n  }\n"): (typeof documents)["\n  fragment DashboardToolCallFields on ToolCallEvent {\n    id\n    at\n    serverId\n    server\n    tool\n    outcome\n    durationMs\n    via\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardToolCallActivity($since: DateTime, $bucketMinutes: Int, $tools: Int, $calls: Int) {\n    toolCallActivity(since: $since, bucketMinutes: $bucketMinutes) {\n      since\n      bucketMinutes\n      totalCalls\n      totalErrors\n      buckets { start serverId server calls errors }\n      busiestTools(first: $tools) { serverId server tool calls errors lastCalledAt }\n      recentCalls(first: $calls) { ...DashboardToolCallFields }\n    }\n  }\n"): (typeof documents)["\n  query DashboardToolCallActivity($since: DateTime, $bucketMinutes: Int, $tools: Int, $calls: Int) {\n    toolCallActivity(since: $since, bucketMinutes: $bucketMinutes) {\n      since\n      bucketMinutes\n      totalCalls\n      totalErrors\n      buckets { start serverId server calls errors }\n      busiestTools(first: $tools) { serverId server tool calls errors lastCalledAt }\n      recentCalls(first: $calls) { ...DashboardToolCallFields }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription DashboardToolCallRecorded {\n    toolCallRecorded { ...DashboardToolCallFields }\n  }\n"): (typeof documents)["\n  subscription DashboardToolCallRecorded {\n    toolCallRecorded { ...DashboardToolCallFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DeviceAuthorization($userCode: String!) {\n    deviceAuthorization(userCode: $userCode) { userCode clientName createdAt expiresAt }\n  }\n"): (typeof documents)["\n  query DeviceAuthorization($userCode: String!) {\n    deviceAuthorization(userCode: $userCode) { userCode clientName createdAt expiresAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ApproveDeviceLogin($userCode: String!) {\n    approveDeviceLogin(userCode: $userCode)\n  }\n"): (typeof documents)["\n  mutation ApproveDeviceLogin($userCode: String!) {\n    approveDeviceLogin(userCode: $userCode)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DenyDeviceLogin($userCode: String!) {\n    denyDeviceLogin(userCode: $userCode)\n  }\n"): (typeof documents)["\n  mutation DenyDeviceLogin($userCode: String!) {\n    denyDeviceLogin(userCode: $userCode)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ExecutionFields on Execution {\n    id\n    command\n    argv\n    arguments\n    status\n    exitCode\n    message\n    startedBy { id email }\n    startedAt\n    runningAt\n    finishedAt\n    queuePosition\n    outputBytes\n    outputLines\n    outputTruncated\n  }\n"): (typeof documents)["\n  fragment ExecutionFields on Execution {\n    id\n    command\n    argv\n    arguments\n    status\n    exitCode\n    message\n    startedBy { id email }\n    startedAt\n    runningAt\n    finishedAt\n    queuePosition\n    outputBytes\n    outputLines\n    outputTruncated\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ExecutionOutputChunkFields on ExecutionOutputChunk {\n    id\n    seq\n    stream\n    text\n    at\n  }\n"): (typeof documents)["\n  fragment ExecutionOutputChunkFields on ExecutionOutputChunk {\n    id\n    seq\n    stream\n    text\n    at\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExecutorCommands {\n    executorCommands { name summary minimumRole argumentsSchema }\n  }\n"): (typeof documents)["\n  query ExecutorCommands {\n    executorCommands { name summary minimumRole argumentsSchema }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RunCommand($command: String!, $args: JSON) {\n    runCommand(command: $command, args: $args) { ...ExecutionFields }\n  }\n"): (typeof documents)["\n  mutation RunCommand($command: String!, $args: JSON) {\n    runCommand(command: $command, args: $args) { ...ExecutionFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelExecution($id: ID!) {\n    cancelExecution(id: $id) { ...ExecutionFields }\n  }\n"): (typeof documents)["\n  mutation CancelExecution($id: ID!) {\n    cancelExecution(id: $id) { ...ExecutionFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Executions($filter: ExecutionFilter, $first: Int, $after: String) {\n    executions(filter: $filter, first: $first, after: $after) {\n      executions { ...ExecutionFields }\n      endCursor\n      hasNextPage\n    }\n  }\n"): (typeof documents)["\n  query Executions($filter: ExecutionFilter, $first: Int, $after: String) {\n    executions(filter: $filter, first: $first, after: $after) {\n      executions { ...ExecutionFields }\n      endCursor\n      hasNextPage\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Execution($id: ID!) {\n    execution(id: $id) { ...ExecutionFields }\n  }\n"): (typeof documents)["\n  query Execution($id: ID!) {\n    execution(id: $id) { ...ExecutionFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ExecutionChanged($id: ID) {\n    executionChanged(id: $id) { ...ExecutionFields }\n  }\n"): (typeof documents)["\n  subscription ExecutionChanged($id: ID) {\n    executionChanged(id: $id) { ...ExecutionFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ExecutionOutput($id: ID!, $last: Int) {\n    executionOutput(id: $id, last: $last) { ...ExecutionOutputChunkFields }\n  }\n"): (typeof documents)["\n  subscription ExecutionOutput($id: ID!, $last: Int) {\n    executionOutput(id: $id, last: $last) { ...ExecutionOutputChunkFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment OAuthClientFields on OAuthClient {\n    clientId\n    clientName\n    backend\n    redirectUris\n    redirectHosts\n    grantTypes\n    tokenEndpointAuthMethod\n    applicationType\n    createdBy { id email }\n    sourceAddress\n    createdAt\n    updatedAt\n    lastUsedAt\n    revokedAt\n    clientSecretExpiresAt\n    azure { applicationId servicePrincipalId keyVaultUrl keyVaultSecretName }\n  }\n"): (typeof documents)["\n  fragment OAuthClientFields on OAuthClient {\n    clientId\n    clientName\n    backend\n    redirectUris\n    redirectHosts\n    grantTypes\n    tokenEndpointAuthMethod\n    applicationType\n    createdBy { id email }\n    sourceAddress\n    createdAt\n    updatedAt\n    lastUsedAt\n    revokedAt\n    clientSecretExpiresAt\n    azure { applicationId servicePrincipalId keyVaultUrl keyVaultSecretName }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OAuthClients($filter: OAuthClientFilter, $first: Int, $after: String) {\n    oauthClients(filter: $filter, first: $first, after: $after) {\n      clients { ...OAuthClientFields }\n      endCursor\n      hasNextPage\n      totalCount\n    }\n  }\n"): (typeof documents)["\n  query OAuthClients($filter: OAuthClientFilter, $first: Int, $after: String) {\n    oauthClients(filter: $filter, first: $first, after: $after) {\n      clients { ...OAuthClientFields }\n      endCursor\n      hasNextPage\n      totalCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OAuthClient($clientId: String!) {\n    oauthClient(clientId: $clientId) { ...OAuthClientFields }\n  }\n"): (typeof documents)["\n  query OAuthClient($clientId: String!) {\n    oauthClient(clientId: $clientId) { ...OAuthClientFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeOAuthClient($clientId: String!) {\n    revokeOAuthClient(clientId: $clientId) { ...OAuthClientFields }\n  }\n"): (typeof documents)["\n  mutation RevokeOAuthClient($clientId: String!) {\n    revokeOAuthClient(clientId: $clientId) { ...OAuthClientFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateOAuthClientSecret($clientId: String!) {\n    rotateOAuthClientSecret(clientId: $clientId) {\n      clientSecret\n      client { ...OAuthClientFields }\n    }\n  }\n"): (typeof documents)["\n  mutation RotateOAuthClientSecret($clientId: String!) {\n    rotateOAuthClientSecret(clientId: $clientId) {\n      clientSecret\n      client { ...OAuthClientFields }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OAuthAuthorizationRequest($id: ID!) {\n    oauthAuthorizationRequest(id: $id) { id clientId clientName clientUri clientKind redirectUri redirectHost scopes resource expiresAt }\n  }\n"): (typeof documents)["\n  query OAuthAuthorizationRequest($id: ID!) {\n    oauthAuthorizationRequest(id: $id) { id clientId clientName clientUri clientKind redirectUri redirectHost scopes resource expiresAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DecideOAuthAuthorization($id: ID!, $approve: Boolean!) {\n    decideOAuthAuthorization(id: $id, approve: $approve) { redirectTo }\n  }\n"): (typeof documents)["\n  mutation DecideOAuthAuthorization($id: ID!, $approve: Boolean!) {\n    decideOAuthAuthorization(id: $id, approve: $approve) { redirectTo }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment OAuthConnectionFields on OAuthConnection {\n    id\n    status\n    team\n    scopes\n    expiresAt\n    issuer\n    lastError\n    updatedAt\n    server { id name }\n    user { id email }\n    authorizedBy { id email }\n  }\n"): (typeof documents)["\n  fragment OAuthConnectionFields on OAuthConnection {\n    id\n    status\n    team\n    scopes\n    expiresAt\n    issuer\n    lastError\n    updatedAt\n    server { id name }\n    user { id email }\n    authorizedBy { id email }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ServerOAuthConnection($id: ID!) {\n    server(id: $id) {\n      id\n      oauthConnection { ...OAuthConnectionFields }\n    }\n  }\n"): (typeof documents)["\n  query ServerOAuthConnection($id: ID!) {\n    server(id: $id) {\n      id\n      oauthConnection { ...OAuthConnectionFields }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OAuthConnections($serverId: ID, $userId: ID) {\n    oauthConnections(serverId: $serverId, userId: $userId) { ...OAuthConnectionFields }\n  }\n"): (typeof documents)["\n  query OAuthConnections($serverId: ID, $userId: ID) {\n    oauthConnections(serverId: $serverId, userId: $userId) { ...OAuthConnectionFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AuthorizeServer($serverId: ID!, $scopes: [String!]) {\n    authorizeServer(serverId: $serverId, scopes: $scopes) {\n      authorizationUrl\n      connection { ...OAuthConnectionFields }\n    }\n  }\n"): (typeof documents)["\n  mutation AuthorizeServer($serverId: ID!, $scopes: [String!]) {\n    authorizeServer(serverId: $serverId, scopes: $scopes) {\n      authorizationUrl\n      connection { ...OAuthConnectionFields }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CompleteServerAuthorization($state: String!, $code: String!, $iss: String) {\n    completeServerAuthorization(state: $state, code: $code, iss: $iss) { ...OAuthConnectionFields }\n  }\n"): (typeof documents)["\n  mutation CompleteServerAuthorization($state: String!, $code: String!, $iss: String) {\n    completeServerAuthorization(state: $state, code: $code, iss: $iss) { ...OAuthConnectionFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeServerAuthorization($serverId: ID!, $userId: ID) {\n    revokeServerAuthorization(serverId: $serverId, userId: $userId) { ...OAuthConnectionFields }\n  }\n"): (typeof documents)["\n  mutation RevokeServerAuthorization($serverId: ID!, $userId: ID) {\n    revokeServerAuthorization(serverId: $serverId, userId: $userId) { ...OAuthConnectionFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription OAuthConnectionChanged($serverId: ID) {\n    oauthConnectionChanged(serverId: $serverId) { ...OAuthConnectionFields }\n  }\n"): (typeof documents)["\n  subscription OAuthConnectionChanged($serverId: ID) {\n    oauthConnectionChanged(serverId: $serverId) { ...OAuthConnectionFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment OAuthGrantFields on OAuthGrant {\n    id\n    clientId\n    clientName\n    clientKind\n    user { id }\n    scopes\n    resource\n    createdAt\n    lastUsedAt\n    revokedAt\n  }\n"): (typeof documents)["\n  fragment OAuthGrantFields on OAuthGrant {\n    id\n    clientId\n    clientName\n    clientKind\n    user { id }\n    scopes\n    resource\n    createdAt\n    lastUsedAt\n    revokedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OAuthGrants($userId: ID) {\n    oauthGrants(userId: $userId) { ...OAuthGrantFields }\n  }\n"): (typeof documents)["\n  query OAuthGrants($userId: ID) {\n    oauthGrants(userId: $userId) { ...OAuthGrantFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeOAuthGrant($id: ID!) {\n    revokeOAuthGrant(id: $id) { id revokedAt }\n  }\n"): (typeof documents)["\n  mutation RevokeOAuthGrant($id: ID!) {\n    revokeOAuthGrant(id: $id) { id revokedAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ServerFields on Server {\n    id\n    name\n    status\n    lastError\n    ...ServerFacts\n    catalogEntry { name title description }\n  }\n"): (typeof documents)["\n  fragment ServerFields on Server {\n    id\n    name\n    status\n    lastError\n    ...ServerFacts\n    catalogEntry { name title description }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ToolFields on Tool {\n    name\n    title\n    description\n    inputSchema\n    policy { enabled minRole }\n  }\n"): (typeof documents)["\n  fragment ToolFields on Tool {\n    name\n    title\n    description\n    inputSchema\n    policy { enabled minRole }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SecretFields on ServerSecret {\n    name\n    updatedAt\n    updatedBy { id email }\n  }\n"): (typeof documents)["\n  fragment SecretFields on ServerSecret {\n    name\n    updatedAt\n    updatedBy { id email }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SettingsCheckFields on ServerSettingsCheck {\n    missingConfig\n    missingSecrets\n    invalidConfig { key path message }\n  }\n"): (typeof documents)["\n  fragment SettingsCheckFields on ServerSettingsCheck {\n    missingConfig\n    missingSecrets\n    invalidConfig { key path message }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment LogLineFields on ServerLogLine {\n    id\n    serverId\n    stream\n    line\n    at\n  }\n"): (typeof documents)["\n  fragment LogLineFields on ServerLogLine {\n    id\n    serverId\n    stream\n    line\n    at\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CatalogEntrySummaryFields on CatalogEntry {\n    name\n    title\n    description\n    type\n    category\n    source\n    tags\n    requirements { kind name detail }\n    runnability { canRun runtime reason }\n  }\n"): (typeof documents)["\n  fragment CatalogEntrySummaryFields on CatalogEntry {\n    name\n    title\n    description\n    type\n    category\n    source\n    tags\n    requirements { kind name detail }\n    runnability { canRun runtime reason }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalServers {\n    servers { ...ServerFields }\n  }\n"): (typeof documents)["\n  query PortalServers {\n    servers { ...ServerFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ServerDetail($id: ID!) {\n    server(id: $id) {\n      ...ServerFields\n      toolsUpdatedAt\n      tools { ...ToolFields }\n      config { key value }\n      secrets { ...SecretFields }\n      settingsCheck { ...SettingsCheckFields }\n    }\n  }\n"): (typeof documents)["\n  query ServerDetail($id: ID!) {\n    server(id: $id) {\n      ...ServerFields\n      toolsUpdatedAt\n      tools { ...ToolFields }\n      config { key value }\n      secrets { ...SecretFields }\n      settingsCheck { ...SettingsCheckFields }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalServerLogs($id: ID!, $tail: Int) {\n    server(id: $id) {\n      id\n      name\n      status\n      logs(tail: $tail) { ...LogLineFields }\n    }\n  }\n"): (typeof documents)["\n  query PortalServerLogs($id: ID!, $tail: Int) {\n    server(id: $id) {\n      id\n      name\n      status\n      logs(tail: $tail) { ...LogLineFields }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription PortalServersStatusChanged {\n    serverStatusChanged { ...ServerFields }\n  }\n"): (typeof documents)["\n  subscription PortalServersStatusChanged {\n    serverStatusChanged { ...ServerFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription PortalServerStatusChanged($id: ID!) {\n    serverStatusChanged(id: $id) {\n      ...ServerFields\n      toolsUpdatedAt\n      tools { ...ToolFields }\n      settingsCheck { ...SettingsCheckFields }\n    }\n  }\n"): (typeof documents)["\n  subscription PortalServerStatusChanged($id: ID!) {\n    serverStatusChanged(id: $id) {\n      ...ServerFields\n      toolsUpdatedAt\n      tools { ...ToolFields }\n      settingsCheck { ...SettingsCheckFields }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription PortalServerLogLines($serverId: ID!, $tail: Int) {\n    serverLogs(serverId: $serverId, tail: $tail) { ...LogLineFields }\n  }\n"): (typeof documents)["\n  subscription PortalServerLogLines($serverId: ID!, $tail: Int) {\n    serverLogs(serverId: $serverId, tail: $tail) { ...LogLineFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalEnableServer($name: String!, $start: Boolean, $config: JSON, $secrets: JSON) {\n    enableServer(name: $name, start: $start, config: $config, secrets: $secrets) { ...ServerFields }\n  }\n"): (typeof documents)["\n  mutation PortalEnableServer($name: String!, $start: Boolean, $config: JSON, $secrets: JSON) {\n    enableServer(name: $name, start: $start, config: $config, secrets: $secrets) { ...ServerFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalStartServer($id: ID!) {\n    startServer(id: $id) { ...ServerFields }\n  }\n"): (typeof documents)["\n  mutation PortalStartServer($id: ID!) {\n    startServer(id: $id) { ...ServerFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalStopServer($id: ID!) {\n    stopServer(id: $id) { ...ServerFields }\n  }\n"): (typeof documents)["\n  mutation PortalStopServer($id: ID!) {\n    stopServer(id: $id) { ...ServerFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalRestartServer($id: ID!) {\n    restartServer(id: $id) { ...ServerFields }\n  }\n"): (typeof documents)["\n  mutation PortalRestartServer($id: ID!) {\n    restartServer(id: $id) { ...ServerFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalDisableServer($id: ID!) {\n    disableServer(id: $id) { id name status }\n  }\n"): (typeof documents)["\n  mutation PortalDisableServer($id: ID!) {\n    disableServer(id: $id) { id name status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalSetServerConfig($serverId: ID!, $key: String!, $value: JSON!) {\n    setServerConfig(serverId: $serverId, key: $key, value: $value) { key value }\n  }\n"): (typeof documents)["\n  mutation PortalSetServerConfig($serverId: ID!, $key: String!, $value: JSON!) {\n    setServerConfig(serverId: $serverId, key: $key, value: $value) { key value }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalDeleteServerConfig($serverId: ID!, $key: String!) {\n    deleteServerConfig(serverId: $serverId, key: $key)\n  }\n"): (typeof documents)["\n  mutation PortalDeleteServerConfig($serverId: ID!, $key: String!) {\n    deleteServerConfig(serverId: $serverId, key: $key)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalSetServerSecret($serverId: ID!, $name: String!, $value: String!) {\n    setServerSecret(serverId: $serverId, name: $name, value: $value) { ...SecretFields }\n  }\n"): (typeof documents)["\n  mutation PortalSetServerSecret($serverId: ID!, $name: String!, $value: String!) {\n    setServerSecret(serverId: $serverId, name: $name, value: $value) { ...SecretFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalDeleteServerSecret($serverId: ID!, $name: String!) {\n    deleteServerSecret(serverId: $serverId, name: $name)\n  }\n"): (typeof documents)["\n  mutation PortalDeleteServerSecret($serverId: ID!, $name: String!) {\n    deleteServerSecret(serverId: $serverId, name: $name)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalCatalog($search: String, $first: Int, $after: String) {\n    catalog(search: $search, first: $first, after: $after) {\n      entries { ...CatalogEntrySummaryFields }\n      endCursor\n      hasNextPage\n      totalCount\n    }\n  }\n"): (typeof documents)["\n  query PortalCatalog($search: String, $first: Int, $after: String) {\n    catalog(search: $search, first: $first, after: $after) {\n      entries { ...CatalogEntrySummaryFields }\n      endCursor\n      hasNextPage\n      totalCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CatalogEntry($name: String!) {\n    catalogEntry(name: $name) {\n      ...CatalogEntrySummaryFields\n      image\n      command\n      run { command package bin args env { name value } }\n      remoteUrl\n      remoteTransport\n      tools\n      secrets { name env example description }\n      env { name value }\n      configSchema\n      disableNetwork\n      allowHosts\n      oauth { providers { provider secret env } scopes }\n      readme\n      license\n      icon\n    }\n  }\n"): (typeof documents)["\n  query CatalogEntry($name: String!) {\n    catalogEntry(name: $name) {\n      ...CatalogEntrySummaryFields\n      image\n      command\n      run { command package bin args env { name value } }\n      remoteUrl\n      remoteTransport\n      tools\n      secrets { name env example description }\n      env { name value }\n      configSchema\n      disableNetwork\n      allowHosts\n      oauth { providers { provider secret env } scopes }\n      readme\n      license\n      icon\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalSetToolPolicy($serverId: ID!, $tool: String!, $enabled: Boolean, $minRole: ToolMinRole) {\n    setToolPolicy(serverId: $serverId, tool: $tool, enabled: $enabled, minRole: $minRole) {\n      tool\n      enabled\n      minRole\n      server { id toolsUpdatedAt tools { ...ToolFields } }\n    }\n  }\n"): (typeof documents)["\n  mutation PortalSetToolPolicy($serverId: ID!, $tool: String!, $enabled: Boolean, $minRole: ToolMinRole) {\n    setToolPolicy(serverId: $serverId, tool: $tool, enabled: $enabled, minRole: $minRole) {\n      tool\n      enabled\n      minRole\n      server { id toolsUpdatedAt tools { ...ToolFields } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SessionUser on User {\n    id\n    email\n    role\n  }\n"): (typeof documents)["\n  fragment SessionUser on User {\n    id\n    email\n    role\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CallTool($serverId: ID!, $name: String!, $arguments: JSON) {\n    callTool(serverId: $serverId, name: $name, arguments: $arguments) {\n      isError\n      content\n      structuredContent\n    }\n  }\n"): (typeof documents)["\n  mutation CallTool($serverId: ID!, $name: String!, $arguments: JSON) {\n    callTool(serverId: $serverId, name: $name, arguments: $arguments) {\n      isError\n      content\n      structuredContent\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;