/** Longest line kept; the rest of a longer line is cut so one runaway write cannot grow memory without bound. */
export const MAX_LINE_LENGTH = 16 * 1024;

/** Turns a byte stream into text lines ("\n" or "\r\n"); a final line without a newline is emitted by `flush`. */
export class LineSplitter {
  private pending = '';
  private discarding = false;
  private readonly decoder = new TextDecoder();

  constructor(private readonly onLine: (line: string) => void) {}

  write(chunk: Buffer | string): void {
    const text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let newline = text.indexOf('\n', start); newline !== -1; newline = text.indexOf('\n', start)) {
      this.append(text.slice(start, newline));
      this.emit();
      start = newline + 1;
    }
    this.append(text.slice(start));
  }

  flush(): void {
    this.append(this.decoder.decode());
    if (this.pending.length > 0 || this.discarding) this.emit();
  }

  private append(text: string): void {
    if (this.discarding) return;
    this.pending += text;
    if (this.pending.length > MAX_LINE_LENGTH) {
      this.pending = `${this.pending.slice(0, MAX_LINE_LENGTH)}…`;
      this.discarding = true;
    }
  }

  private emit(): void {
    const line = this.pending.endsWith('\r') ? this.pending.slice(0, -1) : this.pending;
    this.pending = '';
    this.discarding = false;
    this.onLine(line);
  }
}
