import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema, McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { AuditLog, createCounterStore, createLogger, remoteTokenVerifier, SecretBox, type CounterStore } from '@mcp-portal/kit';
import { testRedisUrl, waitUntil } from '@mcp-portal/kit/testing';
import { jwksPath, tokenExchangePath } from '@mcp-portal/schema/contract';
import { inProcessUpstreams, type ServersServices } from '@mcp-portal/servers';
// Not declared dependencies (see oauth-per-user.test.ts): npm links every workspace at the root.
import { startTestPlatform, type TestPlatform } from '@mcp-portal/platform/testing';
import {
  createPostgresUpstreamOAuthStore,
  createUpstreamOAuthService,
  readUpstreamOAuthSettings,
  type UpstreamOAuthService,
} from '@mcp-portal/dcr/upstream-oauth';
import {
  consentAtTestAuthorizationServer,
  protectedBy,
  remoteOAuthCatalog,
  startProtectedMcpServer,
  startTestAuthorizationServer,
  type ProtectedMcpServer,
  type TestAuthorizationServer,
} from '@mcp-portal/dcr/testing';
import { startGatewayProxy, type RunningGatewayProxy } from '../src/index.ts';
import { CatalogIndex } from '../src/catalog-index.ts';
import { UserSessions } from '../src/oauth-sessions.ts';
import { oauthUpstreams, userCatalogIndex } from '../src/oauth-upstreams.ts';
import type { UpstreamDirectory } from '../src/upstreams.ts';

/**
 * Issue 13, continued: per-user OAuth servers offer their prompts, resources and resource templates to each user
 * as their own lists give them (with the user's token), and one that speaks the legacy HTTP+SSE transport works per
 * user as one speaking Streamable HTTP does. Real peers: an oidc-provider authorization server, two protected MCP
 * servers built with the SDK (`notes` over Streamable HTTP, `sse-notes` over HTTP+SSE), the one-process platform on
 * Postgres and Redis, and the platform's OAuth client.
 */
let as: TestAuthorizationServer;
let remote: ProtectedMcpServer;
let sseRemote: ProtectedMcpServer;
let platform: TestPlatform;
let proxy: RunningGatewayProxy;
let counters: CounterStore;
let oauth: UpstreamOAuthService;
let catalogDir: string;
const serverIds = {} as Record<'notes' | 'sse-notes', string>;
const users = {} as Record<'alice' | 'bob', { id: string; client: Client }>;
/** The elicitation messages each user's MCP client was asked (it accepts them). */
const elicited = { alice: [] as string[], bob: [] as string[] };
/** The prompts and resources as the gateway-proxy's own directory, over the platform's servers, gives them. */
let sessions: UserSessions;
let directory: UpstreamDirectory;
let catalog: CatalogIndex;
const logger = createLogger('test-gateway-proxy-oauth-content', process.env.LOG_LEVEL ?? 'silent');

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const result = await platform.request<T>(query, variables, await platform.adminToken());
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

async function authorize(user: 'alice' | 'bob', server: 'notes' | 'sse-notes'): Promise<void> {
  const userId = users[user].id;
  const serverUrl = server === 'notes' ? remote.url : sseRemote.url;
  const started = await oauth.startAuthorization({ serverId: serverIds[server], serverUrl, principal: { kind: 'user', userId }, userId });
  const answer = await consentAtTestAuthorizationServer(started.authorizationUrl, user);
  if (!answer.code || !answer.state) throw new Error(`no code: ${answer.url.toString()}`);
  const connection = await oauth.completeAuthorization({ state: answer.state, code: answer.code, iss: answer.iss, userId });
  expect(connection.status).toBe('authorized');
}

async function call(user: 'alice' | 'bob', name: string): Promise<{ isError: boolean; text: string }> {
  const result = (await users[user].client.callTool({ name, arguments: {} })) as CallToolResult;
  return { isError: result.isError === true, text: result.content.map((item) => (item.type === 'text' ? item.text : '')).join('') };
}

