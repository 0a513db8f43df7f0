import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  LoggingMessageNotificationSchema,
  McpError,
  PromptListChangedNotificationSchema,
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
  ToolListChangedNotificationSchema,
  type CallToolResult,
  type Progress,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { waitUntil } from '@mcp-portal/kit/testing';
// The platform as `npm start` runs it. Not a declared dependency: the router depends on this package, and
// a declared cycle would break the workspace graph; npm links every workspace at the root.
import { startTestPlatform, type TestPlatform } from '@mcp-portal/platform/testing';

/**
 * The gateway-proxy of the one-process platform, against real MCP servers (server-memory and
 * server-everything as local processes), through the SDK's own client.
 */
let platform: TestPlatform;
let mcpUrl: URL;
let adminJwt: string;
let operatorToken: string;
let viewerToken: string;
/** A JWT of another user (operator). */
let otherJwt: string;
const clients: Client[] = [];

interface AuditRow {
  action: string;
  actorEmail: string | null;
  targetId: string | null;
  outcome: string;
  detail: Record<string, unknown> | null;
  subgraph: string;
  requestId: string | null;
}

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const result = await platform.request<T>(query, variables, adminJwt);
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

async function apiToken(role: 'OPERATOR' | 'VIEWER'): Promise<string> {
  const data = await gql<{ createApiToken: { token: string } }>('mutation($r: Role!) { createApiToken(name: "gateway-proxy test", role: $r) { token } }', {
    r: role,
  });
  return data.createApiToken.token;
}

async function statusOf(id: string): Promise<string | undefined> {
  return (await platform.request<{ server: { status: string } }>('query($id: ID!) { server(id: $id) { status } }', { id }, adminJwt)).data?.server.status;
}

async function enable(name: string): Promise<string> {
  const id = (await gql<{ enableServer: { id: string } }>('mutation($n: String!) { enableServer(name: $n) { id } }', { n: name })).enableServer.id;
  await waitUntil(
    `${name} to run`,
    () => statusOf(id),
    (status) => status === 'RUNNING',
    { timeoutMs: 60_000 },
  );
  return id;
}

async function stop(id: string): Promise<void> {
  await gql('mutation($id: ID!) { stopServer(id: $id) { id } }', { id });
  await waitUntil(
    'the server to stop',
    () => statusOf(id),
    (status) => status === 'STOPPED',
    { timeoutMs: 30_000 },
  );
}

