import { randomUUID } from 'node:crypto';
import type { Database, Logger } from '@mcp-portal/kit';
import { claimLease, leaseHolder, releaseLease } from '../../store/lifecycle-leases.ts';

const leaseName = 'servers-lifecycle';

/** The replica that runs the lifecycle now, and where it answers internal requests (null until it knows). */
export interface LifecycleOwner {
  holder: string;
  internalUrl: string | null;
}

/** Reads the lease: for any process of the deployment that has the platform's database (a gateway-proxy, say). */
export function findLifecycleOwner(db: Database): Promise<LifecycleOwner | null> {
  return leaseHolder(db, leaseName);
}

/**
 * One replica of the servers subgraph runs the lifecycle at a time: it holds a lease in the database,
 * renewed every `renewMs`; when it stops renewing (crash, shutdown), another replica takes over after
 * `ttlMs` and reconciles every server. With a single process (embedded) it is simply always the leader.
 */
export class Leadership {
  readonly holder = randomUUID();
  private timer: NodeJS.Timeout | null = null;
  private leading = false;
  private stopped = false;
  /** The renewal under way (one at a time; a tick meanwhile joins it): a stop waits for it, and it changes nothing once stopped. */
  private renewing: Promise<void> | null = null;
  private renewedAt = 0;
  private internalUrl: string | null = null;

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
    private readonly onChange: (leading: boolean) => Promise<void>,
    private readonly timing = { renewMs: 5_000, ttlMs: 15_000 },
  ) {}

  get isLeader(): boolean {
    return this.leading;
  }

  /** The replica that holds the lease now (this one or another), or null when it lapsed. */
  owner(): Promise<LifecycleOwner | null> {
    return findLifecycleOwner(this.db);
  }

  /** Where this replica answers internal requests: recorded with the lease from now on (at once when leading). */
  async advertise(internalUrl: string): Promise<void> {
    this.internalUrl = internalUrl;
    // A renewal that began before now claims without this address: it goes with the next one.
    await this.renewing;
    if (this.leading) await this.tick();
  }

  async start(): Promise<void> {
    await this.tick();
    if (this.stopped) return;
    this.timer = setInterval(() => void this.tick(), this.timing.renewMs);
    this.timer.unref();
  }

  /** Stops renewing (after the renewal under way), stops leading and gives the lease up for the next replica. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.renewing;
    if (this.leading) {
      this.leading = false;
      await this.onChange(false);
    }
    // Also when a renewal under way took the lease just before the stop.
    await releaseLease(this.db, leaseName, this.holder).catch(() => undefined);
  }

  private tick(): Promise<void> {
    this.renewing ??= this.renew().finally(() => (this.renewing = null));
    return this.renewing;
  }

  private async renew(): Promise<void> {
    if (this.stopped) return;
    let leading: boolean;
    try {
      leading = await claimLease(this.db, leaseName, this.holder, this.timing.ttlMs, this.internalUrl);
      if (leading) this.renewedAt = Date.now();
    } catch (error) {
      this.logger.warn({ err: error }, 'could not renew the lifecycle lease');
      // A database hiccup does not stop every server: we lead until our last lease would have lapsed.
      leading = this.leading && Date.now() - this.renewedAt < this.timing.ttlMs;
    }
    // Stopped meanwhile: the stop decides from here (it stops leading and gives the lease up).
    if (this.stopped || leading === this.leading) return;
    this.leading = leading;
    this.logger.info({ holder: this.holder }, leading ? 'running the server lifecycle' : 'no longer running the server lifecycle');
    await this.onChange(leading).catch((error: unknown) => this.logger.error({ err: error }, 'lifecycle hand-over failed'));
  }
}
