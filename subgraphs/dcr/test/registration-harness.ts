import { count, eq, like } from 'drizzle-orm';
import { auditTables, dcrTables } from '@mcp-portal/schema';
import { startSubgraphHarness, type SubgraphHarness } from '@mcp-portal/kit/testing';
import { dcrSubgraph, type DcrServices } from '../src/index.ts';

/**
 * Registration's limits off: the tests of the protocol register many clients from 127.0.0.1 (the limits have their
 * own tests, which pass their own values).
 */
export const noRegistrationLimits = { MCP_DCR_MAX_CLIENTS_PER_ADDRESS: '0', MCP_DCR_REGISTRATIONS_PER_WINDOW: '0' };

/** The dcr subgraph (its registration routes wired by src/index.ts), over real HTTP, Postgres and Redis. */
export async function startRegistrationHarness(env: Record<string, string> = noRegistrationLimits): Promise<SubgraphHarness<DcrServices>> {
  return startSubgraphHarness(dcrSubgraph, { env });
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
