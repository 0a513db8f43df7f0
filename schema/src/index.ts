export * as authTables from './tables/auth.ts';
export * as serversTables from './tables/servers.ts';
export * as configTables from './tables/config.ts';
export * as executorTables from './tables/executor.ts';
export * as dcrTables from './tables/dcr.ts';
export * as auditTables from './tables/audit.ts';
export { domains, migrationSets, type Domain, type MigrationSet } from './tables/index.ts';
export { auditOutcomes, type AuditOutcome } from './tables/audit.ts';
export { roles, type Role } from './tables/auth.ts';
export {
  serverStatuses,
  desiredStates,
  serverRuntimes,
  logStreams,
  toolMinRoles,
  type ServerStatus,
  type DesiredState,
  type ServerRuntime,
  type LogStream,
  type ServerToolRecord,
  type ToolMinRole,
} from './tables/servers.ts';
export { executionOutputStreams, executionStatuses, finishedExecutionStatuses, type ExecutionOutputStream, type ExecutionStatus } from './tables/executor.ts';
export { migrationsFolder } from './migrations/paths.ts';
export * from './topics/index.ts';
export { composeSupergraph, CompositionFailedError, subgraphSdl, supergraphPath, type SubgraphDefinition } from './compose/compose.ts';
export { apiTokenPrefix, entraObjectIssuer, tokenExchangePath } from './contract.ts';
export {
  executorTokenPath,
  externalIdentityUserPath,
  initialSettingsPath,
  initialSettingsWithdrawPath,
  knownSecretsPath,
  launchConfigPath,
  oauthAccessTokenPath,
  serverSettingsSpecPath,
  upstreamAnswerPath,
  upstreamRpcPath,
  upstreamsPath,
  type ExecutorTokenAnswer,
  type ExecutorTokenRequest,
  type ExternalIdentityUser,
  type InitialSettingsRequest,
  type InitialSettingsWithdrawal,
  type InternalActor,
  type OAuthAccessTokenAnswer,
  type OAuthAccessTokenRequest,
  type ServerSettingsSpec,
} from './internal-paths.ts';
