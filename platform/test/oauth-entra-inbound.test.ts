import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, generateKeyPair } from 'jose';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { authTables, entraObjectIssuer } from '@mcp-portal/schema';
import { azureBackendEnv, fakeGatewayApi, startFakeAzure, type FakeAzure } from '../../subgraphs/dcr/test/registration-azure-fake.ts';
import { startTestPlatform, type TestPlatform } from '../src/testing/index.ts';

/**
 * Inbound with the DCR bridge's azure backend (issue 14): an MCP client registers at the platform and becomes an
 * Entra application (the local Entra ID, Graph and Key Vault), signs its user in at the tenant the metadata names,
 * and calls the gateway-proxy with the Entra access token for the gateway's API: accepted as the platform user
 * linked to the token's object id, refused (401, saying why) otherwise.
 */
let azure: FakeAzure;
let platform: TestPlatform;
let adminToken: string;
let mcpUrl: string;
const apiAudience = `api://${fakeGatewayApi.appId}`;

beforeAll(async () => {
  azure = await startFakeAzure();
  platform = await startTestPlatform({
    label: 'entra-inbound',
    env: { ...azureBackendEnv(azure), MCP_DCR_MAX_CLIENTS_PER_ADDRESS: '0', MCP_DCR_REGISTRATIONS_PER_WINDOW: '0' },
  });
  adminToken = await platform.adminToken();
  mcpUrl = platform.platform.gatewayProxy.mcpUrl!;
});
afterAll(async () => {
  await platform?.close();
  await azure?.close();
});

/** A platform user (a viewer) linked to an Entra object id, as an Entra sign-in to the portal links it. */
async function linkedViewer(): Promise<{ id: string; oid: string }> {
  const created = await platform.request<{ createUser: { id: string } }>(
    'mutation($e: String!) { createUser(email: $e, password: "password-of-viewer", role: VIEWER) { id } }',
    { e: `entra-${randomBytes(4).toString('hex')}@example.test` },
    adminToken,
  );
  const id = created.data!.createUser.id;
  const oid = randomUUID();
  await platform.platform.database.db.insert(authTables.externalIdentities).values({ issuer: entraObjectIssuer(azure.tenantId), subject: oid, userId: id });
  return { id, oid };
}

async function initialize(token: string) {
  const response = await fetch(mcpUrl, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'entra', version: '1' } },
    }),
  });
  const text = await response.text();
  return { status: response.status, text, challenge: response.headers.get('www-authenticate') ?? '' };
}

describe('MCP clients with Entra access tokens (azure backend)', () => {
  it('registers the client as an Entra application and sends it to the tenant to sign in', async () => {
    const metadata = (await (await fetch(`${platform.url}/.well-known/oauth-authorization-server`)).json()) as Record<string, string>;
    expect(metadata.authorization_endpoint).toBe(`${azure.origin}/${azure.tenantId}/oauth2/v2.0/authorize`);
    expect(metadata.registration_endpoint).toBe(`${platform.url}/register`);
    const registered = await fetch(`${platform.url}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ redirect_uris: ['http://127.0.0.1:53682/callback'], client_name: 'Entra MCP client', token_endpoint_auth_method: 'none' }),
    });
    expect(registered.status).toBe(201);
    const { client_id } = (await registered.json()) as { client_id: string };
    expect(azure.clientOf(client_id)).toMatchObject({ client_id });
  });

  it("accepts the user's Entra token for the gateway's API as the linked platform user, with their role", async () => {
    const user = await linkedViewer();
    const token = await azure.userAccessToken({ oid: user.oid, aud: apiAudience });
    const client = new Client({ name: 'entra-client', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
    expect(Array.isArray((await client.listTools()).tools)).toBe(true);
    await client.close();
    // The bare appId as audience is Entra's other form for the same API.
    expect((await initialize(await azure.userAccessToken({ oid: user.oid, aud: fakeGatewayApi.appId }))).status).toBe(200);
  });

  it('refuses tokens of no linked or no active user, for another API, expired, or not signed by the tenant', async () => {
    const unlinked = await initialize(await azure.userAccessToken({ oid: randomUUID(), aud: apiAudience }));
    expect(unlinked.status).toBe(401);
    expect(unlinked.text).toContain('sign in to the portal once with Microsoft Entra');
    expect(unlinked.challenge).toContain('error="invalid_token"');

    const user = await linkedViewer();
    const otherApi = await initialize(await azure.userAccessToken({ oid: user.oid, aud: `api://${randomUUID()}` }));
    expect(otherApi.status).toBe(401);
    expect(otherApi.text).toContain('another API');
    const expired = await initialize(await azure.userAccessToken({ oid: user.oid, aud: apiAudience, exp: Math.floor(Date.now() / 1000) - 60 }));
    expect(expired.status).toBe(401);

    const forgerKey = await generateKeyPair('RS256');
    const forged = await new SignJWT({ oid: user.oid, tid: azure.tenantId })
      .setProtectedHeader({ alg: 'RS256', kid: 'forged' })
      .setIssuer(`${azure.origin}/${azure.tenantId}/v2.0`)
      .setAudience(apiAudience)
      .setExpirationTime('1h')
      .sign(forgerKey.privateKey);
    expect((await initialize(forged)).status).toBe(401);

    await platform.request('mutation($id: ID!) { updateUser(id: $id, disabled: true) { id } }', { id: user.id }, adminToken);
    expect((await initialize(await azure.userAccessToken({ oid: user.oid, aud: apiAudience }))).status).toBe(401);
  });
});
