import { afterEach, describe, expect, it } from 'vitest';
import { SecretBox } from '@mcp-portal/kit';
import {
  createMemoryUpstreamOAuthStore,
  createUpstreamOAuthService,
  OAuthFlowError,
  platformClientMetadata,
  readUpstreamOAuthSettings,
  type UpstreamOAuthService,
  type UpstreamOAuthStore,
} from '../src/upstream-oauth/index.ts';
import {
  consentAtTestAuthorizationServer,
  startHttpsDocumentServer,
  startProtectedMcpServer,
  startTestAuthorizationServer,
  type TestAuthorizationServer,
} from '../src/testing/index.ts';

/**
 * Client identity in the spec's order, against oidc-provider: a pre-registered client when dynamic registration is
 * off, a Client ID Metadata Document (served over https on loopback with a test certificate, which oidc-provider
 * trusts) preferred to registration when the server supports it. Over the in-memory store, which the conformance
 * wrapper uses.
 */

const redirectUrl = 'http://127.0.0.1:9/oauth/callback';
const baseEnv = { MCP_PUBLIC_URL: 'http://127.0.0.1:9', MCP_OAUTH_REDIRECT_URL: redirectUrl, MCP_OAUTH_ALLOW_HOSTS: '127.0.0.1' };
const box = SecretBox.fromBase64(SecretBox.generateKey());
const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function peers(authorizationServer: TestAuthorizationServer) {
  closers.push(() => authorizationServer.close());
  const mcpServer = await startProtectedMcpServer({
    authorizationServers: [authorizationServer.issuer],
    verifyAccessToken: (token) => authorizationServer.verifyAccessToken(token),
    scopesSupported: ['mcp:read'],
  });
  closers.push(() => mcpServer.close());
  return { authorizationServer, target: { serverId: 'remote', serverUrl: mcpServer.url, principal: { kind: 'user', userId: 'alice' } } as const };
}

async function authorizeAndCall(service: UpstreamOAuthService, target: { serverId: string; serverUrl: string; principal: { kind: 'user'; userId: string } }) {
  const started = await service.startAuthorization({ ...target, userId: 'alice' });
  const answer = await consentAtTestAuthorizationServer(started.authorizationUrl, 'alice');
  expect(answer.error, answer.url.href).toBeNull();
  const completed = await service.completeAuthorization({ state: answer.state ?? '', code: answer.code ?? '', iss: answer.iss, userId: 'alice' });
  expect(completed.status).toBe('authorized');
  const access = await service.accessToken(target);
  if ('needsAuthorization' in access) throw new Error(access.message);
  const response = await fetch(target.serverUrl, {
    method: 'POST',
    headers: { authorization: `Bearer ${access.token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'whoami', arguments: {} } }),
  });
  const body = (await response.json()) as { result?: { content?: { text?: string }[] } };
  return { clientId: new URL(started.authorizationUrl).searchParams.get('client_id'), whoami: body.result?.content?.[0]?.text };
}

describe('upstream OAuth client identity', () => {
  it('dynamic registration off: the pre-registered client of that issuer (MCP_OAUTH_CLIENTS)', async () => {
    const clientSecret = 'pre-registered-secret-0123456789abcdef';
    const { authorizationServer, target } = await peers(
      await startTestAuthorizationServer({
        registration: false,
        clients: [{ client_id: 'mcp-portal', client_secret: clientSecret, redirect_uris: [redirectUrl] }],
      }),
    );
    const store: UpstreamOAuthStore = createMemoryUpstreamOAuthStore();
    const settings = readUpstreamOAuthSettings({
      ...baseEnv,
      MCP_OAUTH_CLIENTS: JSON.stringify([{ issuer: authorizationServer.issuer, client_id: 'mcp-portal', client_secret: clientSecret }]),
    });
    const service = createUpstreamOAuthService({ store, secrets: box, settings });
    expect(await authorizeAndCall(service, target)).toEqual({ clientId: 'mcp-portal', whoami: 'alice' });
    expect(authorizationServer.requests).not.toContain('POST /reg');
    expect(await store.client(authorizationServer.issuer)).toBeNull();

    // Without it, and with registration off, the start says why.
    const unregistered = createUpstreamOAuthService({ store: createMemoryUpstreamOAuthStore(), secrets: box, settings: readUpstreamOAuthSettings(baseEnv) });
    const refusal = unregistered.startAuthorization({ ...target, userId: 'alice' });
    await expect(refusal).rejects.toThrow(OAuthFlowError);
    await expect(refusal).rejects.toThrow(/dynamic client registration/);
  });

  it('CIMD: the metadata document URL is the client_id when the server supports it, before registration', async () => {
    const documents = await startHttpsDocumentServer();
    closers.push(() => documents.close());
    const metadataUrl = `${documents.origin}/oauth/client-metadata.json`;
    const settings = readUpstreamOAuthSettings({ ...baseEnv, MCP_OAUTH_CLIENT_METADATA_URL: metadataUrl });
    documents.documents.set('/oauth/client-metadata.json', platformClientMetadata(settings, metadataUrl));
    const { authorizationServer, target } = await peers(await startTestAuthorizationServer({ clientIdMetadataDocumentCa: documents.ca }));
    const store = createMemoryUpstreamOAuthStore();
    const service = createUpstreamOAuthService({ store, secrets: box, settings });
    expect(await authorizeAndCall(service, target)).toEqual({ clientId: metadataUrl, whoami: 'alice' });
    expect(authorizationServer.requests).not.toContain('POST /reg');
    expect(await store.client(authorizationServer.issuer)).toMatchObject({ kind: 'metadata_document' });
    expect(platformClientMetadata(settings, metadataUrl)).toMatchObject({
      client_id: metadataUrl,
      token_endpoint_auth_method: 'none',
      application_type: 'web',
    });
  });

  it('an http metadata URL is refused by the settings (CIMD needs https), and an http public URL means no CIMD', () => {
    expect(() => readUpstreamOAuthSettings({ ...baseEnv, MCP_OAUTH_CLIENT_METADATA_URL: 'http://127.0.0.1:9/oauth/client-metadata.json' })).toThrow(
      /MCP_OAUTH_CLIENT_METADATA_URL/,
    );
    expect(readUpstreamOAuthSettings(baseEnv).clientMetadataUrl).toBeNull();
    expect(readUpstreamOAuthSettings({ MCP_PUBLIC_URL: 'https://portal.example.com' })).toMatchObject({
      redirectUrl: 'https://portal.example.com/oauth/callback',
      clientMetadataUrl: 'https://portal.example.com/oauth/client-metadata.json',
    });
    expect(() => readUpstreamOAuthSettings({ MCP_OAUTH_CLIENTS: '[{"issuer":"nope"}]' })).toThrow(/MCP_OAUTH_CLIENTS/);
    expect(() => readUpstreamOAuthSettings({ MCP_OAUTH_ALLOW_HOSTS: 'http://x' })).toThrow(/MCP_OAUTH_ALLOW_HOSTS/);
  });
});
