import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventBus, openDatabase, SecretBox, type DatabaseHandle, type EventBus } from '@mcp-portal/kit';
import { createTestDatabase, type TestDatabase } from '@mcp-portal/kit/testing';
import { dcrTables, topics } from '@mcp-portal/schema';
import {
  createPostgresUpstreamOAuthStore,
  createUpstreamOAuth,
  readUpstreamOAuthSettings,
  type OAuthConnectionChangedEvent,
  type OAuthTarget,
  type UpstreamOAuthService,
} from '../src/upstream-oauth/index.ts';
import {
  consentAtTestAuthorizationServer,
  startProtectedMcpServer,
  startTestAuthorizationServer,
  type ProtectedMcpServer,
  type TestAuthorizationServer,
} from '../src/testing/index.ts';

/**
 * The platform's OAuth client against real peers on loopback: oidc-provider as the authorization server (only
 * OpenID discovery, dynamic registration, resource indicators, refresh-token rotation, revocation, RFC 9207) and a
 * remote MCP server built with the SDK behind a bearer check. Two users, each with their own tokens, through the
 * whole path: 401 → discovery → registration → PKCE → token → call → expiry → refresh → call → revoke.
 */

const redirectUrl = 'http://127.0.0.1:9/oauth/callback';
const env = {
  MCP_PUBLIC_URL: 'http://127.0.0.1:9',
  MCP_OAUTH_REDIRECT_URL: redirectUrl,
  MCP_OAUTH_ALLOW_HOSTS: '127.0.0.1',
  MCP_OAUTH_REFRESH_SKEW_SECONDS: '1',
  MCP_OAUTH_STEP_UP_LIMIT: '2',
};

let testDatabase: TestDatabase;
let database: DatabaseHandle;
let events: EventBus;
const box = SecretBox.fromBase64(SecretBox.generateKey());
const published: OAuthConnectionChangedEvent[] = [];

let authorizationServer: TestAuthorizationServer;
let mcpServer: ProtectedMcpServer;
let oauth: UpstreamOAuthService;

const alice = { kind: 'user', userId: 'alice' } as const;
const bob = { kind: 'user', userId: 'bob' } as const;
const serverId = 'remote-notes';
const targetOf = (principal: OAuthTarget['principal'], server = mcpServer, id = serverId): OAuthTarget => ({ serverId: id, serverUrl: server.url, principal });

/** One JSON-RPC tools/call, as the gateway-proxy sends it, with a bearer token. */
function post(url: string, token: string, tool: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2025-06-18',
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: tool, arguments: {} } }),
  });
}

/**
 * What the gateway-proxy does: the principal's token, the call, and after a 401 or 403 the service's answer
 * (a retry exactly once with the refreshed token, or why not). Returns the tool's text or the refusal.
 */
async function callTool(service: UpstreamOAuthService, target: OAuthTarget, tool = 'whoami'): Promise<{ text: string } | { refused: string }> {
  const access = await service.accessToken(target);
  if ('needsAuthorization' in access) return { refused: access.message };
  let response = await post(target.serverUrl, access.token, tool);
  if (response.status === 401 || response.status === 403) {
    const outcome = await service.handleUnauthorized(target, response, access.token);
    if (!outcome.retry) return { refused: outcome.message };
    response = await post(target.serverUrl, outcome.token, tool);
  }
  if (!response.ok) return { refused: `HTTP ${response.status}` };
  const body = (await response.json()) as { result?: { content?: { text?: string }[] } };
  return { text: body.result?.content?.[0]?.text ?? '' };
}

/** Start → the user's consent at the authorization server → the callback's completion. */
async function authorize(service: UpstreamOAuthService, target: OAuthTarget, login: string, scopes?: string[]) {
  const started = await service.startAuthorization({ ...target, userId: login, ...(scopes ? { scopes } : {}) });
  const answer = await consentAtTestAuthorizationServer(started.authorizationUrl, login);
  expect(answer.error, answer.url.href).toBeNull();
  expect(answer.url.href.startsWith(redirectUrl)).toBe(true);
  return {
    started,
    answer,
    completed: await service.completeAuthorization({ state: answer.state ?? '', code: answer.code ?? '', iss: answer.iss, userId: login }),
  };
}

const countOf = (server: TestAuthorizationServer, request: string) => server.requests.filter((line) => line === request).length;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function storedTokens(principalUserId: string, id = serverId) {
  const store = createPostgresUpstreamOAuthStore(database);
  const record = await store.connection(id, { kind: 'user', userId: principalUserId });
  if (!record?.sealedTokens || !record.issuer) return null;
  return JSON.parse(box.open(record.sealedTokens, `dcr.upstream_oauth_connections:${record.id}:${record.issuer}:tokens`)) as {
    access_token: string;
    refresh_token?: string;
  };
}