async function connect(token: string, onListChanged?: () => void): Promise<Client> {
  const client = new Client({ name: 'gateway-proxy-test', version: '1.0.0' });
  if (onListChanged) client.setNotificationHandler(ToolListChangedNotificationSchema, onListChanged);
  await client.connect(new StreamableHTTPClientTransport(mcpUrl, { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  clients.push(client);
  return client;
}

/** Every page of tools/list (the proxy's pages hold GATEWAY_PROXY_LIST_PAGE_SIZE, 5 here). */
async function allTools(client: Client): Promise<Tool[]> {
  const tools: Tool[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor ? { cursor } : undefined);
    expect(page.tools.length).toBeLessThanOrEqual(5);
    tools.push(...page.tools);
    cursor = page.nextCursor;
  } while (cursor);
  return tools;
}

function textOf(result: CallToolResult): string {
  return result.content.flatMap((item) => (item.type === 'text' ? [item.text] : [])).join('\n');
}

const initialize = (protocolVersion = '2025-11-25') => ({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion, capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});

/** A raw POST to /mcp, as a client outside the SDK sends it. */
function post(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(mcpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** The JSON-RPC message with an id in an SSE answer. */
async function sseMessage(response: Response): Promise<{ id?: number; result?: Record<string, unknown>; error?: { code: number; message: string } }> {
  const text = await response.text();
  if ((response.headers.get('content-type') ?? '').startsWith('application/json')) return JSON.parse(text) as { id?: number };
  // A priming event (`data: ` with an id only, for resuming) carries no message.
  const data = text
    .split('\n')
    .filter((line) => line.startsWith('data: ') && line.length > 'data: '.length)
    .map((line) => JSON.parse(line.slice(6)) as { id?: number });
  const message = data.find((entry) => entry.id !== undefined);
  if (!message) throw new Error(`no JSON-RPC answer in: ${text}`);
  return message;
}

async function auditRows(action: string): Promise<AuditRow[]> {
  const data = await gql<{ auditEvents: { events: AuditRow[] } }>(
    'query($a: String!) { auditEvents(filter: { action: $a }, first: 100) { events { action actorEmail targetId outcome detail subgraph requestId } } }',
    { a: action },
  );
  return data.auditEvents.events;
}

let memoryId: string;
/** tools/list on a raw session opened in 'servers coming and going' and never used again until the last tests. */
let idleSessionList: () => Promise<Response>;

beforeAll(async () => {
  const env = {
    MCP_RUNTIME: 'process',
    // Short enough to see an idle session closed; clients holding their GET stream open are not idle.
    GATEWAY_PROXY_SESSION_IDLE_SECONDS: '10',
    // Small pages, so that every list answer here is paginated.
    GATEWAY_PROXY_LIST_PAGE_SIZE: '5',
  };
  platform = await startTestPlatform({ label: 'gateway-proxy', env });
  mcpUrl = new URL(platform.platform.gatewayProxy.mcpUrl ?? '');
  adminJwt = await platform.adminToken();
  [operatorToken, viewerToken] = [await apiToken('OPERATOR'), await apiToken('VIEWER')];
  const other = { e: `other-${randomBytes(3).toString('hex')}@example.test`, p: randomBytes(12).toString('base64url') };
  await gql('mutation($e: String!, $p: String!) { createUser(email: $e, password: $p, role: OPERATOR) { id } }', other);
  otherJwt = (await gql<{ login: { token: string } }>('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', other)).login.token;
  memoryId = await enable('memory');
}, 120_000);

afterAll(async () => {
  for (const client of clients) await client.close().catch(() => undefined);
  await platform?.close();
});

describe('inbound authorization', () => {
  it('answers 401 with a resource_metadata challenge, and serves RFC 9728 metadata naming the platform', async () => {
    const response = await post(initialize());
    expect(response.status).toBe(401);
    const challenge = response.headers.get('www-authenticate') ?? '';
    const metadataUrl = /^Bearer resource_metadata="([^"]+)", scope="mcp"$/.exec(challenge)?.[1];
    expect(metadataUrl).toBe(`${mcpUrl.origin}/.well-known/oauth-protected-resource/mcp`);

    const metadata = await fetch(metadataUrl!);
    expect(metadata.status).toBe(200);
    expect(await metadata.json()).toEqual({
      resource: mcpUrl.toString(),
      authorization_servers: [platform.url],
      bearer_methods_supported: ['header'],
      scopes_supported: ['mcp'],
      resource_name: 'MCP Portal gateway-proxy',
    });
    const root = await fetch(`${mcpUrl.origin}/.well-known/oauth-protected-resource`);
    expect(await root.json()).toMatchObject({ resource: mcpUrl.origin, authorization_servers: [platform.url] });
  });

  it('answers 401 invalid_token for a forged JWT and for an unknown API token', async () => {
    for (const token of ['eyJhbGciOiJFUzI1NiJ9.e30.c2ln', `mcpat_${'0'.repeat(96)}`]) {
      const response = await post(initialize(), { authorization: `Bearer ${token}` });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(
        /^Bearer resource_metadata="[^"]+", scope="mcp", error="invalid_token", error_description="[^"]+"$/,
      );
    }
  });

  it("refuses a foreign Origin or Host with 403 (DNS rebinding), and accepts the portal's and its own origin", async () => {
    const foreign = await post(initialize(), { authorization: `Bearer ${operatorToken}`, origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    for (const origin of [new URL(platform.url).origin, mcpUrl.origin]) {
      const allowed = await post(initialize(), { authorization: `Bearer ${operatorToken}`, origin });
      expect(allowed.status).toBe(200);
      await allowed.body?.cancel();
    }
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        mcpUrl,
        { method: 'POST', headers: { host: 'rebound.example:80', authorization: `Bearer ${operatorToken}`, 'content-type': 'application/json' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify(initialize()));
    });
    expect(status).toBe(403);
  });

  it('answers 413 to a body over 4 MiB', async () => {
    const response = await post('x'.repeat(4 * 1024 * 1024 + 1), { authorization: `Bearer ${operatorToken}` });
    expect(response.status).toBe(413);
  });
});

describe('tools through the SDK client', () => {
  it("lists every running server's tools as they are and calls one with an API token (operator)", async () => {
    const client = await connect(operatorToken);
    expect(client.getServerVersion()?.name).toBe('mcp-portal-gateway-proxy');
    expect(client.getServerCapabilities()?.tools).toEqual({ listChanged: true });
    const tools = await allTools(client);
    const names = tools.map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(['create_entities', 'read_graph', 'search_nodes']));
    const createEntities = tools.find((tool) => tool.name === 'create_entities')!;
    expect(createEntities.annotations).toEqual({ readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false });
    expect(createEntities.inputSchema).toMatchObject({ type: 'object', required: ['entities'] });
    expect(createEntities._meta).toMatchObject({ 'io.mcp-portal/server': 'memory' });

    const entity = `gateway-proxy-${randomBytes(4).toString('hex')}`;
    const created = (await client.callTool({
      name: 'create_entities',
      arguments: { entities: [{ name: entity, entityType: 'test', observations: ['seen through the proxy'] }] },
    })) as CallToolResult;
    expect(created.isError).toBeFalsy();
    const graph = (await client.callTool({ name: 'read_graph', arguments: {} })) as CallToolResult;
    expect(textOf(graph)).toContain(entity);
    expect(graph.structuredContent).toMatchObject({ entities: expect.arrayContaining([expect.objectContaining({ name: entity })]) });

    const rows = await waitUntil(
      'the audit rows',
      () => auditRows('tool.call'),
      (found) => found.length >= 2,
    );
    const readRow = rows.find((row) => row.detail?.tool === 'read_graph')!;
    expect(readRow).toMatchObject({ outcome: 'SUCCESS', targetId: memoryId, subgraph: 'gateway-proxy', actorEmail: platform.admin.email });
    expect(readRow.detail).toEqual({ server: 'memory', tool: 'read_graph', via: 'gateway-proxy', durationMs: expect.any(Number), isError: false });
    // Never the arguments.
    expect(JSON.stringify(rows)).not.toContain(entity);
  });

  it('works with a platform JWT, and forwards a result with isError as it is', async () => {
    const client = await connect(adminJwt);
    const result = (await client.callTool({ name: 'create_entities', arguments: { entities: 'not a list' } })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/validation/i);
    const rows = await waitUntil(
      'the isError audit row',
      () => auditRows('tool.call'),
      (found) => found.some((row) => row.detail?.isError === true),
    );
    expect(rows.find((row) => row.detail?.isError === true)).toMatchObject({ outcome: 'SUCCESS', detail: { tool: 'create_entities' } });
  });

  it('negotiates an older protocol version a client asks for', async () => {
    const response = await post(initialize('2025-03-26'), { authorization: `Bearer ${operatorToken}` });
    expect(response.status).toBe(200);
    const sessionId = response.headers.get('mcp-session-id');
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await sseMessage(response)).result).toMatchObject({ protocolVersion: '2025-03-26', serverInfo: { name: 'mcp-portal-gateway-proxy' } });
    // The session is the caller's (any of their tokens); another user's token does not reach it.
    const list = (token: string) =>
      post(
        { jsonrpc: '2.0', id: 2, method: 'tools/list' },
        { authorization: `Bearer ${token}`, 'mcp-session-id': sessionId!, 'mcp-protocol-version': '2025-03-26' },
      );
    const same = await list(adminJwt);
    expect(same.status).toBe(200);
    // The first page of memory's tools (pages of 5 here), with the cursor of the next.
    expect((await sseMessage(same)).result).toMatchObject({
      tools: expect.arrayContaining([expect.objectContaining({ name: 'create_entities' })]),
      nextCursor: expect.any(String),
    });
    expect((await list(otherJwt)).status).toBe(404);
  });

  it('answers an unknown tool with a JSON-RPC error', async () => {
    const client = await connect(operatorToken);
    const error = await client.callTool({ name: 'no_such_tool', arguments: {} }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(McpError);
    expect(error).toMatchObject({ code: -32602, message: expect.stringContaining('Unknown tool: no_such_tool') });
    const rows = await waitUntil(
      "the failed call's row",
      () => auditRows('tool.call'),
      (found) => found.some((row) => row.detail?.tool === 'no_such_tool'),
    );
    expect(rows.find((row) => row.detail?.tool === 'no_such_tool')).toMatchObject({ outcome: 'FAILURE', targetId: null });
  });

  it('lets a viewer list tools but answers a call with 403 insufficient_scope, audited as denied', async () => {
    const client = await connect(viewerToken);
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    const error = await client.callTool({ name: 'read_graph', arguments: {} }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StreamableHTTPError);
    expect((error as StreamableHTTPError).code).toBe(403);
    const raw = await post(
      { jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name: 'read_graph', arguments: {} } },
      { authorization: `Bearer ${viewerToken}` },
    );
    expect(raw.status).toBe(403);
    expect(raw.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    const denied = await waitUntil(
      'the denied row',
      () => auditRows('access.denied'),
      (found) => found.some((row) => row.detail?.method === 'tools/call'),
    );
    expect(denied.find((row) => row.detail?.method === 'tools/call')).toMatchObject({
      outcome: 'DENIED',
      detail: { tools: ['read_graph'], role: 'viewer', via: 'gateway-proxy' },
    });
  });
});

describe('servers coming and going', () => {
  let changes = 0;
  let client: Client;
  const listed = async () => (await allTools(client)).map((tool) => tool.name);

  beforeAll(async () => {
    client = await connect(operatorToken, () => (changes += 1));
  });

  it('opens a raw session that is then left idle (the last tests of this file see it closed, and what else stays open)', async () => {
    const response = await post(initialize(), { authorization: `Bearer ${operatorToken}` });
    const sessionId = response.headers.get('mcp-session-id')!;
    await sseMessage(response);
    idleSessionList = () =>
      post(
        { jsonrpc: '2.0', id: 2, method: 'tools/list' },
        { authorization: `Bearer ${operatorToken}`, 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' },
      );
    expect((await idleSessionList()).status).toBe(200);
  });

  it('tells connected clients when a server starts and stops, routes to it while it runs, and passes a cancellation on', async () => {
    const before = changes;
    const everythingId = await enable('everything');
    await waitUntil(
      'tools/list_changed after everything started',
      () => changes,
      (count) => count > before,
    );
    expect(await listed()).toEqual(expect.arrayContaining(['echo', 'get-sum', 'read_graph']));
    const echo = (await client.callTool({ name: 'echo', arguments: { message: 'through the gateway' } })) as CallToolResult;
    expect(textOf(echo)).toBe('Echo: through the gateway');

    // A client's cancellation reaches the call: cancelled once the proxy has accepted it (its SSE answer
    // has begun), a 20-second operation ends at once, recorded as cancelled.
    const opened = await post(initialize(), { authorization: `Bearer ${operatorToken}` });
    const session = { authorization: `Bearer ${operatorToken}`, 'mcp-session-id': opened.headers.get('mcp-session-id')!, 'mcp-protocol-version': '2025-11-25' };
    await sseMessage(opened);
    expect((await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, session)).status).toBe(202);
    const running = await post(
      { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'trigger-long-running-operation', arguments: { duration: 20, steps: 20 } } },
      session,
    );
    expect(running.status).toBe(200);
    expect((await post({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 7, reason: 'test' } }, session)).status).toBe(202);
    const rows = await waitUntil(
      "the cancelled call's row",
      () => auditRows('tool.call'),
      (found) => found.some((row) => row.detail?.tool === 'trigger-long-running-operation'),
    );
    const cancelled = rows.find((row) => row.detail?.tool === 'trigger-long-running-operation')!;
    expect(cancelled).toMatchObject({ outcome: 'FAILURE', detail: { server: 'everything', error: 'Cancelled by the client.' } });
    expect(cancelled.detail?.durationMs).toBeLessThan(20_000);
    await running.body?.cancel();

    const beforeStop = changes;
    await stop(everythingId);
    await waitUntil(
      'tools/list_changed after everything stopped',
      () => changes,
      (count) => count > beforeStop,
    );
    expect(await listed()).not.toContain('echo');
    const error = await client.callTool({ name: 'echo', arguments: { message: 'x' } }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: -32602, message: expect.stringContaining('The server everything, which offered it, is not running any more') });
  });

  it('prefixes tools that two running servers share, and accepts <server>__<tool> for any tool', async () => {
    await gql('mutation($input: CreateCatalogEntryInput!) { createCatalogEntry(input: $input) { name } }', {
      input: {
        name: 'memory-two',
        entry: {
          title: 'Memory two',
          run: { package: '@modelcontextprotocol/server-memory', env: [{ name: 'MEMORY_FILE_PATH', value: '{dataDir}/memory.jsonl' }] },
        },
      },
    });
    const before = changes;
    const twoId = await enable('memory-two');
    await waitUntil(
      'tools/list_changed after memory-two started',
      () => changes,
      (count) => count > before,
    );
    const names = await listed();
    expect(names).toEqual(expect.arrayContaining(['memory__read_graph', 'memory-two__read_graph', 'memory__create_entities', 'memory-two__create_entities']));
    expect(names).not.toContain('read_graph');

    const second = (await client.callTool({ name: 'memory-two__read_graph', arguments: {} })) as CallToolResult;
    expect(second.structuredContent).toEqual({ entities: [], relations: [] });
    const bare = await client.callTool({ name: 'read_graph', arguments: {} }).catch((caught: unknown) => caught);
    expect(bare).toMatchObject({ code: -32602, message: expect.stringContaining('call memory__read_graph') });

    const beforeStop = changes;
    await stop(twoId);
    await waitUntil(
      'tools/list_changed after memory-two stopped',
      () => changes,
      (count) => count > beforeStop,
    );
    expect(await listed()).toContain('read_graph');
    // The prefixed form keeps working for a tool listed under its bare name.
    const prefixed = (await client.callTool({ name: 'memory__read_graph', arguments: {} })) as CallToolResult;
    expect(prefixed.isError).toBeFalsy();
  });
});

