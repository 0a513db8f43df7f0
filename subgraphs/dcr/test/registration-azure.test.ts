import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { dcrTables } from '@mcp-portal/schema';
import type { SubgraphHarness } from '@mcp-portal/kit/testing';
import { ConfigError } from '@mcp-portal/kit';
import type { DcrServices } from '../src/index.ts';
import { readDcrSettings } from '../src/settings.ts';
import { vaultSecretName } from '../src/registration/index.ts';
import { clientRow, clientRows, noRegistrationLimits, registrationAuditRows, startRegistrationHarness } from './registration-harness.ts';
import { watchNetwork, type NetworkWatch } from './network-watch.ts';
import { azureBackendEnv, fakeGatewayApi, startFakeAzure, type FakeAzure, type FakeAzureStep } from './registration-azure-fake.ts';

/**
 * The `azure` backend with the real SDK clients (@azure/identity, @microsoft/microsoft-graph-client,
 * @azure/keyvault-secrets) against local https servers that speak Entra ID's token endpoint, Graph v1.0 and Key
 * Vault (test/registration-azure-fake.ts), trusted through NODE_EXTRA_CA_CERTS (test/registration-azure-tls.setup.ts):
 * register → read → update → delete tears it all down; a failure at each step rolls back what the steps before it
 * created, answers the right RFC 7591 error and stores nothing.
 */

const { appId: apiAppId, scopeId: apiScopeId } = fakeGatewayApi;

let azure: FakeAzure;
let harness: SubgraphHarness<DcrServices>;
let base: string;

/** Every host name looked up and every address connected to while this file runs: loopback only. */
let network: NetworkWatch;

beforeAll(async () => {
  network = watchNetwork();
  azure = await startFakeAzure();
  harness = await startRegistrationHarness({
    ...noRegistrationLimits,
    ...azureBackendEnv(azure),
  });
  base = harness.subgraph.url;
});
afterAll(async () => {
  await harness?.close();
  await azure?.close();
  network?.restore();
});
beforeEach(() => {
  azure.failNext = {};
});

