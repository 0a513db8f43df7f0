import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { waitUntil } from '@mcp-portal/kit/testing';
// The platform as `npm start` runs it, and the dcr subgraph's test peers. Not declared dependencies (see
// mcp-endpoint.test.ts): npm links every workspace at the root.
import { startTestPlatform, type TestPlatform } from '@mcp-portal/platform/testing';
import {
  consentAtTestAuthorizationServer,
  protectedBy,
  remoteOAuthCatalog,
  startProtectedMcpServer,
  startTestAuthorizationServer,
  type ProtectedMcpServer,
  type TestAuthorizationServer,
} from '@mcp-portal/dcr/testing';

/**
 * Remote servers that sign in with OAuth through the platform as `npm start` runs it (issue 13): its own
 * gateway-proxy and lifecycle with the dcr subgraph's OAuth client, users authorizing through GraphQL
 * (authorizeServer, consent at a real authorization server, completeServerAuthorization), a per-user and a
 * team server in front of one remote MCP server built with the SDK.
 */
let as: TestAuthorizationServer;
let remote: ProtectedMcpServer;
let platform: TestPlatform;
let catalogDir: string;
const ids = {} as Record<'notes' | 'teamNotes', string>;
const users = {} as Record<'alice' | 'bob', { jwt: string; client: Client }>;

async function gql<T>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const result = await platform.request<T>(query, variables, token ?? (await platform.adminToken()));
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

/** Authorizes a server through the API as `user`, consenting at the authorization server as `login`. */
async function authorize(user: 'alice' | 'bob', serverId: string, login: string): Promise<string> {
  const jwt = users[user].jwt;
  const { authorizeServer } = await gql<{ authorizeServer: { authorizationUrl: string } }>(
    'mutation($id: ID!) { authorizeServer(serverId: $id) { authorizationUrl } }',
    { id: serverId },
    jwt,
  );
  const answer = await consentAtTestAuthorizationServer(authorizeServer.authorizationUrl, login);
  const { completeServerAuthorization } = await gql<{ completeServerAuthorization: { status: string } }>(
    'mutation($state: String!, $code: String!, $iss: String) { completeServerAuthorization(state: $state, code: $code, iss: $iss) { status } }',
    { state: answer.state, code: answer.code, iss: answer.iss },
    jwt,
  );
  return completeServerAuthorization.status;
}

async function call(user: 'alice' | 'bob', name: string): Promise<{ isError: boolean; text: string }> {
  const result = (await users[user].client.callTool({ name, arguments: {} })) as CallToolResult;
  return { isError: result.isError === true, text: result.content.map((item) => (item.type === 'text' ? item.text : '')).join('') };
}

/** tools/call as a client of the stateless revision (2026-07-28): no session, the caller's token on the request. */
async function statelessCall(user: 'alice' | 'bob', name: string): Promise<{ isError: boolean; text: string }> {
  const params = {
    name,
    arguments: {},
    _meta: {
      'io.modelcontextprotocol/protocolVersion': '2026-07-28',
      'io.modelcontextprotocol/clientInfo': { name: 'oauth-platform-test', version: '1.0.0' },
      'io.modelcontextprotocol/clientCapabilities': {},
    },
  };
  const response = await fetch(platform.platform.gatewayProxy.mcpUrl ?? '', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      authorization: `Bearer ${users[user].jwt}`,
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': 'tools/call',
      'mcp-name': name,
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params }),
  });
  const text = await response.text();
  const line = text.split('\n').find((candidate) => candidate.startsWith('data: '));
  const answer = JSON.parse(line ? line.slice(6) : text) as { result?: CallToolResult; error?: { message: string } };
  if (!answer.result) throw new Error(`tools/call failed: ${answer.error?.message ?? text}`);
  return { isError: answer.result.isError === true, text: answer.result.content.map((item) => (item.type === 'text' ? item.text : '')).join('') };
}

const status = async (id: string) => (await gql<{ server: { status: string } }>('query($id: ID!) { server(id: $id) { status } }', { id })).server.status;

