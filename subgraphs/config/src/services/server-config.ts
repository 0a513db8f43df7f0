import { requireViewer, type AuditActor, type AuditLog, type Database } from '@mcp-portal/kit';
import { serverConfigStore, type ConfigValueRow } from '../store/server-config.ts';

/**
 * Plain (non-secret) configuration of enabled servers: domain rules only; GraphQL and SQL live elsewhere.
 * The server id belongs to the servers subgraph, which owns the existence check (no cross-domain reads).
 * Every change is audited.
 */
export class ServerConfigService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
  ) {}

  list(serverId: string): Promise<ConfigValueRow[]> {
    return serverConfigStore(this.db).list(serverId);
  }

  set(serverId: string, key: string, value: unknown, actor: AuditActor): Promise<ConfigValueRow> {
    const viewer = requireViewer(actor.viewer);
    return this.audit.change(actor, { action: 'config.set', targetType: 'Server', targetId: serverId, detail: { key } }, (tx) =>
      serverConfigStore(tx).upsert({ serverId, key, value, updatedBy: viewer.userId }),
    );
  }

  /** True when the key existed and was removed; deleting a missing key is not an error. */
  delete(serverId: string, key: string, actor: AuditActor): Promise<boolean> {
    return this.audit.change(
      actor,
      (deleted: boolean) => ({ action: 'config.delete', targetType: 'Server', targetId: serverId, detail: { key, deleted } }),
      (tx) => serverConfigStore(tx).delete(serverId, key),
    );
  }
}
