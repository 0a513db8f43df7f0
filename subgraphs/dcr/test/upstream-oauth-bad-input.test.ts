import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, SecretBox, type DatabaseHandle } from '@mcp-portal/kit';
import { createTestDatabase, type TestDatabase } from '@mcp-portal/kit/testing';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  createMemoryUpstreamOAuthStore,
  createPostgresUpstreamOAuthStore,
  createUpstreamOAuthService,
  OAuthFlowError,
  OAuthStateError,
  OAuthStateOwnerError,
  readUpstreamOAuthSettings,
  type OAuthTarget,
  type UpstreamOAuthService,
  type UpstreamOAuthStore,
} from '../src/upstream-oauth/index.ts';
import {
  consentAtTestAuthorizationServer,
  startProtectedMcpServer,
  startTestAuthorizationServer,
  type ProtectedMcpServer,
  type TestAuthorizationServer,
} from '../src/testing/index.ts';

/**
 * What the OAuth client refuses, over the Postgres store and the in-memory one alike: metadata whose issuer is
 * not where it was found, an authorization server on a private address (refused before any connection), a
 * replayed state, a state completed by another user or too late, an RFC 9207 `iss` from elsewhere, a token
 * response without an access token, and step-ups beyond the limit.
 */

const redirectUrl = 'http://127.0.0.1:9/oauth/callback';
const env = { MCP_PUBLIC_URL: 'http://127.0.0.1:9', MCP_OAUTH_REDIRECT_URL: redirectUrl, MCP_OAUTH_ALLOW_HOSTS: '127.0.0.1', MCP_OAUTH_STEP_UP_LIMIT: '0' };
const box = SecretBox.fromBase64(SecretBox.generateKey());

let testDatabase: TestDatabase;
let database: DatabaseHandle;
let authorizationServer: TestAuthorizationServer;
let mcpServer: ProtectedMcpServer;
let privateAsServer: ProtectedMcpServer;
let lyingAsServer: ProtectedMcpServer;
let lyingMetadata: Server;
let redirectingAsServer: ProtectedMcpServer;
let redirectingMetadata: Server;
/** Where the redirecting authorization server sends its clients: it must see no request. */
let elsewhere: TestAuthorizationServer;
/** Every URL the services fetched. */
const fetched: string[] = [];
const recordingFetch: FetchLike = (url, init) => {
  fetched.push(String(url));
  return fetch(url, init);
};

beforeAll(async () => {
  testDatabase = await createTestDatabase('upstream_oauth_bad', { migrated: true });
  database = await openDatabase({ url: testDatabase.url, poolSize: 2 });
  authorizationServer = await startTestAuthorizationServer();
  const verifyAccessToken = (token: string) => authorizationServer.verifyAccessToken(token);
  mcpServer = await startProtectedMcpServer({ authorizationServers: [authorizationServer.issuer], verifyAccessToken, scopesSupported: ['mcp:read'] });
  // 10.0.0.1 is never connected to: the guard refuses it before any socket exists.
  privateAsServer = await startProtectedMcpServer({ authorizationServers: ['http://10.0.0.1/'], verifyAccessToken });
  // An authorization server whose metadata names another issuer than the URL it is served for.
  lyingMetadata = createServer((req, res) => {
    const origin = `http://127.0.0.1:${(lyingMetadata.address() as AddressInfo).port}`;
    if (req.url !== '/.well-known/oauth-authorization-server') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        issuer: authorizationServer.issuer,
        authorization_endpoint: `${origin}/auth`,
        token_endpoint: `${origin}/token`,
        response_types_supported: ['code'],
        code_challenge_methods_supported: ['S256'],
      }),
    );
  });
  await new Promise<void>((resolve) => lyingMetadata.listen(0, '127.0.0.1', resolve));
  // An authorization server whose metadata URLs redirect to another origin.
  elsewhere = await startTestAuthorizationServer();
  redirectingMetadata = createServer((req, res) => res.writeHead(302, { location: `${elsewhere.issuer}${req.url ?? '/'}` }).end());
  await new Promise<void>((resolve) => redirectingMetadata.listen(0, '127.0.0.1', resolve));
  redirectingAsServer = await startProtectedMcpServer({
    authorizationServers: [`http://127.0.0.1:${(redirectingMetadata.address() as AddressInfo).port}`],
    verifyAccessToken,
  });
  lyingAsServer = await startProtectedMcpServer({
    authorizationServers: [`http://127.0.0.1:${(lyingMetadata.address() as AddressInfo).port}`],
    verifyAccessToken,
  });
});

