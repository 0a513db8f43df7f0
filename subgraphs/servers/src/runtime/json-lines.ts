/**
 * Newline-delimited JSON read from a byte stream: chunks are kept until a line is complete (a long message
 * arriving in many chunks is joined once, not chunk by chunk), and what waits for its newline is bounded.
 */
export class JsonLineReader {
  private chunks: Buffer[] = [];
  private pending = 0;

  constructor(private readonly maxLineBytes: number) {}

  /** Adds bytes; throws when a line grows past the limit (what was pending is dropped: the stream cannot be resynchronised). */
  append(chunk: Buffer): void {
    this.pending += chunk.length;
    this.chunks.push(chunk);
    if (this.pending > this.maxLineBytes && !chunk.includes(0x0a)) {
      this.refuseLongLine();
    }
  }

  /** The complete lines received so far, as text without their line ends ("\n" or "\r\n"); the rest waits. */
  lines(): string[] {
    if (this.chunks.length === 0) return [];
    const last = this.chunks[this.chunks.length - 1]!;
    if (!last.includes(0x0a)) return [];
    const buffer = this.chunks.length === 1 ? last : Buffer.concat(this.chunks, this.pending);
    const lines: string[] = [];
    let start = 0;
    for (let end = buffer.indexOf(0x0a); end >= 0; end = buffer.indexOf(0x0a, start)) {
      const stop = end > start && buffer[end - 1] === 0x0d ? end - 1 : end;
      lines.push(buffer.toString('utf8', start, stop));
      start = end + 1;
    }
    const rest = buffer.subarray(start);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.pending = rest.length;
    if (this.pending > this.maxLineBytes) {
      this.refuseLongLine();
    }
    return lines;
  }

  private refuseLongLine(): never {
    this.clear();
    throw new Error(`A message of the server is longer than ${this.maxLineBytes} bytes.`);
  }

  clear(): void {
    this.chunks = [];
    this.pending = 0;
  }
}
