import type { EventId, EventStore, StreamId } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

export interface SessionEventStoreLimits {
  /** Events kept for replay; the oldest are dropped beyond it. */
  maxEvents: number;
  /** Bytes of serialized messages kept for replay; the oldest are dropped beyond it. */
  maxBytes: number;
}

export const defaultEventStoreLimits: SessionEventStoreLimits = { maxEvents: 1000, maxBytes: 1024 * 1024 };

interface StoredEvent {
  streamId: StreamId;
  message: JSONRPCMessage;
  bytes: number;
}

/**
 * What one /mcp session sent on its SSE streams, kept so that a client whose stream was cut can resume it
 * with `Last-Event-ID` (Streamable HTTP resumability). One store per session, dropped with it; bounded by
 * events and bytes, oldest first. An event id is only known to the session that sent it, and a replay only
 * sends events of the stream the id belongs to (the spec: never what another stream would have carried).
 * An id that is unknown (never sent here, or already dropped) is answered by the SDK with 400.
 */
export class SessionEventStore implements EventStore {
  /** In the order they were stored (a Map keeps insertion order). */
  private readonly events = new Map<EventId, StoredEvent>();
  private bytes = 0;
  private sequence = 0;

  constructor(private readonly limits: SessionEventStoreLimits = defaultEventStoreLimits) {}

  get size(): { events: number; bytes: number } {
    return { events: this.events.size, bytes: this.bytes };
  }

  /** `serialized` is the message as JSON when the caller has it already (it is only measured). */
  async storeEvent(streamId: StreamId, message: JSONRPCMessage, serialized = JSON.stringify(message)): Promise<EventId> {
    return this.storeEventNow(streamId, message, serialized);
  }

  /** storeEvent without a promise, for a writer that must know the event's id before anything else runs. */
  storeEventNow(streamId: StreamId, message: JSONRPCMessage, serialized = JSON.stringify(message)): EventId {
    this.sequence += 1;
    const eventId = `${this.sequence}`;
    const bytes = Buffer.byteLength(serialized);
    this.events.set(eventId, { streamId, message, bytes });
    this.bytes += bytes;
    this.evict();
    return eventId;
  }

  async getStreamIdForEventId(eventId: EventId): Promise<StreamId | undefined> {
    return this.events.get(eventId)?.streamId;
  }

  async replayEventsAfter(lastEventId: EventId, { send }: { send: (eventId: EventId, message: JSONRPCMessage) => Promise<void> }): Promise<StreamId> {
    const last = this.events.get(lastEventId);
    // The SDK asks getStreamIdForEventId first and answers 400 for an unknown id; this is for a race with eviction.
    if (!last) throw new Error(`Unknown event id ${lastEventId}`);
    let after = false;
    for (const [eventId, event] of [...this.events]) {
      if (eventId === lastEventId) after = true;
      // Priming events (`{}`) only carry an id for the client's cursor: nothing to send again.
      else if (after && event.streamId === last.streamId && Object.keys(event.message).length > 0) await send(eventId, event.message);
    }
    return last.streamId;
  }

  /** Forgets everything (the session ended). */
  clear(): void {
    this.events.clear();
    this.bytes = 0;
  }

  private evict(): void {
    for (const [eventId, event] of this.events) {
      if (this.events.size <= this.limits.maxEvents && this.bytes <= this.limits.maxBytes) return;
      this.events.delete(eventId);
      this.bytes -= event.bytes;
    }
  }
}
