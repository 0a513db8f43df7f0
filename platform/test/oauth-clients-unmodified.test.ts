import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as oidc from 'openid-client';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { dcrTables } from '@mcp-portal/schema';
import { freePort } from '@mcp-portal/kit/testing';
import { startTestPlatform, type TestPlatform } from '../src/testing/index.ts';
import { approveInBrowser, jwtClaims, MemoryOAuthClientProvider, signedInUser } from '../src/testing/mcp-oauth-client.ts';

/**
 * The platform's authorization server with clients nobody here wrote: the MCP TypeScript SDK's own OAuth client
 * (discovery from the gateway-proxy's 401, dynamic registration, PKCE, the code exchange, refresh) and panva's
 * openid-client (discovery, RFC 7591 registration, PKCE with a resource indicator, the code grant it validates,
 * refresh rotation, RFC 7009 revocation). The tests play only the browser: open the authorization URL, approve on
 * the consent page (its GraphQL mutation) as a signed-in user, hand the code back.
 */
let platform: TestPlatform;
let mcpUrl: string;
let viewer: { email: string; token: string };
let redirectUri: string;

beforeAll(async () => {
  platform = await startTestPlatform({
    label: 'oauth-clients',
    env: { MCP_DCR_MAX_CLIENTS_PER_ADDRESS: '0', MCP_DCR_REGISTRATIONS_PER_WINDOW: '0' },
  });
  mcpUrl = platform.platform.gatewayProxy.mcpUrl!;
  viewer = await signedInUser(platform, 'VIEWER');
  redirectUri = `http://127.0.0.1:${await freePort()}/callback`;
});
afterAll(async () => {
  await platform?.close();
});

/** What an exchange through the SDK's fetch was: the request's URL and body, the answer's status and challenge. */
interface Exchange {
  url: string;
  method: string;
  body: string | null;
  status: number;
  wwwAuthenticate: string | null;
}

/** The global fetch, recording every request the SDK makes (its MCP requests and its OAuth requests alike). */
function recordingFetch(exchanges: Exchange[]): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    exchanges.push({
      url: String(input instanceof Request ? input.url : input),
      method: init?.method ?? 'GET',
      body: typeof init?.body === 'string' ? init.body : init?.body instanceof URLSearchParams ? init.body.toString() : null,
      status: response.status,
      wwwAuthenticate: response.headers.get('www-authenticate'),
    });
    return response;
  };
}

const tokenRequests = (exchanges: Exchange[], grantType: string) =>
  exchanges.filter((exchange) => exchange.url === `${platform.url}/oauth/token` && new URLSearchParams(exchange.body ?? '').get('grant_type') === grantType);

