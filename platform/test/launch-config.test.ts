import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchConfigPath } from '@mcp-portal/schema';
import { startTestPlatform, type TestPlatform } from '../src/testing/index.ts';

/** A server's configuration (config subgraph) reaches its process when the servers subgraph starts it. */
const fixture = fileURLToPath(new URL('../../subgraphs/servers/test/fixtures/fixture-server.mjs', import.meta.url));
const catalog = `
registry:
  greeter:
    title: Greeter
    run:
      command: ${JSON.stringify(process.execPath)}
      args: [${JSON.stringify(fixture)}, "--greeting={{greeting}}", "{{paths}}"]
      env: { GREETING: "{{greeting}}", PATHS: "{{paths}}" }
  keyed:
    title: Needs a secret
    secrets:
      - { name: keyed.api_key, env: GREETING }
    run:
      command: ${JSON.stringify(process.execPath)}
      args: [${JSON.stringify(fixture)}]
  needs-more:
    title: Needs a value nobody set
    run:
      command: ${JSON.stringify(process.execPath)}
      args: [${JSON.stringify(fixture)}]
      env: { TOKEN_FILE: "{{missing.value}}" }
`;

let platform: TestPlatform;
let token: string;

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mcp-launch-config-'));
  await writeFile(join(dir, 'catalog.yaml'), catalog);
  const env = { MCP_CATALOG_PATH: join(dir, 'catalog.yaml'), MCP_RUNTIME: 'process', MCP_DATA_DIR: dir };
  platform = await startTestPlatform({ label: 'launch-config', env });
  token = await platform.adminToken();
}, 60_000);
afterAll(async () => {
  await platform?.close();
});

async function enable(name: string): Promise<string> {
  const result = await platform.request<{ enableServer: { id: string } }>(
    'mutation($n: String!) { enableServer(name: $n, start: false) { id } }',
    { n: name },
    token,
  );
  return result.data!.enableServer.id;
}

async function statusOf(id: string) {
  return (
    await platform.request<{ server: { status: string; lastError: string | null } }>('query($id: ID!) { server(id: $id) { status lastError } }', { id }, token)
  ).data!.server;
}

describe('launch configuration', () => {
  it('fills {{key}} in the arguments and environment with the server configuration', async () => {
    const id = await enable('greeter');
    const set = 'mutation($id: ID!, $k: String!, $v: JSON!) { setServerConfig(serverId: $id, key: $k, value: $v) { key } }';
    await platform.request(set, { id, k: 'greeting', v: 'hello there' }, token);
    await platform.request(set, { id, k: 'paths', v: ['/a', '/b'] }, token);
    await platform.request('mutation($id: ID!) { startServer(id: $id) { id } }', { id }, token);
    await expect.poll(async () => (await statusOf(id)).status, { timeout: 20_000 }).toBe('RUNNING');
    const call = await platform.request<{ callTool: { text: string } }>('mutation($id: ID!) { callTool(serverId: $id, name: "env") { text } }', { id }, token);
    expect(JSON.parse(call.data!.callTool.text)).toEqual({ GREETING: 'hello there', PATHS: '/a,/b', argv: ['--greeting=hello there', '/a', '/b'] });
  });

  it('a missing value stops the start with a message naming it', async () => {
    const id = await enable('needs-more');
    await platform.request('mutation($id: ID!) { startServer(id: $id) { id } }', { id }, token);
    await expect.poll(async () => (await statusOf(id)).status, { timeout: 20_000 }).toBe('FAILED');
    expect((await statusOf(id)).lastError).toContain('needs the configuration value "missing.value"');
  });

  it('passes a secret to the environment only once it is set, and never shows its value', async () => {
    const id = await enable('keyed');
    await platform.request('mutation($id: ID!) { startServer(id: $id) { id } }', { id }, token);
    await expect.poll(async () => (await statusOf(id)).status, { timeout: 20_000 }).toBe('FAILED');
    expect((await statusOf(id)).lastError).toContain('needs the secret "keyed.api_key"');
    await platform.request('mutation($id: ID!) { setServerSecret(serverId: $id, name: "keyed.api_key", value: "s3cr3t-value") { name } }', { id }, token);
    await platform.request('mutation($id: ID!) { startServer(id: $id) { id } }', { id }, token);
    await expect.poll(async () => (await statusOf(id)).status, { timeout: 20_000 }).toBe('RUNNING');
    const call = await platform.request<{ callTool: { text: string } }>('mutation($id: ID!) { callTool(serverId: $id, name: "env") { text } }', { id }, token);
    expect(JSON.parse(call.data!.callTool.text).GREETING).toBe('s3cr3t-value');
    const seen = await platform.request(
      'query($id: ID!) { server(id: $id) { secrets { name } logs(tail: 100) { line } } auditEvents(first: 100) { events { detail } } }',
      { id },
      token,
    );
    expect(JSON.stringify(seen.data)).toContain('keyed.api_key');
    expect(JSON.stringify(seen.data)).not.toContain('s3cr3t-value');
  });

  it('the config subgraph answers the internal request only when it is signed', async () => {
    const config = platform.platform.subgraphs.find((s) => s.name === 'config')!;
    const url = `${config.url}${launchConfigPath}?serverId=00000000-0000-4000-8000-000000000000`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { 'x-mcp-internal': `v1.${Date.now()}.${'0'.repeat(64)}` } })).status).toBe(401);
  });
});
