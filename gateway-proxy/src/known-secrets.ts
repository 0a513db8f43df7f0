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
