import { topics, type LogStream } from '@mcp-portal/schema';
import type { Database, EventBus, Logger } from '@mcp-portal/kit';
import { serverLogStore } from '../../store/server-logs.ts';

const flushEveryMs = 200;
const maxLineLength = 4_000;

/**
 * Keeps the last lines of each server in the database (stderr and the lifecycle's own notes) and tells
 * live subscribers about each one. Lines are written in small batches; each server keeps `keepPerServer`.
 */
export class LogWriter {
  private pending: { serverId: string; stream: LogStream; line: string; at: Date }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private writtenSinceTrim = new Map<string, number>();

  constructor(
    private readonly db: Database,
    private readonly events: EventBus,
    private readonly logger: Logger,
    private readonly keepPerServer = 1_000,
  ) {}

  write(serverId: string, stream: LogStream, line: string, at = new Date()): void {
    const text = line.length > maxLineLength ? `${line.slice(0, maxLineLength)}…` : line;
    this.pending.push({ serverId, stream, line: text, at });
    this.timer ??= setTimeout(() => void this.flush(), flushEveryMs);
  }

  /** Writes what is pending now (also used before a server's row goes away). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    this.flushing = this.flushing.then(() => this.store(batch));
    return this.flushing;
  }

  private async store(batch: typeof this.pending): Promise<void> {
    const byServer = new Map<string, typeof batch>();
    for (const line of batch) byServer.set(line.serverId, [...(byServer.get(line.serverId) ?? []), line]);
    for (const [serverId, lines] of byServer) {
      try {
        const rows = await serverLogStore(this.db).insert(lines);
        for (const row of rows) await this.events.publish(topics.serverLogLine, { id: String(row.id), serverId });
        const written = (this.writtenSinceTrim.get(serverId) ?? 0) + rows.length;
        if (written >= 100) {
          await serverLogStore(this.db).trim(serverId, this.keepPerServer);
          this.writtenSinceTrim.delete(serverId);
        } else this.writtenSinceTrim.set(serverId, written);
      } catch (error) {
        // A server disabled meanwhile has no row left to attach its last lines to.
        this.logger.debug({ err: error, serverId, lines: lines.length }, 'could not store server log lines');
      }
    }
  }
}
