/**
 * Refetches a list so that its answer is never older than the last change announced: a change announced while a
 * refetch is under way may be newer than that refetch's answer (which then overwrites it in the cache), so one more
 * refetch follows. A request while one is under way joins it (Apollo would answer it with the same request).
 */
export class RefetchQueue {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(private readonly refetch: () => Promise<unknown>) {}

  /** Refetches now, or once more after the refetch under way; resolves when the list is current. */
  request(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.run().finally(() => (this.running = null));
    return this.running;
  }

  /** A change was announced (and written to the cache): a refetch under way may answer older data, so another follows. */
  changed(): void {
    if (this.running) this.again = true;
  }

  private async run(): Promise<void> {
    do {
      this.again = false;
      await this.refetch().catch(() => undefined);
    } while (this.again);
  }
}
