/** One secret value the platform stores, and how a refusal names it (`<server>.<secret name>`). */
export interface KnownSecret {
  label: string;
  value: string;
}

/** The current plaintext values of the servers' secrets, for the proxy to recognise them in calls. */
export interface KnownSecrets {
  values(): Promise<readonly KnownSecret[]>;
}

/** Shorter values would match ordinary text. */
export const minKnownSecretLength = 8;
/** A longer value (a whole certificate chain, say) is matched by its first this many characters. */
const maxMatchedLength = 16 * 1024;
/** At most this many values are kept; more are not matched (and logged by the caller's source, if it cares). */
const maxKnownSecrets = 10_000;

/**
 * The platform's secret values, loaded at most once per `ttlMs` (and once at a time), and loaded again
 * after `invalidate()` (the proxy calls it when secrets change). Values are trimmed; those shorter than
 * `minKnownSecretLength` are left out.
 */
export class CachedKnownSecrets implements KnownSecrets {
  private cached: { at: number; values: readonly KnownSecret[] } | null = null;
  private loading: Promise<readonly KnownSecret[]> | null = null;
  private generation = 0;

  constructor(
    private readonly load: () => Promise<readonly KnownSecret[]>,
    private readonly ttlMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  values(): Promise<readonly KnownSecret[]> {
    if (this.cached && this.now() - this.cached.at < this.ttlMs) return Promise.resolve(this.cached.values);
    if (this.loading) return this.loading;
    const generation = this.generation;
    const at = this.now();
    const loading = this.load()
      .then((loaded) => {
        const values = usable(loaded);
        if (generation === this.generation) this.cached = { at, values };
        return values;
      })
      .finally(() => {
        if (this.loading === loading) this.loading = null;
      });
    this.loading = loading;
    return loading;
  }

  /** Forgets the values: the next call loads them again (a load under way is not kept). */
  invalidate(): void {
    this.generation += 1;
    this.cached = null;
    this.loading = null;
  }
}

function usable(loaded: readonly KnownSecret[]): KnownSecret[] {
  const values: KnownSecret[] = [];
  for (const secret of loaded) {
    const value = secret.value.trim().slice(0, maxMatchedLength);
    if (value.length >= minKnownSecretLength) values.push({ label: secret.label, value });
    if (values.length === maxKnownSecrets) break;
  }
  return values;
}

/** Below this many values, each is looked for with `includes`; from it on, one pass over the text finds them all. */
const manyKnownSecrets = 48;
const windowLength = minKnownSecretLength;

/** A hash of `windowLength` characters of `text` from `start` (the same as the rolling hash below). */
function windowHash(text: string, start: number): number {
  let hash = 0;
  for (let i = start; i < start + windowLength; i += 1) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return hash;
}

/** 31^(windowLength-1), to drop a window's first character from its hash. */
const leadingFactor = Array.from({ length: windowLength - 1 }).reduce<number>((factor) => Math.imul(factor, 31), 1);

/**
 * Finds which of many secret values occur in a text in one pass, whatever their number: every window of
 * `minKnownSecretLength` characters is hashed as it slides (Rabin-Karp), and a window whose hash starts a
 * value (a bit set first tells most apart) is compared with it. With few values, `includes` for each is as fast and is used instead.
 */
export class KnownSecretMatcher {
  private readonly byStart = new Map<number, KnownSecret[]>();
  /** One bit per 16-bit slice of a value's start hash: most windows are dismissed without a Map lookup. */
  private readonly starts = new Uint32Array(65536 / 32);

  constructor(private readonly known: readonly KnownSecret[]) {
    if (known.length < manyKnownSecrets) return;
    for (const secret of known) {
      const hash = windowHash(secret.value, 0);
      this.starts[(hash & 0xffff) >>> 5]! |= 1 << (hash & 31);
      const same = this.byStart.get(hash);
      if (same) same.push(secret);
      else this.byStart.set(hash, [secret]);
    }
  }

  /** A value that occurs in `text`, or undefined. */
  find(text: string): KnownSecret | undefined {
    if (this.byStart.size === 0) {
      for (const secret of this.known) if (text.includes(secret.value)) return secret;
      return undefined;
    }
    if (text.length < windowLength) return undefined;
    let hash = windowHash(text, 0);
    for (let start = 0; ; start += 1) {
      if ((this.starts[(hash & 0xffff) >>> 5]! & (1 << (hash & 31))) !== 0) {
        for (const secret of this.byStart.get(hash) ?? []) if (text.startsWith(secret.value, start)) return secret;
      }
      const next = start + windowLength;
      if (next >= text.length) return undefined;
      hash = (Math.imul(hash - Math.imul(text.charCodeAt(start), leadingFactor), 31) + text.charCodeAt(next)) | 0;
    }
  }
}

const matchers = new WeakMap<readonly KnownSecret[], KnownSecretMatcher>();

/** The matcher of a list of values, made once per list (the cache hands out the same list until it reloads). */
export function matcherOf(known: readonly KnownSecret[]): KnownSecretMatcher {
  let matcher = matchers.get(known);
  if (!matcher) {
    matcher = new KnownSecretMatcher(known);
    matchers.set(known, matcher);
  }
  return matcher;
}
