/** The config subgraph's internal endpoint the servers subgraph reads a server's configuration from (signed requests only). */
export const launchConfigPath = '/internal/launch-config';
