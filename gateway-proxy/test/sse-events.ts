/** One server-sent event: its id (when it has one) and its data parsed as JSON (null for an empty one, a priming event). */
export interface SseEvent {
  id?: string;
  message: {
    id?: number | string;
    method?: string;
    params?: Record<string, unknown>;
    result?: Record<string, unknown>;
    error?: { code: number; message: string };
  } | null;
}

/**
 * Reads the events of an SSE response one by one, as a raw client does, and can cut the stream. An answer
 * sent as one `application/json` body (a request answered at once) reads as one event without an id (each
 * message of a JSON array as one), then the end.
 */
export class SseEvents {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private readonly json: boolean;
  private buffer = '';

  constructor(response: Response) {
    if (!response.body) throw new Error(`no body (status ${response.status})`);
    this.reader = response.body.getReader();
    this.json = (response.headers.get('content-type') ?? '').startsWith('application/json');
  }

  /** The next event; fails when the stream ends first, or after `timeoutMs` (a bound on a hang, not a timing assertion). */
  async next(timeoutMs = 30_000): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    if (this.json) return this.nextOfJson();
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        const lines = block.split('\n');
        const id = lines.find((line) => line.startsWith('id: '))?.slice(4);
        const data = lines
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).trimStart())
          .join('\n');
        // Comments (keep-alives) carry neither.
        if (id === undefined && !data) continue;
        return { ...(id !== undefined ? { id } : {}), message: data ? (JSON.parse(data) as SseEvent['message']) : null };
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`no event within ${timeoutMs} ms; read so far: ${this.buffer}`);
      let timer: NodeJS.Timeout | undefined;
      const chunk = await Promise.race([
        this.reader.read(),
        new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no event within ${timeoutMs} ms`)), remaining))),
      ]).finally(() => clearTimeout(timer));
      if (chunk.done) throw new Error(`the stream ended; read so far: ${this.buffer}`);
      this.buffer += this.decoder.decode(chunk.value, { stream: true });
    }
  }

  private jsonMessages: SseEvent['message'][] | undefined;

  private async nextOfJson(): Promise<SseEvent> {
    if (!this.jsonMessages) {
      let text = '';
      for (let chunk = await this.reader.read(); !chunk.done; chunk = await this.reader.read()) text += this.decoder.decode(chunk.value, { stream: true });
      const parsed = JSON.parse(text) as SseEvent['message'] | SseEvent['message'][];
      this.jsonMessages = Array.isArray(parsed) ? parsed : [parsed];
    }
    const message = this.jsonMessages.shift();
    if (message === undefined) throw new Error('the stream ended; it was one JSON body');
    return { message };
  }

  /** Events until one `accept` takes (that one included). */
  async until(accept: (event: SseEvent) => boolean, timeoutMs = 30_000): Promise<SseEvent[]> {
    const seen: SseEvent[] = [];
    for (;;) {
      const event = await this.next(timeoutMs);
      seen.push(event);
      if (accept(event)) return seen;
    }
  }

  /** Cuts the stream, as a client whose connection dropped. */
  async cut(): Promise<void> {
    await this.reader.cancel().catch(() => undefined);
  }
}
