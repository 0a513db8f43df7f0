import { topics, type InitialSettingsRequest, type InitialSettingsWithdrawal } from '@mcp-portal/schema';
import type { AuditEntry, AuditLog, EventBus } from '@mcp-portal/kit';
import { serverConfigStore } from '../store/server-config.ts';
import { serverSecretStore } from '../store/server-secrets.ts';
import { forgetServer } from './forget-server.ts';
import { ensureInitialSettings, initialSettingsProblems } from './initial-settings-check.ts';
import type { ServerSecretService } from './server-secrets.ts';

/**
 * The first configuration values and secrets of a server the servers subgraph is enabling (`enableServer` with
 * settings), asked for with a signed internal request before it writes the server's row: checked first (the
 * entry's spec comes with the request, as the server is not enabled yet), then written in one transaction
 * with one audit row per value and per secret (as setServerConfig and setServerSecret write them), or not at
 * all. If the enabling fails after that, `withdraw` removes them again.
 */
export class InitialSettingsService {
  constructor(
    private readonly audit: AuditLog,
    private readonly secrets: ServerSecretService,
    private readonly events: EventBus,
  ) {}

  async apply({ serverId, spec, config, secrets, requireComplete, actor }: InitialSettingsRequest): Promise<{ values: number; secrets: number }> {
    ensureInitialSettings(initialSettingsProblems(spec, config, secrets, requireComplete), spec.entry);
    const updatedBy = actor.viewer.userId;
    const sealed = Object.entries(secrets).map(([name, value]) => ({ serverId, name, sealedValue: this.secrets.seal(serverId, name, value), updatedBy }));
    const entries: AuditEntry[] = [
      ...Object.keys(config).map((key) => ({ action: 'config.set', targetType: 'Server', targetId: serverId, detail: { key } })),
      ...sealed.map(({ name }) => ({ action: 'secret.set', targetType: 'Server', targetId: serverId, detail: { name } })),
    ];
    await this.audit.changeAll(
      actor,
      () => entries,
      async (tx) => {
        for (const [key, value] of Object.entries(config)) await serverConfigStore(tx).upsert({ serverId, key, value, updatedBy });
        for (const secret of sealed) await serverSecretStore(tx).upsert(secret);
      },
    );
    if (sealed.length > 0) await this.events.publish(topics.secretsChanged, { serverId });
    return { values: Object.keys(config).length, secrets: sealed.length };
  }

  withdraw({ serverId, actor }: InitialSettingsWithdrawal): Promise<{ values: number; secrets: number }> {
    return forgetServer({ audit: this.audit, events: this.events }, actor, serverId);
  }
}
