import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError, ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { waitUntil } from '@mcp-portal/kit/testing';
// The platform as `npm start` runs it (see mcp-endpoint.test.ts for why it is not a declared dependency).
import { startTestPlatform, type TestPlatform } from '@mcp-portal/platform/testing';

/**
 * Tool policies through the gateway-proxy of the one-process platform, against a real server-memory
 * process: an admin sets them with GraphQL, SDK clients of each role list and call tools.
 */
let platform: TestPlatform;
let mcpUrl: URL;
let adminJwt: string;
let memoryId: string;
const clients: Client[] = [];
const sessions = {} as Record<'viewer' | 'operator' | 'admin', Client>;
let listChanges = 0;

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const result = await platform.request<T>(query, variables, adminJwt);
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

async function connect(token: string): Promise<Client> {
  const client = new Client({ name: 'tool-policy-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(mcpUrl, { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  clients.push(client);
  return client;
}

async function listed(client: Client): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor ? { cursor } : undefined);
    names.push(...page.tools.map((tool) => tool.name));
    cursor = page.nextCursor;
  } while (cursor);
  return names;
}

function setPolicy(tool: string, policy: { enabled?: boolean; minRole?: 'OPERATOR' | 'ADMIN' }) {
  return gql(
    'mutation($id: ID!, $tool: String!, $enabled: Boolean, $minRole: ToolMinRole) { setToolPolicy(serverId: $id, tool: $tool, enabled: $enabled, minRole: $minRole) { enabled } }',
    {
      id: memoryId,
      tool,
      ...policy,
    },
  );
}

async function refusal(client: Client, name: string): Promise<McpError> {
  const error = await client.callTool({ name, arguments: {} }).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(McpError);
  return error as McpError;
}

beforeAll(async () => {
  platform = await startTestPlatform({ label: 'gateway-proxy-tool-policy', env: { MCP_RUNTIME: 'process' } });
  mcpUrl = new URL(platform.platform.gatewayProxy.mcpUrl ?? '');
  adminJwt = await platform.adminToken();
  for (const role of ['viewer', 'operator'] as const) {
    const account = { e: `${role}-${randomBytes(3).toString('hex')}@example.test`, p: randomBytes(12).toString('base64url'), r: role.toUpperCase() };
    await gql('mutation($e: String!, $p: String!, $r: Role!) { createUser(email: $e, password: $p, role: $r) { id } }', account);
    const { login } = await gql<{ login: { token: string } }>('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', account);
    sessions[role] = await connect(login.token);
  }
  sessions.admin = await connect(adminJwt);
  sessions.admin.setNotificationHandler(ToolListChangedNotificationSchema, () => {
    listChanges += 1;
  });
  memoryId = (await gql<{ enableServer: { id: string } }>('mutation { enableServer(name: "memory") { id } }')).enableServer.id;
  const status = () => platform.request<{ server: { status: string } }>('query($id: ID!) { server(id: $id) { status } }', { id: memoryId }, adminJwt);
  await waitUntil(
    'memory to run',
    async () => (await status()).data?.server.status,
    (value) => value === 'RUNNING',
    { timeoutMs: 60_000 },
  );
  await waitUntil(
    'the proxy to list memory',
    () => listed(sessions.admin),
    (names) => names.includes('read_graph'),
    { timeoutMs: 30_000 },
  );
}, 120_000);

afterAll(async () => {
  for (const client of clients) await client.close().catch(() => undefined);
  await platform?.close();
});

describe('tool policies in the gateway-proxy', () => {
  it("leaves a disabled tool out of every role's list, tells clients, and refuses its call naming the policy", async () => {
    const before = listChanges;
    await setPolicy('delete_entities', { enabled: false });
    await waitUntil(
      'tools/list_changed',
      () => Promise.resolve(listChanges),
      (count) => count > before,
      { timeoutMs: 15_000 },
    );
    for (const role of ['viewer', 'operator', 'admin'] as const) {
      const names = await listed(sessions[role]);
      expect(names).toContain('read_graph');
      expect(names).not.toContain('delete_entities');
    }
    for (const name of ['delete_entities', 'memory__delete_entities']) {
      const error = await refusal(sessions.admin, name);
      expect(error.message).toContain('The tool delete_entities of memory is disabled by the tool policy of this platform.');
    }
    const rows = await waitUntil(
      'the refused row',
      () =>
        gql<{ auditEvents: { events: { outcome: string; detail: Record<string, unknown> }[] } }>(
          '{ auditEvents(filter: { action: "access.denied" }, first: 50) { events { outcome detail } } }',
        ),
      (data) => data.auditEvents.events.some((row) => JSON.stringify(row.detail?.tools) === '["delete_entities"]'),
    );
    expect(rows.auditEvents.events.find((row) => JSON.stringify(row.detail?.tools) === '["delete_entities"]')).toMatchObject({
      outcome: 'DENIED',
      detail: { via: 'gateway-proxy', role: 'admin' },
    });
  });

  it('lists and lets call an admin-only tool for admins only', async () => {
    const before = listChanges;
    await setPolicy('read_graph', { minRole: 'ADMIN' });
    await waitUntil(
      'tools/list_changed',
      () => Promise.resolve(listChanges),
      (count) => count > before,
      { timeoutMs: 15_000 },
    );
    expect(await listed(sessions.admin)).toContain('read_graph');
    expect(await listed(sessions.operator)).not.toContain('read_graph');
    expect(await listed(sessions.viewer)).not.toContain('read_graph');
    // Other tools stay where they were for everyone.
    expect(await listed(sessions.operator)).toContain('search_nodes');

    const refused = await refusal(sessions.operator, 'read_graph');
    expect(refused.message).toContain('The tool read_graph of memory may only be called by admins (tool policy of this platform); you are operator.');
    const result = await sessions.admin.callTool({ name: 'read_graph', arguments: {} });
    expect(result.isError).not.toBe(true);
  });

  it('offers a tool to everyone again once its policy is back to the default', async () => {
    await setPolicy('read_graph', { minRole: 'OPERATOR' });
    await setPolicy('delete_entities', { enabled: true });
    await waitUntil(
      'the tools back for operators',
      () => listed(sessions.operator),
      (names) => names.includes('read_graph') && names.includes('delete_entities'),
      { timeoutMs: 15_000 },
    );
    const result = await sessions.operator.callTool({ name: 'read_graph', arguments: {} });
    expect(result.isError).not.toBe(true);
  });

  it('applies the same policy to GraphQL callTool', async () => {
    await setPolicy('read_graph', { enabled: false });
    const call = await platform.request('mutation($id: ID!) { callTool(serverId: $id, name: "read_graph") { text } }', { id: memoryId }, adminJwt);
    expect(call.errors?.[0]).toMatchObject({
      extensions: { code: 'FORBIDDEN' },
      message: 'The tool read_graph of memory is disabled by the tool policy of this platform.',
    });
    await setPolicy('read_graph', { enabled: true });
  });
});