async function connected(provider: MemoryOAuthClientProvider, exchanges: Exchange[]): Promise<Client> {
  const client = new Client({ name: 'sdk-oauth-client-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider, fetch: recordingFetch(exchanges) }));
  return client;
}

describe('the MCP SDK OAuth client, unmodified', () => {
  it('discovers, registers, is authorized by a viewer, lists tools, refreshes without a new consent and is refused tools/call', async () => {
    const provider = new MemoryOAuthClientProvider({
      redirectUrl: redirectUri,
      clientMetadata: {
        client_name: 'SDK OAuth client (test)',
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      },
    });
    const exchanges: Exchange[] = [];

    // No setup: the first connection meets the 401, and the SDK does the rest up to sending the user away.
    const transport = new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider, fetch: recordingFetch(exchanges) });
    const first = new Client({ name: 'sdk-oauth-client-test', version: '1.0.0' });
    await expect(first.connect(transport)).rejects.toBeInstanceOf(UnauthorizedError);
    expect(exchanges[0]).toMatchObject({ url: mcpUrl, status: 401, wwwAuthenticate: expect.stringMatching(/^Bearer resource_metadata="/) });
    const urls = exchanges.map((exchange) => exchange.url);
    expect(urls).toContain(`${platform.url}/.well-known/oauth-authorization-server`);
    expect(exchanges.find((exchange) => exchange.url === `${platform.url}/register`)).toMatchObject({ method: 'POST', status: 201 });
    const registered = provider.clientInformation();
    expect(registered?.client_id).toMatch(/^mcp_/);
    expect(provider.authorizationUrls).toHaveLength(1);
    const authorizationUrl = provider.authorizationUrls[0]!;
    expect(`${authorizationUrl.origin}${authorizationUrl.pathname}`).toBe(`${platform.url}/oauth/authorize`);
    expect(Object.fromEntries(authorizationUrl.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: registered!.client_id,
      redirect_uri: redirectUri,
      code_challenge_method: 'S256',
      resource: mcpUrl,
      state: provider.states[0],
    });

    // The browser: the consent page, approved by the viewer; the client gets the code on its redirect URI.
    const { redirectTo } = await approveInBrowser(platform, authorizationUrl, viewer.token);
    expect(`${redirectTo.origin}${redirectTo.pathname}`).toBe(redirectUri);
    expect(redirectTo.searchParams.get('state')).toBe(provider.states[0]);
    await transport.finishAuth(redirectTo.searchParams.get('code')!);
    await first.close();

    const accessToken = provider.tokens()!.access_token;
    expect(provider.tokens()).toMatchObject({ token_type: expect.stringMatching(/^bearer$/i), scope: 'mcp', refresh_token: expect.stringMatching(/^mcprf_/) });
    expect(jwtClaims(accessToken)).toMatchObject({ aud: mcpUrl, client_id: registered!.client_id, role: 'viewer', email: viewer.email });

    const client = await connected(provider, exchanges);
    const before = exchanges.length;
    const { tools } = await client.listTools();
    expect(Array.isArray(tools)).toBe(true);
    const listed = exchanges.slice(before).find((exchange) => exchange.url === mcpUrl && exchange.body?.includes('"tools/list"'));
    expect(listed?.status).toBe(200);
    await client.close();

    // The access token stops working (garbage, the refresh token kept): the SDK refreshes at the token endpoint
    // and reconnects, with no new authorization URL and no new consent.
    provider.replaceTokens({ ...provider.tokens()!, access_token: 'not-a-token' });
    const refreshesBefore = tokenRequests(exchanges, 'refresh_token').length;
    const refreshed = await connected(provider, exchanges);
    expect(tokenRequests(exchanges, 'refresh_token').length - refreshesBefore).toBe(1);
    expect(provider.tokens()!.access_token).not.toBe('not-a-token');
    expect(provider.tokens()!.refresh_token).not.toBe(provider.savedTokens[0]!.refresh_token);
    expect(jwtClaims(provider.tokens()!.access_token)).toMatchObject({ aud: mcpUrl, role: 'viewer' });
    expect((await refreshed.listTools()).tools).toEqual(tools);

    // A viewer may list but not call: 403 insufficient_scope from the proxy (the SDK tries a refresh once, then gives up).
    const call = await refreshed.callTool({ name: 'any-tool', arguments: {} }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(call).toBeInstanceOf(StreamableHTTPError);
    expect((call as StreamableHTTPError).code).toBe(403);
    const refused = exchanges.filter((exchange) => exchange.url === mcpUrl && exchange.body?.includes('"tools/call"'));
    expect(refused.length).toBeGreaterThan(0);
    for (const exchange of refused) {
      expect(exchange.status).toBe(403);
      expect(exchange.wwwAuthenticate).toMatch(/error="insufficient_scope"/);
    }
    await refreshed.close();

    expect(provider.authorizationUrls).toHaveLength(1);
    expect(tokenRequests(exchanges, 'authorization_code')).toHaveLength(1);
    const requests = await platform.platform.database.db
      .select()
      .from(dcrTables.oauthAuthorizationRequests)
      .where(eq(dcrTables.oauthAuthorizationRequests.clientId, registered!.client_id));
    expect(requests).toHaveLength(1);
  });
});

describe('openid-client against the local backend through the router', () => {
  const insecure = { execute: [oidc.allowInsecureRequests] };

  /** Authorization code + PKCE (S256) with the gateway-proxy as resource, approved by the admin; openid-client validates the answer. */
  async function codeGrant(config: oidc.Configuration) {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      resource: mcpUrl,
    });
    const { redirectTo } = await approveInBrowser(platform, url, await platform.adminToken());
    return oidc.authorizationCodeGrant(config, redirectTo, { pkceCodeVerifier: verifier, expectedState: state }, { resource: mcpUrl });
  }

  async function proxyAccepts(accessToken: string): Promise<boolean> {
    const client = new Client({ name: 'openid-client-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl), { requestInit: { headers: { authorization: `Bearer ${accessToken}` } } }));
    try {
      return Array.isArray((await client.listTools()).tools);
    } finally {
      await client.close();
    }
  }

  it('a confidential client (client_secret_basic): discovery, registration, code grant, rotating refresh, revocation', async () => {
    const issuer = new URL(platform.url);
    // RFC 8414 metadata (oauth2) for the registration; OpenID discovery's address for the configuration after.
    const registration = await oidc.dynamicClientRegistration(
      issuer,
      {
        client_name: 'openid-client (confidential)',
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
      oidc.ClientSecretBasic(),
      { ...insecure, algorithm: 'oauth2' },
    );
    const { client_id, client_secret } = registration.clientMetadata();
    expect(client_id).toMatch(/^mcp_/);
    expect(typeof client_secret).toBe('string');

    const config = await oidc.discovery(issuer, client_id, client_secret, oidc.ClientSecretBasic(), insecure);
    expect(config.serverMetadata()).toMatchObject({
      issuer: platform.url,
      token_endpoint: `${platform.url}/oauth/token`,
      revocation_endpoint: `${platform.url}/oauth/revoke`,
    });

    const tokens = await codeGrant(config);
    expect(tokens).toMatchObject({ token_type: 'bearer', scope: 'mcp', refresh_token: expect.stringMatching(/^mcprf_/) });
    expect(tokens.expiresIn()).toBeGreaterThan(0);
    expect(jwtClaims(tokens.access_token)).toMatchObject({ aud: mcpUrl, client_id, role: 'admin' });
    expect(await proxyAccepts(tokens.access_token)).toBe(true);

    const rotated = await oidc.refreshTokenGrant(config, tokens.refresh_token!, { resource: mcpUrl });
    expect(rotated.refresh_token).toMatch(/^mcprf_/);
    expect(rotated.refresh_token).not.toBe(tokens.refresh_token);
    expect(await proxyAccepts(rotated.access_token)).toBe(true);

    await oidc.tokenRevocation(config, rotated.refresh_token!);
    const afterRevocation = await oidc.refreshTokenGrant(config, rotated.refresh_token!).then(
      () => null,
      (error: unknown) => error,
    );
    expect(afterRevocation).toBeInstanceOf(oidc.ResponseBodyError);
    expect((afterRevocation as oidc.ResponseBodyError).error).toBe('invalid_grant');

    // The wrong secret, through the same client library: 401 with a Basic challenge (RFC 6749 §5.2), invalid_client.
    const wrong = await oidc.discovery(issuer, client_id, 'not-the-secret', oidc.ClientSecretBasic(), insecure);
    const refused = await codeGrant(wrong).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(oidc.WWWAuthenticateChallengeError);
    const challenge = refused as oidc.WWWAuthenticateChallengeError;
    expect(challenge.status).toBe(401);
    expect(challenge.cause[0]?.scheme).toBe('basic');
    expect(await challenge.response.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('a public client (none): registration, code grant, refresh, revocation', async () => {
    const config = await oidc.dynamicClientRegistration(
      new URL(platform.url),
      {
        client_name: 'openid-client (public)',
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
        token_endpoint_auth_method: 'none',
      },
      oidc.None(),
      insecure,
    );
    expect(config.clientMetadata().client_secret).toBeUndefined();
    const tokens = await codeGrant(config);
    expect(jwtClaims(tokens.access_token)).toMatchObject({ aud: mcpUrl, client_id: config.clientMetadata().client_id });
    const rotated = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(await proxyAccepts(rotated.access_token)).toBe(true);
    // The replaced refresh token presented again: the grant ends (replay detection) for the new one too.
    const replay = await oidc.refreshTokenGrant(config, tokens.refresh_token!).then(
      () => null,
      (error: unknown) => error,
    );
    expect(replay).toMatchObject({ error: 'invalid_grant' });
    await oidc.tokenRevocation(config, rotated.refresh_token!);
    await expect(oidc.refreshTokenGrant(config, rotated.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });
});

describe('bad input at the authorization server', () => {
  it('a wrong registration access token is refused (401 invalid_token) and changes nothing', async () => {
    const registered = await fetch(`${platform.url}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_name: 'kept as is', redirect_uris: [redirectUri], token_endpoint_auth_method: 'none' }),
    });
    expect(registered.status).toBe(201);
    const { client_id, registration_client_uri } = (await registered.json()) as { client_id: string; registration_client_uri: string };
    const row = async () =>
      (await platform.platform.database.db.select().from(dcrTables.oauthClients).where(eq(dcrTables.oauthClients.clientId, client_id)))[0];
    const before = await row();
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const response = await fetch(registration_client_uri, {
        method,
        headers: { authorization: 'Bearer wrong-registration-token', 'content-type': 'application/json' },
        body: method === 'PUT' ? JSON.stringify({ client_id, client_name: 'renamed', redirect_uris: [redirectUri] }) : undefined,
      });
      expect(response.status, method).toBe(401);
      expect(response.headers.get('www-authenticate'), method).toMatch(/^Bearer error="invalid_token"/);
      expect(await response.json()).toMatchObject({ error: 'invalid_token' });
    }
    expect(await row()).toEqual(before);
  });
});
