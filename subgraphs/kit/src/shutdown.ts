import { z } from 'zod';
import type { Logger } from './logger.ts';
import { readSettings, type Environment } from './config.ts';

/** How long a stop waits for requests in flight, by default. */
export const defaultShutdownGraceMs = 10_000;

/**
 * SHUTDOWN_GRACE_SECONDS: on SIGTERM a process stops accepting at once, then lets what it already
 * accepted finish for at most this long before it closes its connections and pools (a rolling deploy).
 */
export const shutdownSettings = {
  SHUTDOWN_GRACE_SECONDS: z.coerce
    .number()
    .min(0)
    .max(3600)
    .default(defaultShutdownGraceMs / 1000),
};

export function readShutdownGraceMs(env: Environment): number {
  return readSettings(shutdownSettings, env).SHUTDOWN_GRACE_SECONDS * 1000;
}

/**
 * Stops cleanly once on SIGINT/SIGTERM. Ctrl-C under `npm start` delivers the signal twice (from the
 * terminal and forwarded by npm), so a repeat within two seconds is ignored; a later one exits at once.
 */
export function onShutdown(logger: Logger, stop: () => Promise<void>): void {
  let stoppingSince: number | null = null;
  const handle = (signal: NodeJS.Signals) => {
    if (stoppingSince !== null) {
      if (Date.now() - stoppingSince > 2_000) process.exit(130);
      return;
    }
    stoppingSince = Date.now();
    logger.info({ signal }, 'shutting down');
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
}
