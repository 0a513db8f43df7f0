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
