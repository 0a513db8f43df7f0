import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { auditTables, dcrTables } from '@mcp-portal/schema';
import { startTestPlatform, type TestPlatform } from '../src/testing/index.ts';

/**
 * The platform's own authorization server (issue 14), through the router as a client sees it: RFC 8414 metadata,
 * registration, the authorization endpoint and the consent decision (the portal's GraphQL mutation), the token
 * endpoint with PKCE, tokens the gateway-proxy accepts for its resource (and the router refuses), refresh rotation
 * with replay detection, code replay, revocation, and the errors in between.
 */
/** High enough for every test here; the last one goes past it. */
const authorizationsPerMinute = 40;
let platform: TestPlatform;
let adminToken: string;
let mcpUrl: string;

beforeAll(async () => {
  platform = await startTestPlatform({
    label: 'oauth-as',
    env: {
      MCP_DCR_MAX_CLIENTS_PER_ADDRESS: '0',
      MCP_DCR_REGISTRATIONS_PER_WINDOW: '0',
      MCP_OAUTH_SERVER_AUTHORIZATIONS_PER_MINUTE: String(authorizationsPerMinute),
    },
  });
  adminToken = await platform.adminToken();
  mcpUrl = platform.platform.gatewayProxy.mcpUrl!;
});
afterAll(async () => {
  await platform?.close();
});

const redirectUri = 'http://127.0.0.1:53682/callback';

