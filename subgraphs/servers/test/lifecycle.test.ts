import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { readlinkSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditTables, topics } from '@mcp-portal/schema';
import { startSubgraphHarness, waitUntil, type SubgraphHarness } from '@mcp-portal/kit/testing';
import { serversSubgraph, type ServersServices } from '../src/index.ts';

const fixture = fileURLToPath(new URL('./fixtures/fixture-server.mjs', import.meta.url));
const node = JSON.stringify(process.execPath);

/** A remote MCP server over Streamable HTTP (stateless: a fresh server per request), and one that wants OAuth. */
async function startRemoteServer(): Promise<{ url: string; close: () => void }> {
  const http = createServer((req, res) => {
    if (req.url === '/oauth/mcp') {
      res.writeHead(401, { 'www-authenticate': 'Bearer resource_metadata="http://127.0.0.1/.well-known/oauth-protected-resource"' }).end();
      return;
    }
    const server = new Server({ name: 'remote-fixture', version: '1.0.0' }, { capabilities: { tools: {} } });
    server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: [{ name: 'remote_echo', inputSchema: { type: 'object', properties: {} } }] }));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => void transport.close());
    void server.connect(transport).then(() => transport.handleRequest(req, res));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, close: () => http.close() };
}

/** A catalog of servers that behave well, crash, never answer, or need a container engine. */
const catalogFor = (remote: string) => `
registry:
  memory:
    title: Memory
    run:
      package: "@modelcontextprotocol/server-memory"
      env: { MEMORY_FILE_PATH: "{dataDir}/memory.jsonl" }
  fixture:
    title: Fixture
    run: { command: ${node}, args: [${JSON.stringify(fixture)}] }
  exits-at-once:
    title: Exits at once
    run: { command: ${node}, args: ["-e", "console.error('boom: missing API key'); process.exit(3)"] }
  silent:
    title: Never answers
    run: { command: ${node}, args: ["-e", "setInterval(() => {}, 1000)", "mcp-portal-silent-fixture"] }
  image-only:
    title: Needs an engine
    image: mcp/does-not-exist
  remote-echo:
    title: Remote
    type: remote
    remote: { transport_type: streamable-http, url: "${remote}/mcp" }
  remote-oauth:
    title: Remote with OAuth
    type: remote
    remote: { transport_type: streamable-http, url: "${remote}/oauth/mcp" }
`;
let remote: Awaited<ReturnType<typeof startRemoteServer>>;

let harness: SubgraphHarness<ServersServices>;
let dataDir: string;
let operator: string;
let viewer: string;
const statuses = new Map<string, string[]>();
/** The server that never answers initialize. */
let silentId: string;

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mcp-lifecycle-'));
  dataDir = dir;
  remote = await startRemoteServer();
  await writeFile(join(dir, 'catalog.yaml'), catalogFor(remote.url));
  const env = {
    MCP_CATALOG_PATH: join(dir, 'catalog.yaml'),
    MCP_DATA_DIR: dir,
    MCP_RUNTIME: 'process',
    // Generous enough for a loaded machine: a healthy server never misses these (a missed ping shows as
    // UNHEALTHY and three restart it, which would throw the restart counts below off); pings stay frequent.
    MCP_HANDSHAKE_TIMEOUT_SECONDS: '10',
    MCP_HEALTH_INTERVAL_SECONDS: '0.5',
    MCP_HEALTH_TIMEOUT_SECONDS: '3',
    MCP_MAX_RESTARTS: '2',
  };
  harness = await startSubgraphHarness(serversSubgraph, { env });
  operator = await harness.tokens.tokenFor(harness.tokens.viewer('operator'));
  viewer = await harness.tokens.tokenFor(harness.tokens.viewer('viewer'));
  await harness.events.subscribe(topics.serverStatusChanged, (event) => statuses.set(event.id, [...(statuses.get(event.id) ?? []), event.status]));
  await waitUntil(
    'the lifecycle lease',
    () => harness.subgraph.services.lifecycle.supervisor.isActive,
    (active) => active,
  );
  // Enabled first, so that its handshake timeout (10 s) runs out while the tests before its own (the crashing and
  // freezing ones among them) run.
  silentId = await enable('silent');
}, 60_000);

