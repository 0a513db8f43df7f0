import { deniedChangesPerMinute, toolCallAction, type AuditActor, type AuditLog, type CounterStore, type Logger } from '@mcp-portal/kit';
import type { AuditOutcome } from '@mcp-portal/schema';
import type { ProxyMetrics, ToolCallOutcome } from './metrics.ts';

export interface ToolCallRecord {
  /** Null when the name led to no running server's tool. */
  serverId: string | null;
  server: string | null;
  /** The tool's own name on its server (or the name the client asked for when it led nowhere). */
  tool: string;
  durationMs: number;
  /**
   * The result, for a call the server answered (isError results included); else the error, with the
   * kind of secret when one in the arguments or the result stopped the call.
   */
  outcome: { isError: boolean } | { error: string; blockedSecret?: string };
}

/**
 * Audit rows for tools/call through the proxy, like GraphQL callTool's. A call's row is written after its
 * answer has gone (waiting for PostgreSQL and Redis would add their round trips to every call), stamped
 * with the time of the answer, gathered for up to 50 ms: the rows of many calls go in one INSERT. `flush` waits for the
 * rows still being written, and the proxy flushes before it stops. A row that cannot be
 * written is logged as an error with the call it describes (never its arguments). The rest, as before: action `tool.call`, target the
 * server, detail `{ server, tool, via, durationMs }` plus `isError` or `error` (and `blockedSecret`, the
 * kind of secret that stopped it; outcome `denied`) — never the arguments or the result. Each is counted
 * in the metrics too, by the same call. A call refused for the caller's role is recorded as `access.denied`
 * (outcome `denied`), at most `deniedChangesPerMinute` rows per actor and minute over the platform, like
 * refused mutations.
 */
export class ToolCallAudit {
  constructor(
    private readonly audit: AuditLog,
    private readonly counters: CounterStore,
    private readonly logger: Logger,
    private readonly metrics?: ProxyMetrics,
    private readonly lingerMs = auditLingerMs,
  ) {}

  /** Rows of calls answered but not written yet: the next statement's. */
  private waiting: Row[] = [];
  private writing: Promise<void> | null = null;
  /** Ends the wait before the next statement at once (flush). */
  private stopLingering: (() => void) | null = null;

  /** Counts the call now and writes its row in the background (see flush). */
  called(actor: AuditActor, call: ToolCallRecord): void {
    const outcome = outcomeOf(call.outcome);
    this.metrics?.toolCall(call.server, call.tool, outcome, call.durationMs);
    const detail = { server: call.server, tool: call.tool, via: 'gateway-proxy', durationMs: Math.round(call.durationMs), ...call.outcome };
    this.waiting.push({
      actor,
      entry: { action: toolCallAction, targetType: 'Server', targetId: call.serverId, detail },
      outcome: auditOutcomes[outcome],
      occurredAt: new Date(),
    });
    this.writing ??= this.writeWaiting();
  }

  /** Waits until every row of the calls answered so far is written (or failed and logged). */
  async flush(): Promise<void> {
    while (this.writing) {
      this.stopLingering?.();
      await this.writing;
    }
  }

  /**
   * One statement at a time, for every row waiting: a row waits `lingerMs` for the rows of the calls
   * answered just after it, and under load the rows of the calls answered during one write go together in
   * the next (one round trip and one statement for many).
   */
  private async writeWaiting(): Promise<void> {
    try {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.lingerMs);
        this.stopLingering = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.stopLingering = null;
      while (this.waiting.length > 0) {
        const rows = this.waiting.splice(0, maxRowsPerWrite);
        await this.audit.recordMany(rows).catch((error: unknown) => {
          for (const row of rows)
            this.logger.error({ err: error, actorId: row.actor.viewer?.userId, detail: row.entry.detail }, 'could not write the audit row of a tool call');
        });
      }
    } finally {
      this.writing = null;
    }
  }

  async denied(actor: AuditActor, tools: string[]): Promise<void> {
    const viewer = actor.viewer;
    if (!viewer) return;
    // The names are the caller's, unchecked: counted without them.
    for (let i = 0; i < Math.max(tools.length, 1); i += 1) this.metrics?.toolCall(null, null, 'refused');
    try {
      const { count } = await this.counters.increment(`audit-denied:${viewer.userId}`, 60);
      if (count > deniedChangesPerMinute) {
        if (count === deniedChangesPerMinute + 1)
          this.logger.warn({ actorId: viewer.userId }, 'refused changes of this actor are no longer audited this minute');
        return;
      }
      await this.audit.record(
        actor,
        {
          action: 'access.denied',
          targetType: 'McpMethod',
          targetId: 'tools/call',
          detail: { method: 'tools/call', tools, via: 'gateway-proxy', role: viewer.role, code: 'FORBIDDEN' },
        },
        'denied',
      );
    } catch (error) {
      this.logger.warn({ err: error }, 'could not audit a refused tool call');
    }
  }
}

type Row = Parameters<AuditLog['recordMany']>[0][number];

/** How long a row waits for others to go in the same statement. */
export const auditLingerMs = 50;

/** Rows per INSERT at most (PostgreSQL allows 65,535 parameters; a row has 11). */
const maxRowsPerWrite = 500;

const auditOutcomes = { ok: 'success', tool_error: 'success', error: 'failure', blocked_secret: 'denied', refused: 'denied' } as const satisfies Record<
  ToolCallOutcome,
  AuditOutcome
>;

function outcomeOf(outcome: ToolCallRecord['outcome']): ToolCallOutcome {
  if ('isError' in outcome) return outcome.isError ? 'tool_error' : 'ok';
  return outcome.blockedSecret === undefined ? 'error' : 'blocked_secret';
}
