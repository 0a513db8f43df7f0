/* eslint-disable */
import * as types from './graphql';



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
    "\n  fragment CliExecution on Execution {\n    id\n    command\n    argv\n    arguments\n    status\n    exitCode\n    message\n    startedBy { id email }\n    startedAt\n    runningAt\n    finishedAt\n    queuePosition\n    outputBytes\n    outputLines\n    outputTruncated\n  }\n": typeof types.CliExecutionFragmentDoc,
    "\n  fragment CliExecutionOutputChunk on ExecutionOutputChunk {\n    id\n    seq\n    stream\n    text\n    at\n  }\n": typeof types.CliExecutionOutputChunkFragmentDoc,
    "\n  query CliExecutions($filter: ExecutionFilter, $first: Int, $after: String) {\n    executions(filter: $filter, first: $first, after: $after) {\n      executions { ...CliExecution }\n      endCursor\n      hasNextPage\n    }\n  }\n": typeof types.CliExecutionsDocument,
    "\n  query CliExecution($id: ID!, $last: Int) {\n    execution(id: $id) {\n      ...CliExecution\n      output(last: $last) { ...CliExecutionOutputChunk }\n    }\n  }\n": typeof types.CliExecutionDocument,
    "\n  mutation CliCancelExecution($id: ID!) {\n    cancelExecution(id: $id) { ...CliExecution }\n  }\n": typeof types.CliCancelExecutionDocument,
    "\n  subscription CliExecutionOutput($id: ID!, $last: Int) {\n    executionOutput(id: $id, last: $last) { ...CliExecutionOutputChunk }\n  }\n": typeof types.CliExecutionOutputDocument,
    "\n  subscription CliExecutionChanged($id: ID) {\n    executionChanged(id: $id) { ...CliExecution }\n  }\n": typeof types.CliExecutionChangedDocument,
    "\n  fragment CliOAuthConnection on OAuthConnection {\n    id\n    status\n    team\n    scopes\n    expiresAt\n    issuer\n    lastError\n    updatedAt\n    server { id name }\n    user { id email }\n    authorizedBy { id email }\n  }\n": typeof types.CliOAuthConnectionFragmentDoc,
    "\n  query CliOAuthConnections($serverId: ID, $userId: ID) {\n    oauthConnections(serverId: $serverId, userId: $userId) { ...CliOAuthConnection }\n  }\n": typeof types.CliOAuthConnectionsDocument,
    "\n  query CliOAuthConnection($id: ID!) {\n    oauthConnection(id: $id) { ...CliOAuthConnection }\n  }\n": typeof types.CliOAuthConnectionDocument,
    "\n  mutation CliAuthorizeServer($serverId: ID!, $scopes: [String!]) {\n    authorizeServer(serverId: $serverId, scopes: $scopes) {\n      authorizationUrl\n      connection { ...CliOAuthConnection }\n    }\n  }\n": typeof types.CliAuthorizeServerDocument,
    "\n  mutation CliRevokeServerAuthorization($serverId: ID!, $userId: ID) {\n    revokeServerAuthorization(serverId: $serverId, userId: $userId) { ...CliOAuthConnection }\n  }\n": typeof types.CliRevokeServerAuthorizationDocument,
    "\n  subscription CliOAuthConnectionChanged($serverId: ID) {\n    oauthConnectionChanged(serverId: $serverId) { ...CliOAuthConnection }\n  }\n": typeof types.CliOAuthConnectionChangedDocument,
    "\n  query CliUserRefs {\n    users { id email }\n  }\n": typeof types.CliUserRefsDocument,
    "\n  fragment CliOAuthClient on OAuthClient {\n    clientId\n    clientName\n    backend\n    redirectUris\n    redirectHosts\n    grantTypes\n    tokenEndpointAuthMethod\n    applicationType\n    createdBy { id email }\n    sourceAddress\n    createdAt\n    updatedAt\n    lastUsedAt\n    revokedAt\n    clientSecretExpiresAt\n    azure { applicationId servicePrincipalId keyVaultUrl keyVaultSecretName }\n  }\n": typeof types.CliOAuthClientFragmentDoc,
    "\n  query CliOAuthClients($filter: OAuthClientFilter, $first: Int, $after: String) {\n    oauthClients(filter: $filter, first: $first, after: $after) {\n      clients { ...CliOAuthClient }\n      endCursor\n      hasNextPage\n      totalCount\n    }\n  }\n": typeof types.CliOAuthClientsDocument,
    "\n  query CliOAuthClient($clientId: String!) {\n    oauthClient(clientId: $clientId) { ...CliOAuthClient }\n  }\n": typeof types.CliOAuthClientDocument,
    "\n  mutation CliRevokeOAuthClient($clientId: String!) {\n    revokeOAuthClient(clientId: $clientId) { ...CliOAuthClient }\n  }\n": typeof types.CliRevokeOAuthClientDocument,
    "\n  mutation CliRotateOAuthClientSecret($clientId: String!) {\n    rotateOAuthClientSecret(clientId: $clientId) {\n      clientSecret\n      client { ...CliOAuthClient }\n    }\n  }\n": typeof types.CliRotateOAuthClientSecretDocument,
    "\n  fragment CliOAuthGrant on OAuthGrant {\n    id\n    clientId\n    clientName\n    clientKind\n    user { id email }\n    scopes\n    resource\n    createdAt\n    lastUsedAt\n    revokedAt\n  }\n": typeof types.CliOAuthGrantFragmentDoc,
    "\n  query CliOAuthGrants($userId: ID, $everyone: Boolean, $includeRevoked: Boolean) {\n    oauthGrants(userId: $userId, everyone: $everyone, includeRevoked: $includeRevoked) { ...CliOAuthGrant }\n  }\n": typeof types.CliOAuthGrantsDocument,
    "\n  mutation CliRevokeOAuthGrant($id: ID!) {\n    revokeOAuthGrant(id: $id) { ...CliOAuthGrant }\n  }\n": typeof types.CliRevokeOAuthGrantDocument,
    "\n  fragment ServerState on Server {\n    ...ServerCore\n    tools { name }\n  }\n": typeof types.ServerStateFragmentDoc,
    "\n  fragment ToolDetail on Tool {\n    name\n    title\n    description\n    inputSchema\n    outputSchema\n    annotations\n    policy { enabled minRole }\n  }\n": typeof types.ToolDetailFragmentDoc,
    "\n  fragment LogLine on ServerLogLine {\n    id\n    serverId\n    stream\n    line\n    at\n  }\n": typeof types.LogLineFragmentDoc,
    "\n  fragment ConfigValueFields on ConfigValue {\n    key\n    value\n    updatedAt\n    updatedBy { id email }\n  }\n": typeof types.ConfigValueFieldsFragmentDoc,
    "\n  fragment SecretFields on ServerSecret {\n    name\n    updatedAt\n    updatedBy { id email }\n  }\n": typeof types.SecretFieldsFragmentDoc,
    "\n  fragment ApiTokenFields on ApiToken {\n    id\n    name\n    role\n    createdAt\n    expiresAt\n    lastUsedAt\n    revokedAt\n  }\n": typeof types.ApiTokenFieldsFragmentDoc,
    "\n  fragment AuditEventFields on AuditEvent {\n    id\n    occurredAt\n    actorId\n    actorEmail\n    action\n    targetType\n    targetId\n    outcome\n    detail\n    requestId\n    sourceIp\n    subgraph\n  }\n": typeof types.AuditEventFieldsFragmentDoc,
    "\n  fragment CatalogEntrySummary on CatalogEntry {\n    name\n    title\n    description\n    type\n    category\n    source\n    requirements { kind name detail }\n    runnability { canRun runtime reason }\n  }\n": typeof types.CatalogEntrySummaryFragmentDoc,
    "\n  mutation CliLogin($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n      refreshToken\n      user { id email role }\n    }\n  }\n": typeof types.CliLoginDocument,
    "\n  mutation CliEndSession($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n": typeof types.CliEndSessionDocument,
    "\n  query CliTokenIdentity {\n    me { id email role }\n    apiTokens { id expiresAt }\n  }\n": typeof types.CliTokenIdentityDocument,
    "\n  query Me {\n    me { id email role }\n  }\n": typeof types.MeDocument,
    "\n  query ApiTokens {\n    apiTokens { ...ApiTokenFields }\n  }\n": typeof types.ApiTokensDocument,
    "\n  mutation CreateApiToken($name: String!, $role: Role!, $expiresAt: DateTime) {\n    createApiToken(name: $name, role: $role, expiresAt: $expiresAt) {\n      token\n      apiToken { ...ApiTokenFields }\n    }\n  }\n": typeof types.CreateApiTokenDocument,
    "\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id) { id revokedAt }\n  }\n": typeof types.RevokeApiTokenDocument,
    "\n  query AuditEvents($filter: AuditEventFilter, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      events { ...AuditEventFields }\n      endCursor\n      hasNextPage\n    }\n  }\n": typeof types.AuditEventsDocument,
    "\n  subscription AuditEventAdded {\n    auditEventAdded { ...AuditEventFields }\n  }\n": typeof types.AuditEventAddedDocument,
    "\n  query Catalog($search: String, $first: Int, $after: String) {\n    catalog(search: $search, first: $first, after: $after) {\n      entries { ...CatalogEntrySummary }\n      endCursor\n      hasNextPage\n      totalCount\n    }\n  }\n": typeof types.CatalogDocument,
    "\n  query CatalogEntry($name: String!) {\n    catalogEntry(name: $name) {\n      ...CatalogEntrySummary\n      image\n      command\n      run { command package bin args env { name value } }\n      remoteUrl\n      remoteTransport\n      tools\n      secrets { name env example description }\n      env { name value }\n      configSchema\n      disableNetwork\n      allowHosts\n      oauth { providers { provider secret env } scopes }\n      readme\n      tags\n      license\n      icon\n    }\n  }\n": typeof types.CatalogEntryDocument,
    "\n  mutation ImportCatalog($yaml: String, $url: String) {\n    importCatalog(yaml: $yaml, url: $url) {\n      imported\n      entries { ...CatalogEntrySummary }\n      replaced\n      skipped { name line column path message }\n    }\n  }\n": typeof types.ImportCatalogDocument,
    "\n  query ServerRefs {\n    servers { id name status }\n  }\n": typeof types.ServerRefsDocument,
    "\n  query ServerList {\n    servers { ...ServerState }\n  }\n": typeof types.ServerListDocument,
    "\n  query ServerDetails($id: ID!) {\n    server(id: $id) {\n      ...ServerCore\n      enabledAt\n      toolsUpdatedAt\n      tools { ...ToolDetail }\n      config { key }\n    }\n  }\n": typeof types.ServerDetailsDocument,
    "\n  mutation EnableServer($name: String!, $start: Boolean, $config: JSON, $secrets: JSON) {\n    enableServer(name: $name, start: $start, config: $config, secrets: $secrets) { ...ServerState }\n  }\n": typeof types.EnableServerDocument,
    "\n  mutation DisableServer($id: ID!) {\n    disableServer(id: $id) { id name status }\n  }\n": typeof types.DisableServerDocument,
    "\n  mutation StartServer($id: ID!) {\n    startServer(id: $id) { ...ServerState }\n  }\n": typeof types.StartServerDocument,
    "\n  mutation StopServer($id: ID!) {\n    stopServer(id: $id) { ...ServerState }\n  }\n": typeof types.StopServerDocument,
    "\n  mutation RestartServer($id: ID!) {\n    restartServer(id: $id) { ...ServerState }\n  }\n": typeof types.RestartServerDocument,
    "\n  subscription ServerStateChanged($id: ID) {\n    serverStatusChanged(id: $id) { ...ServerState }\n  }\n": typeof types.ServerStateChangedDocument,
    "\n  query ServerLogs($id: ID!, $tail: Int) {\n    server(id: $id) {\n      id\n      name\n      status\n      logs(tail: $tail) { ...LogLine }\n    }\n  }\n": typeof types.ServerLogsDocument,
    "\n  subscription ServerLogLines($serverId: ID!, $tail: Int) {\n    serverLogs(serverId: $serverId, tail: $tail) { ...LogLine }\n  }\n": typeof types.ServerLogLinesDocument,
    "\n  query Tools($serverId: ID) {\n    tools(serverId: $serverId) {\n      ...ToolDetail\n      server { id name }\n    }\n  }\n": typeof types.ToolsDocument,
    "\n  query CliToolCounts {\n    servers { id name status tools { name } }\n  }\n": typeof types.CliToolCountsDocument,
    "\n  mutation CallTool($serverId: ID!, $name: String!, $arguments: JSON) {\n    callTool(serverId: $serverId, name: $name, arguments: $arguments) {\n      isError\n      content\n      structuredContent\n      text\n    }\n  }\n": typeof types.CallToolDocument,
    "\n  mutation SetToolPolicy($serverId: ID!, $tool: String!, $enabled: Boolean, $minRole: ToolMinRole) {\n    setToolPolicy(serverId: $serverId, tool: $tool, enabled: $enabled, minRole: $minRole) {\n      tool\n      enabled\n      minRole\n      updatedAt\n      server { id name }\n    }\n  }\n": typeof types.SetToolPolicyDocument,
    "\n  query ServerSecrets($id: ID!) {\n    server(id: $id) {\n      id\n      name\n      status\n      catalogEntry { name secrets { name env example description } }\n      secrets { ...SecretFields }\n    }\n  }\n": typeof types.ServerSecretsDocument,
    "\n  mutation SetServerSecret($serverId: ID!, $name: String!, $value: String!) {\n    setServerSecret(serverId: $serverId, name: $name, value: $value) { ...SecretFields }\n  }\n": typeof types.SetServerSecretDocument,
    "\n  mutation DeleteServerSecret($serverId: ID!, $name: String!) {\n    deleteServerSecret(serverId: $serverId, name: $name)\n  }\n": typeof types.DeleteServerSecretDocument,
    "\n  query ServerConfig($id: ID!) {\n    server(id: $id) {\n      id\n      name\n      status\n      config { ...ConfigValueFields }\n    }\n  }\n": typeof types.ServerConfigDocument,
    "\n  query CliServerConfigKeys($id: ID!) {\n    server(id: $id) {\n      id\n      name\n      status\n      catalogEntry {\n        name\n        configSchema\n        command\n        env { value }\n        run { args env { value } }\n      }\n    }\n  }\n": typeof types.CliServerConfigKeysDocument,
    "\n  mutation SetServerConfig($serverId: ID!, $key: String!, $value: JSON!) {\n    setServerConfig(serverId: $serverId, key: $key, value: $value) { ...ConfigValueFields }\n  }\n": typeof types.SetServerConfigDocument,
    "\n  mutation DeleteServerConfig($serverId: ID!, $key: String!) {\n    deleteServerConfig(serverId: $serverId, key: $key)\n  }\n": typeof types.DeleteServerConfigDocument,
    "\n  fragment ServerCore on Server {\n    id\n    name\n    status\n    lastError\n    desiredState\n    runtime\n    startedAt\n    stoppedAt\n    lastHealthAt\n    restartCount\n    updatedAt\n    enabledBy { id email }\n    catalogEntry { title description }\n  }\n": typeof types.ServerCoreFragmentDoc,
};
const documents: Documents = {
    "\n  fragment CliExecution on Execution {\n    id\n    command\n    argv\n    arguments\n    status\n    exitCode\n    message\n    startedBy { id email }\n    startedAt\n    runningAt\n    finishedAt\n    queuePosition\n    outputBytes\n    outputLines\n    outputTruncated\n  }\n": types.CliExecutionFragmentDoc,
    "\n  fragment CliExecutionOutputChunk on ExecutionOutputChunk {\n    id\n    seq\n    stream\n    text\n    at\n  }\n": types.CliExecutionOutputChunkFragmentDoc,
    "\n  query CliExecutions($filter: ExecutionFilter, $first: Int, $after: String) {\n    executions(filter: $filter, first: $first, after: $after) {\n      executions { ...CliExecution }\n      endCursor\n      hasNextPage\n    }\n  }\n": types.CliExecutionsDocument,
    "\n  query CliExecution($id: ID!, $last: Int) {\n    execution(id: $id) {\n      ...CliExecution\n      output(last: $last) { ...CliExecutionOutputChunk }\n    }\n  }\n": types.CliExecutionDocument,
    "\n  mutation CliCancelExecution($id: ID!) {\n    cancelExecution(id: $id) { ...CliExecution }\n  }\n": types.CliCancelExecutionDocument,
    "\n  subscription CliExecutionOutput($id: ID!, $last: Int) {\n    executionOutput(id: $id, last: $last) { ...CliExecutionOutputChunk }\n  }\n": types.CliExecutionOutputDocument,
    "\n  subscription CliExecutionChanged($id: ID) {\n    executionChanged(id: $id) { ...CliExecution }\n  }\n": types.CliExecutionChangedDocument,
    "\n  fragment CliOAuthConnection on OAuthConnection {\n    id\n    status\n    team\n    scopes\n    expiresAt\n    issuer\n    lastError\n    updatedAt\n    server { id name }\n    user { id email }\n    authorizedBy { id email }\n  }\n": types.CliOAuthConnectionFragmentDoc,
    "\n  query CliOAuthConnections($serverId: ID, $userId: ID) {\n    oauthConnections(serverId: $serverId, userId: $userId) { ...CliOAuthConnection }\n  }\n": types.CliOAuthConnectionsDocument,
    "\n  query CliOAuthConnection($id: ID!) {\n    oauthConnection(id: $id) { ...CliOAuthConnection }\n  }\n": types.CliOAuthConnectionDocument,
    "\n  mutation CliAuthorizeServer($serverId: ID!, $scopes: [String!]) {\n    authorizeServer(serverId: $serverId, scopes: $scopes) {\n      authorizationUrl\n      connection { ...CliOAuthConnection }\n    }\n  }\n": types.CliAuthorizeServerDocument,
    "\n  mutation CliRevokeServerAuthorization($serverId: ID!, $userId: ID) {\n    revokeServerAuthorization(serverId: $serverId, userId: $userId) { ...CliOAuthConnection }\n  }\n": types.CliRevokeServerAuthorizationDocument,
    "\n  subscription CliOAuthConnectionChanged($serverId: ID) {\n    oauthConnectionChanged(serverId: $serverId) { ...CliOAuthConnection }\n  }\n": types.CliOAuthConnectionChangedDocument,
    "\n  query CliUserRefs {\n    users { id email }\n  }\n": types.CliUserRefsDocument,
    "\n  fragment CliOAuthClient on OAuthClient {\n    clientId\n    clientName\n    backend\n    redirectUris\n    redirectHosts\n    grantTypes\n    tokenEndpointAuthMethod\n    applicationType\n    createdBy { id email }\n    sourceAddress\n    createdAt\n    updatedAt\n    lastUsedAt\n    revokedAt\n    clientSecretExpiresAt\n    azure { applicationId servicePrincipalId keyVaultUrl keyVaultSecretName }\n  }\n": types.CliOAuthClientFragmentDoc,
    "\n  query CliOAuthClients($filter: OAuthClientFilter, $first: Int, $after: String) {\n    oauthClients(filter: $filter, first: $first, after: $after) {\n      clients { ...CliOAuthClient }\n      endCursor\n      hasNextPage\n      totalCount\n    }\n  }\n": types.CliOAuthClientsDocument,
    "\n  query CliOAuthClient($clientId: String!) {\n    oauthClient(clientId: $clientId) { ...CliOAuthClient }\n  }\n": types.CliOAuthClientDocument,
    "\n  mutation CliRevokeOAuthClient($clientId: String!) {\n    revokeOAuthClient(clientId: $clientId) { ...CliOAuthClient }\n  }\n": types.CliRevokeOAuthClientDocument,
    "\n  mutation CliRotateOAuthClientSecret($clientId: String!) {\n    rotateOAuthClientSecret(clientId: $clientId) {\n      clientSecret\n      client { ...CliOAuthClient }\n    }\n  }\n": types.CliRotateOAuthClientSecretDocument,
    "\n  fragment CliOAuthGrant on OAuthGrant {\n    id\n    clientId\n    clientName\n    clientKind\n    user { id email }\n    scopes\n    resource\n    createdAt\n    lastUsedAt\n    revokedAt\n  }\n": types.CliOAuthGrantFragmentDoc,
    "\n  query CliOAuthGrants($userId: ID, $everyone: Boolean, $includeRevoked: Boolean) {\n    oauthGrants(userId: $userId, everyone: $everyone, includeRevoked: $includeRevoked) { ...CliOAuthGrant }\n  }\n": types.CliOAuthGrantsDocument,
    "\n  mutation CliRevokeOAuthGrant($id: ID!) {\n    revokeOAuthGrant(id: $id) { ...CliOAuthGrant }\n  }\n": types.CliRevokeOAuthGrantDocument,
    "\n  fragment ServerState on Server {\n    ...ServerCore\n    tools { name }\n  }\n": types.ServerStateFragmentDoc,
    "\n  fragment ToolDetail on Tool {\n    name\n    title\n    description\n    inputSchema\n    outputSchema\n    annotations\n    policy { enabled minRole }\n  }\n": types.ToolDetailFragmentDoc,
    "\n  fragment LogLine on ServerLogLine {\n    id\n    serverId\n    stream\n    line\n    at\n  }\n": types.LogLineFragmentDoc,
    "\n  fragment ConfigValueFields on ConfigValue {\n    key\n    value\n    updatedAt\n    updatedBy { id email }\n  }\n": types.ConfigValueFieldsFragmentDoc,
    "\n  fragment SecretFields on ServerSecret {\n    name\n    updatedAt\n    updatedBy { id email }\n  }\n": types.SecretFieldsFragmentDoc,
    "\n  fragment ApiTokenFields on ApiToken {\n    id\n    name\n    role\n    createdAt\n    expiresAt\n    lastUsedAt\n    revokedAt\n  }\n": types.ApiTokenFieldsFragmentDoc,
    "\n  fragment AuditEventFields on AuditEvent {\n    id\n    occurredAt\n    actorId\n    actorEmail\n    action\n    targetType\n    targetId\n    outcome\n    detail\n    requestId\n    sourceIp\n    subgraph\n  }\n": types.AuditEventFieldsFragmentDoc,
    "\n  fragment CatalogEntrySummary on CatalogEntry {\n    name\n    title\n    description\n    type\n    category\n    source\n    requirements { kind name detail }\n    runnability { canRun runtime reason }\n  }\n": types.CatalogEntrySummaryFragmentDoc,
    "\n  mutation CliLogin($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n      refreshToken\n      user { id email role }\n    }\n  }\n": types.CliLoginDocument,
    "\n  mutation CliEndSession($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n": types.CliEndSessionDocument,
    "\n  query CliTokenIdentity {\n    me { id email role }\n    apiTokens { id expiresAt }\n  }\n": types.CliTokenIdentityDocument,
    "\n  query Me {\n    me { id email role }\n  }\n": types.MeDocument,
    "\n  query ApiTokens {\n    apiTokens { ...ApiTokenFields }\n  }\n": types.ApiTokensDocument,
    "\n  mutation CreateApiToken($name: String!, $role: Role!, $expiresAt: DateTime) {\n    createApiToken(name: $name, role: $role, expiresAt: $expiresAt) {\n      token\n      apiToken { ...ApiTokenFields }\n    }\n  }\n": types.CreateApiTokenDocument,
    "\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id) { id revokedAt }\n  }\n": types.RevokeApiTokenDocument,
    "\n  query AuditEvents($filter: AuditEventFilter, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      events { ...AuditEventFields }\n      endCursor\n      hasNextPage\n    }\n  }\n": types.AuditEventsDocument,
    "\n  subscription AuditEventAdded {\n    auditEventAdded { ...AuditEventFields }\n  }\n": types.AuditEventAddedDocument,
    "\n  query Catalog($search: String, $first: Int, $after: String) {\n    catalog(search: $search, first: $first, after: $after) {\n      entries { ...CatalogEntrySummary }\n      endCursor\n      hasNextPage\n      totalCount\n    }\n  }\n": types.CatalogDocument,
    "\n  query CatalogEntry($name: String!) {\n    catalogEntry(name: $name) {\n      ...CatalogEntrySummary\n      image\n      command\n      run { command package bin args env { name value } }\n      remoteUrl\n      remoteTransport\n      tools\n      secrets { name env example description }\n      env { name value }\n      configSchema\n      disableNetwork\n      allowHosts\n      oauth { providers { provider secret env } scopes }\n      readme\n      tags\n      license\n      icon\n    }\n  }\n": types.CatalogEntryDocument,
    "\n  mutation ImportCatalog($yaml: String, $url: String) {\n    importCatalog(yaml: $yaml, url: $url) {\n      imported\n      entries { ...CatalogEntrySummary }\n      replaced\n      skipped { name line column path message }\n    }\n  }\n": types.ImportCatalogDocument,
    "\n  query ServerRefs {\n    servers { id name status }\n  }\n": types.ServerRefsDocument,
    "\n  query ServerList {\n    servers { ...ServerState }\n  }\n": types.ServerListDocument,
    "\n  query ServerDetails($id: ID!) {\n    server(id: $id) {\n      ...ServerCore\n      enabledAt\n      toolsUpdatedAt\n      tools { ...ToolDetail }\n      config { key }\n    }\n  }\n": types.ServerDetailsDocument,
    "\n  mutation EnableServer($name: String!, $start: Boolean, $config: JSON, $secrets: JSON) {\n    enableServer(name: $name, start: $start, config: $config, secrets: $secrets) { ...ServerState }\n  }\n": types.EnableServerDocument,
    "\n  mutation DisableServer($id: ID!) {\n    disableServer(id: $id) { id name status }\n  }\n": types.DisableServerDocument,
    "\n  mutation StartServer($id: ID!) {\n    startServer(id: $id) { ...ServerState }\n  }\n": types.StartServerDocument,
    "\n  mutation StopServer($id: ID!) {\n    stopServer(id: $id) { ...ServerState }\n  }\n": types.StopServerDocument,
    "\n  mutation RestartServer($id: ID!) {\n    restartServer(id: $id) { ...ServerState }\n  }\n": types.RestartServerDocument,
    "\n  subscription ServerStateChanged($id: ID) {\n    serverStatusChanged(id: $id) { ...ServerState }\n  }\n": types.ServerStateChangedDocument,
    "\n  query ServerLogs($id: ID!, $tail: Int) {\n    server(id: $id) {\n      id\n      name\n      status\n      logs(tail: $tail) { ...LogLine }\n    }\n  }\n": types.ServerLogsDocument,
    "\n  subscription ServerLogLines($serverId: ID!, $tail: Int) {\n    serverLogs(serverId: $serverId, tail: $tail) { ...LogLine }\n  }\n": types.ServerLogLinesDocument,
    "\n  query Tools($serverId: ID) {\n    tools(serverId: $serverId) {\n      ...ToolDetail\n      server { id name }\n    }\n  }\n": types.ToolsDocument,
    "\n  query CliToolCounts {\n    servers { id name status tools { name } }\n  }\n": types.CliToolCountsDocument,
    "\n  mutation CallTool($serverId: ID!, $name: String!, $arguments: JSON) {\n    callTool(serverId: $serverId, name: $name, arguments: $arguments) {\n      isError\n      content\n      structuredContent\n      text\n    }\n  }\n": types.CallToolDocument,
    "\n  mutation SetToolPolicy($serverId: ID!, $tool: String!, $enabled: Boolean, $minRole: ToolMinRole) {\n    setToolPolicy(serverId: $serverId, tool: $tool, enabled: $enabled, minRole: $minRole) {\n      tool\n      enabled\n      minRole\n      updatedAt\n      server { id name }\n    }\n  }\n": types.SetToolPolicyDocument,
    "\n  query ServerSecrets($id: ID!) {\n    server(id: $id) {\n      id\n      name\n      status\n      catalogEntry { name secrets { name env example description } }\n      secrets { ...SecretFields }\n    }\n  }\n": types.ServerSecretsDocument,
    "\n  mutation SetServerSecret($serverId: ID!, $name: String!, $value: String!) {\n    setServerSecret(serverId: $serverId, name: $name, value: $value) { ...SecretFields }\n  }\n": types.SetServerSecretDocument,
    "\n  mutation DeleteServerSecret($serverId: ID!, $name: String!) {\n    deleteServerSecret(serverId: $serverId, name: $name)\n  }\n": types.DeleteServerSecretDocument,
    "\n  query ServerConfig($id: ID!) {\n    server(id: $id) {\n      id\n      name\n      status\n      config { ...ConfigValueFields }\n    }\n  }\n": types.ServerConfigDocument,
    "\n  query CliServerConfigKeys($id: ID!) {\n    server(id: $id) {\n      id\n      name\n      status\n      catalogEntry {\n        name\n        configSchema\n        command\n        env { value }\n        run { args env { value } }\n      }\n    }\n  }\n": types.CliServerConfigKeysDocument,
    "\n  mutation SetServerConfig($serverId: ID!, $key: String!, $value: JSON!) {\n    setServerConfig(serverId: $serverId, key: $key, value: $value) { ...ConfigValueFields }\n  }\n": types.SetServerConfigDocument,
    "\n  mutation DeleteServerConfig($serverId: ID!, $key: String!) {\n    deleteServerConfig(serverId: $serverId, key: $key)\n  }\n": types.DeleteServerConfigDocument,
    "\n  fragment ServerCore on Server {\n    id\n    name\n    status\n    lastError\n    desiredState\n    runtime\n    startedAt\n    stoppedAt\n    lastHealthAt\n    restartCount\n    updatedAt\n    enabledBy { id email }\n    catalogEntry { title description }\n  }\n": types.ServerCoreFragmentDoc,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CliExecution on Execution {\n    id\n    command\n    argv\n    arguments\n    status\n    exitCode\n    message\n    startedBy { id email }\n    startedAt\n    runningAt\n    finishedAt\n    queuePosition\n    outputBytes\n    outputLines\n    outputTruncated\n  }\n"): typeof import('./graphql').CliExecutionFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CliExecutionOutputChunk on ExecutionOutputChunk {\n    id\n    seq\n    stream\n    text\n    at\n  }\n"): typeof import('./graphql').CliExecutionOutputChunkFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliExecutions($filter: ExecutionFilter, $first: Int, $after: String) {\n    executions(filter: $filter, first: $first, after: $after) {\n      executions { ...CliExecution }\n      endCursor\n      hasNextPage\n    }\n  }\n"): typeof import('./graphql').CliExecutionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliExecution($id: ID!, $last: Int) {\n    execution(id: $id) {\n      ...CliExecution\n      output(last: $last) { ...CliExecutionOutputChunk }\n    }\n  }\n"): typeof import('./graphql').CliExecutionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliCancelExecution($id: ID!) {\n    cancelExecution(id: $id) { ...CliExecution }\n  }\n"): typeof import('./graphql').CliCancelExecutionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription CliExecutionOutput($id: ID!, $last: Int) {\n    executionOutput(id: $id, last: $last) { ...CliExecutionOutputChunk }\n  }\n"): typeof import('./graphql').CliExecutionOutputDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription CliExecutionChanged($id: ID) {\n    executionChanged(id: $id) { ...CliExecution }\n  }\n"): typeof import('./graphql').CliExecutionChangedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CliOAuthConnection on OAuthConnection {\n    id\n    status\n    team\n    scopes\n    expiresAt\n    issuer\n    lastError\n    updatedAt\n    server { id name }\n    user { id email }\n    authorizedBy { id email }\n  }\n"): typeof import('./graphql').CliOAuthConnectionFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliOAuthConnections($serverId: ID, $userId: ID) {\n    oauthConnections(serverId: $serverId, userId: $userId) { ...CliOAuthConnection }\n  }\n"): typeof import('./graphql').CliOAuthConnectionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliOAuthConnection($id: ID!) {\n    oauthConnection(id: $id) { ...CliOAuthConnection }\n  }\n"): typeof import('./graphql').CliOAuthConnectionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliAuthorizeServer($serverId: ID!, $scopes: [String!]) {\n    authorizeServer(serverId: $serverId, scopes: $scopes) {\n      authorizationUrl\n      connection { ...CliOAuthConnection }\n    }\n  }\n"): typeof import('./graphql').CliAuthorizeServerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliRevokeServerAuthorization($serverId: ID!, $userId: ID) {\n    revokeServerAuthorization(serverId: $serverId, userId: $userId) { ...CliOAuthConnection }\n  }\n"): typeof import('./graphql').CliRevokeServerAuthorizationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription CliOAuthConnectionChanged($serverId: ID) {\n    oauthConnectionChanged(serverId: $serverId) { ...CliOAuthConnection }\n  }\n"): typeof import('./graphql').CliOAuthConnectionChangedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliUserRefs {\n    users { id email }\n  }\n"): typeof import('./graphql').CliUserRefsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CliOAuthClient on OAuthClient {\n    clientId\n    clientName\n    backend\n    redirectUris\n    redirectHosts\n    grantTypes\n    tokenEndpointAuthMethod\n    applicationType\n    createdBy { id email }\n    sourceAddress\n    createdAt\n    updatedAt\n    lastUsedAt\n    revokedAt\n    clientSecretExpiresAt\n    azure { applicationId servicePrincipalId keyVaultUrl keyVaultSecretName }\n  }\n"): typeof import('./graphql').CliOAuthClientFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliOAuthClients($filter: OAuthClientFilter, $first: Int, $after: String) {\n    oauthClients(filter: $filter, first: $first, after: $after) {\n      clients { ...CliOAuthClient }\n      endCursor\n      hasNextPage\n      totalCount\n    }\n  }\n"): typeof import('./graphql').CliOAuthClientsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliOAuthClient($clientId: String!) {\n    oauthClient(clientId: $clientId) { ...CliOAuthClient }\n  }\n"): typeof import('./graphql').CliOAuthClientDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliRevokeOAuthClient($clientId: String!) {\n    revokeOAuthClient(clientId: $clientId) { ...CliOAuthClient }\n  }\n"): typeof import('./graphql').CliRevokeOAuthClientDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliRotateOAuthClientSecret($clientId: String!) {\n    rotateOAuthClientSecret(clientId: $clientId) {\n      clientSecret\n      client { ...CliOAuthClient }\n    }\n  }\n"): typeof import('./graphql').CliRotateOAuthClientSecretDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CliOAuthGrant on OAuthGrant {\n    id\n    clientId\n    clientName\n    clientKind\n    user { id email }\n    scopes\n    resource\n    createdAt\n    lastUsedAt\n    revokedAt\n  }\n"): typeof import('./graphql').CliOAuthGrantFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliOAuthGrants($userId: ID, $everyone: Boolean, $includeRevoked: Boolean) {\n    oauthGrants(userId: $userId, everyone: $everyone, includeRevoked: $includeRevoked) { ...CliOAuthGrant }\n  }\n"): typeof import('./graphql').CliOAuthGrantsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliRevokeOAuthGrant($id: ID!) {\n    revokeOAuthGrant(id: $id) { ...CliOAuthGrant }\n  }\n"): typeof import('./graphql').CliRevokeOAuthGrantDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ServerState on Server {\n    ...ServerCore\n    tools { name }\n  }\n"): typeof import('./graphql').ServerStateFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ToolDetail on Tool {\n    name\n    title\n    description\n    inputSchema\n    outputSchema\n    annotations\n    policy { enabled minRole }\n  }\n"): typeof import('./graphql').ToolDetailFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment LogLine on ServerLogLine {\n    id\n    serverId\n    stream\n    line\n    at\n  }\n"): typeof import('./graphql').LogLineFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConfigValueFields on ConfigValue {\n    key\n    value\n    updatedAt\n    updatedBy { id email }\n  }\n"): typeof import('./graphql').ConfigValueFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SecretFields on ServerSecret {\n    name\n    updatedAt\n    updatedBy { id email }\n  }\n"): typeof import('./graphql').SecretFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ApiTokenFields on ApiToken {\n    id\n    name\n    role\n    createdAt\n    expiresAt\n    lastUsedAt\n    revokedAt\n  }\n"): typeof import('./graphql').ApiTokenFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AuditEventFields on AuditEvent {\n    id\n    occurredAt\n    actorId\n    actorEmail\n    action\n    targetType\n    targetId\n    outcome\n    detail\n    requestId\n    sourceIp\n    subgraph\n  }\n"): typeof import('./graphql').AuditEventFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CatalogEntrySummary on CatalogEntry {\n    name\n    title\n    description\n    type\n    category\n    source\n    requirements { kind name detail }\n    runnability { canRun runtime reason }\n  }\n"): typeof import('./graphql').CatalogEntrySummaryFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliLogin($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n      refreshToken\n      user { id email role }\n    }\n  }\n"): typeof import('./graphql').CliLoginDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliEndSession($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n"): typeof import('./graphql').CliEndSessionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliTokenIdentity {\n    me { id email role }\n    apiTokens { id expiresAt }\n  }\n"): typeof import('./graphql').CliTokenIdentityDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me { id email role }\n  }\n"): typeof import('./graphql').MeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiTokens {\n    apiTokens { ...ApiTokenFields }\n  }\n"): typeof import('./graphql').ApiTokensDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiToken($name: String!, $role: Role!, $expiresAt: DateTime) {\n    createApiToken(name: $name, role: $role, expiresAt: $expiresAt) {\n      token\n      apiToken { ...ApiTokenFields }\n    }\n  }\n"): typeof import('./graphql').CreateApiTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id) { id revokedAt }\n  }\n"): typeof import('./graphql').RevokeApiTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditEvents($filter: AuditEventFilter, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      events { ...AuditEventFields }\n      endCursor\n      hasNextPage\n    }\n  }\n"): typeof import('./graphql').AuditEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AuditEventAdded {\n    auditEventAdded { ...AuditEventFields }\n  }\n"): typeof import('./graphql').AuditEventAddedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Catalog($search: String, $first: Int, $after: String) {\n    catalog(search: $search, first: $first, after: $after) {\n      entries { ...CatalogEntrySummary }\n      endCursor\n      hasNextPage\n      totalCount\n    }\n  }\n"): typeof import('./graphql').CatalogDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CatalogEntry($name: String!) {\n    catalogEntry(name: $name) {\n      ...CatalogEntrySummary\n      image\n      command\n      run { command package bin args env { name value } }\n      remoteUrl\n      remoteTransport\n      tools\n      secrets { name env example description }\n      env { name value }\n      configSchema\n      disableNetwork\n      allowHosts\n      oauth { providers { provider secret env } scopes }\n      readme\n      tags\n      license\n      icon\n    }\n  }\n"): typeof import('./graphql').CatalogEntryDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ImportCatalog($yaml: String, $url: String) {\n    importCatalog(yaml: $yaml, url: $url) {\n      imported\n      entries { ...CatalogEntrySummary }\n      replaced\n      skipped { name line column path message }\n    }\n  }\n"): typeof import('./graphql').ImportCatalogDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ServerRefs {\n    servers { id name status }\n  }\n"): typeof import('./graphql').ServerRefsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ServerList {\n    servers { ...ServerState }\n  }\n"): typeof import('./graphql').ServerListDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ServerDetails($id: ID!) {\n    server(id: $id) {\n      ...ServerCore\n      enabledAt\n      toolsUpdatedAt\n      tools { ...ToolDetail }\n      config { key }\n    }\n  }\n"): typeof import('./graphql').ServerDetailsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EnableServer($name: String!, $start: Boolean, $config: JSON, $secrets: JSON) {\n    enableServer(name: $name, start: $start, config: $config, secrets: $secrets) { ...ServerState }\n  }\n"): typeof import('./graphql').EnableServerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DisableServer($id: ID!) {\n    disableServer(id: $id) { id name status }\n  }\n"): typeof import('./graphql').DisableServerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartServer($id: ID!) {\n    startServer(id: $id) { ...ServerState }\n  }\n"): typeof import('./graphql').StartServerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StopServer($id: ID!) {\n    stopServer(id: $id) { ...ServerState }\n  }\n"): typeof import('./graphql').StopServerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RestartServer($id: ID!) {\n    restartServer(id: $id) { ...ServerState }\n  }\n"): typeof import('./graphql').RestartServerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ServerStateChanged($id: ID) {\n    serverStatusChanged(id: $id) { ...ServerState }\n  }\n"): typeof import('./graphql').ServerStateChangedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ServerLogs($id: ID!, $tail: Int) {\n    server(id: $id) {\n      id\n      name\n      status\n      logs(tail: $tail) { ...LogLine }\n    }\n  }\n"): typeof import('./graphql').ServerLogsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ServerLogLines($serverId: ID!, $tail: Int) {\n    serverLogs(serverId: $serverId, tail: $tail) { ...LogLine }\n  }\n"): typeof import('./graphql').ServerLogLinesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Tools($serverId: ID) {\n    tools(serverId: $serverId) {\n      ...ToolDetail\n      server { id name }\n    }\n  }\n"): typeof import('./graphql').ToolsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliToolCounts {\n    servers { id name status tools { name } }\n  }\n"): typeof import('./graphql').CliToolCountsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CallTool($serverId: ID!, $name: String!, $arguments: JSON) {\n    callTool(serverId: $serverId, name: $name, arguments: $arguments) {\n      isError\n      content\n      structuredContent\n      text\n    }\n  }\n"): typeof import('./graphql').CallToolDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetToolPolicy($serverId: ID!, $tool: String!, $enabled: Boolean, $minRole: ToolMinRole) {\n    setToolPolicy(serverId: $serverId, tool: $tool, enabled: $enabled, minRole: $minRole) {\n      tool\n      enabled\n      minRole\n      updatedAt\n      server { id name }\n    }\n  }\n"): typeof import('./graphql').SetToolPolicyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ServerSecrets($id: ID!) {\n    server(id: $id) {\n      id\n      name\n      status\n      catalogEntry { name secrets { name env example description } }\n      secrets { ...SecretFields }\n    }\n  }\n"): typeof import('./graphql').ServerSecretsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetServerSecret($serverId: ID!, $name: String!, $value: String!) {\n    setServerSecret(serverId: $serverId, name: $name, value: $value) { ...SecretFields }\n  }\n"): typeof import('./graphql').SetServerSecretDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteServerSecret($serverId: ID!, $name: String!) {\n    deleteServerSecret(serverId: $serverId, name: $name)\n  }\n"): typeof import('./graphql').DeleteServerSecretDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ServerConfig($id: ID!) {\n    server(id: $id) {\n      id\n      name\n      status\n      config { ...ConfigValueFields }\n    }\n  }\n"): typeof import('./graphql').ServerConfigDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliServerConfigKeys($id: ID!) {\n    server(id: $id) {\n      id\n      name\n      status\n      catalogEntry {\n        name\n        configSchema\n        command\n        env { value }\n        run { args env { value } }\n      }\n    }\n  }\n"): typeof import('./graphql').CliServerConfigKeysDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetServerConfig($serverId: ID!, $key: String!, $value: JSON!) {\n    setServerConfig(serverId: $serverId, key: $key, value: $value) { ...ConfigValueFields }\n  }\n"): typeof import('./graphql').SetServerConfigDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteServerConfig($serverId: ID!, $key: String!) {\n    deleteServerConfig(serverId: $serverId, key: $key)\n  }\n"): typeof import('./graphql').DeleteServerConfigDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ServerCore on Server {\n    id\n    name\n    status\n    lastError\n    desiredState\n    runtime\n    startedAt\n    stoppedAt\n    lastHealthAt\n    restartCount\n    updatedAt\n    enabledBy { id email }\n    catalogEntry { title description }\n  }\n"): typeof import('./graphql').ServerCoreFragmentDoc;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
