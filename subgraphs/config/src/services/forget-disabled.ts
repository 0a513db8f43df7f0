import { topics } from '@mcp-portal/schema';
import type { AuditLog, EventBus, Logger } from '@mcp-portal/kit';
import { forgetServer } from './forget-server.ts';

/**
 * When the servers subgraph announces that a server was disabled, its configuration values and sealed
 * secrets go too (they belong to that server id only; enabling again makes a new id). Audited as a
 * system change. Idempotent, so every config replica may act on the same announcement.
 */
export async function forgetDisabledServers(deps: { events: EventBus; audit: AuditLog; logger: Logger }): Promise<() => Promise<void>> {
  return deps.events.subscribe(topics.serverDisabled, ({ serverId }) => {
    void forgetServer(deps, { viewer: null, requestId: `server-disabled:${serverId}`, sourceIp: null }, serverId).catch((error: unknown) =>
      deps.logger.warn({ err: error, serverId }, 'could not forget the configuration of a disabled server'),
    );
  });
}