afterAll(async () => {
  await harness?.close();
  remote?.close();
});

interface ServerView {
  id: string;
  name: string;
  status: string;
  lastError: string | null;
  runtime: string | null;
  restartCount: number;
  tools: { name: string; inputSchema: { type: string } }[];
  logs: { stream: string; line: string }[];
}
const serverFields = 'id name status lastError runtime restartCount tools { name inputSchema } logs(tail: 50) { stream line }';

async function gql<T>(query: string, variables: Record<string, unknown> = {}, token = operator) {
  return harness.request<T>(query, variables, token);
}

async function enable(name: string, start = true): Promise<string> {
  const result = await gql<{ enableServer: { id: string } }>('mutation($n: String!, $s: Boolean) { enableServer(name: $n, start: $s) { id } }', {
    n: name,
    s: start,
  });
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data.enableServer.id;
}

async function server(id: string): Promise<ServerView> {
  const result = await gql<{ server: ServerView }>(`query($id: ID!) { server(id: $id) { ${serverFields} } }`, { id });
  return result.data!.server;
}

async function until(id: string, predicate: (s: ServerView) => boolean, timeout = 30_000): Promise<ServerView> {
  let last: ServerView | undefined;
  await expect
    .poll(
      async () => {
        last = await server(id);
        return predicate(last);
      },
      { timeout, interval: 100 },
    )
    .toBe(true);
  return last!;
}

const mutate = (field: string, id: string) => gql<Record<string, { status: string }>>(`mutation($id: ID!) { ${field}(id: $id) { status } }`, { id });
const callTool = (serverId: string, name: string, args: unknown = {}, token = operator) =>
  gql<{ callTool: { isError: boolean; text: string } }>(
    'mutation($s: ID!, $n: String!, $a: JSON) { callTool(serverId: $s, name: $n, arguments: $a) { isError text } }',
    { s: serverId, n: name, a: args },
    token,
  );

/**
 * Processes of this file's servers whose command line contains `marker`: each process server runs in its
 * own folder under this file's data dir, which tells them apart from servers other test files start.
 */
function processesMatching(marker: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line.includes(marker) && !line.includes('ps -eo'))
    .filter((line) => {
      try {
        return readlinkSync(`/proc/${line.trim().split(/\s+/)[0]}/cwd`).startsWith(dataDir);
      } catch {
        return false; // gone meanwhile
      }
    });
}