beforeAll(async () => {
  testDatabase = await createTestDatabase('upstream_oauth', { migrated: true });
  database = await openDatabase({ url: testDatabase.url, poolSize: 4 });
  events = createEventBus({});
  await events.subscribe(topics.oauthConnectionChanged, (event) => published.push(event));
  authorizationServer = await startTestAuthorizationServer({ accessTokenTtlSeconds: 3, oauthMetadata: false });
  mcpServer = await startProtectedMcpServer({
    authorizationServers: [authorizationServer.issuer],
    verifyAccessToken: (token) => authorizationServer.verifyAccessToken(token),
    scopesSupported: ['mcp:read'],
  });
  oauth = createUpstreamOAuth({ database, secrets: box, events, settings: readUpstreamOAuthSettings(env) });
});

afterAll(async () => {
  await mcpServer?.close();
  await authorizationServer?.close();
  await events?.close();
  await database?.close();
  await testDatabase?.drop();
});

describe('upstream OAuth, end to end', () => {
  it('two users: 401 → discovery → registration → PKCE → token → call, each with their own token', async () => {
    expect(await callTool(oauth, targetOf(alice))).toEqual({ refused: expect.stringMatching(/Authorize this server first/) as unknown });
    // The remote server answers 401 with its resource metadata, as it does to any request without a token.
    const unauthenticated = await post(mcpServer.url, 'not-a-token', 'whoami');
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get('www-authenticate')).toContain(`resource_metadata="${mcpServer.resourceMetadataUrl}"`);

    const first = await authorize(oauth, targetOf(alice), 'alice');
    const authorizationUrl = new URL(first.started.authorizationUrl);
    expect(authorizationUrl.origin).toBe(authorizationServer.issuer);
    expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorizationUrl.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(authorizationUrl.searchParams.get('resource')).toBe(mcpServer.url);
    expect(authorizationUrl.searchParams.get('scope')).toBe('mcp:read');
    expect(authorizationUrl.searchParams.get('redirect_uri')).toBe(redirectUrl);
    expect(authorizationUrl.searchParams.get('state')?.length).toBeGreaterThanOrEqual(43);
    expect(first.answer.iss).toBe(authorizationServer.issuer);
    expect(first.completed).toMatchObject({ status: 'authorized', issuer: authorizationServer.issuer, scopes: ['mcp:read'], authorizedBy: 'alice' });
    // RFC 8414 first, then OpenID discovery (this authorization server serves only the latter), as the SDK orders them.
    const oauthMetadata = authorizationServer.requests.indexOf('GET /.well-known/oauth-authorization-server');
    const openIdMetadata = authorizationServer.requests.indexOf('GET /.well-known/openid-configuration');
    expect(oauthMetadata).toBeGreaterThanOrEqual(0);
    expect(openIdMetadata).toBeGreaterThan(oauthMetadata);

    await authorize(oauth, targetOf(bob), 'bob');
    expect(await callTool(oauth, targetOf(alice))).toEqual({ text: 'alice' });
    expect(await callTool(oauth, targetOf(bob))).toEqual({ text: 'bob' });
    const aliceTokens = await storedTokens('alice');
    const bobTokens = await storedTokens('bob');
    expect(aliceTokens?.access_token).toBeTruthy();
    expect(aliceTokens?.access_token).not.toBe(bobTokens?.access_token);

    // One registration for the authorization server, reused by the second user; application_type web.
    expect(countOf(authorizationServer, 'POST /reg')).toBe(1);
    const clients = await database.db.select().from(dcrTables.upstreamOAuthClients);
    expect(clients).toEqual([expect.objectContaining({ issuer: authorizationServer.issuer, kind: 'registered', redirectUri: redirectUrl })]);
    const client = await authorizationServer.provider.Client.find(authorizationUrl.searchParams.get('client_id') ?? '');
    expect(client?.metadata()).toMatchObject({ application_type: 'web', redirect_uris: [redirectUrl] });

    // Sealed at rest: no token and no client secret in clear in the tables.
    const rows = JSON.stringify(await database.db.select().from(dcrTables.upstreamOAuthConnections)) + JSON.stringify(clients);
    expect(rows).not.toContain(aliceTokens?.access_token);
    expect(rows).not.toContain(aliceTokens?.refresh_token);
    expect(rows).not.toContain(client?.clientSecret ?? 'no secret');
    await expect
      .poll(() => published.filter((event) => event.serverId === serverId).map((event) => event.userId), { timeout: 10_000 })
      .toEqual(expect.arrayContaining(['alice', 'bob']));
  });

  it('refreshes before expiry, honours rotation, and refreshes once on a 401', async () => {
    const before = await storedTokens('alice');
    const tokenRequests = countOf(authorizationServer, 'POST /token');
    await sleep(2_200);
    expect(await callTool(oauth, targetOf(alice))).toEqual({ text: 'alice' });
    const after = await storedTokens('alice');
    expect(countOf(authorizationServer, 'POST /token')).toBe(tokenRequests + 1);
    expect(after?.access_token).not.toBe(before?.access_token);
    // Rotation: the new refresh token replaced the old one, which the authorization server no longer honours.
    expect(after?.refresh_token).toBeTruthy();
    expect(after?.refresh_token).not.toBe(before?.refresh_token);
    const old = await authorizationServer.provider.RefreshToken.find(before?.refresh_token ?? '');
    expect(!old || old.isExpired || Boolean(old.consumed)).toBe(true);

    // The access token is revoked at the authorization server behind our back: the call's 401 → refresh → retry.
    const current = await authorizationServer.provider.AccessToken.find(after?.access_token ?? '');
    await current?.destroy();
    expect(await callTool(oauth, targetOf(alice))).toEqual({ text: 'alice' });
    expect(countOf(authorizationServer, 'POST /token')).toBe(tokenRequests + 2);
    expect(mcpServer.refusals.at(-1)).toBe('unknown, expired or revoked token');
  });

  it('a failed refresh leaves the connection EXPIRED, with no loop', async () => {
    authorizationServer.faults.refuseRefresh = true;
    try {
      await sleep(2_200);
      const tokenRequests = countOf(authorizationServer, 'POST /token');
      expect(await callTool(oauth, targetOf(bob))).toEqual({ refused: expect.stringMatching(/has expired/) as unknown });
      expect(await callTool(oauth, targetOf(bob))).toEqual({ refused: expect.stringMatching(/has expired/) as unknown });
      expect(countOf(authorizationServer, 'POST /token')).toBe(tokenRequests + 1);
      expect(await oauth.connection(serverId, bob)).toMatchObject({ status: 'expired', lastError: expect.stringMatching(/refresh failed/) as unknown });
      expect(await storedTokens('bob')).toBeNull();
    } finally {
      authorizationServer.faults.refuseRefresh = false;
    }
    // Authorizing again brings it back.
    await authorize(oauth, targetOf(bob), 'bob');
    expect(await callTool(oauth, targetOf(bob))).toEqual({ text: 'bob' });
  });

  it('revoke: RFC 7009 at the authorization server, and the remote server refuses the old token', async () => {
    const tokens = await storedTokens('alice');
    const revocations = countOf(authorizationServer, 'POST /token/revocation');
    const revoked = await oauth.revoke({ serverId, principal: alice });
    expect(revoked).toMatchObject({ status: 'revoked', expiresAt: null });
    expect(countOf(authorizationServer, 'POST /token/revocation')).toBe(revocations + 2);
    expect((await post(mcpServer.url, tokens?.access_token ?? '', 'whoami')).status).toBe(401);
    expect(await callTool(oauth, targetOf(alice))).toEqual({ refused: expect.stringMatching(/was revoked/) as unknown });
    // Bob's connection is his own.
    expect(await callTool(oauth, targetOf(bob))).toEqual({ text: 'bob' });

    await oauth.revokeServer(serverId);
    expect((await oauth.connections({ serverId })).map((connection) => connection.status)).toEqual(['revoked', 'revoked']);
    expect(await callTool(oauth, targetOf(bob))).toEqual({ refused: expect.stringMatching(/was revoked/) as unknown });
  });

  it('a team connection: one token for everyone, authorized by whoever completed it', async () => {
    const team = targetOf({ kind: 'team' }, mcpServer, 'team-notes');
    const { completed } = await authorize(oauth, team, 'operator');
    expect(completed).toMatchObject({ principal: { kind: 'team' }, status: 'authorized', authorizedBy: 'operator' });
    expect(await callTool(oauth, team)).toEqual({ text: 'operator' });
    await expect.poll(() => published.at(-1), { timeout: 10_000 }).toMatchObject({ serverId: 'team-notes', userId: null });
    expect(await oauth.connections({ userId: 'operator' })).toEqual([]);
    expect(await oauth.connections({ serverId: 'team-notes' })).toEqual([expect.objectContaining({ principal: { kind: 'team' } })]);
  });

  it('403 insufficient_scope: NEEDS_AUTHORIZATION with the wider scope, then the step-up works', async () => {
    await authorize(oauth, targetOf(alice), 'alice');
    expect(await callTool(oauth, targetOf(alice), 'write_note')).toEqual({ refused: expect.stringMatching(/mcp:read mcp:write/) as unknown });
    expect(await oauth.connection(serverId, alice)).toMatchObject({ status: 'needs_authorization', scopes: ['mcp:read', 'mcp:write'] });
    const stepUp = await authorize(oauth, targetOf(alice), 'alice');
    expect(new URL(stepUp.started.authorizationUrl).searchParams.get('scope')).toBe('mcp:read mcp:write');
    expect(stepUp.completed).toMatchObject({ status: 'authorized', scopes: ['mcp:read', 'mcp:write'] });
    expect(await callTool(oauth, targetOf(alice), 'write_note')).toEqual({ text: 'written' });
  });
});
