/**
 * Waits until `probe()` gives a value `accept` takes, and returns it; usable where `expect.poll` is not
 * (in `beforeAll`). Tests wait on conditions like this rather than for fixed times a loaded machine outruns:
 * `timeoutMs` only bounds a hang, so make it generous.
 */
export async function waitUntil<T>(
  what: string,
  probe: () => T | Promise<T>,
  accept: (value: T) => boolean,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const { timeoutMs = 30_000, intervalMs = 100 } = options;
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await probe();
      lastError = undefined;
      if (accept(last)) return last;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  const seen = lastError !== undefined ? `it failed: ${String(lastError)}` : `last seen: ${JSON.stringify(last)}`;
  throw new Error(`waited ${timeoutMs} ms for ${what}; ${seen}`);
}