/** What a request refused with a JSON-RPC error says (the test fails when it succeeds). */
async function refusal(request: Promise<unknown>): Promise<string> {
  const error = await request.then(
    () => null,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(McpError);
  return (error as McpError).message;
}

const hostOf = (server: ProtectedMcpServer) => new URL(server.url).host;

beforeAll(async () => {
  as = await startTestAuthorizationServer();
  const protectedOptions = { ...protectedBy(as), challengeScope: 'mcp:read', content: true };
  remote = await startProtectedMcpServer(protectedOptions);
  sseRemote = await startProtectedMcpServer({ ...protectedOptions, transport: 'sse' });
  catalogDir = await mkdtemp(join(tmpdir(), 'mcp-oauth-per-user-content-'));
  const catalogPath = join(catalogDir, 'catalog.yaml');
  await writeFile(
    catalogPath,
    remoteOAuthCatalog({
      notes: { title: 'Notes', url: remote.url },
      'sse-notes': { title: 'Notes over SSE', url: sseRemote.url, transport: 'sse' },
    }),
  );
  platform = await startTestPlatform({ label: 'gateway-proxy-oauth-content', env: { MCP_RUNTIME: 'process', MCP_CATALOG_PATH: catalogPath } });
  const running = platform.platform;
  oauth = createUpstreamOAuthService({
    store: createPostgresUpstreamOAuthStore(running.database),
    secrets: SecretBox.fromBase64(SecretBox.generateKey()),
    settings: readUpstreamOAuthSettings({ MCP_PUBLIC_URL: platform.url, MCP_OAUTH_ALLOW_HOSTS: '127.0.0.1' }),
    events: running.events,
  });
  const servers = running.subgraphs.find((subgraph) => subgraph.name === 'servers') as { services: ServersServices } | undefined;
  const auth = running.subgraphs.find((subgraph) => subgraph.name === 'auth');
  if (!servers || !auth) throw new Error('the platform has no servers or auth subgraph');
  const upstreams = () => inProcessUpstreams(servers.services.lifecycle.supervisor, running.events, servers.services.toolPolicies);
  counters = createCounterStore({ redisUrl: testRedisUrl, keyPrefix: platform.channelPrefix, logger });
  proxy = await startGatewayProxy({
    port: 0,
    host: '127.0.0.1',
    logger,
    mcp: {
      upstreams: await upstreams(),
      verifier: remoteTokenVerifier(`${auth.url}${jwksPath}`),
      tokenExchangeUrl: new URL(tokenExchangePath, auth.url).toString(),
      events: running.events,
      audit: new AuditLog(running.database.db, running.events, 'gateway-proxy', logger),
      counters,
      platformUrl: platform.url,
      upstreamOAuth: oauth,
      toolCallTimeoutMs: 20_000,
    },
  });
  sessions = new UserSessions({ authorizer: oauth, portalUrl: platform.url, logger, timeoutMs: 20_000 });
  directory = oauthUpstreams(await upstreams(), sessions);
  catalog = new CatalogIndex(directory, logger);
  for (const name of ['alice', 'bob'] as const) {
    const account = { e: `${name}-${randomBytes(3).toString('hex')}@example.test`, p: randomBytes(12).toString('base64url') };
    const { createUser } = await gql<{ createUser: { id: string } }>(
      'mutation($e: String!, $p: String!) { createUser(email: $e, password: $p, role: OPERATOR) { id } }',
      account,
    );
    const { login } = await gql<{ login: { token: string } }>('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', account);
    const client = new Client({ name: 'oauth-per-user-content-test', version: '1.0.0' }, { capabilities: { elicitation: { form: {} } } });
    client.setRequestHandler(ElicitRequestSchema, (request) => {
      elicited[name].push(request.params.message);
      return { action: 'accept', content: { ok: true } };
    });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(proxy.mcpUrl ?? ''), { requestInit: { headers: { authorization: `Bearer ${login.token}` } } }),
    );
    users[name] = { id: createUser.id, client };
  }
  for (const name of ['notes', 'sse-notes'] as const) {
    const { enableServer } = await gql<{ enableServer: { id: string } }>('mutation($n: String!) { enableServer(name: $n) { id } }', { n: name });
    serverIds[name] = enableServer.id;
    await waitUntil(
      `${name} to be available`,
      async () => (await gql<{ server: { status: string } }>('query($id: ID!) { server(id: $id) { status } }', { id: enableServer.id })).server.status,
      (status) => status === 'RUNNING',
      { timeoutMs: 30_000 },
    );
  }
}, 120_000);

afterAll(async () => {
  for (const user of Object.values(users)) await user.client.close().catch(() => undefined);
  catalog?.close();
  await directory?.close?.();
  await proxy?.close();
  await counters?.close();
  await platform?.close();
  await remote?.close();
  await sseRemote?.close();
  await as?.close();
  if (catalogDir) await rm(catalogDir, { recursive: true, force: true });
});

