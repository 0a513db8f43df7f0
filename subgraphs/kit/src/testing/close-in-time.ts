import { ShutdownSteps } from '../shutdown-steps.ts';
import { createLogger } from '../logger.ts';

/** How long a test's close may take: less than an after-all hook's 60 s, so a stuck close fails saying where. */
export const testCloseMs = 40_000;

/**
 * Runs `close` with the steps it names, and fails after `ms` with what it is still waiting for (instead of an
 * after-all hook timing out without a word).
 */
export async function closeInTime(what: string, close: (steps: ShutdownSteps) => Promise<void>, ms = testCloseMs): Promise<void> {
  const steps = new ShutdownSteps(createLogger(`closing-${what}`, process.env.LOG_LEVEL ?? 'silent'));
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const pending = steps.pending.join(' › ') || 'no step named';
      reject(new Error(`${what} did not close within ${ms / 1000} s; still stopping: ${pending}`));
    }, ms);
  });
  try {
    await Promise.race([close(steps), late]);
  } finally {
    clearTimeout(timer);
  }
}
