import { randomUUID } from 'node:crypto';
import type { Database, Logger } from '@mcp-portal/kit';
import { claimLease, releaseLease } from '../../store/lifecycle-leases.ts';

const leaseName = 'servers-lifecycle';

/**
 * One replica of the servers subgraph runs the lifecycle at a time: it holds a lease in the database,
 * renewed every `renewMs`; when it stops renewing (crash, shutdown), another replica takes over after
 * `ttlMs` and reconciles every server. With a single process (embedded) it is simply always the leader.
 */
export class Leadership {
  readonly holder = randomUUID();
  private timer: NodeJS.Timeout | null = null;
  private leading = false;
  private renewedAt = 0;

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
    private readonly onChange: (leading: boolean) => Promise<void>,
    private readonly timing = { renewMs: 5_000, ttlMs: 15_000 },
  ) {}

  get isLeader(): boolean {
    return this.leading;
  }

  async start(): Promise<void> {
    await this.tick();
    this.timer = setInterval(() => void this.tick(), this.timing.renewMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.leading) {
      this.leading = false;
      await this.onChange(false);
      await releaseLease(this.db, leaseName, this.holder).catch(() => undefined);
    }
  }

  private async tick(): Promise<void> {
    let leading: boolean;
    try {
      leading = await claimLease(this.db, leaseName, this.holder, this.timing.ttlMs);
      if (leading) this.renewedAt = Date.now();
    } catch (error) {
      this.logger.warn({ err: error }, 'could not renew the lifecycle lease');
      // A database hiccup does not stop every server: we lead until our last lease would have lapsed.
      leading = this.leading && Date.now() - this.renewedAt < this.timing.ttlMs;
    }
    if (leading === this.leading) return;
    this.leading = leading;
    this.logger.info({ holder: this.holder }, leading ? 'running the server lifecycle' : 'no longer running the server lifecycle');
    await this.onChange(leading).catch((error: unknown) => this.logger.error({ err: error }, 'lifecycle hand-over failed'));
  }
}
