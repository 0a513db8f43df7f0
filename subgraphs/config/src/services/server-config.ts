import { InvalidInputError, ServiceUnavailableError, requireViewer, type AuditActor, type AuditLog, type Database } from '@mcp-portal/kit';
import type { ServerSettingsSpec } from '@mcp-portal/schema';
import { serverConfigStore, type ConfigValueRow } from '../store/server-config.ts';
import { serverSecretStore } from '../store/server-secrets.ts';
import { checkConfig, describeProblems } from './config-validation.ts';
import { settingsCheck, type SettingsCheck } from './settings-check.ts';
import type { SettingsSpecSource } from './settings-spec-source.ts';

const valuesOf = (rows: readonly ConfigValueRow[]): Record<string, unknown> => Object.fromEntries(rows.map((row) => [row.key, row.value]));

/**
 * Plain (non-secret) configuration of enabled servers: domain rules only; GraphQL and SQL live elsewhere.
 * The server id belongs to the servers subgraph, which owns the existence check and the catalog entry whose
 * config schema a value must match (no cross-domain reads: it is asked). Every change is audited.
 */
export class ServerConfigService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly specs: SettingsSpecSource,
  ) {}

  list(serverId: string): Promise<ConfigValueRow[]> {
    return serverConfigStore(this.db).list(serverId);
  }

  /** The values of many servers with one query, each server's ordered by key (for batched `Server.config`). */
  listMany(serverIds: readonly string[]): Promise<ConfigValueRow[][]> {
    return serverConfigStore(this.db).listMany(serverIds);
  }

  /**
   * Refuses (BAD_USER_INPUT, `extensions.invalidConfig`) a value its catalog entry's config schema does not
   * allow; the refusal is audited like any other.
   */
  async set(serverId: string, key: string, value: unknown, actor: AuditActor): Promise<ConfigValueRow> {
    const viewer = requireViewer(actor.viewer);
    const spec = await this.specs.of(serverId);
    return this.audit.change(actor, { action: 'config.set', targetType: 'Server', targetId: serverId, detail: { key } }, async (tx) => {
      const store = serverConfigStore(tx);
      if (spec?.configSchema) {
        const values = { ...valuesOf(await store.list(serverId)), [key]: value };
        const invalid = checkConfig(spec.configSchema, values).invalid.filter((problem) => problem.key === key);
        if (invalid.length > 0) {
          throw new InvalidInputError(`Invalid configuration value for ${spec.entry}: ${describeProblems(invalid)}.`, { invalidConfig: invalid });
        }
      }
      return store.upsert({ serverId, key, value, updatedBy: viewer.userId });
    });
  }

  /** True when the key existed and was removed; deleting a missing key is not an error. */
  delete(serverId: string, key: string, actor: AuditActor): Promise<boolean> {
    return this.audit.change(
      actor,
      (deleted: boolean) => ({ action: 'config.delete', targetType: 'Server', targetId: serverId, detail: { key, deleted } }),
      (tx) => serverConfigStore(tx).delete(serverId, key),
    );
  }

  /**
   * What the server lacks or has wrong for its catalog entry now (secrets by name only); null when the
   * servers subgraph does not answer (the rest of the server still reads).
   */
  async check(serverId: string): Promise<SettingsCheck | null> {
    let spec: ServerSettingsSpec | null;
    try {
      spec = await this.specs.of(serverId);
    } catch (error) {
      if (error instanceof ServiceUnavailableError) return null;
      throw error;
    }
    if (!spec) return settingsCheck(null, {}, new Set());
    const [rows, secrets] = await Promise.all([this.list(serverId), serverSecretStore(this.db).list(serverId)]);
    return settingsCheck(spec, valuesOf(rows), new Set(secrets.map((secret) => secret.name)));
  }
}
