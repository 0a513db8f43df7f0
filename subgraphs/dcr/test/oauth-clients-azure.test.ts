import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { dcrTables } from '@mcp-portal/schema';
import type { SubgraphHarness } from '@mcp-portal/kit/testing';
import type { DcrServices } from '../src/index.ts';
import { vaultSecretName } from '../src/registration/index.ts';
import { hashSecret } from '../src/registration/secrets.ts';
import { oauthClientStore } from '../src/store/oauth-clients.ts';
import { clientRow, noRegistrationLimits, registrationAuditRows, startRegistrationHarness } from './registration-harness.ts';
import { azureBackendEnv, startFakeAzure, type FakeAzure, type FakeAzureStep } from './registration-azure-fake.ts';

/**
 * Revoking a client of the azure backend through GraphQL (issue 14, Admin): the vault secret, the service principal
 * and the application go with the row; a backend failure revokes nothing and can be retried. Rotating its secret: a
 * new password, kept as the vault secret's next version, the old password removed; a failure at any step leaves the
 * old secret working. The local Entra ID, Graph and Key Vault servers are test/registration-azure-fake.ts's (TLS
 * from the global setup).
 */
let azure: FakeAzure;
let harness: SubgraphHarness<DcrServices>;
let admin: string;

beforeAll(async () => {
  azure = await startFakeAzure();
  harness = await startRegistrationHarness({
    ...noRegistrationLimits,
    ...azureBackendEnv(azure),
  });
  admin = await harness.tokens.tokenFor(harness.tokens.viewer('admin'));
});
afterAll(async () => {
  await harness?.close();
  await azure?.close();
});

interface Registered {
  client_id: string;
  client_secret: string;
  client_secret_expires_at: number;
  registration_access_token: string;
}

