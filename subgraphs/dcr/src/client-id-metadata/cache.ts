/** How long a document is kept when its response says nothing about caching. */
export const defaultDocumentLifetimeMs = 5 * 60_000;
/** The longest a document is kept, whatever its response says. */
export const maxDocumentLifetimeMs = 24 * 60 * 60_000;

/**
 * How long a fetched document may be reused, from its response's Cache-Control: none with no-store or no-cache,
 * max-age otherwise (clamped to [0, 24 h]), 5 minutes when the header says neither.
 */
export function documentLifetimeMs(cacheControl: string | null): number {
  if (cacheControl === null) return defaultDocumentLifetimeMs;
  const directives = cacheControl.split(',').map((directive) => directive.trim().toLowerCase());
  if (directives.some((directive) => directive === 'no-store' || directive === 'no-cache' || directive.startsWith('no-cache='))) return 0;
  const maxAge = directives.map((directive) => /^max-age\s*=\s*"?(\d+)"?$/.exec(directive)?.[1]).find((seconds) => seconds !== undefined);
  if (maxAge === undefined) return defaultDocumentLifetimeMs;
  return Math.min(Number(maxAge) * 1000, maxDocumentLifetimeMs);
}

/**
 * A bounded map whose entries expire: at most `maxEntries`, the least recently used one making room for a new one.
 * Time is read from `now` (a test's clock).
 */
export class ExpiringCache<Value> {
  private readonly entries = new Map<string, { value: Value; expiresAt: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number,
  ) {}

  get(key: string): Value | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= this.now()) return undefined;
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Keeps `value` for `lifetimeMs` (nothing is kept for 0 or less; an entry already there goes). */
  set(key: string, value: Value, lifetimeMs: number): void {
    this.entries.delete(key);
    if (lifetimeMs <= 0 || this.maxEntries <= 0) return;
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, expiresAt: this.now() + lifetimeMs });
  }

  get size(): number {
    return this.entries.size;
  }
}
