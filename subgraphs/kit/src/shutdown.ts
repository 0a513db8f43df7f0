import type { Logger } from './logger.ts';

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