describe('prompts, resources, pagination and notifications (server-everything running)', () => {
  const promptChanges: number[] = [];
  const resourceChanges: number[] = [];
  let client: Client;
  let everythingId: string;

  /** Every page of a list, checking each page holds at most 5 items. */
  async function everyPage<T>(read: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor?: string }>): Promise<{ items: T[]; pages: number }> {
    const items: T[] = [];
    let pages = 0;
    let cursor: string | undefined;
    do {
      const page = await read(cursor);
      expect(page.items.length).toBeLessThanOrEqual(5);
      items.push(...page.items);
      pages += 1;
      cursor = page.nextCursor;
    } while (cursor);
    return { items, pages };
  }
  const prompts = () =>
    everyPage(async (cursor) => {
      const page = await client.listPrompts(cursor ? { cursor } : undefined);
      return { items: page.prompts, nextCursor: page.nextCursor };
    });
  const resources = () =>
    everyPage(async (cursor) => {
      const page = await client.listResources(cursor ? { cursor } : undefined);
      return { items: page.resources, nextCursor: page.nextCursor };
    });

  beforeAll(async () => {
    client = new Client({ name: 'gateway-proxy-catalog-test', version: '1.0.0' });
    client.setNotificationHandler(PromptListChangedNotificationSchema, () => void promptChanges.push(Date.now()));
    client.setNotificationHandler(ResourceListChangedNotificationSchema, () => void resourceChanges.push(Date.now()));
    await client.connect(new StreamableHTTPClientTransport(mcpUrl, { requestInit: { headers: { authorization: `Bearer ${operatorToken}` } } }));
    clients.push(client);
    expect(client.getServerCapabilities()).toMatchObject({ prompts: { listChanged: true }, resources: { listChanged: true }, logging: {} });
    // memory offers neither prompts nor resources.
    expect((await prompts()).items).toEqual([]);
    // The tests above enabled everything and stopped it: start it again.
    everythingId = (await gql<{ servers: { id: string; name: string }[] }>('{ servers { id name } }')).servers.find(
      (server) => server.name === 'everything',
    )!.id;
    await gql('mutation($id: ID!) { startServer(id: $id) { id } }', { id: everythingId });
    await waitUntil(
      'everything to run',
      () => statusOf(everythingId),
      (status) => status === 'RUNNING',
      { timeoutMs: 60_000 },
    );
    await waitUntil(
      'prompts/list_changed after everything started',
      () => promptChanges.length,
      (count) => count > 0,
    );
    await waitUntil(
      'resources/list_changed after everything started',
      () => resourceChanges.length,
      (count) => count > 0,
    );
  }, 90_000);

  it("lists every running server's prompts across pages and gets one through the proxy", async () => {
    const { items } = await prompts();
    const names = items.map((prompt) => prompt.name);
    expect(names).toEqual(expect.arrayContaining(['simple-prompt', 'args-prompt']));
    expect(items.find((prompt) => prompt.name === 'args-prompt')).toMatchObject({
      arguments: expect.arrayContaining([expect.objectContaining({ name: 'city', required: true })]),
      _meta: { 'io.mcp-portal/server': 'everything' },
    });
    const answer = await client.getPrompt({ name: 'args-prompt', arguments: { city: 'Lisbon' } });
    expect(JSON.stringify(answer.messages)).toContain('Lisbon');
    // <server>__<prompt> is accepted as for tools.
    expect((await client.getPrompt({ name: 'everything__simple-prompt' })).messages.length).toBeGreaterThan(0);
    await expect(client.getPrompt({ name: 'no-such-prompt' })).rejects.toMatchObject({
      code: -32602,
      message: expect.stringContaining('Unknown prompt: no-such-prompt'),
    });
  });

  it('lists resources (in pages of 5 with a cursor) and templates, and reads a listed and a templated resource', async () => {
    const { items, pages } = await resources();
    expect(items.length).toBeGreaterThan(5);
    expect(pages).toBeGreaterThan(1);
    expect(new Set(items.map((resource) => resource.uri)).size).toBe(items.length);
    const document = items.find((resource) => resource.uri.startsWith('demo://resource/static/document/'));
    expect(document).toMatchObject({ _meta: { 'io.mcp-portal/server': 'everything' } });
    const read = await client.readResource({ uri: document!.uri });
    expect(read.contents[0]).toMatchObject({ uri: document!.uri });

    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((template) => template.uriTemplate)).toEqual(expect.arrayContaining(['demo://resource/dynamic/text/{resourceId}']));
    const templated = await client.readResource({ uri: 'demo://resource/dynamic/text/7' });
    expect(templated.contents[0]).toMatchObject({ uri: 'demo://resource/dynamic/text/7', text: expect.any(String) });

    await expect(client.readResource({ uri: 'nowhere://nothing' })).rejects.toMatchObject({ code: -32002 });
    await expect(client.listResources({ cursor: 'not-a-cursor' })).rejects.toMatchObject({ code: -32602 });
  });

  it('forwards the progress notifications of a long-running tool to the client that called it', async () => {
    const progress: Progress[] = [];
    const result = (await client.callTool({ name: 'trigger-long-running-operation', arguments: { duration: 1, steps: 3 } }, undefined, {
      onprogress: (update) => void progress.push(update),
    })) as CallToolResult;
    expect(textOf(result)).toContain('completed');
    // The SDK's Protocol handles a notification a microtask after a response that follows it at once, by
    // when the request's progress handler is gone: the last step's notification may be dropped (by the
    // proxy's upstream client or by this one), the others arrive, in order.
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.slice(0, 2)).toEqual([
      { progress: 1, total: 3 },
      { progress: 2, total: 3 },
    ]);
  });

  it("forwards a server's log messages to the session with a call under way on it, and to no other", async () => {
    const logs: unknown[] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => void logs.push(notification.params));
    const bystander = await connect(operatorToken);
    const overheard: unknown[] = [];
    bystander.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => void overheard.push(notification.params));
    // server-everything then logs every 5 seconds on its (the platform's) session.
    const toggle = () => client.callTool({ name: 'toggle-simulated-logging', arguments: {} }) as Promise<CallToolResult>;
    expect(textOf(await toggle())).toContain('Started simulated');
    try {
      await client.callTool({ name: 'trigger-long-running-operation', arguments: { duration: 6, steps: 2 } });
      expect(logs.length).toBeGreaterThan(0);
      expect(logs[0]).toMatchObject({ level: expect.any(String), data: expect.stringContaining('message') });
      expect(overheard).toEqual([]);
    } finally {
      expect(textOf(await toggle())).toContain('Stopped simulated');
    }
  }, 30_000);

  it('routes completion/complete for a prompt argument and a resource template to the server that offers them', async () => {
    expect(client.getServerCapabilities()).toMatchObject({ completions: {}, resources: { subscribe: true } });
    const departments = await client.complete({ ref: { type: 'ref/prompt', name: 'completable-prompt' }, argument: { name: 'department', value: 'S' } });
    expect(departments.completion.values.sort()).toEqual(['Sales', 'Support']);
    // The context reaches the server too: its second argument depends on the first.
    const leads = await client.complete({
      ref: { type: 'ref/prompt', name: 'completable-prompt' },
      argument: { name: 'name', value: 'A' },
      context: { arguments: { department: 'Engineering' } },
    });
    expect(leads.completion.values).toEqual(['Alice']);
    const ids = await client.complete({
      ref: { type: 'ref/resource', uri: 'demo://resource/dynamic/text/{resourceId}' },
      argument: { name: 'resourceId', value: '12' },
    });
    expect(ids.completion.values).toEqual(['12']);
    await expect(client.complete({ ref: { type: 'ref/prompt', name: 'no-such-prompt' }, argument: { name: 'x', value: '' } })).rejects.toMatchObject({
      code: -32602,
    });
    await expect(client.complete({ ref: { type: 'ref/resource', uri: 'nowhere://{x}' }, argument: { name: 'x', value: '' } })).rejects.toMatchObject({
      code: -32602,
    });
  });

  it('passes a resource subscription on and delivers notifications/resources/updated to the subscribed session only', async () => {
    const uri = (await resources()).items.map((resource) => resource.uri).find((candidate) => candidate.startsWith('demo://resource/static/'));
    expect(uri).toBeDefined();
    const updated: string[] = [];
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => void updated.push(notification.params.uri));
    const bystanderUpdates: string[] = [];
    const bystander = await connect(operatorToken);
    bystander.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => void bystanderUpdates.push(notification.params.uri));
    await client.subscribeResource({ uri: uri! });
    // server-everything sends an update for every subscribed URI at once, then every 5 s, until toggled off.
    await client.callTool({ name: 'toggle-subscriber-updates', arguments: {} });
    try {
      await waitUntil(
        'notifications/resources/updated',
        () => updated,
        (uris) => uris.includes(uri!),
      );
    } finally {
      await client.callTool({ name: 'toggle-subscriber-updates', arguments: {} });
    }
    await client.unsubscribeResource({ uri: uri! });
    // The bystander's session was open all along, subscribed to nothing.
    await bystander.listTools();
    expect(bystanderUpdates).toEqual([]);
    await expect(client.subscribeResource({ uri: 'nowhere://at-all' })).rejects.toMatchObject({ code: -32002 });
  });

  it('tells connected clients that prompts and resources changed when the server stops', async () => {
    const [prompted, resourced] = [promptChanges.length, resourceChanges.length];
    await stop(everythingId);
    await waitUntil(
      'prompts/list_changed after everything stopped',
      () => promptChanges.length,
      (count) => count > prompted,
    );
    await waitUntil(
      'resources/list_changed after everything stopped',
      () => resourceChanges.length,
      (count) => count > resourced,
    );
    expect((await prompts()).items).toEqual([]);
    // memory lists a resource of its own; none of everything's remains.
    expect((await resources()).items.map((resource) => resource.uri).filter((uri) => uri.startsWith('demo://'))).toEqual([]);
    await expect(client.readResource({ uri: 'demo://resource/dynamic/text/7' })).rejects.toMatchObject({ code: -32002 });
    await expect(client.getPrompt({ name: 'simple-prompt' })).rejects.toMatchObject({ code: -32602 });
  });
});

