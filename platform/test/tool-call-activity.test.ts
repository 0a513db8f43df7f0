import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topics } from '@mcp-portal/schema';
import { waitUntil } from '@mcp-portal/kit/testing';
import { startTestPlatform, subscribe, watchSubscribers, wsClient, type SubscriberWatch, type TestPlatform } from '../src/testing/index.ts';

/**
 * The dashboard's live feed through the whole platform: a viewer subscribed to toolCallRecorded over
 * graphql-ws gets each tool call of a running server-memory process (GraphQL callTool and the gateway-proxy's
 * tools/call) and no other audit event; toolCallActivity counts the same calls.
 */
let platform: TestPlatform;
let subscribers: SubscriberWatch;
let adminToken: string;
let operatorToken: string;
let viewerToken: string;
let serverId: string;
/** What the kit's AuditLog announced on the tool-call topic. */
const announced: string[] = [];
let stopListening: (() => Promise<void>) | undefined;

interface ToolCallRecorded {
  toolCallRecorded: { id: string; serverId: string | null; server: string | null; tool: string; outcome: string; durationMs: number | null; via: string };
}

async function gql<T>(query: string, variables: Record<string, unknown> = {}, token = adminToken): Promise<T> {
  const result = await platform.request<T>(query, variables, token);
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

const apiToken = async (role: string) =>
  (
    await gql<{ createApiToken: { token: string } }>('mutation($n: String!, $r: Role!) { createApiToken(name: $n, role: $r) { token } }', {
      n: `activity ${role}`,
      r: role,
    })
  ).createApiToken.token;

/** One tools/call at the gateway-proxy's /mcp, stateless (one POST, no session): raw HTTP as stateless.test.ts does. */
async function callThroughProxy(name: string): Promise<unknown> {
  const revision = '2026-07-28';
  const params = {
    name,
    arguments: {},
    _meta: {
      'io.modelcontextprotocol/protocolVersion': revision,
      'io.modelcontextprotocol/clientInfo': { name: 'tool-call-activity-test', version: '1.0.0' },
      'io.modelcontextprotocol/clientCapabilities': {},
    },
  };
  const response = await fetch(platform.platform.gatewayProxy.mcpUrl ?? '', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      authorization: `Bearer ${operatorToken}`,
      'mcp-protocol-version': revision,
      'mcp-method': 'tools/call',
      'mcp-name': name,
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params }),
  });
  expect(response.status).toBe(200);
  return response.text();
}

beforeAll(async () => {
  platform = await startTestPlatform({ label: 'tool-call-activity', env: { MCP_RUNTIME: 'process' } });
  subscribers = watchSubscribers(platform.platform.router.engine);
  stopListening = await platform.platform.events.subscribe(topics.toolCallRecorded, (event) => announced.push(...event.ids));
  adminToken = await platform.adminToken();
  operatorToken = await apiToken('OPERATOR');
  viewerToken = await apiToken('VIEWER');
  serverId = (await gql<{ enableServer: { id: string } }>('mutation { enableServer(name: "memory") { id } }')).enableServer.id;
  await waitUntil(
    'the memory server to run',
    async () => (await gql<{ server: { status: string } }>('query($id: ID!) { server(id: $id) { status } }', { id: serverId })).server.status,
    (status) => status === 'RUNNING',
    { timeoutMs: 60_000 },
  );
}, 120_000);
afterAll(async () => {
  subscribers?.close();
  await stopListening?.();
  await platform?.close();
});

describe('toolCallRecorded', () => {
  it('delivers the calls of GraphQL callTool and of the gateway-proxy to a viewer, and no other audit event', async () => {
    const client = wsClient(platform.wsUrl, viewerToken);
    try {
      const live = subscribe<ToolCallRecorded>(client, 'subscription { toolCallRecorded { id serverId server tool outcome durationMs via } }');
      await subscribers.waitFor((s) => s.field === 'toolCallRecorded' && s.role === 'viewer');

      const answer = await gql<{ callTool: { isError: boolean } }>('mutation($id: ID!) { callTool(serverId: $id, name: "read_graph") { isError } }', {
        id: serverId,
      });
      expect(answer.callTool.isError).toBe(false);
      const viaGraphql = await live.next((e) => e.toolCallRecorded.via === 'graphql', 20_000);
      expect(viaGraphql.toolCallRecorded).toMatchObject({ serverId, server: 'memory', tool: 'read_graph', outcome: 'OK' });
      expect(viaGraphql.toolCallRecorded.durationMs).toEqual(expect.any(Number));

      // An audit row that is not a tool call comes in between.
      await gql('mutation($id: ID!) { setServerConfig(serverId: $id, key: "k", value: 1) { key } }', { id: serverId });
      expect(await callThroughProxy('read_graph')).toContain('"result"');
      const viaProxy = await live.next((e) => e.toolCallRecorded.via === 'gateway-proxy', 20_000);
      expect(viaProxy.toolCallRecorded).toMatchObject({ serverId, server: 'memory', tool: 'read_graph', outcome: 'OK' });
      expect(viaProxy.toolCallRecorded.durationMs).toEqual(expect.any(Number));

      // Only the two calls arrived, and only tool-call rows were announced on their topic.
      expect(live.received.map((e) => e.toolCallRecorded.id)).toEqual([viaGraphql.toolCallRecorded.id, viaProxy.toolCallRecorded.id]);
      // (The test's own subscription has its own Redis connection: it may hear the announcement after the router did.)
      await expect.poll(() => announced, { timeout: 10_000 }).toEqual([viaGraphql.toolCallRecorded.id, viaProxy.toolCallRecorded.id]);
      const configRows = await gql<{ auditEvents: { events: { id: string }[] } }>(
        '{ auditEvents(filter: { action: "config.set" }, first: 5) { events { id } } }',
      );
      expect(configRows.auditEvents.events).not.toHaveLength(0);

      const activity = await gql<{
        toolCallActivity: { totalCalls: number; totalErrors: number; busiestTools: { server: string; tool: string; calls: number }[] };
      }>('{ toolCallActivity { totalCalls totalErrors busiestTools { server tool calls } } }', {}, viewerToken);
      expect(activity.toolCallActivity).toEqual({ totalCalls: 2, totalErrors: 0, busiestTools: [{ server: 'memory', tool: 'read_graph', calls: 2 }] });
      await live.close();
    } finally {
      await client.dispose();
    }
  });
});