afterAll(async () => {
  await Promise.all([
    mcpServer?.close(),
    privateAsServer?.close(),
    lyingAsServer?.close(),
    redirectingAsServer?.close(),
    authorizationServer?.close(),
    elsewhere?.close(),
  ]);
  for (const server of [lyingMetadata, redirectingMetadata]) await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await database?.close();
  await testDatabase?.drop();
});

const stores: [string, () => UpstreamOAuthStore][] = [
  ['postgres', () => createPostgresUpstreamOAuthStore(database)],
  ['memory', () => createMemoryUpstreamOAuthStore()],
];

describe.each(stores)('upstream OAuth refuses bad input (%s store)', (storeName, makeStore) => {
  let store: UpstreamOAuthStore;
  let oauth: UpstreamOAuthService;
  const target = (principalId: string, server = () => mcpServer): OAuthTarget => ({
    serverId: `bad-input-${storeName}`,
    serverUrl: server().url,
    principal: { kind: 'user', userId: principalId },
  });

  beforeAll(() => {
    store = makeStore();
    oauth = createUpstreamOAuthService({ store, secrets: box, settings: readUpstreamOAuthSettings(env), fetch: recordingFetch });
  });

  const consent = async (login: string) => {
    const started = await oauth.startAuthorization({ ...target(login), userId: login });
    const answer = await consentAtTestAuthorizationServer(started.authorizationUrl, login);
    expect(answer.error, answer.url.href).toBeNull();
    return { state: answer.state ?? '', code: answer.code ?? '', iss: answer.iss };
  };

  it('metadata whose issuer is not the authorization server it was found for', async () => {
    const lying = target('alice', () => lyingAsServer);
    const start = oauth.startAuthorization({ ...lying, userId: 'alice' });
    await expect(start).rejects.toThrow(OAuthFlowError);
    await expect(start).rejects.toThrow(/names the issuer .* not http:\/\/127\.0\.0\.1:\d+/);
    expect(await oauth.connection(lying.serverId, lying.principal)).toMatchObject({ status: 'failed', lastError: expect.stringMatching(/issuer/) as unknown });
  });

  it('an authorization server on a private address not allowed by settings, refused before connecting', async () => {
    const start = oauth.startAuthorization({ ...target('alice', () => privateAsServer), serverId: 'private-as', userId: 'alice' });
    await expect(start).rejects.toThrow(/10\.0\.0\.1 is refused: private address, not in MCP_OAUTH_ALLOW_HOSTS/);
    expect(fetched.some((url) => url.includes('10.0.0.1'))).toBe(false);
    // The loopback MCP server itself needs MCP_OAUTH_ALLOW_HOSTS too.
    const strict = createUpstreamOAuthService({
      store,
      secrets: box,
      settings: readUpstreamOAuthSettings({ ...env, MCP_OAUTH_ALLOW_HOSTS: '' }),
      fetch: recordingFetch,
    });
    const before = fetched.length;
    await expect(strict.startAuthorization({ ...target('alice'), serverId: 'strict', userId: 'alice' })).rejects.toThrow(/127\.0\.0\.1 is refused: loopback/);
    expect(fetched.length).toBe(before);
  });

  it('a redirect to another host during discovery is not followed', async () => {
    const start = oauth.startAuthorization({ ...target('alice', () => redirectingAsServer), serverId: 'redirecting-as', userId: 'alice' });
    await expect(start).rejects.toThrow(OAuthFlowError);
    expect(elsewhere.requests).toEqual([]);
  });

  it('a replayed state, a state completed by another user, or too late', async () => {
    const first = await consent('alice');
    expect(await oauth.completeAuthorization({ ...first, userId: 'alice' })).toMatchObject({ status: 'authorized' });
    await expect(oauth.completeAuthorization({ ...first, userId: 'alice' })).rejects.toThrow(OAuthStateError);

    const stolen = await consent('alice');
    await expect(oauth.completeAuthorization({ ...stolen, userId: 'mallory' })).rejects.toThrow(OAuthStateOwnerError);
    // Refused without spending it: the user who started it still completes it, once.
    await expect(oauth.completeAuthorization({ ...stolen, userId: 'mallory' })).rejects.toThrow(OAuthStateOwnerError);
    expect(await oauth.completeAuthorization({ ...stolen, userId: 'alice' })).toMatchObject({ status: 'authorized' });
    await expect(oauth.completeAuthorization({ ...stolen, userId: 'mallory' })).rejects.toThrow(OAuthStateError);

    const late = await consent('alice');
    const anHourLater = createUpstreamOAuthService({ store, secrets: box, settings: readUpstreamOAuthSettings(env), now: () => Date.now() + 3_600_000 });
    await expect(anHourLater.completeAuthorization({ ...late, userId: 'alice' })).rejects.toThrow(/took too long/);
  });

  it('an RFC 9207 iss from another server, or none where the server promises one', async () => {
    const wrongIssuer = await consent('bob');
    await expect(oauth.completeAuthorization({ ...wrongIssuer, iss: 'http://127.0.0.1:1', userId: 'bob' })).rejects.toThrow(/RFC 9207/);
    const noIssuer = await consent('bob');
    await expect(oauth.completeAuthorization({ ...noIssuer, iss: null, userId: 'bob' })).rejects.toThrow(/has no iss/);
    expect(await oauth.connection(target('bob').serverId, target('bob').principal)).toMatchObject({ status: 'failed' });
  });

  it('a token response without access_token', async () => {
    const answer = await consent('carol');
    authorizationServer.faults.tokenWithoutAccessToken = true;
    try {
      await expect(oauth.completeAuthorization({ ...answer, userId: 'carol' })).rejects.toThrow(/access_token/);
    } finally {
      authorizationServer.faults.tokenWithoutAccessToken = false;
    }
    expect(await oauth.connection(target('carol').serverId, target('carol').principal)).toMatchObject({
      status: 'failed',
      lastError: expect.stringMatching(/access_token/) as unknown,
    });
    expect(await oauth.accessToken(target('carol'))).toMatchObject({ needsAuthorization: true });
  });

  it('403 insufficient_scope beyond the step-up limit (0 here) → FAILED, and a new authorization starts over', async () => {
    const answer = await consent('dave');
    await oauth.completeAuthorization({ ...answer, userId: 'dave' });
    const access = await oauth.accessToken(target('dave'));
    if ('needsAuthorization' in access) throw new Error(access.message);
    const refused = await fetch(mcpServer.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${access.token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'write_note', arguments: {} } }),
    });
    expect(refused.status).toBe(403);
    const outcome = await oauth.handleUnauthorized(target('dave'), refused, access.token);
    expect(outcome).toMatchObject({ retry: false, connection: { status: 'failed' } });
    expect(await oauth.accessToken(target('dave'))).toMatchObject({ needsAuthorization: true, message: expect.stringMatching(/failed/) as unknown });
    const again = await oauth.startAuthorization({ ...target('dave'), userId: 'dave' });
    expect(again.connection.status).toBe('needs_authorization');
  });
});
