import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './respond.ts';

export type HealthCheck = () => Promise<unknown>;

export async function runChecks(checks: Record<string, HealthCheck>, timeoutMs = 2_000) {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        await Promise.race([check(), new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs).unref())]);
        return [name, { status: 'ok' }] as const;
      } catch (error) {
        return [name, { status: 'down', error: error instanceof Error ? error.message : String(error) }] as const;
      }
    }),
  );
  const results = Object.fromEntries(entries);
  const healthy = entries.every(([, result]) => result.status === 'ok');
  return { status: healthy ? 'ok' : 'degraded', checks: results };
}

/** GET /health: 200 when every dependency answers, 503 with the failing ones named otherwise. */
export function healthHandler(checks: Record<string, HealthCheck>) {
  return async (_req: IncomingMessage, res: ServerResponse) => {
    const report = await runChecks(checks);
    sendJson(res, report.status === 'ok' ? 200 : 503, report);
  };
}
