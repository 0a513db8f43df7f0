import { topics } from '@mcp-portal/schema';
import type { AuditActor, AuditLog, EventBus } from '@mcp-portal/kit';
import { serverConfigStore } from '../store/server-config.ts';
import { serverSecretStore } from '../store/server-secrets.ts';

/**
 * Removes every configuration value and sealed secret of a server id (it was disabled, or its enabling failed
 * after they were stored), in one audited transaction (`config.forget-server`, with how many went); the
 * removal of secrets is announced. Idempotent: a second call removes nothing.
 */
export async function forgetServer(
  deps: { audit: AuditLog; events: EventBus },
  actor: AuditActor,
  serverId: string,
): Promise<{ values: number; secrets: number }> {
  const removed = await deps.audit.change(
    actor,
    (counts: { values: number; secrets: number }) => ({ action: 'config.forget-server', targetType: 'Server', targetId: serverId, detail: counts }),
    async (tx) => ({ values: await serverConfigStore(tx).deleteAll(serverId), secrets: await serverSecretStore(tx).deleteAll(serverId) }),
  );
  if (removed.secrets > 0) await deps.events.publish(topics.secretsChanged, { serverId });
  return removed;
}
