import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { dcrTables } from '@mcp-portal/schema';
import { freePort } from '@mcp-portal/kit/testing';
import { startTestPlatform, type TestPlatform } from '../src/testing/index.ts';
import { decideAuthorization, jwtClaims, MemoryOAuthClientProvider, openAuthorization, signedInUser } from '../src/testing/mcp-oauth-client.ts';
// The dcr package's loopback https document host and network recorder (its test certificate is trusted through
// the globalSetup of vitest.config.ts).
import { startDocumentHost, type DocumentHost } from '../../subgraphs/dcr/test/client-id-metadata-server.ts';
import { watchNetwork } from '../../subgraphs/dcr/test/network-watch.ts';

/**
 * A Client ID Metadata Document client of the platform's authorization server, end to end: the MCP SDK's OAuth
 * client, given its document's URL (https on loopback, allowed by MCP_OAUTH_ALLOW_HOSTS), uses it as its client_id
 * with no registration; the consent page shows it as such; its token lists the gateway-proxy's tools. A document
 * URL on a private address is refused before any connection, whatever endpoint it is presented to, and nothing is
 * stored for it.
 */
let platform: TestPlatform;
let host: DocumentHost;
let mcpUrl: string;
let viewer: { email: string; token: string };

beforeAll(async () => {
  host = await startDocumentHost();
  platform = await startTestPlatform({ label: 'oauth-cimd', env: { MCP_OAUTH_ALLOW_HOSTS: '127.0.0.1' } });
  mcpUrl = platform.platform.gatewayProxy.mcpUrl!;
  viewer = await signedInUser(platform, 'VIEWER');
});
afterAll(async () => {
  await platform?.close();
  await host?.close();
});

const rowsFor = async (clientId: string) => {
  const db = platform.platform.database.db;
  return {
    requests: await db.select().from(dcrTables.oauthAuthorizationRequests).where(eq(dcrTables.oauthAuthorizationRequests.clientId, clientId)),
    grants: await db.select().from(dcrTables.oauthGrants).where(eq(dcrTables.oauthGrants.clientId, clientId)),
    registrations: await db.select().from(dcrTables.oauthClients).where(eq(dcrTables.oauthClients.clientId, clientId)),
  };
};

describe('a Client ID Metadata Document client', () => {
  it('is authorized with its document URL as client_id, no registration, and lists the tools at the proxy', async () => {
    const redirectUri = `http://127.0.0.1:${await freePort()}/callback`;
    const clientId = host.url('/client.json');
    const clientMetadata = {
      client_name: 'CIMD client (test)',
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
    host.serve('/client.json', { client_id: clientId, ...clientMetadata });

    const metadata = (await (await fetch(`${platform.url}/.well-known/oauth-authorization-server`)).json()) as Record<string, unknown>;
    expect(metadata.client_id_metadata_document_supported).toBe(true);

    const provider = new MemoryOAuthClientProvider({ redirectUrl: redirectUri, clientMetadata, clientMetadataUrl: clientId });
    const requested: string[] = [];
    const recording: typeof fetch = async (input, init) => {
      requested.push(String(input instanceof Request ? input.url : input));
      return fetch(input, init);
    };
    const transport = new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider, fetch: recording });
    await expect(new Client({ name: 'cimd-test', version: '1.0.0' }).connect(transport)).rejects.toBeInstanceOf(UnauthorizedError);
    expect(requested).not.toContain(`${platform.url}/register`);
    expect(provider.clientInformation()?.client_id).toBe(clientId);
    const authorizationUrl = provider.authorizationUrls[0]!;
    expect(authorizationUrl.searchParams.get('client_id')).toBe(clientId);

    const requestId = await openAuthorization(platform, authorizationUrl);
    expect(host.hits('/client.json')).toBeGreaterThanOrEqual(1);
    const pending = await platform.request<{ oauthAuthorizationRequest: Record<string, unknown> }>(
      'query($id: ID!) { oauthAuthorizationRequest(id: $id) { clientId clientName clientKind redirectUri resource scopes } }',
      { id: requestId },
      viewer.token,
    );
    expect(pending.errors).toBeUndefined();
    expect(pending.data?.oauthAuthorizationRequest).toEqual({
      clientId,
      clientName: 'CIMD client (test)',
      clientKind: 'METADATA_DOCUMENT',
      redirectUri,
      resource: mcpUrl,
      scopes: ['mcp'],
    });

    const redirectTo = await decideAuthorization(platform, requestId, viewer.token);
    expect(redirectTo.searchParams.get('state')).toBe(provider.states[0]);
    await transport.finishAuth(redirectTo.searchParams.get('code')!);
    expect(jwtClaims(provider.tokens()!.access_token)).toMatchObject({ aud: mcpUrl, client_id: clientId, role: 'viewer', email: viewer.email });

    const client = new Client({ name: 'cimd-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider, fetch: recording }));
    expect(Array.isArray((await client.listTools()).tools)).toBe(true);
    await client.close();

    const stored = await rowsFor(clientId);
    expect(stored.registrations).toEqual([]);
    expect(stored.requests).toHaveLength(1);
    expect(stored.requests[0]).toMatchObject({ clientKind: 'metadata_document', approved: true });
    expect(stored.grants).toHaveLength(1);
  });

  it('on a private address is refused before any connection: an error page at authorize, invalid_client at the token endpoint, nothing stored', async () => {
    const clientId = 'https://10.0.0.1/client.json';
    const network = watchNetwork();
    let authorize: Response;
    let token: Response;
    try {
      authorize = await fetch(
        `${platform.url}/oauth/authorize?${new URLSearchParams({
          response_type: 'code',
          client_id: clientId,
          redirect_uri: 'http://127.0.0.1:33418/callback',
          code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
          code_challenge_method: 'S256',
          state: 's',
          resource: mcpUrl,
        })}`,
        { redirect: 'manual' },
      );
      token = await fetch(`${platform.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: clientId,
          code: 'made-up',
          code_verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
          redirect_uri: 'http://127.0.0.1:33418/callback',
        }),
      });
    } finally {
      network.restore();
    }
    expect(network.connectedTo).not.toContain('10.0.0.1');
    expect(network.offLoopback()).toEqual([]);

    expect(authorize.status).toBe(400);
    expect(authorize.headers.get('location')).toBeNull();
    expect(authorize.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await authorize.text();
    expect(page).toContain('invalid_client');
    expect(page).not.toContain('10.0.0.1');

    expect(token.status).toBe(401);
    expect(await token.json()).toMatchObject({ error: 'invalid_client' });

    expect(await rowsFor(clientId)).toEqual({ requests: [], grants: [], registrations: [] });
  });
});
