/**
 * The hint after a change of a server's secrets or configuration, which the server reads when it starts:
 * `restart it to use it: docker mcp server restart memory`. (`server restart` also starts a stopped or
 * failed server.)
 */
export function restartHint(server: { name: string }, purpose: 'use it' | 'use them' | 'apply' = 'use it'): string {
  return `restart it to ${purpose}: docker mcp server restart ${server.name}`;
}