async function register(): Promise<Registered> {
  const response = await fetch(`${harness.subgraph.url}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ redirect_uris: ['https://client.example/callback'], client_name: 'Azure admin client' }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as Registered;
}

const rotate = (clientId: string) =>
  harness.request<{ rotateOAuthClientSecret: { clientSecret: string; client: { clientId: string } } }>(
    'mutation($id: String!) { rotateOAuthClientSecret(clientId: $id) { clientSecret client { clientId } } }',
    { id: clientId },
    admin,
  );

/** The application Graph keeps for a client (by its appId). */
const applicationOf = (clientId: string) => [...azure.applications.values()].find((app) => app.appId === clientId)!;

const revoke = (clientId: string) =>
  harness.request<{ revokeOAuthClient: { clientId: string; backend: string; revokedAt: string } }>(
    'mutation($id: String!) { revokeOAuthClient(clientId: $id) { clientId backend revokedAt } }',
    { id: clientId },
    admin,
  );

describe("the authorization server's metadata with the azure backend", () => {
  it("names the Entra tenant's v2.0 endpoints and its own registration endpoint, and no CIMD", async () => {
    const response = await fetch(`${harness.subgraph.url}/.well-known/oauth-authorization-server`);
    expect(response.status).toBe(200);
    const tenant = `${azure.origin}/${azure.tenantId}`;
    const metadata = (await response.json()) as Record<string, unknown>;
    expect(metadata).toMatchObject({
      issuer: new URL(harness.subgraph.url).origin,
      authorization_endpoint: `${tenant}/oauth2/v2.0/authorize`,
      token_endpoint: `${tenant}/oauth2/v2.0/token`,
      jwks_uri: `${tenant}/discovery/v2.0/keys`,
      registration_endpoint: `${new URL(harness.subgraph.url).origin}/register`,
      client_id_metadata_document_supported: false,
      code_challenge_methods_supported: ['S256'],
    });
    expect(metadata.revocation_endpoint).toBeUndefined();
  });
});

describe('OAuth client administration with the azure backend', () => {
  it('revokes a client: the vault secret, the service principal and the application are gone; the row stays, revoked', async () => {
    const client = await register();
    expect(azure.empty()).toBe(false);
    const result = await revoke(client.client_id);
    expect(result.errors).toBeUndefined();
    expect(result.data?.revokeOAuthClient).toMatchObject({ clientId: client.client_id, backend: 'AZURE', revokedAt: expect.any(String) });
    expect(await clientRow(harness, client.client_id)).toMatchObject({
      revokedAt: expect.any(Date),
      clientSecretHash: null,
      azureApplicationId: expect.any(String),
      azureVaultSecretName: vaultSecretName(client.client_id),
    });
    expect(azure.empty()).toBe(true);
    const read = await fetch(`${harness.subgraph.url}/register/${client.client_id}`, {
      headers: { authorization: `Bearer ${client.registration_access_token}` },
    });
    expect(read.status).toBe(401);
    const audit = (await registrationAuditRows(harness)).filter((row) => row.action === 'oauth_client.revoke');
    expect(audit.map((row) => row.targetId)).toEqual([client.client_id]);
  });

  it('revokes nothing when the backend fails, and completes when tried again', async () => {
    const client = await register();
    azure.failNext = { servicePrincipal: 500 };
    const failed = await revoke(client.client_id);
    expect(failed.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(await clientRow(harness, client.client_id)).toMatchObject({ revokedAt: null, clientSecretHash: expect.any(String) });
    azure.failNext = {};
    const again = await revoke(client.client_id);
    expect(again.errors).toBeUndefined();
    expect((await clientRow(harness, client.client_id))?.revokedAt).toEqual(expect.any(Date));
    expect(azure.empty()).toBe(true);
  });

  it("refuses a client of another backend than the deployment's, for revocation and rotation", async () => {
    await oauthClientStore(harness.database.db).insert({
      clientId: 'left-from-local',
      clientName: 'Local',
      redirectUris: ['https://local.example/cb'],
      grantTypes: ['authorization_code'],
      clientSecretHash: 'x',
    });
    const refused = await revoke('left-from-local');
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await clientRow(harness, 'left-from-local')).not.toBeNull();

    const rotation = await rotate('left-from-local');
    expect(rotation.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(rotation.errors?.[0]?.message).toContain('azure');
    expect((await clientRow(harness, 'left-from-local'))?.clientSecretHash).toBe('x');
  });

  it("rotates a client's secret: a new password, the vault secret's next version, the old password removed; shown once", async () => {
    const client = await register();
    const application = applicationOf(client.client_id);
    const [old] = application.passwords;
    const name = vaultSecretName(client.client_id);
    const requestsBefore = azure.requests.length;

    const result = await rotate(client.client_id);
    expect(result.errors).toBeUndefined();
    const secret = result.data!.rotateOAuthClientSecret.clientSecret;
    expect(secret).not.toBe(client.client_secret);
    expect(azure.accepts(client.client_id, secret)).toBe(true);
    expect(azure.accepts(client.client_id, client.client_secret)).toBe(false);
    expect(application.passwords.map((password) => password.secretText)).toEqual([secret]);
    expect(azure.secretVersions.get(name)).toEqual([client.client_secret, secret]);
    expect(azure.requests.slice(requestsBefore)).toContainEqual({ method: 'POST', path: `/v1.0/applications/${application.id}/removePassword` });

    // The row: the new secret's hash and end; the registration answers that end.
    const row = await clientRow(harness, client.client_id);
    const end = new Date(application.passwords[0]!.endDateTime);
    expect(row).toMatchObject({ clientSecretHash: hashSecret(secret), clientSecretExpiresAt: end, azureVaultSecretName: name });
    expect(end.getTime()).toBeGreaterThanOrEqual(Date.parse(old!.endDateTime));
    const read = await fetch(`${harness.subgraph.url}/register/${client.client_id}`, {
      headers: { authorization: `Bearer ${client.registration_access_token}` },
    });
    expect(((await read.json()) as Registered).client_secret_expires_at).toBe(Math.floor(end.getTime() / 1000));

    // GraphQL shows where it lives and when the new secret expires.
    const shown = await harness.request<{ oauthClient: Record<string, unknown> }>(
      'query($id: String!) { oauthClient(clientId: $id) { clientSecretExpiresAt revokedAt azure { applicationId servicePrincipalId keyVaultUrl keyVaultSecretName } } }',
      { id: client.client_id },
      admin,
    );
    expect(shown.errors).toBeUndefined();
    expect(shown.data?.oauthClient).toEqual({
      clientSecretExpiresAt: end.toISOString(),
      revokedAt: null,
      azure: { applicationId: application.id, servicePrincipalId: row!.azureServicePrincipalId, keyVaultUrl: azure.origin, keyVaultSecretName: name },
    });

    const audit = (await registrationAuditRows(harness)).filter((r) => r.action === 'oauth_client.rotate-secret' && r.targetId === client.client_id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ targetType: 'OAuthClient', outcome: 'success' });
    expect(JSON.stringify(audit[0])).not.toContain(secret);
  });

  // Each fails once, or (`every`) past the SDK's retries of a 5xx.
  const failures: { step: FakeAzureStep; status: number; every?: boolean; newPasswordStays: boolean }[] = [
    { step: 'token', status: 400, newPasswordStays: false },
    { step: 'readApplication', status: 500, newPasswordStays: false },
    { step: 'password', status: 500, newPasswordStays: false },
    // The vault refused the new secret: the new password is removed again.
    { step: 'vault', status: 403, newPasswordStays: false },
    // No telling whether the vault kept it: the new password stays, so that the vault's secret works either way.
    { step: 'vault', status: 500, every: true, newPasswordStays: true },
    // The vault holds the new secret: both work until the next rotation.
    { step: 'removePassword', status: 500, newPasswordStays: true },
  ];

  it.each(failures)(
    'a rotation failing at $step (HTTP $status) leaves the old secret working and the row as it was',
    async ({ step, status, every, newPasswordStays }) => {
      const client = await register();
      const application = applicationOf(client.client_id);
      const name = vaultSecretName(client.client_id);
      const rowBefore = await clientRow(harness, client.client_id);
      if (every) azure.failEvery = { [step]: status };
      else azure.failNext = { [step]: status };
      const failed = await rotate(client.client_id);
      azure.failNext = {};
      azure.failEvery = {};
      expect(failed.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(failed.errors?.[0]?.message).toContain('The old secret still works');
      expect(failed.data?.rotateOAuthClientSecret ?? null).toBeNull();
      expect(azure.accepts(client.client_id, client.client_secret)).toBe(true);
      // Whatever the vault holds works.
      expect(azure.accepts(client.client_id, azure.secrets.get(name)!)).toBe(true);
      expect(application.passwords).toHaveLength(newPasswordStays ? 2 : 1);
      expect(await clientRow(harness, client.client_id)).toEqual(rowBefore);
      expect((await registrationAuditRows(harness)).filter((r) => r.action === 'oauth_client.rotate-secret' && r.targetId === client.client_id)).toEqual([]);

      // The next rotation leaves only its own password.
      const again = await rotate(client.client_id);
      expect(again.errors).toBeUndefined();
      const secret = again.data!.rotateOAuthClientSecret.clientSecret;
      expect(application.passwords.map((password) => password.secretText)).toEqual([secret]);
      expect(azure.secrets.get(name)).toBe(secret);
      expect(azure.accepts(client.client_id, client.client_secret)).toBe(false);
    },
  );

  it("rotates an older row's client (no object ids stored) through its appId, and refuses a public client", async () => {
    const client = await register();
    await harness.database.db
      .update(dcrTables.oauthClients)
      .set({ azureApplicationId: null, azureServicePrincipalId: null, azureVaultUrl: null, azureVaultSecretName: null })
      .where(eq(dcrTables.oauthClients.clientId, client.client_id));
    const result = await rotate(client.client_id);
    expect(result.errors).toBeUndefined();
    const application = applicationOf(client.client_id);
    expect(azure.requests).toContainEqual({ method: 'GET', path: `/v1.0/applications(appId='${client.client_id}')?$select=id,passwordCredentials` });
    expect(await clientRow(harness, client.client_id)).toMatchObject({
      azureApplicationId: application.id,
      azureVaultUrl: azure.origin,
      azureVaultSecretName: vaultSecretName(client.client_id),
    });

    const response = await fetch(`${harness.subgraph.url}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ redirect_uris: ['https://spa.example/cb'], token_endpoint_auth_method: 'none' }),
    });
    const publicClient = (await response.json()) as Registered;
    const refused = await rotate(publicClient.client_id);
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0]?.message).toContain('public client');
  });
});
