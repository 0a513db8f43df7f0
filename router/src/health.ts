import { runChecks, type EventBus } from '@mcp-portal/kit';

interface SubgraphHealth {
  status: string;
  checks?: Record<string, { status: string; error?: string }>;
}

async function subgraphHealth(graphqlUrl: string): Promise<SubgraphHealth> {
  const response = await fetch(new URL('/health', graphqlUrl), { signal: AbortSignal.timeout(2_000) });
  return (await response.json()) as SubgraphHealth;
}

function assertHealthy(body: SubgraphHealth): void {
  if (body.status !== 'ok') {
    const failing = Object.entries(body.checks ?? {})
      .filter(([, c]) => c.status !== 'ok')
      .map(([name]) => name);
    throw new Error(`unhealthy: ${failing.join(', ') || body.status}`);
  }
}

/** The router's /health: every subgraph (which checks its Postgres), Postgres as the subgraphs see it, and Redis. */
export async function routerHealth(subgraphUrls: Record<string, string>, events: EventBus) {
  const reports = new Map<string, SubgraphHealth>();
  const checks: Record<string, () => Promise<unknown>> = {};
  for (const [name, url] of Object.entries(subgraphUrls)) {
    checks[`subgraph:${name}`] = async () => {
      const body = await subgraphHealth(url);
      reports.set(name, body);
      assertHealthy(body);
    };
  }
  checks[events.kind === 'redis' ? 'redis' : 'pubsub'] = () => events.ping();
  const report = await runChecks(checks);
  const postgresDown = [...reports].filter(([, r]) => r.checks?.postgres?.status !== 'ok').map(([name]) => name);
  const postgres =
    reports.size === 0
      ? { status: 'down', error: 'no subgraph answered' }
      : postgresDown.length === 0
        ? { status: 'ok' }
        : { status: 'down', error: `reported by ${postgresDown.join(', ')}` };
  const healthy = report.status === 'ok' && postgres.status === 'ok';
  return { status: healthy ? 'ok' : 'degraded', checks: { ...report.checks, postgres } };
}
