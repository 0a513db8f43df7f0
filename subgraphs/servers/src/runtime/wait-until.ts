/** Polls `condition` until it holds or `timeoutMs` passed; tells which. */
export async function waitUntil(condition: () => Promise<boolean> | boolean, timeoutMs: number, intervalMs = 25): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
