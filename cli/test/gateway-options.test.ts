import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startTestPlatform, type TestPlatform } from '@mcp-portal/platform/testing';
import { binary, expectOneErrorLine, followCli, runCli, tempDockerConfig, type FollowedCli } from './helpers.ts';

const SPAWN_TIMEOUT = 60_000;

/** `docker mcp gateway run` with --servers/--tools, profiles, and --transport streaming|sse, against the platform. */
describe('docker mcp gateway run options', () => {
  let platform: TestPlatform;
  let config: string;
  let token: string;
  const env = (extra: Record<string, string> = {}) => ({ DOCKER_CONFIG: config, DOCKER_MCP_URL: platform.url, DOCKER_MCP_TOKEN: token, ...extra });
  const clients: Client[] = [];

  beforeAll(async () => {
    platform = await startTestPlatform({ label: 'cli-gateway-options', env: { MCP_RUNTIME: 'process' } });
    config = await tempDockerConfig();
    const admin = await platform.adminToken();
    token = (
      await platform.request<{ createApiToken: { token: string } }>('mutation { createApiToken(name: "gateway-options", role: OPERATOR) { token } }', {}, admin)
    ).data!.createApiToken.token;
    const enable = await runCli(['server', 'enable', 'memory', '--wait'], { env: { ...env(), DOCKER_MCP_TOKEN: admin } });
    if (enable.code !== 0) throw new Error(`server enable memory --wait failed: ${enable.stderr}`);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
    await platform?.close();
    if (config) await rm(config, { recursive: true, force: true });
  });

  const toolNames = async (client: Client) => (await client.listTools()).tools.map((tool) => tool.name).sort();

  it('--save-profile saves --tools; --profile offers only them over stdio, and a tool outside is unknown', { timeout: SPAWN_TIMEOUT * 2 }, async () => {
    const saved = await runCli(['gateway', 'run', '--tools', 'memory:read_graph,memory:search_nodes', '--save-profile', 'notes'], {
      env: { DOCKER_CONFIG: config },
    });
    expect(saved.stderr).toBe('');
    expect(saved.stdout).toContain(`Saved the profile notes (tools memory:read_graph,memory:search_nodes) in ${join(config, 'mcp', 'profiles.json')}`);
    expect(JSON.parse(await readFile(join(config, 'mcp', 'profiles.json'), 'utf8'))).toEqual({
      profiles: { notes: { tools: ['memory:read_graph', 'memory:search_nodes'] } },
    });

    const childEnv: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !key.startsWith('DOCKER_MCP_')) childEnv[key] = value;
    const client = new Client({ name: 'gateway-profile-test', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({
        command: binary,
        args: ['gateway', 'run', '--profile', 'notes'],
        env: { ...childEnv, ...env() },
        cwd: tmpdir(),
        stderr: 'pipe',
      }),
    );
    clients.push(client);
    expect(await toolNames(client)).toEqual(['read_graph', 'search_nodes']);
    const graph = (await client.callTool({ name: 'read_graph', arguments: {} })) as CallToolResult;
    expect(graph.isError).not.toBe(true);
    await expect(client.callTool({ name: 'create_entities', arguments: { entities: [] } })).rejects.toThrow(/Unknown tool: create_entities/);
  });

  it('refuses an unknown profile, a malformed --tools and --port with stdio, in one line each', { timeout: SPAWN_TIMEOUT * 2 }, async () => {
    const unknown = await runCli(['gateway', 'run', '--profile', 'nope'], { env: env() });
    expect(unknown.code).toBe(1);
    expect(expectOneErrorLine(unknown.stderr)).toMatch(/No profile "nope" in .*profiles\.json \(saved: notes\)/);
    const malformed = await runCli(['gateway', 'run', '--tools', 'read_graph'], { env: env() });
    expect(expectOneErrorLine(malformed.stderr)).toBe('Error: Invalid --servers/--tools: tools are named server:tool (got "read_graph").');
    const port = await runCli(['gateway', 'run', '--port', '8811'], { env: env() });
    expect(expectOneErrorLine(port.stderr)).toContain('--port and --host apply to --transport sse|streaming');
  });

  async function listening(cli: FollowedCli, path: string): Promise<string> {
    await cli.waitFor(() => /Listening on http:\/\/127\.0\.0\.1:\d+\//.test(cli.stderr()), 'the listener to start', 40_000);
    const url = new RegExp(`Listening on (http://127\\.0\\.0\\.1:\\d+${path})`).exec(cli.stderr())?.[1];
    if (!url) throw new Error(`no URL in ${cli.stderr()}`);
    return url;
  }

  it('--transport streaming listens on loopback and relays each HTTP session with the CLI token and the filter', { timeout: SPAWN_TIMEOUT * 2 }, async () => {
    const cli = followCli(['gateway', 'run', '--transport', 'streaming', '--port', '0', '--servers', 'memory'], env());
    try {
      const url = await listening(cli, '/mcp');
      // No token on this side: the CLI adds its own.
      const client = new Client({ name: 'gateway-streaming-test', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(url)));
      clients.push(client);
      expect(client.getServerVersion()?.name).toBe('mcp-portal-gateway-proxy');
      expect(await toolNames(client)).toEqual(expect.arrayContaining(['create_entities', 'read_graph']));
      const graph = (await client.callTool({ name: 'read_graph', arguments: {} })) as CallToolResult;
      expect(graph.isError).not.toBe(true);
      // A second session of its own.
      const second = new Client({ name: 'gateway-streaming-second', version: '1.0.0' });
      await second.connect(new StreamableHTTPClientTransport(new URL(url)));
      clients.push(second);
      expect(await toolNames(second)).toContain('read_graph');
      await second.close();
      // DNS rebinding: a page of another site cannot use it.
      const foreign = await fetch(url, { method: 'POST', headers: { origin: 'http://evil.example', 'content-type': 'application/json' }, body: '{}' });
      expect(foreign.status).toBe(403);
      await client.close();
    } finally {
      expect(await cli.stop('SIGINT')).toBe(0);
    }
  });

  it('--transport sse serves the legacy HTTP+SSE transport at /sse', { timeout: SPAWN_TIMEOUT * 2 }, async () => {
    const cli = followCli(['gateway', 'run', '--transport', 'sse', '--port', '0', '--tools', 'memory:read_graph'], env());
    try {
      const url = await listening(cli, '/sse');
      const client = new Client({ name: 'gateway-sse-test', version: '1.0.0' });
      await client.connect(new SSEClientTransport(new URL(url)));
      clients.push(client);
      expect(await toolNames(client)).toEqual(['read_graph']);
      const graph = (await client.callTool({ name: 'read_graph', arguments: {} })) as CallToolResult;
      expect(graph.isError).not.toBe(true);
      await client.close();
    } finally {
      expect(await cli.stop('SIGTERM')).toBe(0);
    }
  });
});
