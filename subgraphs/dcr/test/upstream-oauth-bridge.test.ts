import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { dcrTables } from '@mcp-portal/schema';
import { entraTenantIssuer } from '@mcp-portal/kit';
import type { SubgraphHarness } from '@mcp-portal/kit/testing';
import type { DcrServices } from '../src/index.ts';
import { vaultSecretName } from '../src/registration/index.ts';
import { readUpstreamOAuthSettings, type OAuthTarget, type UpstreamOAuthService } from '../src/upstream-oauth/index.ts';
import {
  consentAtTestAuthorizationServer,
  protectedBy,
  startProtectedMcpServer,
  startTestAuthorizationServer,
  type ProtectedMcpServer,
  type TestAuthorizationServer,
} from '../src/testing/index.ts';
import { noRegistrationLimits, registrationAuditRows, startRegistrationHarness } from './registration-harness.ts';
import { watchNetwork, type NetworkWatch } from './network-watch.ts';
import { azureBackendEnv, startFakeAzure, type FakeAzure } from './registration-azure-fake.ts';

/**
 * Issue 14's outbound flow, `MCP server (401) → OAuth client → DCR bridge → Azure AD`, in one test: a remote MCP
 * server (SDK) protected by an authorization server (oidc-provider) WITHOUT a registration endpoint, whose issuer
 * MCP_OAUTH_BRIDGE_ISSUERS maps to the bridge; the dcr subgraph's azure backend against the local Entra ID, Graph
 * and Key Vault (test/registration-azure-fake.ts). The authorization server knows the clients the local Graph
 * created (as Entra ID knows its app registrations): 401 → discovery → registration through the bridge (Graph
 * application, password, service principal, Key Vault secret) → PKCE → token → the retried call answers whoami;
 * revoking the last connection of that issuer tears the app registration down again.
 */

const redirectUrl = 'http://127.0.0.1:9/oauth/callback';

let azure: FakeAzure;
let authorizationServer: TestAuthorizationServer;
let mcpServer: ProtectedMcpServer;
let otherMcpServer: ProtectedMcpServer;
let harness: SubgraphHarness<DcrServices>;
let oauth: UpstreamOAuthService;

const alice = { kind: 'user', userId: 'alice' } as const;
const bob = { kind: 'user', userId: 'bob' } as const;
const targetOf = (principal: OAuthTarget['principal'], server = mcpServer, serverId = 'remote-notes'): OAuthTarget => ({
  serverId,
  serverUrl: server.url,
  principal,
});

function post(url: string, token: string | null, tool: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2025-06-18',
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: tool, arguments: {} } }),
  });
}

async function textOf(response: Response): Promise<string> {
  const body = (await response.json()) as { result?: { content?: { text?: string }[] } };
  return body.result?.content?.[0]?.text ?? '';
}

/** Start → the user's consent at the authorization server → the callback's completion. */
async function authorize(target: OAuthTarget, login: string) {
  const started = await oauth.startAuthorization({ ...target, userId: login });
  const answer = await consentAtTestAuthorizationServer(started.authorizationUrl, login);
  expect(answer.error, answer.url.href).toBeNull();
  expect(answer.url.href.startsWith(redirectUrl)).toBe(true);
  const completed = await oauth.completeAuthorization({ state: answer.state ?? '', code: answer.code ?? '', iss: answer.iss, userId: login });
  return { started, completed };
}

/** What the gateway-proxy does: the principal's token and the call, or (no token yet) the call that gets the 401. */
async function callAs(target: OAuthTarget): Promise<Response> {
  const access = await oauth.accessToken(target);
  return post(target.serverUrl, 'token' in access ? access.token : null, 'whoami');
}

/** Every host name looked up and every address connected to while this file runs: loopback only. */
let network: NetworkWatch;

