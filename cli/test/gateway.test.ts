import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startTestPlatform, type TestPlatform } from '@mcp-portal/platform/testing';
import { gatewayMcpUrl, resolveGatewayUrl } from '../src/lib/gateway-bridge.ts';
import { binary, closedPort, expectOneErrorLine, runCli, tempDockerConfig } from './helpers.ts';

const SPAWN_TIMEOUT = 60_000;

describe('the gateway-proxy URL', () => {
  it('defaults to port 4100 of the router host, /mcp; --gateway-url and DOCKER_MCP_GATEWAY_URL win', () => {
    expect(gatewayMcpUrl('http://127.0.0.1:4000', undefined, {})).toBe('http://127.0.0.1:4100/mcp');
    expect(gatewayMcpUrl('https://portal.example.test/base', undefined, {})).toBe('https://portal.example.test:4100/mcp');
    expect(gatewayMcpUrl('http://127.0.0.1:4000', undefined, { DOCKER_MCP_GATEWAY_URL: 'http://127.0.0.1:5000' })).toBe('http://127.0.0.1:5000/mcp');
    expect(gatewayMcpUrl('http://127.0.0.1:4000', 'http://localhost:6000/custom/mcp', { DOCKER_MCP_GATEWAY_URL: 'http://x:1' })).toBe(
      'http://localhost:6000/custom/mcp',
    );
    expect(() => gatewayMcpUrl('http://127.0.0.1:4000', 'ftp://x', {})).toThrow(/only http/);
  });
});

describe('docker mcp gateway run (stdio) against the platform', () => {
  let platform: TestPlatform;
  let config: string;
  let gatewayUrl: string;
  let operatorToken: string;
  const entity = `gateway-entity-${randomBytes(4).toString('hex')}`;
  const env = (token: string, extra: Record<string, string> = {}) => ({
    DOCKER_CONFIG: config,
    DOCKER_MCP_URL: platform.url,
    DOCKER_MCP_TOKEN: token,
    ...extra,
  });

  beforeAll(async () => {
    platform = await startTestPlatform({ label: 'cli-gateway', env: { MCP_RUNTIME: 'process' } });
    config = await tempDockerConfig();
    gatewayUrl = platform.platform.gatewayProxy.mcpUrl ?? '';
    const admin = await platform.adminToken();
    const created = await platform.request<{ createApiToken: { token: string } }>(
      'mutation { createApiToken(name: "gateway-run", role: OPERATOR) { token } }',
      {},
      admin,
    );
    operatorToken = created.data!.createApiToken.token;
    const enable = await runCli(['server', 'enable', 'memory', '--wait'], { env: env(admin) });
    if (enable.code !== 0) throw new Error(`server enable memory --wait failed: ${enable.stderr}`);
  }, 120_000);

  afterAll(async () => {
    await platform?.close();
    if (config) await rm(config, { recursive: true, force: true });
  });

  it('bridges an SDK stdio client to the gateway-proxy: lists and calls tools of a running server', { timeout: SPAWN_TIMEOUT }, async () => {
    const childEnv: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !key.startsWith('DOCKER_MCP_')) childEnv[key] = value;
    const transport = new StdioClientTransport({
      command: binary,
      // No --gateway-url: the router names the endpoint at /.well-known/mcp-portal.
      args: ['gateway', 'run'],
      env: { ...childEnv, ...env(operatorToken) },
      cwd: tmpdir(),
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const client = new Client({ name: 'gateway-run-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      expect(client.getServerVersion()?.name).toBe('mcp-portal-gateway-proxy');
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['create_entities', 'read_graph']));
      const created = (await client.callTool({
        name: 'create_entities',
        arguments: { entities: [{ name: entity, entityType: 'test', observations: ['through stdio'] }] },
      })) as CallToolResult;
      expect(created.isError).not.toBe(true);
      const graph = (await client.callTool({ name: 'read_graph', arguments: {} })) as CallToolResult;
      expect(JSON.stringify(graph.content)).toContain(entity);
      // An unknown tool is the proxy's JSON-RPC error, relayed as it is.
      await expect(client.callTool({ name: 'no_such_tool', arguments: {} })).rejects.toThrow(/Unknown tool: no_such_tool/);
    } finally {
      await client.close();
    }
    expect(stderr).toBe('');
  });

  it('finds the endpoint the router names at /.well-known/mcp-portal', async () => {
    const metadata = await fetch(`${platform.url}/.well-known/mcp-portal`);
    expect(metadata.status).toBe(200);
    expect(await metadata.json()).toEqual({ mcp_endpoint: gatewayUrl, sse_endpoint: new URL('/sse', gatewayUrl).toString() });
    expect(await resolveGatewayUrl(platform.url, undefined, {})).toBe(gatewayUrl);
    expect(await resolveGatewayUrl(platform.url, undefined, { DOCKER_MCP_GATEWAY_URL: 'http://127.0.0.1:1/mcp' })).toBe('http://127.0.0.1:1/mcp');
    // A router that does not answer it: port 4100 of its host.
    expect(await resolveGatewayUrl(`http://127.0.0.1:${await closedPort()}`, undefined, {})).toBe('http://127.0.0.1:4100/mcp');
  });

  it('exits 0 when the client closes stdin', { timeout: SPAWN_TIMEOUT }, async () => {
    const result = await runCli(['gateway', 'run', '--gateway-url', gatewayUrl], { env: env(operatorToken), input: '' });
    expect(result).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  it('relays a raw initialize line by line and exits 0 on Ctrl-C', { timeout: SPAWN_TIMEOUT }, async () => {
    const child = spawn(binary, ['gateway', 'run', '--gateway-url', gatewayUrl], {
      env: { ...process.env, ...env(operatorToken) },
      cwd: tmpdir(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const answered = new Promise<void>((resolve) =>
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => ((stdout += chunk), stdout.includes('\n') && resolve())),
    );
    const initialize = {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    };
    child.stdin.write(`${JSON.stringify(initialize)}\n`);
    await answered;
    const answer = JSON.parse(stdout.split('\n')[0] ?? '') as { id: number; result: { protocolVersion: string; serverInfo: { name: string } } };
    expect(answer).toMatchObject({ id: 1, result: { protocolVersion: '2025-06-18', serverInfo: { name: 'mcp-portal-gateway-proxy' } } });
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
  });

  it('a token the proxy refuses is one error line on stderr, nothing on stdout, exit 1', { timeout: SPAWN_TIMEOUT }, async () => {
    const result = await runCli(['gateway', 'run', '--gateway-url', gatewayUrl], { env: env('mcpat_not-a-real-token'), input: '' });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(expectOneErrorLine(result.stderr)).toMatch(/refused the token \(401\): run `docker mcp login`/);
  });

  it('an unreachable gateway-proxy is one error line, whatever the transport (see gateway-options.test.ts)', { timeout: SPAWN_TIMEOUT }, async () => {
    const port = await closedPort();
    for (const transport of ['stdio', 'streaming']) {
      const unreachable = await runCli(['gateway', 'run', '--transport', transport, '--gateway-url', `http://127.0.0.1:${port}/mcp`], {
        env: env(operatorToken),
        input: '',
      });
      expect(unreachable.code).toBe(1);
      expect(expectOneErrorLine(unreachable.stderr)).toMatch(/is not reachable \(ECONNREFUSED\)/);
    }
  });
});