describe('a per-user OAuth server speaking HTTP+SSE, through the gateway-proxy', () => {
  it("is called with each caller's own token, and a caller without an authorization is told to authorize it first", async () => {
    const before = await call('bob', 'sse-notes__whoami');
    expect(before.isError).toBe(true);
    expect(before.text).toContain('Authorize sse-notes first');
    expect(before.text).toContain(`${platform.url}/servers/${serverIds['sse-notes']}`);
    // Nothing was sent to the server on bob's behalf.
    expect(sseRemote.refusals).toEqual([]);
    await authorize('alice', 'sse-notes');
    // (The platform's OAuth client asked the server, without a token, which authorization server it trusts.)
    const refusalsBefore = sseRemote.refusals.length;
    expect(await call('alice', 'sse-notes__whoami')).toEqual({ isError: false, text: 'alice' });
    // Her authorization is hers: bob is still refused, and nothing was sent on his behalf.
    const refused = await call('bob', 'sse-notes__whoami');
    expect(refused.isError).toBe(true);
    expect(refused.text).toContain('Authorize sse-notes first');
    expect(sseRemote.refusals.length).toBe(refusalsBefore);
    // Her session lists the server's own tools (write_note, which no other server offers, is not in its catalog entry).
    await waitUntil(
      "alice's tools of sse-notes",
      async () => (await users.alice.client.listTools()).tools.map((tool) => tool.name),
      (names) => names.includes('write_note'),
      { timeoutMs: 10_000 },
    );
    expect((await users.bob.client.listTools()).tools.map((tool) => tool.name)).not.toContain('write_note');
  });
});

describe("a per-user OAuth server's prompts, resources and resource templates", () => {
  const view = (user: 'alice' | 'bob') => userCatalogIndex(catalog, sessions, users[user].id);

  it('are none for a user without an authorization; their get or read says to authorize the server first', async () => {
    const bob = await view('bob').refresh();
    expect(bob.prompts).toEqual([]);
    expect(bob.resources).toEqual([]);
    expect(bob.templates).toEqual([]);
    // The server's prefixed prompt name, and (one server unauthorized for him) a URI nothing lists, lead to notes.
    const route = await view('bob').resolvePrompt('notes__whoami');
    expect(route).toEqual({ serverId: serverIds.notes, server: 'notes', name: 'whoami' });
    const prompt = await refusal(directory.getPrompt?.(serverIds.notes, 'whoami', {}, { userId: users.bob.id }) ?? Promise.resolve());
    expect(prompt).toContain('Authorize notes first');
    expect(prompt).toContain(`${platform.url}/servers/${serverIds.notes}`);
    expect(prompt).toContain('then get the prompt again');
    const read = await refusal(directory.readResource?.(serverIds.notes, `note://${hostOf(remote)}/mine`, { userId: users.bob.id }) ?? Promise.resolve());
    expect(read).toContain('Authorize notes first');
    expect(read).toContain('then read the resource again');
    // A request made for no user is refused the same way.
    expect(await refusal(directory.readResource?.(serverIds.notes, `note://${hostOf(remote)}/mine`) ?? Promise.resolve())).toContain('Authorize notes first');
  });

  it("are listed from the user's own session once they authorized it, and read through it with their token", async () => {
    await authorize('alice', 'notes');
    const alice = await view('alice').refresh();
    const mine = `note://${hostOf(remote)}/mine`;
    const sseMine = `note://${hostOf(sseRemote)}/mine`;
    // Both servers offer a prompt named whoami: each is listed with its server's prefix.
    expect(alice.prompts.map((prompt) => prompt.name).sort()).toEqual(['notes__whoami', 'sse-notes__whoami']);
    expect(alice.resources.map((resource) => resource.uri).sort()).toEqual([mine, sseMine].sort());
    expect(alice.templates.map((template) => template.uriTemplate).sort()).toEqual(
      [`note://${hostOf(remote)}/{name}`, `note://${hostOf(sseRemote)}/{name}`].sort(),
    );
    const route = await view('alice').resolvePrompt('notes__whoami');
    expect(route).toEqual({ serverId: serverIds.notes, server: 'notes', name: 'whoami' });
    const prompt = await directory.getPrompt?.(serverIds.notes, 'whoami', {}, { userId: users.alice.id });
    expect(prompt?.messages[0]?.content).toEqual({ type: 'text', text: 'You are alice.' });
    expect(await view('alice').resolveResource(mine)).toEqual({ serverId: serverIds.notes, server: 'notes' });
    const read = await directory.readResource?.(serverIds.notes, mine, { userId: users.alice.id });
    expect(read?.contents).toEqual([{ uri: mine, mimeType: 'text/plain', text: 'the note of alice' }]);
    // A URI of a template of the SSE server, through her session with it.
    const templated = `note://${hostOf(sseRemote)}/ideas`;
    expect(await view('alice').resolveResource(templated)).toEqual({ serverId: serverIds['sse-notes'], server: 'sse-notes' });
    const ideas = await directory.readResource?.(serverIds['sse-notes'], templated, { userId: users.alice.id });
    expect(ideas?.contents).toEqual([{ uri: templated, mimeType: 'text/plain', text: 'ideas of alice' }]);
    // Bob still sees none of them, and is still told to authorize first.
    const bob = await view('bob').refresh();
    expect(bob.prompts).toEqual([]);
    expect(bob.resources).toEqual([]);
    expect(await refusal(directory.readResource?.(serverIds.notes, mine, { userId: users.bob.id }) ?? Promise.resolve())).toContain('Authorize notes first');
    await authorize('bob', 'notes');
    const own = await directory.readResource?.(serverIds.notes, mine, { userId: users.bob.id });
    expect(own?.contents).toEqual([{ uri: mine, mimeType: 'text/plain', text: 'the note of bob' }]);
    expect((await view('bob').refresh()).resources.map((resource) => resource.uri)).toEqual([mine]);
  });
});