beforeAll(async () => {
  network = watchNetwork();
  azure = await startFakeAzure();
  authorizationServer = await startTestAuthorizationServer({
    registration: false,
    oauthMetadata: false,
    // Entra ID signs in the applications Graph created (while they and their service principals exist).
    findClient: (clientId) => azure.clientOf(clientId),
  });
  mcpServer = await startProtectedMcpServer({ ...protectedBy(authorizationServer), scopesSupported: ['mcp:read'] });
  otherMcpServer = await startProtectedMcpServer({ ...protectedBy(authorizationServer), scopesSupported: ['mcp:read'] });
  harness = await startRegistrationHarness({
    ...noRegistrationLimits,
    MCP_PUBLIC_URL: 'http://127.0.0.1:9',
    MCP_OAUTH_REDIRECT_URL: redirectUrl,
    MCP_OAUTH_ALLOW_HOSTS: '127.0.0.1',
    MCP_OAUTH_BRIDGE_ISSUERS: authorizationServer.issuer,
    ...azureBackendEnv(azure),
  });
  oauth = harness.subgraph.services.upstream;
});

afterAll(async () => {
  await harness?.close();
  await mcpServer?.close();
  await otherMcpServer?.close();
  await authorizationServer?.close();
  await azure?.close();
  network?.restore();
});

