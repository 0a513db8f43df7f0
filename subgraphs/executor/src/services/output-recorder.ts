import { topics, type ExecutionOutputStream } from '@mcp-portal/schema';
import type { EventBus, Logger } from '@mcp-portal/kit';
import type { ExecutionStore, NewOutputChunk } from '../store/executions.ts';

/** A stored chunk holds at most this much text; more of the same stream starts another. */
const maxChunkChars = 64 * 1024;

/**
 * Keeps what a run prints: consecutive pieces of the same stream are gathered for `flushMs` (or up to 64 KiB) into one
 * stored chunk, numbered in order, then announced so live subscribers read them. Bounded by the runner's output caps:
 * a run stores at most its byte cap plus the executor's own notes.
 */
export class OutputRecorder {
  private pending: NewOutputChunk[] = [];
  private pendingChars = 0;
  private seq = 0;
  private timer: NodeJS.Timeout | null = null;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly executionId: string,
    private readonly userId: string,
    private readonly store: ExecutionStore,
    private readonly events: EventBus,
    private readonly logger: Logger,
    private readonly flushMs: number,
  ) {}

  add(stream: ExecutionOutputStream, text: string): void {
    if (text === '') return;
    // PostgreSQL text cannot hold NUL.
    const clean = text.replaceAll('\u0000', '\uFFFD');
    const last = this.pending.at(-1);
    if (last && last.stream === stream && last.text.length + clean.length <= maxChunkChars) last.text += clean;
    else this.pending.push({ seq: this.seq++, stream, text: clean });
    this.pendingChars += clean.length;
    if (this.pendingChars >= maxChunkChars) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.flushMs);
  }

  /** Stores what is pending; resolves once everything added so far is stored and announced. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const chunks = this.pending;
    this.pending = [];
    this.pendingChars = 0;
    if (chunks.length > 0) this.chain = this.chain.then(() => this.write(chunks));
    return this.chain;
  }

  private async write(chunks: NewOutputChunk[]): Promise<void> {
    try {
      const rows = await this.store.insertOutput(this.executionId, chunks);
      await this.events.publish(topics.executionOutput, { ids: rows.map((row) => String(row.id)), executionId: this.executionId, userId: this.userId });
    } catch (error) {
      this.logger.warn({ err: error, executionId: this.executionId }, 'could not store or announce output of an execution');
    }
  }
}
