import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { auditTables, topics, type ServerStatusChangedEvent } from '@mcp-portal/schema';
import { startSubgraphHarness, type SubgraphHarness } from '@mcp-portal/kit/testing';
import { serversSubgraph, type ServersServices } from '../src/index.ts';
import { serverStore } from '../src/store/servers.ts';

let harness: SubgraphHarness<ServersServices>;
const tokens: Record<'viewer' | 'operator' | 'admin', string> = { viewer: '', operator: '', admin: '' };
const viewers = {} as Record<'viewer' | 'operator' | 'admin', { userId: string }>;
/** A server (never started) whose tools are recorded as if it had listed them. */
let serverId = '';
/** A server that never ran: its tools are not known yet. */
let newServerId = '';

const setPolicy =
  'mutation($id: ID!, $tool: String!, $enabled: Boolean, $minRole: ToolMinRole) { setToolPolicy(serverId: $id, tool: $tool, enabled: $enabled, minRole: $minRole) { tool enabled minRole updatedAt updatedBy { id } server { id } } }';
type PolicyAnswer = { setToolPolicy: { tool: string; enabled: boolean; minRole: string; updatedAt: string | null; updatedBy: { id: string } | null } };

beforeAll(async () => {
  harness = await startSubgraphHarness(serversSubgraph);
  for (const role of ['viewer', 'operator', 'admin'] as const) {
    const viewer = harness.tokens.viewer(role);
    viewers[role] = viewer;
    tokens[role] = await harness.tokens.tokenFor(viewer);
  }
  const enable = 'mutation($name: String!) { enableServer(name: $name, start: false) { id } }';
  const time = await harness.request<{ enableServer: { id: string } }>(enable, { name: 'time' }, tokens.operator);
  const fetched = await harness.request<{ enableServer: { id: string } }>(enable, { name: 'fetch' }, tokens.operator);
  serverId = time.data?.enableServer.id ?? '';
  newServerId = fetched.data?.enableServer.id ?? '';
  await serverStore(harness.database.db).setTools(serverId, [
    { name: 'get_current_time', inputSchema: { type: 'object' } },
    { name: 'convert_time', inputSchema: { type: 'object' } },
  ]);
});
afterAll(async () => {
  await harness?.close();
});

function auditRows(action: string) {
  const { auditEvents } = auditTables;
  return harness.database.db.select().from(auditEvents).where(eq(auditEvents.action, action)).orderBy(asc(auditEvents.occurredAt));
}

