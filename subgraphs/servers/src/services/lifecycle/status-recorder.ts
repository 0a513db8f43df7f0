import { topics, type ServerStatus } from '@mcp-portal/schema';
import type { Database, EventBus, Logger } from '@mcp-portal/kit';
import { serverStore, type ServerRow, type TransitionFields } from '../../store/servers.ts';

/** Persists a status transition and announces it (serverStatusChanged), so every client sees it live. */
export class StatusRecorder {
  constructor(
    private readonly db: Database,
    private readonly events: EventBus,
    private readonly logger: Logger,
  ) {}

  async transition(id: string, status: ServerStatus, fields: TransitionFields = {}): Promise<ServerRow | null> {
    const row = await serverStore(this.db).setStatus(id, status, fields);
    if (row) await this.announce(row);
    return row;
  }

  async announce(row: ServerRow): Promise<void> {
    try {
      await this.events.publish(topics.serverStatusChanged, { id: row.id, status: row.status, at: row.updatedAt.toISOString() });
    } catch (error) {
      this.logger.warn({ err: error, serverId: row.id }, 'could not announce a server status change');
    }
  }
}
