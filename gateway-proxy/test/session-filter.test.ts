import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { waitUntil } from '@mcp-portal/kit/testing';
import { withGatewayFilter, type GatewayFilter } from '@mcp-portal/schema/gateway-filter';
// Not a declared dependency (see mcp-endpoint.test.ts): npm links every workspace at the root.
import { startTestPlatform, type TestPlatform } from '@mcp-portal/platform/testing';

/**
 * Sessions opened with `?servers=…&tools=…` (what `docker mcp gateway run --servers/--tools` sends) see
 * only those servers and tools, against real server-memory and server-everything processes.
 */
let platform: TestPlatform;
let mcpUrl: string;
let sseUrl: string;
let adminJwt: string;
let operatorToken: string;
const clients: Client[] = [];

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const result = await platform.request<T>(query, variables, adminJwt);
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

async function enable(name: string): Promise<void> {
  const id = (await gql<{ enableServer: { id: string } }>('mutation($n: String!) { enableServer(name: $n) { id } }', { n: name })).enableServer.id;
  await waitUntil(
    `${name} to run`,
    async () =>
      (await platform.request<{ server: { status: string } }>('query($id: ID!) { server(id: $id) { status } }', { id }, adminJwt)).data?.server.status,
    (status) => status === 'RUNNING',
    { timeoutMs: 60_000 },
  );
}

const headers = () => ({ authorization: `Bearer ${operatorToken}` });

async function connect(filter: GatewayFilter): Promise<Client> {
  const client = new Client({ name: 'session-filter-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(withGatewayFilter(mcpUrl, filter)), { requestInit: { headers: headers() } }));
  clients.push(client);
  return client;
}

async function toolNames(client: Client): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor ? { cursor } : {});
    names.push(...page.tools.map((tool) => tool.name));
    cursor = page.nextCursor;
  } while (cursor);
  return names.sort();
}

beforeAll(async () => {
  platform = await startTestPlatform({ label: 'gateway-proxy-filter', env: { MCP_RUNTIME: 'process' } });
  mcpUrl = platform.platform.gatewayProxy.mcpUrl ?? '';
  sseUrl = new URL('/sse', mcpUrl).href;
  adminJwt = await platform.adminToken();
  operatorToken = (await gql<{ createApiToken: { token: string } }>('mutation { createApiToken(name: "filter", role: OPERATOR) { token } }')).createApiToken
    .token;
  await enable('memory');
  await enable('everything');
}, 180_000);

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
  await platform?.close();
});

describe('a gateway-proxy session opened with a filter', () => {
  it('without a filter offers the tools of both servers', async () => {
    const names = await toolNames(await connect({}));
    expect(names).toEqual(expect.arrayContaining(['read_graph', 'create_entities', 'echo']));
  });

  it('?servers=memory lists only memory tools, prompts and resources; a tool of another server is unknown', async () => {
    const client = await connect({ servers: ['memory'] });
    const names = await toolNames(client);
    expect(names).toContain('read_graph');
    expect(names).not.toContain('echo');
    // server-everything's prompts and demo:// resources are left out; memory's own resources stay.
    const servers = (items: { _meta?: Record<string, unknown> }[]) => new Set(items.map((item) => item._meta?.['io.mcp-portal/server']));
    expect(servers((await client.listPrompts()).prompts)).not.toContain('everything');
    const resources = (await client.listResources()).resources;
    expect(resources.length).toBeGreaterThan(0);
    expect(servers(resources)).toEqual(new Set(['memory']));
    expect(servers((await client.listResourceTemplates()).resourceTemplates)).not.toContain('everything');
    await expect(client.readResource({ uri: 'demo://resource/dynamic/text/1' })).rejects.toThrow(/Resource not found/);
    await expect(client.callTool({ name: 'echo', arguments: { message: 'hi' } })).rejects.toThrow(/Unknown tool: echo/);
    await expect(client.callTool({ name: 'everything__echo', arguments: { message: 'hi' } })).rejects.toThrow(/Unknown tool: everything__echo/);
    const graph = (await client.callTool({ name: 'read_graph', arguments: {} })) as CallToolResult;
    expect(graph.isError).not.toBe(true);
  });

  it('?tools=server:tool lists exactly those tools and calls only them', async () => {
    const client = await connect({ tools: ['memory:read_graph', 'everything:echo'] });
    expect(await toolNames(client)).toEqual(['echo', 'read_graph']);
    const echoed = (await client.callTool({ name: 'echo', arguments: { message: 'filtered' } })) as CallToolResult;
    expect(JSON.stringify(echoed.content)).toContain('filtered');
    await expect(client.callTool({ name: 'create_entities', arguments: { entities: [] } })).rejects.toThrow(/Unknown tool: create_entities/);
    // Prompts follow --servers only: with none given, every server's are offered.
    expect((await client.listPrompts()).prompts.length).toBeGreaterThan(0);
  });

  it('servers and tools together: a tool of a server left out stays out', async () => {
    const client = await connect({ servers: ['everything'], tools: ['memory:read_graph', 'everything:echo'] });
    expect(await toolNames(client)).toEqual(['echo']);
    expect((await client.listPrompts()).prompts.length).toBeGreaterThan(0);
    expect((await client.readResource({ uri: 'demo://resource/dynamic/text/1' })).contents.length).toBe(1);
  });

  it('a malformed filter is refused with 400 at initialize', async () => {
    const response = await fetch(`${mcpUrl}?tools=read_graph`, {
      method: 'POST',
      headers: { ...headers(), 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
      }),
    });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain('tools are named server:tool');
  });

  it('the legacy /sse session applies the same filter', async () => {
    const client = new Client({ name: 'session-filter-sse', version: '1.0.0' });
    const url = new URL(withGatewayFilter(sseUrl, { servers: ['everything'] }));
    await client.connect(
      new SSEClientTransport(url, {
        requestInit: { headers: headers() },
        eventSourceInit: { fetch: (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), ...headers() } }) },
      }),
    );
    clients.push(client);
    const names = await toolNames(client);
    expect(names).toContain('echo');
    expect(names).not.toContain('read_graph');
  });
});
