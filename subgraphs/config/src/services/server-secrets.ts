import { requireViewer, type AuditActor, type AuditLog, type Database, type SecretBox } from '@mcp-portal/kit';
import { serverSecretStore, type ServerSecretInfo } from '../store/server-secrets.ts';

const sealContext = (serverId: string, name: string) => `config.server_secrets:${serverId}:${name}`;

/**
 * Secret values of servers: sealed before they are stored, never returned through the API (only their
 * names and when they were set), opened only for the servers subgraph when it starts the server.
 * Audit rows name the secret, never its value.
 */
export class ServerSecretService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly secrets: SecretBox,
  ) {}

  list(serverId: string): Promise<ServerSecretInfo[]> {
    return serverSecretStore(this.db).list(serverId);
  }

  set(serverId: string, name: string, value: string, actor: AuditActor): Promise<ServerSecretInfo> {
    const viewer = requireViewer(actor.viewer);
    const sealedValue = this.secrets.seal(value, sealContext(serverId, name));
    return this.audit.change(actor, { action: 'secret.set', targetType: 'Server', targetId: serverId, detail: { name } }, (tx) =>
      serverSecretStore(tx).upsert({ serverId, name, sealedValue, updatedBy: viewer.userId }),
    );
  }

  delete(serverId: string, name: string, actor: AuditActor): Promise<boolean> {
    return this.audit.change(
      actor,
      (deleted: boolean) => ({ action: 'secret.delete', targetType: 'Server', targetId: serverId, detail: { name, deleted } }),
      (tx) => serverSecretStore(tx).delete(serverId, name),
    );
  }

  /** The opened values, for starting the server (internal requests only). */
  async openedValues(serverId: string): Promise<Record<string, string>> {
    const rows = await serverSecretStore(this.db).sealedValues(serverId);
    return Object.fromEntries(rows.map((row) => [row.name, this.secrets.open(row.sealedValue, sealContext(serverId, row.name))]));
  }
}