describe('tool policies', () => {
  it('lets only admins set a policy', async () => {
    for (const role of ['viewer', 'operator'] as const) {
      const refused = await harness.request(setPolicy, { id: serverId, tool: 'convert_time', enabled: false }, tokens[role]);
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const anonymous = await harness.request(setPolicy, { id: serverId, tool: 'convert_time', enabled: false });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const policy = await harness.request<{ server: { toolPolicies: unknown[] } }>(
      'query($id: ID!) { server(id: $id) { toolPolicies { tool } } }',
      { id: serverId },
      tokens.admin,
    );
    expect(policy.data?.server.toolPolicies).toEqual([]);
  });

  it('disables a tool with an audit row in the same change, announces it, and shows it on the tool', async () => {
    const announced: ServerStatusChangedEvent[] = [];
    const unsubscribe = await harness.events.subscribe(topics.serverStatusChanged, (event) => announced.push(event));
    const set = await harness.request<PolicyAnswer>(setPolicy, { id: serverId, tool: 'convert_time', enabled: false }, tokens.admin);
    expect(set.errors).toBeUndefined();
    expect(set.data?.setToolPolicy).toMatchObject({ tool: 'convert_time', enabled: false, minRole: 'OPERATOR', updatedBy: { id: viewers.admin.userId } });
    await expect.poll(() => announced.map((event) => event.id), { timeout: 10_000 }).toContain(serverId);
    await unsubscribe();

    const rows = await auditRows('tool.policy-set');
    expect(rows.at(-1)).toMatchObject({
      actorId: viewers.admin.userId,
      targetType: 'Server',
      targetId: serverId,
      outcome: 'success',
      detail: { tool: 'convert_time', enabled: false },
    });

    const tools = await harness.request<{ server: { tools: { name: string; policy: { enabled: boolean; minRole: string; updatedAt: string | null } }[] } }>(
      'query($id: ID!) { server(id: $id) { tools { name policy { enabled minRole updatedAt } } } }',
      { id: serverId },
      tokens.viewer,
    );
    expect(tools.data?.server.tools).toEqual([
      { name: 'get_current_time', policy: { enabled: true, minRole: 'OPERATOR', updatedAt: null } },
      { name: 'convert_time', policy: { enabled: false, minRole: 'OPERATOR', updatedAt: expect.any(String) } },
    ]);
    const all = await harness.request<{ tools: { name: string; policy: { enabled: boolean } }[] }>('{ tools { name policy { enabled } } }', {}, tokens.viewer);
    expect(all.data?.tools.find((tool) => tool.name === 'convert_time')?.policy.enabled).toBe(false);
  });

  it('keeps what an argument leaves out, and makes a tool admin-only', async () => {
    const set = await harness.request<PolicyAnswer>(setPolicy, { id: serverId, tool: 'convert_time', minRole: 'ADMIN' }, tokens.admin);
    expect(set.data?.setToolPolicy).toMatchObject({ enabled: false, minRole: 'ADMIN' });
    const again = await harness.request<PolicyAnswer>(setPolicy, { id: serverId, tool: 'convert_time', enabled: true }, tokens.admin);
    expect(again.data?.setToolPolicy).toMatchObject({ enabled: true, minRole: 'ADMIN' });
  });

  it('refuses bad input with clear errors, and audits a refused change as a failure', async () => {
    const malformed = await harness.request(setPolicy, { id: 'not-a-uuid', tool: 'x', enabled: false }, tokens.admin);
    expect(malformed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const empty = await harness.request(setPolicy, { id: serverId, tool: '', enabled: false }, tokens.admin);
    expect(empty.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringContaining('tool name') });
    const nowhere = await harness.request(setPolicy, { id: '00000000-0000-4000-8000-000000000000', tool: 'x', enabled: false }, tokens.admin);
    expect(nowhere.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const unknown = await harness.request(setPolicy, { id: serverId, tool: 'no_such_tool', enabled: false }, tokens.admin);
    expect(unknown.errors?.[0]).toMatchObject({
      extensions: { code: 'NOT_FOUND' },
      message: 'The server time has no tool named "no_such_tool" (its tools: get_current_time, convert_time).',
    });
    const rows = await auditRows('tool.policy-set');
    expect(rows.at(-1)).toMatchObject({ outcome: 'failure', targetId: serverId, detail: { tool: 'no_such_tool', code: 'NOT_FOUND' } });
  });

  it('accepts any tool name of a server whose tools are not known yet, so a tool can be disabled before the first start', async () => {
    const set = await harness.request<PolicyAnswer>(setPolicy, { id: newServerId, tool: 'fetch', enabled: false }, tokens.admin);
    expect(set.errors).toBeUndefined();
    const policies = await harness.request<{ server: { toolPolicies: { tool: string; enabled: boolean }[] } }>(
      'query($id: ID!) { server(id: $id) { toolPolicies { tool enabled } } }',
      { id: newServerId },
      tokens.operator,
    );
    expect(policies.data?.server.toolPolicies).toEqual([{ tool: 'fetch', enabled: false }]);
  });

  it('refuses callTool of a disabled tool, and of an admin-only tool to an operator, audited as denied', async () => {
    const call = 'mutation($id: ID!, $name: String!) { callTool(serverId: $id, name: $name, arguments: { secret: "argument-never-audited" }) { text } }';
    const disabled = await harness.request(call, { id: newServerId, name: 'fetch' }, tokens.admin);
    expect(disabled.errors?.[0]).toMatchObject({
      extensions: { code: 'FORBIDDEN' },
      message: 'The tool fetch of fetch is disabled by the tool policy of this platform.',
    });
    const adminOnly = await harness.request(call, { id: serverId, name: 'convert_time' }, tokens.operator);
    expect(adminOnly.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message: expect.stringContaining('may only be called by admins') });
    // The admin passes the policy; the server is not running, which is the next answer.
    const admin = await harness.request(call, { id: serverId, name: 'convert_time' }, tokens.admin);
    expect(admin.errors?.[0]?.extensions?.code).not.toBe('FORBIDDEN');

    const rows = (await auditRows('tool.call')).filter((row) => row.outcome === 'denied');
    expect(rows.map((row) => [row.actorId, (row.detail as { tool: string }).tool])).toEqual([
      [viewers.admin.userId, 'fetch'],
      [viewers.operator.userId, 'convert_time'],
    ]);
    expect(JSON.stringify(rows)).not.toContain('argument-never-audited');
  });

  it('removes the policies with their server', async () => {
    await harness.request('mutation($id: ID!) { disableServer(id: $id) { id } }', { id: newServerId }, tokens.operator);
    const left = await harness.subgraph.services.toolPolicies.ofServer(newServerId);
    expect(left).toEqual([]);
  });
});
