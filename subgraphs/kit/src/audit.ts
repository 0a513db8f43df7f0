import { auditTables, topics, type AuditOutcome, type Domain } from '@mcp-portal/schema';
import type { Database } from './db.ts';
import type { EventBus } from './pubsub.ts';
import type { KitContext } from './builder.ts';
import type { Logger } from './logger.ts';
import { AppError } from './errors.ts';

const { auditEvents } = auditTables;

/** Who did it, from where: taken from the request context. */
export type AuditActor = Pick<KitContext, 'viewer' | 'requestId' | 'sourceIp'>;

export interface AuditEntry {
  /** `<domain>.<verb>`, e.g. `server.enable`. */
  action: string;
  targetType: string;
  targetId?: string | null;
  /** What changed; never a secret value. */
  detail?: Record<string, unknown>;
}

/**
 * Every change writes its audit row in the same transaction, so no change happens without its row.
 * A change that fails with an error the caller can act on is recorded too, as a failure.
 */
export class AuditLog {
  constructor(
    private readonly db: Database,
    private readonly events: EventBus,
    private readonly subgraph: Domain,
    private readonly logger: Logger,
  ) {}

  async change<T>(actor: AuditActor, entry: AuditEntry | ((result: T) => AuditEntry), apply: (tx: Database) => Promise<T>): Promise<T> {
    let recordedId = '';
    let result: T;
    try {
      result = await this.db.transaction(async (tx) => {
        const applied = await apply(tx as unknown as Database);
        recordedId = await this.insert(tx as unknown as Database, actor, typeof entry === 'function' ? entry(applied) : entry, 'success');
        return applied;
      });
    } catch (error) {
      if (error instanceof AppError && typeof entry !== 'function') {
        await this.record(actor, { ...entry, detail: { ...entry.detail, code: error.code, message: error.message } }, 'failure');
      }
      throw error;
    }
    await this.announce(recordedId);
    return result;
  }

  /** An event with no change of our own to go with it, such as a login attempt. */
  async record(actor: AuditActor, entry: AuditEntry, outcome: AuditOutcome): Promise<void> {
    await this.announce(await this.insert(this.db, actor, entry, outcome));
  }

  private async insert(db: Database, actor: AuditActor, entry: AuditEntry, outcome: AuditOutcome): Promise<string> {
    const rows = await db
      .insert(auditEvents)
      .values({
        actorId: actor.viewer?.userId ?? null,
        actorEmail: actor.viewer?.email ?? null,
        action: entry.action,
        targetType: entry.targetType,
        targetId: entry.targetId ?? null,
        outcome,
        detail: entry.detail ?? null,
        requestId: actor.requestId,
        sourceIp: actor.sourceIp,
        subgraph: this.subgraph,
      })
      .returning({ id: auditEvents.id });
    const id = rows[0]?.id;
    if (!id) throw new Error('The audit row was not written.');
    return id;
  }

  /** Live listeners learn of the row after it is committed; a lost announcement loses no data. */
  private async announce(id: string): Promise<void> {
    try {
      await this.events.publish(topics.auditEventAdded, { id });
    } catch (error) {
      this.logger.warn({ err: error }, 'could not announce an audit event');
    }
  }
}