describe("a per-user OAuth server's requests to its client", () => {
  it("go to the MCP client of the user whose call caused them, and to no one else's", async () => {
    // Alice authorized sse-notes above; its confirm tool asks her client (elicitation/create) during her call.
    expect(await call('alice', 'sse-notes__confirm')).toEqual({ isError: false, text: 'alice: accept' });
    expect(elicited.alice).toEqual(['Go on as alice?']);
    // Bob has not authorized it: told so, and his client is asked nothing.
    const refused = await call('bob', 'sse-notes__confirm');
    expect(refused.isError).toBe(true);
    expect(refused.text).toContain('Authorize sse-notes first');
    expect(elicited.bob).toEqual([]);
    expect(elicited.alice).toEqual(['Go on as alice?']);
  });
});

describe("a per-user OAuth server's prompts and resources, through the gateway-proxy's /mcp", () => {
  it("are each user's own: alice lists, gets and reads them with her token; bob is told to authorize the one he has not authorized first", async () => {
    // Alice authorized both servers above, bob notes only.
    const mine = `note://${hostOf(remote)}/mine`;
    const sseMine = `note://${hostOf(sseRemote)}/mine`;
    const alice = users.alice.client;
    expect((await alice.listPrompts()).prompts.map((prompt) => prompt.name).sort()).toEqual(['notes__whoami', 'sse-notes__whoami']);
    expect((await alice.listResources()).resources.map((resource) => resource.uri).sort()).toEqual([mine, sseMine].sort());
    expect((await alice.listResourceTemplates()).resourceTemplates.map((template) => template.uriTemplate)).toContain(`note://${hostOf(sseRemote)}/{name}`);
    expect((await alice.getPrompt({ name: 'sse-notes__whoami' })).messages[0]?.content).toEqual({ type: 'text', text: 'You are alice.' });
    expect((await alice.readResource({ uri: mine })).contents).toEqual([{ uri: mine, mimeType: 'text/plain', text: 'the note of alice' }]);
    const templated = `note://${hostOf(sseRemote)}/plans`;
    expect((await alice.readResource({ uri: templated })).contents).toEqual([{ uri: templated, mimeType: 'text/plain', text: 'plans of alice' }]);
    // Bob lists notes' only, and is told to authorize sse-notes for its prompt.
    const bob = users.bob.client;
    expect((await bob.listResources()).resources.map((resource) => resource.uri)).toEqual([mine]);
    expect((await bob.readResource({ uri: mine })).contents).toEqual([{ uri: mine, mimeType: 'text/plain', text: 'the note of bob' }]);
    const prompt = await refusal(bob.getPrompt({ name: 'sse-notes__whoami' }));
    expect(prompt).toContain('Authorize sse-notes first');
    expect(prompt).toContain(`${platform.url}/servers/${serverIds['sse-notes']}`);
    // A URI only sse-notes could offer him (the one per-user server he has not authorized) says the same.
    expect(await refusal(bob.readResource({ uri: sseMine }))).toContain('Authorize sse-notes first');
    // Completions of a template go to the caller's own session: alice's for sse-notes; bob's is refused.
    const complete = (client: Client, server: ProtectedMcpServer) =>
      client.complete({ ref: { type: 'ref/resource', uri: `note://${hostOf(server)}/{name}` }, argument: { name: 'name', value: 'pl' } });
    expect((await complete(alice, sseRemote)).completion.values).toEqual(['plans', 'playbook']);
    expect((await complete(bob, remote)).completion.values).toEqual(['plans', 'playbook']);
    expect(await refusal(complete(bob, sseRemote))).toMatch(/sse-notes|Unknown resource template/);
  });
});
