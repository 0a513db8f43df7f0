import { sql } from 'drizzle-orm';
import { auditTables, topics, type AuditOutcome, type Domain } from '@mcp-portal/schema';
import { queryRows, type Database } from './db.ts';
import type { EventBus } from './pubsub.ts';
import type { KitContext } from './builder.ts';
import type { Logger } from './logger.ts';
import { AppError } from './errors.ts';

const { auditEvents } = auditTables;

/** What writes audit rows (the `subgraph` column): a subgraph, or the gateway-proxy for tool calls through it. */
export type AuditSource = Domain | 'gateway-proxy';

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

/** A row as written: its id, and its action (tool calls are announced on a topic of their own too). */
interface WrittenRow {
  id: string;
  action: string;
}

/** The action of a tool call's row (GraphQL callTool and the gateway-proxy's tools/call). */
export const toolCallAction = 'tool.call';

/** Errors a change already recorded as its failure (so a refusal is not recorded twice). */
const recordedErrors = new WeakSet<object>();

export function alreadyAudited(error: unknown): boolean {
  return typeof error === 'object' && error !== null && recordedErrors.has(error);
}

/** For changes that create their target: its id is known only once the change is applied. */
export interface CreatingAuditEntry<T> extends AuditEntry {
  targetIdOf: (result: T) => string;
}

/**
 * Every change writes its audit row in the same transaction, so no change happens without its row.
 * A change that fails with an error the caller can act on is recorded too, as a failure.
 */
export class AuditLog {
  constructor(
    private readonly db: Database,
    private readonly events: EventBus,
    private readonly subgraph: AuditSource,
    private readonly logger: Logger,
  ) {}

  async change<T>(actor: AuditActor, entry: AuditEntry | CreatingAuditEntry<T> | ((result: T) => AuditEntry), apply: (tx: Database) => Promise<T>): Promise<T> {
    let recorded: WrittenRow | undefined;
    let result: T;
    const applied = (value: T): AuditEntry => {
      if (typeof entry === 'function') return entry(value);
      if ('targetIdOf' in entry) {
        const { targetIdOf, ...rest } = entry;
        return { ...rest, targetId: targetIdOf(value) };
      }
      return entry;
    };
    try {
      result = await this.db.transaction(async (tx) => {
        const value = await apply(tx);
        recorded = await this.insert(tx, actor, applied(value), 'success');
        return value;
      });
    } catch (error) {
      if (typeof entry !== 'function') await this.failed(actor, entry, error);
      throw error;
    }
    if (recorded) await this.announce([recorded]);
    return result;
  }

  /**
   * Several changes applied in one transaction, each with its audit row (`entries` of the result: one row per
   * change, in order), so that none happens without its row and all or none happen.
   */
  async changeAll<T>(actor: AuditActor, entries: (result: T) => readonly AuditEntry[], apply: (tx: Database) => Promise<T>): Promise<T> {
    const recorded: WrittenRow[] = [];
    const result = await this.db.transaction(async (tx) => {
      const value = await apply(tx);
      for (const entry of entries(value)) recorded.push(await this.insert(tx, actor, entry, 'success'));
      return value;
    });
    for (const row of recorded) await this.announce([row]);
    return result;
  }

  /**
   * Records a change that was refused before its transaction (a check, or a peer's refusal) as a failure, when
   * the error is one the caller can act on; it is then not recorded again (see alreadyAudited).
   */
  async failed(actor: AuditActor, entry: AuditEntry, error: unknown): Promise<void> {
    if (!(error instanceof AppError) || recordedErrors.has(error)) return;
    const { action, targetType, targetId, detail } = entry;
    await this.record(actor, { action, targetType, targetId, detail: { ...detail, code: error.code, message: error.message } }, 'failure');
    recordedErrors.add(error);
  }

  /** An event with no change of our own to go with it, such as a login attempt. */
  async record(actor: AuditActor, entry: AuditEntry, outcome: AuditOutcome): Promise<void> {
    await this.announce([await this.insert(this.db, actor, entry, outcome)]);
  }

  /**
   * Several such events in one statement (a busy writer's rows, gathered while the previous ones were
   * written), each with the time it happened (`occurredAt`; default: now).
   */
  async recordMany(events: readonly { actor: AuditActor; entry: AuditEntry; outcome: AuditOutcome; occurredAt?: Date }[]): Promise<void> {
    if (events.length === 0) return;
    // The rows travel as one JSON parameter of one fixed statement: building a statement with a parameter per
    // column and row cost a busy writer more than the rest of its work per row.
    const rows = JSON.stringify(
      events.map(({ actor, entry, outcome, occurredAt }) => {
        const row = this.row(actor, entry, outcome);
        return {
          actor_id: row.actorId,
          actor_email: row.actorEmail,
          action: row.action,
          target_type: row.targetType,
          target_id: row.targetId,
          outcome: row.outcome,
          detail: row.detail,
          request_id: row.requestId,
          source_ip: row.sourceIp,
          subgraph: row.subgraph,
          occurred_at: occurredAt?.toISOString() ?? null,
        };
      }),
    );
    const written = await queryRows<WrittenRow>(
      this.db,
      sql`insert into ${auditEvents} (actor_id, actor_email, action, target_type, target_id, outcome, detail, request_id, source_ip, subgraph, occurred_at)
        select r.actor_id, r.actor_email, r.action, r.target_type, r.target_id, r.outcome, r.detail, r.request_id, r.source_ip, r.subgraph, coalesce(r.occurred_at, now())
        from json_to_recordset(${rows}::json) as r(actor_id uuid, actor_email text, action text, target_type text, target_id text, outcome text, detail jsonb, request_id text, source_ip text, subgraph text, occurred_at timestamptz)
        returning id, action`,
    );
    if (written.length !== events.length) throw new Error('The audit rows were not written.');
    // One announcement for the statement's rows: a busy writer's batch is one message, not one per row.
    await this.announce(written, { batch: true });
  }

  private async insert(db: Database, actor: AuditActor, entry: AuditEntry, outcome: AuditOutcome): Promise<WrittenRow> {
    const rows = await db
      .insert(auditEvents)
      .values(this.row(actor, entry, outcome))
      .returning({ id: auditEvents.id, action: auditEvents.action });
    const row = rows[0];
    if (!row) throw new Error('The audit row was not written.');
    return row;
  }

  private row(actor: AuditActor, entry: AuditEntry, outcome: AuditOutcome) {
    return {
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
    };
  }

  /**
   * Live listeners learn of the rows after they are committed (one message for a statement's rows), the
   * tool calls among them on their own topic as well; a lost announcement loses no data.
   */
  private async announce(rows: readonly WrittenRow[], { batch = false } = {}): Promise<void> {
    const ids = rows.map((row) => row.id);
    const [only] = ids;
    const toolCalls = rows.filter((row) => row.action === toolCallAction).map((row) => row.id);
    try {
      await this.events.publish(topics.auditEventAdded, !batch && only !== undefined && ids.length === 1 ? { id: only } : { ids });
      if (toolCalls.length > 0) await this.events.publish(topics.toolCallRecorded, { ids: toolCalls });
    } catch (error) {
      this.logger.warn({ err: error }, 'could not announce an audit event');
    }
  }
}