async function register(metadata: Record<string, unknown>) {
  const response = await fetch(`${base}/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(metadata) });
  return { response, body: (await response.json()) as Record<string, unknown> };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

const confidential = {
  redirect_uris: ['https://client.example/callback'],
  client_uri: 'https://client.example/',
  client_name: 'Azure Example Client',
  token_endpoint_auth_method: 'client_secret_basic',
};

describe('dynamic client registration with the azure backend (Entra ID + Key Vault)', () => {
  it('registers, reads, updates and deletes a confidential client; the secret lives only in the vault', async () => {
    expect(azure.empty()).toBe(true);
    const { response, body } = await register(confidential);
    expect(response.status).toBe(201);
    const clientId = body.client_id as string;
    const clientSecret = body.client_secret as string;
    const token = body.registration_access_token as string;

    // The application, its password, its service principal and the vault secret exist; client_id is the appId.
    const [application, ...others] = [...azure.applications.values()];
    expect(others).toEqual([]);
    expect(application!.appId).toBe(clientId);
    expect(application!.body).toMatchObject({
      displayName: 'Azure Example Client',
      signInAudience: 'AzureADMyOrg',
      web: { redirectUris: ['https://client.example/callback'] },
      spa: { redirectUris: [] },
      publicClient: { redirectUris: [] },
      requiredResourceAccess: [{ resourceAppId: apiAppId, resourceAccess: [{ id: apiScopeId, type: 'Scope' }] }],
      info: { marketingUrl: 'https://client.example/', privacyStatementUrl: null, termsOfServiceUrl: null },
    });
    expect(application!.passwords.map((password) => password.secretText)).toEqual([clientSecret]);
    expect([...azure.servicePrincipals.values()]).toEqual([clientId]);
    expect([...azure.secrets]).toEqual([[vaultSecretName(clientId), clientSecret]]);

    // The local row: backend azure, the appId, where it lives (object ids, vault and secret name), no secret in clear.
    const row = await clientRow(harness, clientId);
    const password = application!.passwords[0]!;
    expect(row).toMatchObject({
      backend: 'azure',
      clientName: 'Azure Example Client',
      tokenEndpointAuthMethod: 'client_secret_basic',
      azureApplicationId: application!.id,
      azureServicePrincipalId: [...azure.servicePrincipals.keys()][0],
      azureVaultUrl: azure.origin,
      azureVaultSecretName: vaultSecretName(clientId),
      clientSecretExpiresAt: new Date(password.endDateTime),
    });
    expect(JSON.stringify(row)).not.toContain(clientSecret);
    // The secret expires when its password does (RFC 7591: seconds since the epoch).
    expect(body.client_secret_expires_at).toBe(Math.floor(Date.parse(password.endDateTime) / 1000));
    expect(body.client_secret_expires_at).toBeGreaterThan(Date.now() / 1000 + 365 * 86_400);

    // Read (RFC 7592 §2.1): no secret again.
    const read = await fetch(`${base}/register/${clientId}`, { headers: bearer(token) });
    expect(read.status).toBe(200);
    const information = (await read.json()) as Record<string, unknown>;
    expect(information).toMatchObject({
      client_id: clientId,
      redirect_uris: ['https://client.example/callback'],
      client_secret_expires_at: body.client_secret_expires_at,
    });
    expect(information.client_secret).toBeUndefined();

    // Update (RFC 7592 §2.2): the application's name and redirect URIs follow.
    const update = await fetch(`${base}/register/${clientId}`, {
      method: 'PUT',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      body: JSON.stringify({ ...confidential, client_id: clientId, client_name: 'Renamed', redirect_uris: ['https://client.example/other'] }),
    });
    expect(update.status).toBe(200);
    expect(application!.body).toMatchObject({ displayName: 'Renamed', web: { redirectUris: ['https://client.example/other'] } });
    expect(azure.requests).toContainEqual({ method: 'PATCH', path: `/v1.0/applications(appId='${clientId}')` });

    // Delete (RFC 7592 §2.3): the vault secret (deleted and purged), the service principal and the application are
    // gone, addressed by the object ids the row stored.
    const deletion = await fetch(`${base}/register/${clientId}`, { method: 'DELETE', headers: bearer(token) });
    expect(deletion.status).toBe(204);
    expect(azure.empty()).toBe(true);
    expect(azure.requests).toContainEqual({ method: 'DELETE', path: `/v1.0/servicePrincipals/${row!.azureServicePrincipalId}` });
    expect(azure.requests).toContainEqual({ method: 'DELETE', path: `/v1.0/applications/${application!.id}` });
    expect(await clientRow(harness, clientId)).toBeNull();
    expect((await fetch(`${base}/register/${clientId}`, { headers: bearer(token) })).status).toBe(401);
    expect((await registrationAuditRows(harness)).filter((row) => row.targetId === clientId).map((row) => row.action)).toEqual([
      'oauth_client.register',
      'oauth_client.update',
      'oauth_client.delete',
    ]);
  });

  it('registers public clients without a password or vault secret: spa for browsers, publicClient for native apps', async () => {
    const spa = await register({ redirect_uris: ['https://spa.example/cb'], token_endpoint_auth_method: 'none' });
    const native = await register({ redirect_uris: ['com.example.app:/cb'], token_endpoint_auth_method: 'none', application_type: 'native' });
    expect([spa.response.status, native.response.status]).toEqual([201, 201]);
    expect(spa.body.client_secret).toBeUndefined();
    const applications = [...azure.applications.values()];
    const spaApp = applications.find((app) => app.appId === spa.body.client_id)!;
    const nativeApp = applications.find((app) => app.appId === native.body.client_id)!;
    expect(spaApp.body).toMatchObject({ spa: { redirectUris: ['https://spa.example/cb'] }, web: { redirectUris: [] } });
    expect(nativeApp.body).toMatchObject({ publicClient: { redirectUris: ['com.example.app:/cb'] }, isFallbackPublicClient: true });
    expect([spaApp, nativeApp].map((app) => app.passwords.length)).toEqual([0, 0]);
    expect(azure.secrets.size).toBe(0);
    expect(spa.body).not.toHaveProperty('client_secret_expires_at');
    expect(await clientRow(harness, spa.body.client_id as string)).toMatchObject({
      azureApplicationId: spaApp.id,
      azureServicePrincipalId: expect.any(String),
      azureVaultUrl: null,
      azureVaultSecretName: null,
      clientSecretExpiresAt: null,
    });
    expect(azure.servicePrincipals.size).toBe(2);
    for (const { body } of [spa, native]) {
      const deletion = await fetch(`${base}/register/${body.client_id as string}`, {
        method: 'DELETE',
        headers: bearer(body.registration_access_token as string),
      });
      expect(deletion.status).toBe(204);
    }
    expect(azure.empty()).toBe(true);
  });

  it('PUT answers the application refused by Graph and keeps the row; a failed DELETE keeps the row and can be retried', async () => {
    const { body } = await register(confidential);
    const clientId = body.client_id as string;
    const token = body.registration_access_token as string;
    azure.failNext.application = 400;
    const update = await fetch(`${base}/register/${clientId}`, {
      method: 'PUT',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      body: JSON.stringify({ ...confidential, client_id: clientId, redirect_uris: ['https://client.example/refused'] }),
    });
    expect(update.status).toBe(400);
    expect(((await update.json()) as { error: string }).error).toBe('invalid_client_metadata');
    expect((await clientRow(harness, clientId))?.redirectUris).toEqual(['https://client.example/callback']);

    azure.failNext.servicePrincipal = 500;
    const refused = await fetch(`${base}/register/${clientId}`, { method: 'DELETE', headers: bearer(token) });
    expect(refused.status).toBe(503);
    expect(await clientRow(harness, clientId)).not.toBeNull();
    // The vault secret went first; the retry finds it gone and finishes the rest.
    expect(azure.secrets.size).toBe(0);
    const retried = await fetch(`${base}/register/${clientId}`, { method: 'DELETE', headers: bearer(token) });
    expect(retried.status).toBe(204);
    expect(azure.empty()).toBe(true);
    expect(await clientRow(harness, clientId)).toBeNull();
  });

  it("deletes an older row's client (no object ids stored) by its appId, and the vault secret named after it", async () => {
    const { body } = await register(confidential);
    const clientId = body.client_id as string;
    await harness.database.db
      .update(dcrTables.oauthClients)
      .set({ azureApplicationId: null, azureServicePrincipalId: null, azureVaultUrl: null, azureVaultSecretName: null })
      .where(eq(dcrTables.oauthClients.clientId, clientId));
    const deletion = await fetch(`${base}/register/${clientId}`, { method: 'DELETE', headers: bearer(body.registration_access_token as string) });
    expect(deletion.status).toBe(204);
    expect(azure.empty()).toBe(true);
    expect(azure.requests).toContainEqual({ method: 'DELETE', path: `/v1.0/applications(appId='${clientId}')` });
    expect(azure.requests).toContainEqual({ method: 'DELETE', path: `/v1.0/servicePrincipals(appId='${clientId}')` });
  });

  it('removes the application, service principal and vault secret again when the local row cannot be stored', async () => {
    // A row already holds the appId Graph hands out next: the insert fails after every Azure step succeeded.
    const appId = randomUUID();
    await harness.database.db.insert(dcrTables.oauthClients).values({ clientId: appId, clientName: 'taken', redirectUris: [], grantTypes: [] });
    const rowsBefore = await clientRows(harness);
    azure.nextAppId = appId;
    const { response, body } = await register(confidential);
    expect(response.status).toBeGreaterThanOrEqual(500);
    expect(body.client_secret).toBeUndefined();
    expect(azure.requests.some(({ method, path }) => method === 'PUT' && path.startsWith(`/secrets/${vaultSecretName(appId)}`))).toBe(true);
    expect(azure.empty()).toBe(true);
    expect(await clientRows(harness)).toBe(rowsBefore);
    await harness.database.db.delete(dcrTables.oauthClients).where(eq(dcrTables.oauthClients.clientId, appId));
  });

  const failures: { step: FakeAzureStep; status: number; answer: number; error: string; createdBefore: string[] }[] = [
    { step: 'token', status: 400, answer: 502, error: 'server_error', createdBefore: [] },
    { step: 'application', status: 400, answer: 400, error: 'invalid_client_metadata', createdBefore: [] },
    { step: 'application', status: 500, answer: 503, error: 'temporarily_unavailable', createdBefore: [] },
    { step: 'password', status: 500, answer: 503, error: 'temporarily_unavailable', createdBefore: ['application'] },
    { step: 'servicePrincipal', status: 403, answer: 502, error: 'server_error', createdBefore: ['application', 'password'] },
    { step: 'vault', status: 403, answer: 502, error: 'server_error', createdBefore: ['application', 'password', 'servicePrincipal'] },
    // Last: after a 5xx MSAL holds back token requests for a while (its throttling), so nothing may come after it.
    { step: 'token', status: 500, answer: 503, error: 'temporarily_unavailable', createdBefore: [] },
  ];

  it.each(failures)(
    'a failure at $step (HTTP $status) rolls back $createdBefore and answers $answer $error, storing nothing',
    async ({ step, status, answer, error, createdBefore }) => {
      const rowsBefore = await clientRows(harness);
      const requestsBefore = azure.requests.length;
      azure.failNext[step] = status;
      const { response, body } = await register(confidential);
      expect(response.status).toBe(answer);
      expect(body.error).toBe(error);
      expect(body.error_description).toEqual(expect.any(String));
      expect(JSON.stringify(body)).not.toContain(azure.clientSecret);
      if (answer === 503) expect(response.headers.get('retry-after')).toBe('30');
      expect(response.headers.get('cache-control')).toBe('no-store');
      // Nothing is left: no application (nor its password), no service principal, no vault secret, no row.
      expect(azure.empty()).toBe(true);
      expect(await clientRows(harness)).toBe(rowsBefore);
      // The steps before the failing one ran, and their undo ran newest first.
      const requests = azure.requests.slice(requestsBefore).map(({ method, path }) => `${method} ${path.split('?')[0]}`);
      const ran = (pattern: RegExp) => requests.findIndex((request) => pattern.test(request));
      if (createdBefore.includes('application')) {
        expect(ran(/^POST \/v1\.0\/applications$/)).toBeGreaterThanOrEqual(0);
        expect(ran(/^DELETE \/v1\.0\/applications\/[0-9a-f-]+$/)).toBeGreaterThan(0);
      }
      if (createdBefore.includes('servicePrincipal')) {
        expect(ran(/^DELETE \/v1\.0\/servicePrincipals\/[0-9a-f-]+$/)).toBeGreaterThan(0);
        expect(ran(/^DELETE \/v1\.0\/servicePrincipals\//)).toBeLessThan(ran(/^DELETE \/v1\.0\/applications\//));
      }
      if (createdBefore.includes('password')) expect(ran(/\/addPassword$/)).toBeGreaterThan(0);
      if (step === 'token')
        expect(requests.filter((request) => !request.startsWith('GET ')).every((request) => request.endsWith('/oauth2/v2.0/token'))).toBe(true);
    },
  );

  it('sends nothing beyond loopback: every lookup and connection of the SDKs went to 127.0.0.1', () => {
    expect(azure.requests.length).toBeGreaterThan(0);
    expect(network.offLoopback()).toEqual([]);
    expect(network.connectedTo).toContain('127.0.0.1');
  });

  it('needs every MCP_DCR_AZURE_* setting when MCP_DCR_BACKEND is azure; local stays the default', () => {
    expect(readDcrSettings({}).registration.azure).toBeUndefined();
    expect(() => readDcrSettings({ MCP_DCR_BACKEND: 'azure', MCP_DCR_AZURE_TENANT_ID: 'contoso' })).toThrow(ConfigError);
    expect(() => readDcrSettings({ MCP_DCR_BACKEND: 'azure' })).toThrow(/MCP_DCR_AZURE_CLIENT_SECRET: required when MCP_DCR_BACKEND is azure/);
    expect(() => readDcrSettings({ MCP_DCR_BACKEND: 'azure', MCP_DCR_AZURE_KEY_VAULT_URL: 'http://vault.example' })).toThrow(/MCP_DCR_AZURE_KEY_VAULT_URL/);
    expect(() => readDcrSettings({ MCP_DCR_BACKEND: 'cloud' })).toThrow(/MCP_DCR_BACKEND/);
  });
});