beforeAll(async () => {
  as = await startTestAuthorizationServer();
  remote = await startProtectedMcpServer({ ...protectedBy(as), challengeScope: 'mcp:read' });
  catalogDir = await mkdtemp(join(tmpdir(), 'mcp-oauth-platform-'));
  await writeFile(join(catalogDir, 'catalog.yaml'), remoteOAuthCatalog({ notes: { url: remote.url }, 'team-notes': { url: remote.url, connection: 'team' } }));
  platform = await startTestPlatform({
    label: 'gateway-proxy-oauth-platform',
    env: { MCP_RUNTIME: 'process', MCP_CATALOG_PATH: join(catalogDir, 'catalog.yaml'), MCP_OAUTH_ALLOW_HOSTS: '127.0.0.1' },
  });
  for (const name of ['alice', 'bob'] as const) {
    const account = { e: `${name}-${randomBytes(3).toString('hex')}@example.test`, p: randomBytes(12).toString('base64url') };
    await gql('mutation($e: String!, $p: String!) { createUser(email: $e, password: $p, role: OPERATOR) { id } }', account);
    const { login } = await gql<{ login: { token: string } }>('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', account);
    const client = new Client({ name: 'oauth-platform-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(platform.platform.gatewayProxy.mcpUrl ?? ''), {
        requestInit: { headers: { authorization: `Bearer ${login.token}` } },
      }),
    );
    users[name] = { jwt: login.token, client };
  }
  for (const [key, name] of [
    ['notes', 'notes'],
    ['teamNotes', 'team-notes'],
  ] as const) {
    ids[key] = (await gql<{ enableServer: { id: string } }>('mutation($n: String!) { enableServer(name: $n) { id } }', { n: name })).enableServer.id;
    await waitUntil(
      `${name} to be available`,
      () => status(ids[key]),
      (value) => value === 'RUNNING',
      { timeoutMs: 30_000 },
    );
  }
}, 120_000);

afterAll(async () => {
  for (const user of Object.values(users)) await user.client.close().catch(() => undefined);
  await platform?.close();
  await remote?.close();
  await as?.close();
  if (catalogDir) await rm(catalogDir, { recursive: true, force: true });
});

describe("remote servers that sign in with OAuth, through the platform's own gateway-proxy", () => {
  it('calls a per-user server with the token each user authorized through the API, and refuses the others', async () => {
    const before = await call('alice', 'notes__whoami');
    expect(before.isError).toBe(true);
    expect(before.text).toContain(`Authorize notes first`);
    expect(before.text).toContain(`${platform.url}/servers/${ids.notes}`);
    expect(await authorize('alice', ids.notes, 'alice')).toBe('AUTHORIZED');
    expect(await call('alice', 'notes__whoami')).toEqual({ isError: false, text: 'alice' });
    expect((await call('bob', 'notes__whoami')).text).toContain('Authorize notes first');
    // The same for clients of the stateless revision.
    expect(await statelessCall('alice', 'notes__whoami')).toEqual({ isError: false, text: 'alice' });
    expect((await statelessCall('bob', 'notes__whoami')).text).toContain('Authorize notes first');
    await gql('mutation($id: ID!) { revokeServerAuthorization(serverId: $id) { status } }', { id: ids.notes }, users.alice.jwt);
    expect((await call('alice', 'notes__whoami')).text).toContain('Authorize notes first');
  });

  it("runs a team server once an operator authorized it, and every user's calls carry the team's token", async () => {
    const waiting = await call('bob', 'team-notes__whoami');
    expect(waiting.isError).toBe(true);
    expect(waiting.text).toContain("Authorize team-notes first: it signs in with OAuth with the team's connection");
    expect(await authorize('alice', ids.teamNotes, 'team-account')).toBe('AUTHORIZED');
    // The lifecycle hears of it and connects with the team's token: the server's own tools, for everyone.
    await waitUntil(
      'team-notes to be connected',
      () => call('bob', 'team-notes__whoami'),
      (answer) => !answer.isError,
      { timeoutMs: 30_000 },
    );
    expect(await call('bob', 'team-notes__whoami')).toEqual({ isError: false, text: 'team-account' });
    expect(await call('alice', 'team-notes__whoami')).toEqual({ isError: false, text: 'team-account' });
  });

  it('revokes the connections of a server that is disabled, at its authorization server too', async () => {
    expect(await authorize('bob', ids.notes, 'bob')).toBe('AUTHORIZED');
    expect(await call('bob', 'notes__whoami')).toEqual({ isError: false, text: 'bob' });
    const token = remote.lastTokenOf('bob') ?? '';
    expect(await as.verifyAccessToken(token)).not.toBeNull();
    await gql('mutation($id: ID!) { disableServer(id: $id) { id } }', { id: ids.notes });
    await waitUntil(
      "bob's connection to be revoked",
      () => gql<{ oauthConnections: { status: string }[] }>('query($id: ID!) { oauthConnections(serverId: $id) { status } }', { id: ids.notes }),
      (data) => data.oauthConnections.length > 0 && data.oauthConnections.every((connection) => connection.status === 'REVOKED'),
      { timeoutMs: 15_000 },
    );
    expect(await as.verifyAccessToken(token)).toBeNull();
  });
});
