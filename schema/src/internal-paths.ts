import type { Role } from './tables/auth.ts';

/** The config subgraph's internal endpoint the servers subgraph reads a server's configuration from (signed requests only). */
export const launchConfigPath = '/internal/launch-config';

/**
 * The servers subgraph's lifecycle owner (the replica holding the lease) lists its running servers with their
 * tools here, for gateway-proxies and the other replicas (signed requests only).
 */
export const upstreamsPath = '/internal/upstreams';

/** …and carries one MCP request to one of them (`?serverId=…&digest=…`; the answer streams as NDJSON). */
export const upstreamRpcPath = '/internal/upstreams/rpc';

/** …and takes a gateway-proxy's answer to a server's request it streamed on a call (sampling, elicitation, roots). */
export const upstreamAnswerPath = '/internal/upstreams/answer';

/** The config subgraph's internal endpoint a gateway-proxy on its own reads the servers' secret values from, to refuse them in calls. */
export const knownSecretsPath = '/internal/known-secrets';

/**
 * The servers subgraph's internal endpoint the config subgraph reads what a server's catalog entry asks of its
 * settings from (`?serverId=…`: config schema, declared secrets, the config keys its templates use; signed requests only).
 */
export const serverSettingsSpecPath = '/internal/server-settings-spec';

/** The answer of `serverSettingsSpecPath` for an enabled server (404 when there is none). */
export interface ServerSettingsSpec {
  /** The catalog entry's name; its schema, secrets and keys are empty when it left the catalog. */
  entry: string;
  /** Docker's `config:`: a list of JSON Schema objects, or null. */
  configSchema: Record<string, unknown>[] | null;
  /** The names of the secrets the entry declares. */
  secrets: string[];
  /** The configuration keys the entry's `{{key}}` templates use, in order of first use. */
  templateKeys: string[];
}

/**
 * The config subgraph's internal endpoint that stores the first configuration values and secrets of a server
 * the servers subgraph is enabling (`enableServer` with `config`/`secrets`; POST, signed, body
 * `InitialSettingsRequest`): all checked against `spec` first, then written in one transaction, or nothing.
 */
export const initialSettingsPath = '/internal/initial-settings';

/** …and removes them again when the enabling fails after they were stored (POST, signed, body `InitialSettingsWithdrawal`). */
export const initialSettingsWithdrawPath = '/internal/initial-settings/withdraw';

/** Who enables the server (the audit rows of the config subgraph name them); the servers subgraph checked their role. */
export interface InternalActor {
  viewer: { userId: string; email: string; role: Role };
  requestId: string;
  sourceIp: string | null;
}

export interface InitialSettingsRequest {
  /** The id the server will have (the servers subgraph writes its row once these are stored). */
  serverId: string;
  /** What its catalog entry asks of its settings (the servers subgraph owns the entries). */
  spec: ServerSettingsSpec;
  config: Record<string, unknown>;
  /** Secret name → value; sealed before it is stored, never logged. */
  secrets: Record<string, string>;
  /** A start follows: every key and secret the entry needs must be there (missingConfig / missingSecrets). */
  requireComplete: boolean;
  actor: InternalActor;
}

export interface InitialSettingsWithdrawal {
  serverId: string;
  actor: InternalActor;
}

/**
 * The auth subgraph's internal endpoint that signs an access JWT for a user who granted a client of the platform's
 * authorization server (the dcr subgraph) access to a resource (POST, signed, body `OAuthAccessTokenRequest`): the
 * token carries the user's current role and the resource as its audience (RFC 8707). Refused (NOT_FOUND) when the
 * user no longer exists or is disabled.
 */
export const oauthAccessTokenPath = '/internal/oauth-access-token';

export interface OAuthAccessTokenRequest {
  userId: string;
  /** The resource the token is for (the gateway-proxy's `<public URL>/mcp`). */
  audience: string;
  /** The client it is issued to (RFC 9068 `client_id`). */
  clientId: string;
  /** The granted scope (space-separated; '' for none). */
  scope: string;
}

export interface OAuthAccessTokenAnswer {
  token: string;
  /** ISO 8601. */
  expiresAt: string;
}

/**
 * The auth subgraph's internal endpoint that names the active user of an external identity (GET, signed,
 * `?issuer=…&subject=…`): `ExternalIdentityUser`, 404 when none or disabled.
 */
export const externalIdentityUserPath = '/internal/users/by-external-identity';

export interface ExternalIdentityUser {
  userId: string;
  email: string;
  role: Role;
}

/**
 * The auth subgraph's internal endpoint that signs the short-lived access JWT the executor hands to the CLI it
 * spawns for a user's run (POST, signed, body `ExecutorTokenRequest`): the user's own identity with the lower of
 * their current role and `maxRole` (the role of the credential that asked for the run), for the router's API,
 * expiring with the run. Refused (NOT_FOUND) when the user no longer exists or is disabled.
 */
export const executorTokenPath = '/internal/executor-token';

export interface ExecutorTokenRequest {
  userId: string;
  /** The role the run was asked for with (an API token may carry less than its owner's role). */
  maxRole: Role;
  /** The execution it is for (the token's `execution_id` claim, so its requests can be traced to the run). */
  executionId: string;
  /** 10–3660 seconds: the run's timeout and a margin. */
  ttlSeconds: number;
}

export interface ExecutorTokenAnswer {
  token: string;
  /** ISO 8601. */
  expiresAt: string;
  /** The role the token carries. */
  role: Role;
}