async function register(metadata: Record<string, unknown> = {}): Promise<{ client_id: string; client_secret?: string }> {
  const response = await fetch(`${platform.url}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      redirect_uris: [redirectUri],
      client_name: 'Test MCP Client',
      grant_types: ['authorization_code', 'refresh_token'],
      token_endpoint_auth_method: 'none',
      ...metadata,
    }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { client_id: string; client_secret?: string };
}

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeUrl(params: Record<string, string>): string {
  return `${platform.url}/oauth/authorize?${new URLSearchParams(params)}`;
}

async function startAuthorization(clientId: string, challenge: string, extra: Record<string, string> = {}) {
  return fetch(
    authorizeUrl({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: redirectUri,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 'st-1',
      resource: mcpUrl,
      ...extra,
    }),
    { redirect: 'manual' },
  );
}

async function consentId(response: Response): Promise<string> {
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get('location')!);
  expect(location.origin).toBe(platform.url);
  const match = /^\/oauth\/consent\/([A-Za-z0-9_-]{43})$/.exec(location.pathname);
  expect(match).not.toBeNull();
  return match![1]!;
}

async function decide(id: string, approve: boolean, token = adminToken): Promise<URL> {
  return new URL(await decision(id, approve, token));
}

async function decision(id: string, approve: boolean, token: string): Promise<string> {
  const result = await platform.request<{ decideOAuthAuthorization: { redirectTo: string } }>(
    'mutation($id: ID!, $approve: Boolean!) { decideOAuthAuthorization(id: $id, approve: $approve) { redirectTo } }',
    { id, approve },
    token,
  );
  expect(result.errors).toBeUndefined();
  return result.data!.decideOAuthAuthorization.redirectTo;
}

async function tokenRequest(form: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await fetch(`${platform.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

/** Registration → authorize → approve → code → tokens. */
async function authorizeAndRedeem(clientId: string) {
  const { verifier, challenge } = pkce();
  const id = await consentId(await startAuthorization(clientId, challenge));
  const back = await decide(id, true);
  const code = back.searchParams.get('code')!;
  const tokens = await tokenRequest({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: redirectUri, client_id: clientId });
  return { code, verifier, tokens };
}

async function listToolsWith(accessToken: string): Promise<number> {
  const client = new Client({ name: 'as-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl), { requestInit: { headers: { authorization: `Bearer ${accessToken}` } } }));
  try {
    return (await client.listTools()).tools.length;
  } finally {
    await client.close();
  }
}

describe('the authorization server metadata', () => {
  it('is served at the RFC 8414 and OpenID addresses of the portal origin, and the gateway-proxy names it', async () => {
    for (const path of ['/.well-known/oauth-authorization-server', '/.well-known/openid-configuration']) {
      const response = await fetch(`${platform.url}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(await response.json()).toMatchObject({
        issuer: platform.url,
        authorization_endpoint: `${platform.url}/oauth/authorize`,
        token_endpoint: `${platform.url}/oauth/token`,
        registration_endpoint: `${platform.url}/register`,
        revocation_endpoint: `${platform.url}/oauth/revoke`,
        jwks_uri: `${platform.url}/.well-known/jwks.json`,
        code_challenge_methods_supported: ['S256'],
        client_id_metadata_document_supported: true,
        response_types_supported: ['code'],
      });
    }
    const jwks = await fetch(`${platform.url}/.well-known/jwks.json`);
    expect(((await jwks.json()) as { keys: unknown[] }).keys.length).toBeGreaterThan(0);

    const challenge = await fetch(mcpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: '{}',
    });
    expect(challenge.status).toBe(401);
    const metadataUrl = /resource_metadata="([^"]+)"/.exec(challenge.headers.get('www-authenticate') ?? '')?.[1];
    const resource = (await (await fetch(metadataUrl!)).json()) as { resource: string; authorization_servers: string[] };
    expect(resource).toMatchObject({ resource: mcpUrl, authorization_servers: [platform.url] });
  });
});

describe('code + PKCE, consent, tokens for the gateway-proxy', () => {
  it('issues tokens the gateway-proxy accepts and the router does not, rotates refresh tokens and revokes the grant on replay', async () => {
    const { client_id } = await register();
    const { code, verifier, tokens } = await authorizeAndRedeem(client_id);
    expect(tokens.status).toBe(200);
    expect(tokens.headers.get('cache-control')).toBe('no-store');
    expect(tokens.body).toMatchObject({ token_type: 'Bearer', scope: 'mcp', expires_in: expect.any(Number), refresh_token: expect.stringMatching(/^mcprf_/) });
    const accessToken = tokens.body.access_token as string;
    const claims = JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ aud: mcpUrl, client_id, scope: 'mcp', role: 'admin', email: platform.admin.email });

    expect(await listToolsWith(accessToken)).toBeGreaterThanOrEqual(0);
    const atRouter = await platform.request<{ me: { email: string } }>('{ me { email } }', {}, accessToken);
    expect(atRouter.data?.me ?? null).toBeNull();
    expect(atRouter.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    // The code is single-use: presented again it is refused, and the grant it gave is revoked.
    const replayedCode = await tokenRequest({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: redirectUri, client_id });
    expect(replayedCode).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const afterCodeReplay = await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.body.refresh_token as string, client_id });
    expect(afterCodeReplay).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });

    // A fresh grant: refresh rotates; the old refresh token presented again revokes the grant for both holders.
    const second = await authorizeAndRedeem(client_id);
    const first = second.tokens.body.refresh_token as string;
    const rotated = await tokenRequest({ grant_type: 'refresh_token', refresh_token: first, client_id });
    expect(rotated.status).toBe(200);
    const next = rotated.body.refresh_token as string;
    expect(next).not.toBe(first);
    expect(await listToolsWith(rotated.body.access_token as string)).toBeGreaterThanOrEqual(0);
    expect(await tokenRequest({ grant_type: 'refresh_token', refresh_token: first, client_id })).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
    expect(await tokenRequest({ grant_type: 'refresh_token', refresh_token: next, client_id })).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });

    const { auditEvents } = auditTables;
    const db = platform.platform.database.db;
    const reuse = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, client_id), like(auditEvents.action, 'oauth.%')));
    expect(reuse.map((row) => row.action).sort()).toEqual(['oauth.code-reuse', 'oauth.consent-approve', 'oauth.consent-approve', 'oauth.refresh-token-reuse']);
  });

  it('authenticates confidential clients with their secret and revokes a grant through RFC 7009', async () => {
    const { client_id, client_secret } = await register({ token_endpoint_auth_method: 'client_secret_basic' });
    const { verifier, challenge } = pkce();
    const code = (await decide(await consentId(await startAuthorization(client_id, challenge)), true)).searchParams.get('code')!;
    const basic = (secret: string) => ({
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(client_id)}:${encodeURIComponent(secret)}`).toString('base64')}`,
    });
    const wrong = await tokenRequest({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: redirectUri }, basic('wrong'));
    expect(wrong).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic/);
    const noSecret = await tokenRequest({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: redirectUri, client_id });
    expect(noSecret).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    const badVerifier = await tokenRequest(
      { grant_type: 'authorization_code', code, code_verifier: pkce().verifier, redirect_uri: redirectUri },
      basic(client_secret!),
    );
    expect(badVerifier).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const ok = await tokenRequest({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: redirectUri }, basic(client_secret!));
    expect(ok.status).toBe(200);

    const revoke = await fetch(`${platform.url}/oauth/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...basic(client_secret!) },
      body: new URLSearchParams({ token: ok.body.refresh_token as string }),
    });
    expect(revoke.status).toBe(200);
    const afterRevoke = await tokenRequest({ grant_type: 'refresh_token', refresh_token: ok.body.refresh_token as string }, basic(client_secret!));
    expect(afterRevoke).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('sends the user back with access_denied when they deny, and answers an answered request NOT_FOUND', async () => {
    const { client_id } = await register();
    const id = await consentId(await startAuthorization(client_id, pkce().challenge));
    const pending = await platform.request<{ oauthAuthorizationRequest: Record<string, unknown> }>(
      'query($id: ID!) { oauthAuthorizationRequest(id: $id) { clientId clientName clientKind redirectHost redirectUri scopes resource } }',
      { id },
      adminToken,
    );
    expect(pending.data?.oauthAuthorizationRequest).toEqual({
      clientId: client_id,
      clientName: 'Test MCP Client',
      clientKind: 'REGISTERED',
      redirectHost: '127.0.0.1:53682',
      redirectUri,
      scopes: ['mcp'],
      resource: mcpUrl,
    });
    const anonymous = await platform.request('query($id: ID!) { oauthAuthorizationRequest(id: $id) { clientId } }', { id });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const back = await decide(id, false);
    expect(`${back.origin}${back.pathname}`).toBe(redirectUri);
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe('st-1');
    const again = await platform.request('mutation($id: ID!) { decideOAuthAuthorization(id: $id, approve: true) { redirectTo } }', { id }, adminToken);
    expect(again.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('the authorization endpoint refuses bad requests', () => {
  it('shows an error page for an unknown client or redirect URI, and redirects other errors to the client', async () => {
    const { client_id } = await register();
    const { challenge } = pkce();
    const unknown = await startAuthorization('mcp_unknown', challenge);
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('content-type')).toMatch(/text\/html/);
    const wrongRedirect = await fetch(
      authorizeUrl({ response_type: 'code', client_id, redirect_uri: 'https://attacker.example/cb', code_challenge: challenge, code_challenge_method: 'S256' }),
      { redirect: 'manual' },
    );
    expect(wrongRedirect.status).toBe(400);
    expect(wrongRedirect.headers.get('location')).toBeNull();

    const refusedWith = async (extra: Record<string, string>, remove: string[] = []) => {
      const params: Record<string, string> = {
        response_type: 'code',
        client_id,
        redirect_uri: redirectUri,
        code_challenge: challenge,
        code_challenge_method: 'S256',
        state: 's',
        ...extra,
      };
      for (const name of remove) delete params[name];
      const response = await fetch(authorizeUrl(params), { redirect: 'manual' });
      expect(response.status).toBe(302);
      const location = new URL(response.headers.get('location')!);
      expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
      expect(location.searchParams.get('state')).toBe('s');
      return location.searchParams.get('error');
    };
    expect(await refusedWith({}, ['code_challenge'])).toBe('invalid_request');
    expect(await refusedWith({ code_challenge_method: 'plain' })).toBe('invalid_request');
    expect(await refusedWith({ response_type: 'token' })).toBe('unsupported_response_type');
    expect(await refusedWith({ resource: 'https://elsewhere.example/mcp' })).toBe('invalid_target');
    // A loopback redirect URI may use another port (RFC 8252 §7.3).
    const otherPort = await startAuthorization(client_id, challenge, { redirect_uri: 'http://127.0.0.1:40001/callback' });
    expect(otherPort.status).toBe(302);
    expect(new URL(otherPort.headers.get('location')!).pathname).toMatch(/^\/oauth\/consent\//);

    const requests = await platform.platform.database.db
      .select()
      .from(dcrTables.oauthAuthorizationRequests)
      .where(eq(dcrTables.oauthAuthorizationRequests.clientId, client_id));
    expect(requests).toHaveLength(1);
  });

  it('refuses token requests that are not form-encoded, repeat a parameter or use an unknown grant', async () => {
    const post = (body: string, type: string) => fetch(`${platform.url}/oauth/token`, { method: 'POST', headers: { 'content-type': type }, body });
    const json = await post(JSON.stringify({ grant_type: 'authorization_code' }), 'application/json');
    expect(json.status).toBe(400);
    expect(await json.json()).toMatchObject({ error: 'invalid_request' });
    const repeated = await post('grant_type=authorization_code&grant_type=refresh_token', 'application/x-www-form-urlencoded');
    expect(await repeated.json()).toMatchObject({ error: 'invalid_request' });
    const password = await post('grant_type=password&username=a&password=b', 'application/x-www-form-urlencoded');
    expect(await password.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });
});

describe('the resource (RFC 8707)', () => {
  it('defaults to the gateway-proxy the platform started, and a refresh may not name another', async () => {
    const { client_id } = await register();
    const { verifier, challenge } = pkce();
    const request = await fetch(
      authorizeUrl({ response_type: 'code', client_id, redirect_uri: redirectUri, code_challenge: challenge, code_challenge_method: 'S256' }),
      {
        redirect: 'manual',
      },
    );
    const code = (await decide(await consentId(request), true)).searchParams.get('code')!;
    const issued = await tokenRequest({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: redirectUri, client_id });
    const claims = JSON.parse(Buffer.from((issued.body.access_token as string).split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    expect(claims.aud).toBe(mcpUrl);
    expect(await listToolsWith(issued.body.access_token as string)).toBeGreaterThanOrEqual(0);

    const elsewhere = await tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: issued.body.refresh_token as string,
      client_id,
      resource: 'https://elsewhere.example/mcp',
    });
    expect(elsewhere).toMatchObject({ status: 400, body: { error: 'invalid_target' } });
    const same = await tokenRequest({ grant_type: 'refresh_token', refresh_token: issued.body.refresh_token as string, client_id, resource: mcpUrl });
    expect(same.status).toBe(200);
  });
});

describe('the grant follows its user and its client', () => {
  it('gives a viewer a viewer token, and no more tokens once the user is disabled', async () => {
    const email = `viewer-${randomBytes(4).toString('hex')}@example.test`;
    const created = await platform.request<{ createUser: { id: string } }>(
      'mutation($e: String!) { createUser(email: $e, password: "password-of-viewer", role: VIEWER) { id } }',
      { e: email },
      adminToken,
    );
    const login = await platform.request<{ login: { token: string } }>('mutation($e: String!) { login(email: $e, password: "password-of-viewer") { token } }', {
      e: email,
    });
    const { client_id } = await register();
    const { verifier, challenge } = pkce();
    const back = new URL(await decision(await consentId(await startAuthorization(client_id, challenge)), true, login.data!.login.token));
    const tokens = await tokenRequest({
      grant_type: 'authorization_code',
      code: back.searchParams.get('code')!,
      code_verifier: verifier,
      redirect_uri: redirectUri,
      client_id,
    });
    const claims = JSON.parse(Buffer.from((tokens.body.access_token as string).split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ email, role: 'viewer', sub: created.data!.createUser.id });

    await platform.request('mutation($id: ID!) { updateUser(id: $id, disabled: true) { id } }', { id: created.data!.createUser.id }, adminToken);
    const refused = await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.body.refresh_token as string, client_id });
    expect(refused).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const grants = await platform.platform.database.db.select().from(dcrTables.oauthGrants).where(eq(dcrTables.oauthGrants.clientId, client_id));
    expect(grants.map((grant) => grant.revokedAt !== null)).toEqual([true]);
  });

  it("lists a user's authorized applications and ends one's access, their own only (admins: anyone's)", async () => {
    const { client_id } = await register({ client_name: 'Listed App' });
    const { tokens } = await authorizeAndRedeem(client_id);
    type Grant = {
      id: string;
      clientId: string;
      clientName: string;
      clientKind: string;
      user: { id: string };
      scopes: string[];
      resource: string;
      revokedAt: string | null;
    };
    const mine = await platform.request<{ oauthGrants: Grant[] }>(
      '{ oauthGrants { id clientId clientName clientKind user { id } scopes resource revokedAt } }',
      {},
      adminToken,
    );
    const grant = mine.data!.oauthGrants.find((g) => g.clientId === client_id)!;
    expect(grant).toMatchObject({ clientName: 'Listed App', clientKind: 'REGISTERED', scopes: ['mcp'], resource: mcpUrl, revokedAt: null });

    const email = `grants-${randomBytes(4).toString('hex')}@example.test`;
    await platform.request('mutation($e: String!) { createUser(email: $e, password: "password-of-viewer", role: VIEWER) { id } }', { e: email }, adminToken);
    const viewerToken = (
      await platform.request<{ login: { token: string } }>('mutation($e: String!) { login(email: $e, password: "password-of-viewer") { token } }', { e: email })
    ).data!.login.token;
    const theirs = await platform.request<{ oauthGrants: Grant[] }>('{ oauthGrants { id } }', {}, viewerToken);
    expect(theirs.data!.oauthGrants.map((g) => g.id)).not.toContain(grant.id);
    const everyone = await platform.request('{ oauthGrants(everyone: true) { id } }', {}, viewerToken);
    expect(everyone.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const notTheirs = await platform.request('mutation($id: ID!) { revokeOAuthGrant(id: $id) { id } }', { id: grant.id }, viewerToken);
    expect(notTheirs.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const revoked = await platform.request<{ revokeOAuthGrant: Grant }>(
      'mutation($id: ID!) { revokeOAuthGrant(id: $id) { id revokedAt } }',
      { id: grant.id },
      adminToken,
    );
    expect(revoked.data!.revokeOAuthGrant.revokedAt).not.toBeNull();
    expect(await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.body.refresh_token as string, client_id })).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
    const after = await platform.request<{ oauthGrants: Grant[] }>('{ oauthGrants { id } }', {}, adminToken);
    expect(after.data!.oauthGrants.map((g) => g.id)).not.toContain(grant.id);
    const withRevoked = await platform.request<{ oauthGrants: Grant[] }>('{ oauthGrants(includeRevoked: true) { id } }', {}, adminToken);
    expect(withRevoked.data!.oauthGrants.map((g) => g.id)).toContain(grant.id);
  });

  it('stops authorization requests past the per-address limit with 429', async () => {
    let status = 0;
    for (let sent = 0; sent <= authorizationsPerMinute && status !== 429; sent += 1) {
      status = (await startAuthorization('mcp_unknown', pkce().challenge)).status;
    }
    expect(status).toBe(429);
    const again = await startAuthorization('mcp_unknown', pkce().challenge);
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
