import { topics } from '@mcp-portal/schema';
import type { EventBus, Logger } from '@mcp-portal/kit';
import type { OAuthConnectionService } from './oauth-connections.ts';

/**
 * When the servers subgraph announces that a server was disabled, every OAuth connection to it is revoked
 * (RFC 7009 at its authorization server, tokens erased, REVOKED): enabling it again makes a new server id.
 * Idempotent, so every dcr replica may act on the same announcement. Returns what stops listening.
 */
export function revokeDisabledServers(deps: { events: EventBus; connections: OAuthConnectionService; logger: Logger }): Promise<() => Promise<void>> {
  return deps.events.subscribe(topics.serverDisabled, ({ serverId }) => {
    void deps.connections
      .revokeDisabledServer(serverId)
      .catch((error: unknown) => deps.logger.warn({ err: error, serverId }, 'could not revoke the OAuth connections of a disabled server'));
  });
}
