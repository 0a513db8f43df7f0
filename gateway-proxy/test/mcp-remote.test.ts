import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { waitUntil } from '@mcp-portal/kit/testing';
// The platform as `npm start` runs it (see mcp-endpoint.test.ts for why this is not a declared dependency).
import { startTestPlatform, type TestPlatform } from '@mcp-portal/platform/testing';

/**
 * mcp-remote — the stdio bridge many MCP clients use to reach a remote server, written by nobody here — in
 * front of the gateway-proxy: over Streamable HTTP, over the legacy HTTP+SSE pair, and speaking the
 * stateless revision (2026-07-28) to the proxy with `--protocol auto`. An SDK client talks to it over stdio,
 * as Claude Desktop would.
 */
const mcpRemoteBin = join(dirname(createRequire(import.meta.url).resolve('mcp-remote/package.json')), 'dist', 'proxy.js');
let platform: TestPlatform;
let token: string;
let configDir: string;
const clients: Client[] = [];

async function gql<T>(query: string, variables: Record<string, unknown>, jwt: string): Promise<T> {
  const result = await platform.request<T>(query, variables, jwt);
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

async function throughMcpRemote(url: string, ...options: string[]): Promise<Client> {
  const client = new Client({ name: 'claude-desktop-like', version: '1.0.0' });
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [mcpRemoteBin, url, '--header', 'Authorization:${GATEWAY_AUTH}', ...options],
    env: { PATH: process.env.PATH ?? '', HOME: configDir, MCP_REMOTE_CONFIG_DIR: configDir, GATEWAY_AUTH: `Bearer ${token}` },
    stderr: 'pipe',
  });
  await client.connect(transport);
  clients.push(client);
  return client;
}

function textOf(result: CallToolResult): string {
  return result.content.flatMap((item) => (item.type === 'text' ? [item.text] : [])).join('\n');
}

beforeAll(async () => {
  configDir = mkdtempSync(join(tmpdir(), 'mcp-remote-'));
  platform = await startTestPlatform({ label: 'gateway-proxy-mcp-remote', env: { MCP_RUNTIME: 'process' } });
  const adminJwt = await platform.adminToken();
  token = (await gql<{ createApiToken: { token: string } }>('mutation { createApiToken(name: "mcp-remote", role: OPERATOR) { token } }', {}, adminJwt))
    .createApiToken.token;
  const { enableServer } = await gql<{ enableServer: { id: string } }>('mutation { enableServer(name: "memory") { id } }', {}, adminJwt);
  await waitUntil(
    'memory to run',
    async () =>
      (await platform.request<{ server: { status: string } }>('query($id: ID!) { server(id: $id) { status } }', { id: enableServer.id }, adminJwt)).data?.server
        .status,
    (status) => status === 'RUNNING',
    { timeoutMs: 60_000 },
  );
}, 120_000);

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
  await platform?.close();
  rmSync(configDir, { recursive: true, force: true });
});

describe('mcp-remote in front of the gateway-proxy', () => {
  it.each([
    ['Streamable HTTP', '/mcp', ['--transport', 'http-only']],
    ['the legacy HTTP+SSE pair', '/sse', ['--transport', 'sse-only']],
    ['the stateless revision (2026-07-28)', '/mcp', ['--transport', 'http-only', '--protocol', 'auto']],
  ])("lists and calls the running servers' tools over %s", async (_label, path, options) => {
    const base = new URL(platform.platform.gatewayProxy.mcpUrl ?? '');
    const stateful = platform.platform.gatewayProxy.sessions;
    const client = await throughMcpRemote(new URL(path, base).toString(), ...options);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['create_entities', 'read_graph']));
    const entity = `mcp-remote-${path.slice(1)}-${options.length}`;
    await client.callTool({ name: 'create_entities', arguments: { entities: [{ name: entity, entityType: 'test', observations: ['through mcp-remote'] }] } });
    const graph = (await client.callTool({ name: 'read_graph', arguments: {} })) as CallToolResult;
    expect(textOf(graph)).toContain(entity);
    // The stateless revision opens no session at the proxy; the other two do.
    if (options.includes('auto')) expect(platform.platform.gatewayProxy.sessions).toBe(stateful);
    else expect(platform.platform.gatewayProxy.sessions).toBeGreaterThan(stateful);
    await client.close();
  });
});
