import type { AuditLog, Database, Logger } from '@mcp-portal/kit';
import { auditRetentionStore } from '../store/audit-retention.ts';

const batchSize = 5_000;
const hourMs = 3_600_000;

/**
 * Deletes audit rows older than the retention period, in batches so no long lock is held; runs at start
 * and every hour. Every replica may run it: deletes are idempotent. The purge itself is audited.
 */
export class AuditRetention {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly retentionDays: number,
    private readonly logger: Logger,
  ) {}

  /** Returns the number of rows deleted; 0 when retention is off (0 days). */
  async purge(now = new Date()): Promise<number> {
    if (this.retentionDays === 0) return 0;
    const cutoff = new Date(now.getTime() - this.retentionDays * 86_400_000);
    let deleted = 0;
    for (;;) {
      const batch = await auditRetentionStore(this.db).deleteOlderThan(cutoff, batchSize);
      deleted += batch;
      if (batch < batchSize) break;
    }
    if (deleted > 0) {
      const system = { viewer: null, requestId: 'audit-retention', sourceIp: null };
      await this.audit.record(system, { action: 'audit.purge', targetType: 'AuditLog', detail: { deleted, olderThan: cutoff.toISOString() } }, 'success');
    }
    return deleted;
  }

  start(): void {
    // Nothing waits for a purge: it logs its own failure.
    const run = (): void => void this.purge().catch((error: unknown) => this.logger.error({ err: error }, 'audit retention purge failed'));
    run();
    this.timer = setInterval(run, hourMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
