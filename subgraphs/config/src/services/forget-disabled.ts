import { topics } from '@mcp-portal/schema';
import type { AuditLog, EventBus, Logger } from '@mcp-portal/kit';
import { serverConfigStore } from '../store/server-config.ts';
import { serverSecretStore } from '../store/server-secrets.ts';

/**
 * When the servers subgraph announces that a server was disabled, its configuration values and sealed
 * secrets go too (they belong to that server id only; enabling again makes a new id). Audited as a
 * system change. Idempotent, so every config replica may act on the same announcement.
 */
export async function forgetDisabledServers(deps: { events: EventBus; audit: AuditLog; logger: Logger }): Promise<() => Promise<void>> {
  return deps.events.subscribe(topics.serverDisabled, ({ serverId }) => {
    void deps.audit
      .change(
        { viewer: null, requestId: `server-disabled:${serverId}`, sourceIp: null },
        (removed: { values: number; secrets: number }) => ({ action: 'config.forget-server', targetType: 'Server', targetId: serverId, detail: removed }),
        async (tx) => ({ values: await serverConfigStore(tx).deleteAll(serverId), secrets: await serverSecretStore(tx).deleteAll(serverId) }),
      )
      .then(({ secrets }) => (secrets > 0 ? deps.events.publish(topics.secretsChanged, { serverId }) : undefined))
      .catch((error: unknown) => deps.logger.warn({ err: error, serverId }, 'could not forget the configuration of a disabled server'));
  });
}
