import { topics } from '@mcp-portal/schema';
import { requireViewer, type AuditActor, type AuditLog, type Database, type EventBus, type SecretBox } from '@mcp-portal/kit';
import { serverSecretStore, type ServerSecretInfo } from '../store/server-secrets.ts';

const sealContext = (serverId: string, name: string) => `config.server_secrets:${serverId}:${name}`;

/**
 * Secret values of servers: sealed before they are stored, never returned through the API (only their
 * names and when they were set), opened only for the servers subgraph when it starts the server.
 * Audit rows name the secret, never its value. A change is announced (`secretsChanged`, no value) so that
 * gateway-proxies read the values they refuse to pass again.
 */
export class ServerSecretService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly secrets: SecretBox,
    private readonly events: EventBus,
  ) {}

  list(serverId: string): Promise<ServerSecretInfo[]> {
    return serverSecretStore(this.db).list(serverId);
  }

  /** The secrets of many servers with one query (for batched `Server.secrets`). */
  listMany(serverIds: readonly string[]): Promise<ServerSecretInfo[][]> {
    return serverSecretStore(this.db).listMany(serverIds);
  }

  /** The value as it is stored: sealed for this server and name only. */
  seal(serverId: string, name: string, value: string): string {
    return this.secrets.seal(value, sealContext(serverId, name));
  }

  async set(serverId: string, name: string, value: string, actor: AuditActor): Promise<ServerSecretInfo> {
    const viewer = requireViewer(actor.viewer);
    const sealedValue = this.seal(serverId, name, value);
    const info = await this.audit.change(actor, { action: 'secret.set', targetType: 'Server', targetId: serverId, detail: { name } }, (tx) =>
      serverSecretStore(tx).upsert({ serverId, name, sealedValue, updatedBy: viewer.userId }),
    );
    await this.events.publish(topics.secretsChanged, { serverId });
    return info;
  }

  async delete(serverId: string, name: string, actor: AuditActor): Promise<boolean> {
    const deleted = await this.audit.change(
      actor,
      (deleted: boolean) => ({ action: 'secret.delete', targetType: 'Server', targetId: serverId, detail: { name, deleted } }),
      (tx) => serverSecretStore(tx).delete(serverId, name),
    );
    if (deleted) await this.events.publish(topics.secretsChanged, { serverId });
    return deleted;
  }

  /** The opened values, for starting the server (internal requests only). */
  async openedValues(serverId: string): Promise<Record<string, string>> {
    const rows = await serverSecretStore(this.db).sealedValues(serverId);
    return Object.fromEntries(rows.map((row) => [row.name, this.secrets.open(row.sealedValue, sealContext(serverId, row.name))]));
  }

  /** Every server's opened values, for the gateway-proxy of the same process to refuse calls that carry one. */
  async allOpenedValues(): Promise<{ serverId: string; name: string; value: string }[]> {
    const rows = await serverSecretStore(this.db).allSealedValues();
    return rows.map((row) => ({ serverId: row.serverId, name: row.name, value: this.secrets.open(row.sealedValue, sealContext(row.serverId, row.name)) }));
  }
}
