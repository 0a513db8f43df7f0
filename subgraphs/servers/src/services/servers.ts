import { topics, type ServerStatus } from '@mcp-portal/schema';
import { ConflictError, NotFoundError, requireViewer, type AuditActor, type AuditLog, type Database, type EventBus } from '@mcp-portal/kit';
import { serverStore, type ServerRow } from '../store/servers.ts';
import type { CatalogService } from './catalog-service.ts';

/** Enabled servers: domain rules only; GraphQL and SQL live elsewhere. Every change is audited. */
export class ServerService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly catalog: CatalogService,
    private readonly events: EventBus,
  ) {}

  list(): Promise<ServerRow[]> {
    return serverStore(this.db).list();
  }

  byId(id: string): Promise<ServerRow | null> {
    return serverStore(this.db).byId(id);
  }

  async enable(name: string, actor: AuditActor): Promise<ServerRow> {
    const viewer = requireViewer(actor.viewer);
    const entry = { action: 'server.enable', targetType: 'Server', detail: { name }, targetIdOf: (row: ServerRow) => row.id };
    const row = await this.audit.change(actor, entry, async (tx) => {
      if (!(await this.catalog.getForEnable(name, tx))) throw new NotFoundError(`There is no server named "${name}" in the catalog.`);
      const inserted = await serverStore(tx).insert(name, viewer.userId);
      if (!inserted) throw new ConflictError(`The server "${name}" is already enabled.`);
      return inserted;
    });
    await this.publishStatus(row);
    return row;
  }

  disable(id: string, actor: AuditActor): Promise<ServerRow> {
    return this.audit.change(actor, { action: 'server.disable', targetType: 'Server', targetId: id }, async (tx) => {
      const row = await serverStore(tx).delete(id);
      if (!row) throw new NotFoundError(`There is no enabled server with id ${id}.`);
      return row;
    });
  }

  async setStatus(id: string, status: ServerStatus, lastError: string | null, actor: AuditActor): Promise<ServerRow> {
    const entry = { action: 'server.set-status', targetType: 'Server', targetId: id, detail: { status, lastError } };
    const row = await this.audit.change(actor, entry, async (tx) => {
      const updated = await serverStore(tx).setStatus(id, status, lastError);
      if (!updated) throw new NotFoundError(`There is no enabled server with id ${id}.`);
      return updated;
    });
    await this.publishStatus(row);
    return row;
  }

  private async publishStatus(row: ServerRow): Promise<void> {
    await this.events.publish(topics.serverStatusChanged, { id: row.id, status: row.status, at: row.updatedAt.toISOString() });
  }
}
