import { count, eq, like } from 'drizzle-orm';
import { auditTables, dcrTables } from '@mcp-portal/schema';
import { startSubgraphHarness, type SubgraphHarness } from '@mcp-portal/kit/testing';
import { dcrSubgraph, type DcrServices } from '../src/index.ts';
import { registrationRoutes } from '../src/registration/index.ts';

/** The dcr subgraph with the registration routes wired (as src/index.ts will), over real HTTP and Postgres. */
export async function startRegistrationHarness(): Promise<SubgraphHarness<DcrServices>> {
  return startSubgraphHarness({
    ...dcrSubgraph,
    routes: (services) => ({ ...dcrSubgraph.routes?.(services), ...registrationRoutes(services) }),
  });
}

export async function clientRows(harness: SubgraphHarness<DcrServices>): Promise<number> {
  const rows = await harness.database.db.select({ n: count() }).from(dcrTables.oauthClients);
  return rows[0]?.n ?? 0;
}

export async function clientRow(harness: SubgraphHarness<DcrServices>, clientId: string) {
  const rows = await harness.database.db.select().from(dcrTables.oauthClients).where(eq(dcrTables.oauthClients.clientId, clientId));
  return rows[0] ?? null;
}

export async function registrationAuditRows(harness: SubgraphHarness<DcrServices>) {
  const { auditEvents } = auditTables;
  return harness.database.db.select().from(auditEvents).where(like(auditEvents.action, 'oauth_client.%')).orderBy(auditEvents.occurredAt);
}