describe('server lifecycle (local processes, real MCP servers)', () => {
  it('enables and starts the memory server: STARTING → RUNNING with its tools, logs and a working tool call', async () => {
    const id = await enable('memory');
    const running = await until(id, (s) => s.status === 'RUNNING');
    expect(running.runtime).toBe('PROCESS');
    expect(running.tools.map((t) => t.name)).toContain('create_entities');
    expect(running.tools[0]?.inputSchema.type).toBe('object');
    await expect.poll(() => statuses.get(id), { timeout: 10_000 }).toContain('running'); // announced after it is written
    expect(statuses.get(id)?.[0]).toBe('starting');
    const created = await callTool(id, 'create_entities', { entities: [{ name: 'portal', entityType: 'project', observations: ['runs MCP servers'] }] });
    expect(created.errors).toBeUndefined();
    const graph = await callTool(id, 'read_graph');
    expect(graph.data?.callTool.text).toContain('runs MCP servers');
    await until(id, (s) => s.logs.some((l) => l.stream === 'SYSTEM' && l.line === 'running'));
  });

  it('refuses tool calls from a viewer, for unknown tools and with bad arguments', async () => {
    const id = (await gql<{ servers: { id: string; name: string }[] }>('{ servers { id name } }')).data!.servers.find((s) => s.name === 'memory')!.id;
    expect((await callTool(id, 'read_graph', {}, viewer)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await callTool(id, 'no_such_tool')).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const bad = await callTool(id, 'create_entities', { entities: 'not a list' });
    expect(bad.errors?.[0]?.extensions?.code ?? (bad.data?.callTool.isError ? 'TOOL_ERROR' : null)).toMatch(/BAD_USER_INPUT|TOOL_ERROR/);
  });

  it('stops and starts again; stopping a stopped server and starting a running one are conflicts', async () => {
    const id = (await gql<{ servers: { id: string; name: string }[] }>('{ servers { id name } }')).data!.servers.find((s) => s.name === 'memory')!.id;
    expect((await mutate('startServer', id)).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect((await mutate('stopServer', id)).data?.stopServer?.status).toBe('STOPPING');
    await until(id, (s) => s.status === 'STOPPED');
    expect(processesMatching('server-memory')).toEqual([]);
    expect((await mutate('stopServer', id)).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect((await callTool(id, 'read_graph')).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    await mutate('startServer', id);
    await until(id, (s) => s.status === 'RUNNING');
    // The memory file lives in the server's own data folder, so the entity survived the restart.
    expect((await callTool(id, 'read_graph')).data?.callTool.text).toContain('runs MCP servers');
  });

  it('a server that exits at once ends FAILED with its exit code and stderr, and leaves no process', async () => {
    const id = await enable('exits-at-once', true);
    const failed = await until(id, (s) => s.status === 'FAILED');
    expect(failed.lastError).toContain('code 3');
    expect(failed.lastError).toContain('boom: missing API key');
    expect(failed.restartCount).toBe(0);
  });

  it('an image server without a container engine is refused up front with a clear reason, not left FAILED', async () => {
    const refused = await gql('mutation { enableServer(name: "image-only") { id } }');
    expect(refused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(refused.errors?.[0]?.message).toContain(
      'image-only runs only as the container image mcp/does-not-exist, and MCP servers run as local processes here (MCP_RUNTIME=process)',
    );
    const servers = await gql<{ servers: { name: string }[] }>('{ servers { name } }');
    expect(servers.data?.servers.map((s) => s.name)).not.toContain('image-only');
  });

  it('connects to a remote server without a runtime, and leaves one that asks for OAuth waiting for authorization', async () => {
    const id = await enable('remote-echo');
    const running = await until(id, (s) => s.status === 'RUNNING');
    expect(running.runtime).toBe('REMOTE');
    expect(running.tools.map((t) => t.name)).toEqual(['remote_echo']);
    // Not FAILED: each user authorizes it (issue 13); the gateway-proxy calls it with their own token.
    const oauth = await until(await enable('remote-oauth'), (s) => s.logs.some((l) => l.line.startsWith('waiting for OAuth authorization')));
    expect(oauth.status).toBe('RUNNING');
    expect(oauth.lastError).toBeNull();
    expect(oauth.logs.map((l) => l.line).join('\n')).toContain('asks for authorization (OAuth)');
  });

  it('restarts a server that crashes, with a backoff, and refreshes tools when the server announces a change', async () => {
    const id = await enable('fixture');
    await until(id, (s) => s.status === 'RUNNING');
    expect((await callTool(id, 'echo', { text: 'hello' })).data?.callTool.text).toBe('hello');
    await callTool(id, 'add_tool');
    await until(id, (s) => s.tools.some((t) => t.name === 'added'));
    await callTool(id, 'crash');
    const failed = await until(id, (s) => s.status === 'FAILED');
    expect(failed.lastError).toContain('exited with code 7');
    const back = await until(id, (s) => s.status === 'RUNNING' && s.restartCount === 1);
    expect(back.logs.some((l) => l.line.startsWith('restarting in 1 s'))).toBe(true);
    expect(back.logs.some((l) => l.stream === 'STDERR' && l.line === 'fixture: crashing on request')).toBe(true);
  });

  it("cancels the server's request when the caller of callTool leaves, and audits the call as cancelled", async () => {
    const id = (await gql<{ servers: { id: string; name: string }[] }>('{ servers { id name } }')).data!.servers.find((s) => s.name === 'fixture')!.id;
    await until(id, (s) => s.status === 'RUNNING');
    const leaving = new AbortController();
    const left = fetch(`${harness.subgraph.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${operator}` },
      body: JSON.stringify({ query: 'mutation($s: ID!) { callTool(serverId: $s, name: "wait", arguments: { seconds: 60 }) { text } }', variables: { s: id } }),
      signal: leaving.signal,
    }).catch(() => 'left');
    await until(id, (s) => s.logs.some((l) => l.line === 'fixture: waiting'));
    leaving.abort();
    expect(await left).toBe('left');
    const cancelled = await until(id, (s) => s.logs.some((l) => l.line.startsWith('fixture: wait cancelled')));
    expect(cancelled.logs.find((l) => l.line.startsWith('fixture: wait cancelled'))?.line).toContain('The client left before its answer.');
    const { auditEvents } = auditTables;
    const rows = await harness.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'tool.call'), eq(auditEvents.targetId, id)));
    expect(rows.filter((row) => (row.detail as { tool?: string } | null)?.tool === 'wait')).toEqual([
      expect.objectContaining({
        outcome: 'failure',
        detail: expect.objectContaining({ error: 'The caller left before wait answered: the call was cancelled.' }),
      }),
    ]);
    // The server goes on answering.
    expect((await callTool(id, 'echo', { text: 'still here' })).data?.callTool.text).toBe('still here');
  });

  it('marks a server that stops answering pings UNHEALTHY, then restarts it', async () => {
    const id = (await gql<{ servers: { id: string; name: string }[] }>('{ servers { id name } }')).data!.servers.find((s) => s.name === 'fixture')!.id;
    const before = (await server(id)).restartCount;
    await callTool(id, 'freeze', { seconds: 30 });
    await until(id, (s) => s.status === 'UNHEALTHY');
    const back = await until(id, (s) => s.status === 'RUNNING' && s.restartCount === before + 1, 60_000);
    expect(back.logs.some((l) => l.line.includes('stopped answering pings') || l.line.startsWith('did not answer a ping'))).toBe(true);
  }, 90_000);

  it('a server that never answers initialize ends FAILED after the handshake timeout, and its process is gone', async () => {
    // Enabled in beforeAll.
    const failed = await until(silentId, (s) => s.status === 'FAILED');
    expect(failed.lastError).toMatch(/did not answer initialize within 10000 ms/);
    expect(processesMatching('mcp-portal-silent-fixture')).toEqual([]);
  });

  it('enabling twice is a conflict; disabling while it starts cancels the start and removes everything', async () => {
    expect((await gql('mutation { enableServer(name: "memory") { id } }')).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const id = (await gql<{ servers: { id: string; name: string }[] }>('{ servers { id name } }')).data!.servers.find((s) => s.name === 'silent')!.id;
    expect((await mutate('startServer', id)).data?.startServer?.status).toBe('STARTING');
    await expect.poll(() => processesMatching('mcp-portal-silent-fixture').length, { timeout: 15_000 }).toBe(1);
    expect((await mutate('disableServer', id)).errors).toBeUndefined();
    // Without the cancellation the process would live until the 10 s handshake timeout; this bound stays below it.
    await expect.poll(() => processesMatching('mcp-portal-silent-fixture').length, { timeout: 7_000 }).toBe(0);
    expect((await gql<{ server: null }>('query($id: ID!) { server(id: $id) { id } }', { id })).data?.server).toBeNull();
  });

  it('leaves no MCP server process behind when the subgraph stops, and does not wait for a start under way', async () => {
    const starting = await enable('silent'); // its handshake would time out after 10 s
    await expect.poll(() => processesMatching('mcp-portal-silent-fixture').length, { timeout: 15_000 }).toBe(1);
    await harness.subgraph.services.lifecycle.close();
    expect(processesMatching('mcp-portal-silent-fixture')).toEqual([]);
    // Cancelled and stopped by the shutdown; a stop that waited for the start would find it FAILED by the timeout.
    const stopped = await server(starting);
    expect(stopped).toMatchObject({ status: 'STOPPED', lastError: null });
    expect(stopped.logs.map((entry) => entry.line)).toContain('stopping (the servers subgraph is shutting down)');
    expect(processesMatching(fixture)).toEqual([]);
    expect(processesMatching('server-memory')).toEqual([]);
  });
});
