import type { Logger } from './logger.ts';

/** How long one step of a stop may run before the log names it (and again every as long). */
export const slowShutdownStepMs = 5_000;

/**
 * The steps of a stop, run by name: a step still running after `slowMs` is logged as a warning, and `pending`
 * says what a stop that does not end is waiting for (nested steps included, outermost first).
 */
export class ShutdownSteps {
  private readonly running: string[] = [];

  constructor(
    private readonly logger: Logger,
    private readonly slowMs = slowShutdownStepMs,
  ) {}

  get pending(): readonly string[] {
    return [...this.running];
  }

  async run(name: string, step: () => Promise<unknown> | undefined): Promise<void> {
    this.running.push(name);
    const startedAt = Date.now();
    const slow = setInterval(() => {
      this.logger.warn({ step: name, seconds: Math.round((Date.now() - startedAt) / 1000) }, `still stopping: ${name}`);
    }, this.slowMs);
    slow.unref();
    try {
      await step();
    } finally {
      clearInterval(slow);
      this.running.splice(this.running.lastIndexOf(name), 1);
    }
  }
}

/** The connections a process's services share (event bus, rate-limit counters, database): closed last, in this order. */
export interface SharedConnections {
  events: { close(): Promise<void> };
  counters: { close(): Promise<void> };
  database: { close(): Promise<void> };
}

export async function closeSharedConnections(shared: SharedConnections, steps: ShutdownSteps): Promise<void> {
  await steps.run('event bus', () => shared.events.close());
  await steps.run('rate-limit counters', () => shared.counters.close());
  await steps.run('database pool', () => shared.database.close());
}
