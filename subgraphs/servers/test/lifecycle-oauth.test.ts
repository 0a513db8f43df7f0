import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSubgraphHarness, waitUntil, type SubgraphHarness } from '@mcp-portal/kit/testing';
// The dcr subgraph's OAuth client and its test peers. Not declared dependencies: the dcr subgraph depends on this
// package, and npm links every workspace at the root.
import {
  createMemoryUpstreamOAuthStore,
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
import { serversSubgraph, type ServersServices } from '../src/index.ts';

/**
 * The lifecycle and remote servers that sign in with OAuth (issue 13), against a remote MCP server built with the
 * SDK behind a real authorization server (oidc-provider): neither is FAILED; a team server connects with the team's
 * token once it is authorized (and stops using it when it is revoked); a per-user server has no shared session.
 */
let as: TestAuthorizationServer;
let remote: ProtectedMcpServer;
let harness: SubgraphHarness<ServersServices>;
let oauth: UpstreamOAuthService;
let operator: string;
let dir: string;
/** The last access token the remote server accepted. */

interface ServerView {
  status: string;
  lastError: string | null;
  tools: { name: string }[];
  logs: { line: string }[];
}

async function gql<T>(query: string, variables: Record<string, unknown> = {}) {
  const result = await harness.request<T>(query, variables, operator);
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

const enable = async (name: string) =>
  (await gql<{ enableServer: { id: string } }>('mutation($n: String!) { enableServer(name: $n) { id } }', { n: name })).enableServer.id;
const server = async (id: string) =>
  (await gql<{ server: ServerView }>('query($id: ID!) { server(id: $id) { status lastError tools { name } logs(tail: 50) { line } } }', { id })).server;
const until = (what: string, id: string, predicate: (view: ServerView) => boolean) => waitUntil(what, () => server(id), predicate, { timeoutMs: 30_000 });
const callTool = (serverId: string, name: string) =>
  harness.request<{ callTool: { isError: boolean; text: string } }>(
    'mutation($s: ID!, $n: String!) { callTool(serverId: $s, name: $n, arguments: {}) { isError text } }',
    { s: serverId, n: name },
    operator,
  );

beforeAll(async () => {
  as = await startTestAuthorizationServer();
  remote = await startProtectedMcpServer({ ...protectedBy(as), challengeScope: 'mcp:read' });
  dir = await mkdtemp(join(tmpdir(), 'mcp-lifecycle-oauth-'));
  await writeFile(join(dir, 'catalog.yaml'), remoteOAuthCatalog({ 'team-notes': { url: remote.url, connection: 'team' }, 'user-notes': { url: remote.url } }));
  harness = await startSubgraphHarness(serversSubgraph, { env: { MCP_CATALOG_PATH: join(dir, 'catalog.yaml'), MCP_DATA_DIR: dir, MCP_RUNTIME: 'process' } });
  operator = await harness.tokens.tokenFor(harness.tokens.viewer('operator'));
  oauth = createUpstreamOAuthService({
    store: createMemoryUpstreamOAuthStore(),
    secrets: harness.secrets,
    settings: readUpstreamOAuthSettings({ MCP_PUBLIC_URL: 'http://127.0.0.1:4000', MCP_OAUTH_ALLOW_HOSTS: '127.0.0.1' }),
    // Its oauthConnectionChanged events reach the lifecycle, as the dcr subgraph's do.
    events: harness.events,
  });
  const supervisor = harness.subgraph.services.lifecycle.supervisor;
  await waitUntil(
    'the lifecycle lease',
    () => supervisor.isActive,
    (active) => active,
  );
  supervisor.authorizeRemotesWith(oauth);
}, 60_000);

afterAll(async () => {
  await harness?.close();
  await remote?.close();
  await as?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('remote servers that sign in with OAuth, in the lifecycle', () => {
  it('runs a team server with the team token once it is authorized, and stops using a revoked one', async () => {
    const id = await enable('team-notes');
    const waiting = await until(
      'the team server to wait for authorization',
      id,
      (view) => view.status === 'RUNNING' && view.logs.some((log) => log.line.startsWith('waiting for OAuth')),
    );
    expect(waiting).toMatchObject({ status: 'RUNNING', lastError: null, tools: [{ name: 'whoami' }] });
    expect(waiting.logs.map((log) => log.line).join('\n')).toContain('Its team OAuth connection is not authorized');
    expect((await callTool(id, 'whoami')).errors?.[0]?.message).toContain('its team connection is not authorized yet');

    const started = await oauth.startAuthorization({ serverId: id, serverUrl: remote.url, principal: { kind: 'team' }, userId: 'an-operator' });
    const answer = await consentAtTestAuthorizationServer(started.authorizationUrl, 'team-account');
    await oauth.completeAuthorization({ state: answer.state ?? '', code: answer.code ?? '', iss: answer.iss, userId: 'an-operator' });
    // The event makes the lifecycle connect with the token: the server's own tools, and calls as the team's account.
    // Its tools are stored just before its status turns RUNNING: wait for both.
    const connected = await until(
      'the team server to connect',
      id,
      (view) => view.status === 'RUNNING' && view.tools.some((tool) => tool.name === 'write_note'),
    );
    expect(connected.status).toBe('RUNNING');
    expect((await callTool(id, 'whoami')).data?.callTool).toEqual({ isError: false, text: 'team-account' });
    const session = harness.subgraph.services.lifecycle.supervisor.liveSessions().find((live) => live.serverId === id);
    expect(session?.remote).toMatchObject({ oauth: 'team' });

    // The authorization server drops the token: the server answers 401, the token is refreshed and the call sent
    // again, on the same session (a refresh does not reconnect).
    const refused = remote.lastTokenOf() ?? '';
    await (await as.provider.AccessToken.find(refused))?.destroy();
    expect((await callTool(id, 'whoami')).data?.callTool).toEqual({ isError: false, text: 'team-account' });
    expect(remote.lastTokenOf()).not.toBe(refused);
    expect(remote.refusals).toContain('unknown, expired or revoked token');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(harness.subgraph.services.lifecycle.supervisor.liveSessions().find((live) => live.serverId === id)?.client).toBe(session?.client);

    await oauth.revoke({ serverId: id, principal: { kind: 'team' } });
    await until('the team server to wait again', id, (view) => !view.tools.some((tool) => tool.name === 'write_note'));
    expect(harness.subgraph.services.lifecycle.supervisor.liveSessions().some((live) => live.serverId === id)).toBe(false);
    expect((await callTool(id, 'whoami')).errors?.[0]?.message).toContain('its team connection is not authorized yet');
  });

  it('keeps no shared session for a per-user server: available, with its entry tools, called through the gateway-proxy', async () => {
    const id = await enable('user-notes');
    const waiting = await until(
      'the per-user server to wait',
      id,
      (view) => view.status === 'RUNNING' && view.logs.some((log) => log.line.startsWith('waiting for OAuth')),
    );
    expect(waiting).toMatchObject({ status: 'RUNNING', lastError: null, tools: [{ name: 'whoami' }] });
    const awaiting = harness.subgraph.services.lifecycle.supervisor.awaitingAuthorization().find((server) => server.serverId === id);
    expect(awaiting).toMatchObject({ name: 'user-notes', connection: 'user', url: remote.url, transport: 'streamable-http' });
    expect((await callTool(id, 'whoami')).errors?.[0]?.message).toContain('signs in with OAuth for each user');
    // Requests refused: the OAuth client's discovery probe (without a token) and the dropped team token; none for it.
    expect(remote.refusals).toEqual(['no token', 'unknown, expired or revoked token']);
  });
});
