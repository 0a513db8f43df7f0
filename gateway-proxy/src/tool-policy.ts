import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { toolListedFor, toolPolicyRefusal, type Role, type ToolPolicy } from '@mcp-portal/kit';
import { prefixedToolName, type ToolRoute } from './tool-names.ts';
import type { UpstreamServer } from './upstreams.ts';

/**
 * The tool policies of the running servers (`UpstreamServer.toolPolicies`, set by admins with GraphQL
 * `setToolPolicy`), applied the same way for every transport:
 * - a disabled tool is left out before the naming rule, so it is listed to no one and never makes another
 *   server's tool of the same name prefixed; calling it (by its bare or `<server>__<tool>` name) is refused;
 * - an admin-only tool keeps its place in the naming rule (names never depend on who asks) but is listed to
 *   admins only, and only admins may call it.
 */
export class ToolPolicies {
  private constructor(private readonly byServer: ReadonlyMap<string, ReadonlyMap<string, ToolPolicy>>) {}

  static of(servers: readonly UpstreamServer[]): ToolPolicies {
    return new ToolPolicies(new Map(servers.map((server) => [server.id, new Map((server.toolPolicies ?? []).map((policy) => [policy.tool, policy]))])));
  }

  policyOf(serverId: string, tool: string): ToolPolicy | undefined {
    return this.byServer.get(serverId)?.get(tool);
  }

  /** The servers as the naming rule sees them: without their disabled tools. */
  withoutDisabled(servers: readonly UpstreamServer[]): UpstreamServer[] {
    return servers.map((server) => ({ ...server, tools: server.tools.filter((tool) => this.policyOf(server.id, tool.name)?.enabled !== false) }));
  }

  /** Changes whenever a policy that matters changed, so clients hear tools/list_changed. */
  fingerprint(): string {
    return JSON.stringify(
      [...this.byServer].map(([serverId, policies]) => [serverId, [...policies.values()].filter((policy) => !policy.enabled || policy.minRole !== 'operator')]),
    );
  }
}

/** What one listing of the index holds, as far as the policy is concerned. */
export interface PolicedSnapshot {
  servers: readonly UpstreamServer[];
  tools: readonly Tool[];
  routes: ReadonlyMap<string, ToolRoute>;
  policies: ToolPolicies;
}

/** What tools/list answers a caller of this role. */
export function toolsListedFor(snapshot: PolicedSnapshot, role: Role): Tool[] {
  return snapshot.tools.filter((tool) => {
    const route = snapshot.routes.get(tool.name);
    return !route || toolListedFor(snapshot.policies.policyOf(route.serverId, route.tool), role);
  });
}

/**
 * Why the policy refuses this call, with where the name led; undefined when it does not. A name that
 * resolved is checked against its tool's policy; one that did not is refused when it names a disabled
 * tool (bare, or `<server>__<tool>`), so the client learns why rather than "unknown tool".
 */
export function toolPolicyRefusalOf(
  snapshot: PolicedSnapshot,
  name: string,
  route: ToolRoute | undefined,
  role: Role,
): { route: ToolRoute; message: string } | undefined {
  const target = route ?? disabledRoute(snapshot, name);
  if (!target) return undefined;
  const message = toolPolicyRefusal(target.server, target.tool, snapshot.policies.policyOf(target.serverId, target.tool), role);
  return message === null ? undefined : { route: target, message };
}

function disabledRoute(snapshot: PolicedSnapshot, name: string): ToolRoute | undefined {
  for (const server of snapshot.servers) {
    for (const tool of server.tools) {
      if (snapshot.policies.policyOf(server.id, tool.name)?.enabled !== false) continue;
      if (name === tool.name || name === prefixedToolName(server.name, tool.name)) return { serverId: server.id, server: server.name, tool: tool.name };
    }
  }
  return undefined;
}
