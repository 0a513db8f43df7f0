import { setToolPolicyMutation, type SetToolPolicyMutation, type ToolMinRole, type ToolPolicyState } from './operations.ts';
import type { Request, ServerRef } from './servers.ts';

export type ToolPolicyAnswer = SetToolPolicyMutation['setToolPolicy'];

/** The POLICY column of `tools ls`: enabled, disabled (offered to no one) or admin-only. */
export function policyLabel(policy: ToolPolicyState): string {
  if (!policy.enabled) return 'disabled';
  return policy.minRole === 'ADMIN' ? 'admin-only' : 'enabled';
}

/** Sets one tool's policy (admin only); what is not given stays as it is. */
export async function setToolPolicy(
  request: Request,
  server: ServerRef,
  tool: string,
  change: { enabled: boolean; minRole?: ToolMinRole },
): Promise<ToolPolicyAnswer> {
  const { setToolPolicy: policy } = await request(setToolPolicyMutation, { serverId: server.id, tool, ...change });
  return policy;
}

/** What `tools enable|disable` prints. */
export function policyLine(policy: ToolPolicyAnswer): string {
  const what = `${policy.tool} of ${policy.server.name}`;
  if (!policy.enabled) return `Disabled ${what}: the gateway-proxy no longer lists it and refuses every call of it (GraphQL callTool too).`;
  return `Enabled ${what} for ${policy.minRole === 'ADMIN' ? 'admins only' : 'operators and admins'}.`;
}
