import { and, asc, eq } from 'drizzle-orm';
import { serversTables, type ToolMinRole } from '@mcp-portal/schema';
import type { Database } from '@mcp-portal/kit';

const { toolPolicies } = serversTables;
export type ToolPolicyRow = typeof toolPolicies.$inferSelect;

export function toolPolicyStore(db: Database) {
  return {
    async all(): Promise<ToolPolicyRow[]> {
      return db.select().from(toolPolicies).orderBy(asc(toolPolicies.serverId), asc(toolPolicies.tool));
    },
    async ofServer(serverId: string): Promise<ToolPolicyRow[]> {
      return db.select().from(toolPolicies).where(eq(toolPolicies.serverId, serverId)).orderBy(asc(toolPolicies.tool));
    },
    async get(serverId: string, tool: string): Promise<ToolPolicyRow | null> {
      const rows = await db
        .select()
        .from(toolPolicies)
        .where(and(eq(toolPolicies.serverId, serverId), eq(toolPolicies.tool, tool)));
      return rows[0] ?? null;
    },
    async upsert(serverId: string, tool: string, policy: { enabled: boolean; minRole: ToolMinRole }, updatedBy: string): Promise<ToolPolicyRow> {
      const values = { ...policy, updatedBy, updatedAt: new Date() };
      const rows = await db
        .insert(toolPolicies)
        .values({ serverId, tool, ...values })
        .onConflictDoUpdate({ target: [toolPolicies.serverId, toolPolicies.tool], set: values })
        .returning();
      const row = rows[0];
      if (!row) throw new Error('The tool policy was not stored.');
      return row;
    },
  };
}
