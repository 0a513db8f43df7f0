import type { ToolMinRole } from '@mcp-portal/schema';
import { defaultToolPolicy, NotFoundError, requireViewer, type AuditActor, type AuditLog, type Database, type ToolPolicy } from '@mcp-portal/kit';
import { serverStore } from '../store/servers.ts';
import { toolPolicyStore, type ToolPolicyRow } from '../store/tool-policies.ts';
import type { StatusRecorder } from './lifecycle/status-recorder.ts';

/** A change of one tool's policy: what is not given stays as it is. */
export interface ToolPolicyChange {
  enabled?: boolean;
  minRole?: ToolMinRole;
}

/**
 * Tool policies (admin): which tools of an enabled server are disabled, and which are admin-only. Every
 * change is audited in its own transaction and announced as the server's status change, so running
 * gateway-proxies read the tools again (and tell their clients tools/list_changed) and portals refresh.
 */
export class ToolPolicyService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly status: StatusRecorder,
  ) {}

  ofServer(serverId: string): Promise<ToolPolicyRow[]> {
    return toolPolicyStore(this.db).ofServer(serverId);
  }

  get(serverId: string, tool: string): Promise<ToolPolicyRow | null> {
    return toolPolicyStore(this.db).get(serverId, tool);
  }

  /** Every stored policy, by server id and tool. */
  async byServerRows(): Promise<Map<string, Map<string, ToolPolicyRow>>> {
    const byServer = new Map<string, Map<string, ToolPolicyRow>>();
    for (const row of await toolPolicyStore(this.db).all()) {
      const ofServer = byServer.get(row.serverId) ?? new Map<string, ToolPolicyRow>();
      ofServer.set(row.tool, row);
      byServer.set(row.serverId, ofServer);
    }
    return byServer;
  }

  /** Every stored policy, by server id (what the gateway-proxy applies). */
  async byServer(): Promise<Map<string, ToolPolicy[]>> {
    const rows = await this.byServerRows();
    return new Map(
      [...rows].map(([serverId, policies]) => [serverId, [...policies.values()].map(({ tool, enabled, minRole }) => ({ tool, enabled, minRole }))]),
    );
  }

  /**
   * Sets one tool's policy. The tool must be one the server lists, unless its tools are not known yet
   * (never started), so a tool can be disabled before the server first runs.
   */
  async set(serverId: string, tool: string, change: ToolPolicyChange, actor: AuditActor): Promise<ToolPolicyRow> {
    const viewer = requireViewer(actor.viewer);
    const row = await this.audit.change(
      actor,
      { action: 'tool.policy-set', targetType: 'Server', targetId: serverId, detail: { tool, ...change } },
      async (tx) => {
        const server = await serverStore(tx).byIdForUpdate(serverId);
        if (!server) throw new NotFoundError(`There is no enabled server with id ${serverId}.`);
        if (server.toolsUpdatedAt !== null && !server.tools.some((known) => known.name === tool)) {
          const known = server.tools.map((candidate) => candidate.name).join(', ') || 'none';
          throw new NotFoundError(`The server ${server.catalogName} has no tool named "${tool}" (its tools: ${known}).`);
        }
        const current = await toolPolicyStore(tx).get(serverId, tool);
        const next = {
          enabled: change.enabled ?? current?.enabled ?? defaultToolPolicy.enabled,
          minRole: change.minRole ?? current?.minRole ?? defaultToolPolicy.minRole,
        };
        return toolPolicyStore(tx).upsert(serverId, tool, next, viewer.userId);
      },
    );
    const server = await serverStore(this.db).byId(serverId);
    if (server) await this.status.announce(server);
    return row;
  }
}