// Last: the idle timeout runs out while the tests above run (the raw sessions' last requests were early in 'servers coming and going').
describe('sessions ending', () => {
  it('closes a session that stays idle (no request, no open stream) for GATEWAY_PROXY_SESSION_IDLE_SECONDS', async () => {
    // Watched without touching it (a request would make it busy again): the raw sessions of this file go
    // idle, while every SDK client holds its GET stream open and keeps its session.
    await waitUntil(
      'the idle sessions to be closed',
      () => platform.platform.gatewayProxy.sessions,
      (count) => count === clients.length,
      { timeoutMs: 60_000 },
    );
    expect((await idleSessionList()).status).toBe(404);
    for (const client of clients) expect((await client.listTools()).tools.length).toBeGreaterThan(0);
  }, 90_000);

  // After the idle sessions are gone: no sweep can change the count meanwhile.
  it('closes a session on DELETE', async () => {
    const transport = new StreamableHTTPClientTransport(mcpUrl, { requestInit: { headers: { authorization: `Bearer ${operatorToken}` } } });
    const own = new Client({ name: 'delete-test', version: '1' });
    await own.connect(transport);
    const sessions = platform.platform.gatewayProxy.sessions;
    await transport.terminateSession();
    expect(platform.platform.gatewayProxy.sessions).toBe(sessions - 1);
    await own.close();
  });
});
