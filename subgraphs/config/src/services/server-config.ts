import type { Viewer } from '@mcp-portal/kit';
import type { ConfigValueRow, ServerConfigStore } from '../store/server-config.ts';

/**
 * Plain (non-secret) configuration of enabled servers: domain rules only; GraphQL and SQL live elsewhere.
 * The server id belongs to the servers subgraph, which owns the existence check (no cross-domain reads).
 */
export class ServerConfigService {
  constructor(private readonly store: ServerConfigStore) {}

  list(serverId: string): Promise<ConfigValueRow[]> {
    return this.store.list(serverId);
  }

  set(serverId: string, key: string, value: unknown, by: Viewer): Promise<ConfigValueRow> {
    return this.store.upsert({ serverId, key, value, updatedBy: by.userId });
  }

  /** True when the key existed and was removed; deleting a missing key is not an error. */
  delete(serverId: string, key: string): Promise<boolean> {
    return this.store.delete(serverId, key);
  }
}
