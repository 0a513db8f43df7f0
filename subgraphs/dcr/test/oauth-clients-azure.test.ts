import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubgraphHarness } from '@mcp-portal/kit/testing';
import type { DcrServices } from '../src/index.ts';
import { oauthClientStore } from '../src/store/oauth-clients.ts';
import { clientRow, noRegistrationLimits, registrationAuditRows, startRegistrationHarness } from './registration-harness.ts';
import { azureBackendEnv, startFakeAzure, type FakeAzure } from './registration-azure-fake.ts';

/**
 * Revoking a client of the azure backend through GraphQL (issue 14, Admin): the vault secret, the service principal
 * and the application go with the row; a backend failure revokes nothing and can be retried; rotation stays local only.
 * The local Entra ID, Graph and Key Vault servers are test/registration-azure-fake.ts's (TLS from the global setup).
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

async function register(): Promise<{ client_id: string; registration_access_token: string }> {
  const response = await fetch(`${harness.subgraph.url}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ redirect_uris: ['https://client.example/callback'], client_name: 'Azure admin client' }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { client_id: string; registration_access_token: string };
}

const revoke = (clientId: string) =>
  harness.request<{ revokeOAuthClient: { clientId: string; backend: string; revokedAt: string } }>(
    'mutation($id: String!) { revokeOAuthClient(clientId: $id) { clientId backend revokedAt } }',
    { id: clientId },
    admin,
  );

describe('OAuth client administration with the azure backend', () => {
  it('revokes a client: the vault secret, the service principal and the application are gone with the row', async () => {
    const client = await register();
    expect(azure.empty()).toBe(false);
    const result = await revoke(client.client_id);
    expect(result.errors).toBeUndefined();
    expect(result.data?.revokeOAuthClient).toMatchObject({ clientId: client.client_id, backend: 'AZURE', revokedAt: expect.any(String) });
    expect(await clientRow(harness, client.client_id)).toBeNull();
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
    expect(await clientRow(harness, client.client_id)).not.toBeNull();
    azure.failNext = {};
    const again = await revoke(client.client_id);
    expect(again.errors).toBeUndefined();
    expect(await clientRow(harness, client.client_id)).toBeNull();
    expect(azure.empty()).toBe(true);
  });

  it("refuses a client of another backend than the deployment's, and rotation outside the local backend", async () => {
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

    const client = await register();
    const rotation = await harness.request(
      'mutation($id: String!) { rotateOAuthClientSecret(clientId: $id) { clientSecret } }',
      { id: client.client_id },
      admin,
    );
    expect(rotation.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(rotation.errors?.[0]?.message).toContain('azure');
  });
});
