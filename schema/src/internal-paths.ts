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
