import type { ToolMinRole } from '@mcp-portal/schema';
import { roleAtLeast, type Role } from './roles.ts';

/**
 * The team's policy for one tool of one server (servers.tool_policies): a tool without one is enabled and
 * callable by operators and admins. The gateway-proxy and GraphQL callTool apply the same rule:
 * - a disabled tool is listed to no one and every call of it is refused;
 * - an admin-only tool (`minRole: 'admin'`) is listed to admins only and only admins may call it;
 * - anything else is listed to everyone signed in (viewers included, who may list but never call).
 */
export interface ToolPolicy {
  /** The tool's own name on its server. */
  tool: string;
  enabled: boolean;
  minRole: ToolMinRole;
}

export const defaultToolPolicy = { enabled: true, minRole: 'operator' } as const satisfies Omit<ToolPolicy, 'tool'>;

/** Whether tools/list shows the tool to a caller of this role (viewers see what operators see). */
export function toolListedFor(policy: Omit<ToolPolicy, 'tool'> | undefined, role: Role): boolean {
  if (!policy) return true;
  return policy.enabled && roleAtLeast(role === 'viewer' ? 'operator' : role, policy.minRole);
}

/** Why a caller of this role may not call the tool under its policy, or null when the policy allows it. */
export function toolPolicyRefusal(server: string, tool: string, policy: Omit<ToolPolicy, 'tool'> | undefined, role: Role): string | null {
  if (!policy) return null;
  if (!policy.enabled) return `The tool ${tool} of ${server} is disabled by the tool policy of this platform.`;
  if (!roleAtLeast(role, policy.minRole))
    return `The tool ${tool} of ${server} may only be called by ${policy.minRole}s (tool policy of this platform); you are ${role}.`;
  return null;
}