describe('the outbound flow through the DCR bridge (issue 14)', () => {
  it('settings: MCP_OAUTH_BRIDGE_ISSUERS is a list of issuer URLs', () => {
    expect(readUpstreamOAuthSettings({}).bridgeIssuers).toEqual([]);
    expect(readUpstreamOAuthSettings({ MCP_OAUTH_BRIDGE_ISSUERS: ' https://a.example/, https://b.example/t/v2.0 ' }).bridgeIssuers).toEqual([
      'https://a.example/',
      'https://b.example/t/v2.0',
    ]);
    expect(() => readUpstreamOAuthSettings({ MCP_OAUTH_BRIDGE_ISSUERS: 'not a url' })).toThrow(/MCP_OAUTH_BRIDGE_ISSUERS/);
    // With MCP_DCR_BACKEND=azure the dcr subgraph also bridges its tenant's own v2.0 issuer.
    expect(entraTenantIssuer({ authorityHost: 'https://login.microsoftonline.com/', tenantId: 'contoso-tenant' })).toBe(
      'https://login.microsoftonline.com/contoso-tenant/v2.0',
    );
  });

  it('401 → discovery → registration through the bridge (Entra app + Key Vault secret) → PKCE → token → retried call; the last revocation tears it down', async () => {
    expect(azure.empty()).toBe(true);
    const target = targetOf(alice);

    // The gateway-proxy's call without a token: the remote server answers 401, the connection needs authorization.
    const refused = await callAs(target);
    expect(refused.status).toBe(401);
    const outcome = await oauth.handleUnauthorized(target, refused);
    expect(outcome).toMatchObject({ retry: false, connection: { status: 'needs_authorization' } });

    // The authorization server offers no RFC 7591 endpoint: the bridge registers the platform's client in Entra ID.
    const { started, completed } = await authorize(target, 'alice');
    expect(azure.applications.size).toBe(1);
    const application = [...azure.applications.values()][0]!;
    const clientId = application.appId;
    expect(application.body).toMatchObject({ displayName: 'MCP Portal', web: { redirectUris: [redirectUrl] }, tags: ['mcp-portal-dcr'] });
    expect([...azure.servicePrincipals.values()]).toEqual([clientId]);
    expect(azure.secrets.get(vaultSecretName(clientId))).toBe(application.passwords[0]!.secretText);
    const authorizationUrl = new URL(started.authorizationUrl);
    expect(authorizationUrl.searchParams.get('client_id')).toBe(clientId);
    expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorizationUrl.searchParams.get('resource')).toBe(mcpServer.url);
    expect(completed).toMatchObject({ status: 'authorized', issuer: authorizationServer.issuer, authorizedBy: 'alice' });
    // Discovery found no registration endpoint, and nothing was registered at the authorization server itself.
    expect(authorizationServer.requests).toContain('GET /.well-known/openid-configuration');
    expect(authorizationServer.requests.some((line) => line.startsWith('POST /reg'))).toBe(false);

    // The bridge's registration is a registered client like any other: its row (azure backend) and its audit row.
    const rows = await harness.database.db.select().from(dcrTables.oauthClients).where(eq(dcrTables.oauthClients.clientId, clientId));
    expect(rows).toMatchObject([{ backend: 'azure', redirectUris: [redirectUrl] }]);
    expect((await registrationAuditRows(harness)).map((row) => row.action)).toEqual(['oauth_client.register']);

    // The retried call carries the token, issued to the Entra application: whoami answers.
    const retried = await callAs(target);
    expect(retried.status).toBe(200);
    expect(await textOf(retried)).toBe('alice');
    const access = await oauth.accessToken(target);
    expect('token' in access && (await authorizationServer.verifyAccessToken(access.token))).toMatchObject({
      accountId: 'alice',
      clientId,
      audience: mcpServer.url,
    });

    // A second user, and a second server of the same issuer, use the same bridged client: no second registration.
    await authorize(targetOf(bob), 'bob');
    await authorize(targetOf(alice, otherMcpServer, 'remote-other'), 'alice');
    expect(azure.applications.size).toBe(1);
    expect(await textOf(await callAs(targetOf(bob)))).toBe('bob');

    // Revoking while other connections still hold tokens of the client keeps it.
    await oauth.revoke(targetOf(bob));
    await oauth.revokeServer('remote-other');
    expect(azure.applications.size).toBe(1);
    expect(await textOf(await callAs(target))).toBe('alice');

    // The last connection of the issuer revoked: the app registration, its principal and vault secret are gone.
    const revoked = await oauth.revoke(target);
    expect(revoked).toMatchObject({ status: 'revoked' });
    expect(azure.empty()).toBe(true);
    expect(azure.clientOf(clientId)).toBeUndefined();
    expect(await harness.database.db.select().from(dcrTables.oauthClients).where(eq(dcrTables.oauthClients.clientId, clientId))).toEqual([]);
    expect((await registrationAuditRows(harness)).map((row) => row.action)).toEqual(['oauth_client.register', 'oauth_client.delete']);
    expect((await callAs(target)).status).toBe(401);

    // Authorizing again registers a new application through the bridge.
    await authorize(target, 'alice');
    expect(azure.applications.size).toBe(1);
    expect([...azure.applications.values()][0]!.appId).not.toBe(clientId);
    expect(await textOf(await callAs(target))).toBe('alice');
    await oauth.revoke(target);
    expect(azure.empty()).toBe(true);

    // A registration the bridge refuses (Graph failing): the connection is FAILED with why, nothing is left behind.
    azure.failNext.application = 500;
    const carol = targetOf({ kind: 'user', userId: 'carol' });
    await expect(oauth.startAuthorization({ ...carol, userId: 'carol' })).rejects.toThrow(/registration backend is unavailable/);
    expect(await oauth.connection(carol.serverId, carol.principal)).toMatchObject({ status: 'failed', lastError: expect.stringMatching(/unavailable/) });
    expect(azure.empty()).toBe(true);

    // A teardown that fails (Graph refusing to delete the service principal) leaves the revocation standing and the
    // client stored; the next revocation of the issuer removes it.
    await authorize(carol, 'carol');
    expect(azure.applications.size).toBe(1);
    azure.failNext.servicePrincipal = 500;
    expect(await oauth.revoke(carol)).toMatchObject({ status: 'revoked' });
    expect(azure.applications.size).toBe(1);
    await oauth.revoke(carol);
    expect(azure.empty()).toBe(true);

    // Loopback only: no name was looked up but loopback ones, no connection went anywhere else.
    expect(network.offLoopback()).toEqual([]);
  });
});
