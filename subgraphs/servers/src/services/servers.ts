import { topics, type ServerStatus } from '@mcp-portal/schema';
import { ConflictError, NotFoundError, type EventBus, type Viewer } from '@mcp-portal/kit';
import type { ServerRow, ServerStore } from '../store/servers.ts';
import type { Catalog } from './catalog.ts';

/** Enabled servers: domain rules only; GraphQL and SQL live elsewhere. */
export class ServerService {
  constructor(
    private readonly store: ServerStore,
    private readonly catalog: Catalog,
    private readonly events: EventBus,
  ) {}

  list(): Promise<ServerRow[]> {
    return this.store.list();
  }

  byId(id: string): Promise<ServerRow | null> {
    return this.store.byId(id);
  }

  async enable(name: string, by: Viewer): Promise<ServerRow> {
    if (!this.catalog.get(name)) throw new NotFoundError(`There is no server named "${name}" in the catalog.`);
    const row = await this.store.insert(name, by.userId);
    if (!row) throw new ConflictError(`The server "${name}" is already enabled.`);
    await this.publishStatus(row);
    return row;
  }

  async disable(id: string): Promise<ServerRow> {
    const row = await this.store.delete(id);
    if (!row) throw new NotFoundError(`There is no enabled server with id ${id}.`);
    return row;
  }

  async setStatus(id: string, status: ServerStatus, lastError: string | null): Promise<ServerRow> {
    const row = await this.store.setStatus(id, status, lastError);
    if (!row) throw new NotFoundError(`There is no enabled server with id ${id}.`);
    await this.publishStatus(row);
    return row;
  }

  private async publishStatus(row: ServerRow): Promise<void> {
    await this.events.publish(topics.serverStatusChanged, { id: row.id, status: row.status, at: row.updatedAt.toISOString() });
  }
}
