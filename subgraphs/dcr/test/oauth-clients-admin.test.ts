import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubgraphHarness } from '@mcp-portal/kit/testing';
import type { DcrServices } from '../src/index.ts';
import { grantStore } from '../src/authorization/grant-store.ts';
import { hashSecret } from '../src/registration/secrets.ts';
import { clientRow, registrationAuditRows, startRegistrationHarness } from './registration-harness.ts';

/**
 * The admin side of registered clients (issue 14): the filtered, paged list, revocation (the row stays, revoked,
 * with its grants) and secret rotation.
 */
let harness: SubgraphHarness<DcrServices>;
let admin: string;
const endpoint = 'http://127.0.0.1:4000/register';
const alice = { userId: '11111111-1111-4111-8111-111111111111', email: 'alice@example.test', role: 'viewer' as const };

interface Registered {
  client_id: string;
  client_secret?: string;
  registration_access_token: string;
}

async function register(metadata: Record<string, unknown>, signedIn = false): Promise<Registered> {
  const actor = { viewer: signedIn ? alice : null, requestId: 'test', sourceIp: '203.0.113.7' };
  return (await harness.subgraph.services.registration.register(metadata, { actor, endpoint })) as unknown as Registered;
}

let confidential: Registered;
let publicClient: Registered;
let other: Registered;

beforeAll(async () => {
  harness = await startRegistrationHarness();
  admin = await harness.tokens.tokenFor(harness.tokens.viewer('admin'));
  confidential = await register({ redirect_uris: ['https://app.example/cb', 'https://app.example/cb2'], client_name: 'Confidential App' }, true);
  publicClient = await register({ redirect_uris: ['http://127.0.0.1:33418/callback'], client_name: 'Desktop', token_endpoint_auth_method: 'none' });
  other = await register({ redirect_uris: ['com.example.app:/oauth2redirect'], application_type: 'native', client_name: 'Phone' });
});
afterAll(async () => {
  await harness?.close();
});

const fields = `clientId clientName backend redirectUris redirectHosts grantTypes tokenEndpointAuthMethod applicationType
  createdBy { id } sourceAddress createdAt updatedAt lastUsedAt revokedAt clientSecretExpiresAt
  azure { applicationId servicePrincipalId keyVaultUrl keyVaultSecretName }`;

interface Page {
  clients: { clientId: string; [key: string]: unknown }[];
  endCursor: string | null;
  hasNextPage: boolean;
  totalCount: number;
}

async function page(variables: Record<string, unknown>): Promise<Page> {
  const result = await harness.request<{ oauthClients: Page }>(
    `query($filter: OAuthClientFilter, $first: Int, $after: String) { oauthClients(filter: $filter, first: $first, after: $after) { clients { ${fields} } endCursor hasNextPage totalCount } }`,
    variables,
    admin,
  );
  expect(result.errors).toBeUndefined();
  return result.data!.oauthClients;
}

describe('OAuth client administration', () => {
  it('is for admins only', async () => {
    const operations = [
      '{ oauthClients { totalCount } }',
      '{ oauthClients(filter: { status: REVOKED }) { clients { clientId revokedAt clientSecretExpiresAt } } }',
      `{ oauthClient(clientId: "${confidential.client_id}") { revokedAt clientSecretExpiresAt azure { applicationId keyVaultSecretName } } }`,
      `mutation { revokeOAuthClient(clientId: "${confidential.client_id}") { clientId } }`,
      `mutation { rotateOAuthClientSecret(clientId: "${confidential.client_id}") { clientSecret } }`,
    ];
    for (const query of operations) {
      expect((await harness.request(query)).errors?.[0]?.extensions?.code, query).toBe('UNAUTHENTICATED');
      for (const role of ['viewer', 'operator'] as const) {
        const token = await harness.tokens.tokenFor(harness.tokens.viewer(role));
        expect((await harness.request(query, {}, token)).errors?.[0]?.extensions?.code, `${role}: ${query}`).toBe('FORBIDDEN');
      }
    }
    expect(await clientRow(harness, confidential.client_id)).not.toBeNull();
  });

  it('lists every field, newest first, page by page', async () => {
    const first = await page({ first: 2 });
    expect(first.totalCount).toBe(3);
    expect(first.hasNextPage).toBe(true);
    expect(first.clients.map((c) => c.clientId)).toEqual([other.client_id, publicClient.client_id]);
    const second = await page({ first: 2, after: first.endCursor });
    expect(second.hasNextPage).toBe(false);
    expect(second.clients).toEqual([
      {
        clientId: confidential.client_id,
        clientName: 'Confidential App',
        backend: 'LOCAL',
        redirectUris: ['https://app.example/cb', 'https://app.example/cb2'],
        redirectHosts: ['app.example'],
        grantTypes: ['authorization_code'],
        tokenEndpointAuthMethod: 'CLIENT_SECRET_BASIC',
        applicationType: 'WEB',
        createdBy: { id: alice.userId },
        sourceAddress: '203.0.113.7',
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        lastUsedAt: null,
        revokedAt: null,
        // A local secret does not expire; a local client lives nowhere else.
        clientSecretExpiresAt: null,
        azure: null,
      },
    ]);
    expect(first.clients[0]).toMatchObject({ redirectHosts: ['com.example.app'], applicationType: 'NATIVE', createdBy: null });
    const bad = await harness.request('{ oauthClients(after: "nonsense") { totalCount } }', {}, admin);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('filters by backend, creator and search', async () => {
    expect((await page({ filter: { backend: 'AZURE' } })).totalCount).toBe(0);
    expect((await page({ filter: { backend: 'LOCAL' } })).totalCount).toBe(3);
    expect((await page({ filter: { createdBy: alice.userId } })).clients.map((c) => c.clientId)).toEqual([confidential.client_id]);
    expect((await page({ filter: { search: 'desk' } })).clients.map((c) => c.clientId)).toEqual([publicClient.client_id]);
    expect((await page({ filter: { search: '127.0.0.1' } })).clients.map((c) => c.clientId)).toEqual([publicClient.client_id]);
    expect((await page({ filter: { search: '%' } })).totalCount).toBe(0);
  });

  it('rotates a confidential client secret once, audited without the secret', async () => {
    const result = await harness.request<{ rotateOAuthClientSecret: { clientSecret: string; client: { clientId: string } } }>(
      'mutation($id: String!) { rotateOAuthClientSecret(clientId: $id) { clientSecret client { clientId } } }',
      { id: confidential.client_id },
      admin,
    );
    expect(result.errors).toBeUndefined();
    const secret = result.data!.rotateOAuthClientSecret.clientSecret;
    expect(secret).not.toBe(confidential.client_secret);
    const row = await clientRow(harness, confidential.client_id);
    expect(row?.clientSecretHash).toBe(hashSecret(secret));
    const audit = (await registrationAuditRows(harness)).filter((r) => r.action === 'oauth_client.rotate-secret');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ targetType: 'OAuthClient', targetId: confidential.client_id, outcome: 'success' });
    expect(JSON.stringify(audit[0])).not.toContain(secret);

    const refused = await harness.request(
      'mutation($id: String!) { rotateOAuthClientSecret(clientId: $id) { clientSecret } }',
      { id: publicClient.client_id },
      admin,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0]?.message).toContain('public client');
    const unknown = await harness.request('mutation { rotateOAuthClientSecret(clientId: "nobody") { clientSecret } }', {}, admin);
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('revokes a client: its registration access token and its grants stop working; it stays listed as revoked', async () => {
    await expect(harness.subgraph.services.registration.read(other.client_id, other.registration_access_token, { endpoint })).resolves.toMatchObject({
      client_id: other.client_id,
    });
    const grant = { clientKind: 'registered' as const, userId: alice.userId, scope: '', resource: 'http://127.0.0.1:4000/mcp' };
    const [granted, otherClients] = [
      await grantStore.insert(harness.database.db, { ...grant, clientId: other.client_id }),
      await grantStore.insert(harness.database.db, { ...grant, clientId: confidential.client_id }),
    ];
    const result = await harness.request<{ revokeOAuthClient: { clientId: string; revokedAt: string | null } }>(
      'mutation($id: String!) { revokeOAuthClient(clientId: $id) { clientId revokedAt } }',
      { id: other.client_id },
      admin,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.revokeOAuthClient.clientId).toBe(other.client_id);
    const revokedAt = result.data!.revokeOAuthClient.revokedAt;
    expect(revokedAt).toEqual(expect.any(String));
    // The row stays for the record, revoked, without the hashes of its secret and registration access token.
    expect(await clientRow(harness, other.client_id)).toMatchObject({
      revokedAt: new Date(revokedAt!),
      clientSecretHash: null,
      registrationAccessTokenHash: null,
      clientName: 'Phone',
    });
    expect((await grantStore.byId(harness.database.db, granted.id))?.revokedAt).toEqual(expect.any(Date));
    expect((await grantStore.byId(harness.database.db, otherClients.id))?.revokedAt).toBeNull();
    await expect(harness.subgraph.services.registration.read(other.client_id, other.registration_access_token, { endpoint })).rejects.toMatchObject({
      status: 401,
      code: 'invalid_token',
    });
    const audit = (await registrationAuditRows(harness)).filter((r) => r.action === 'oauth_client.revoke');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ targetType: 'OAuthClient', targetId: other.client_id, outcome: 'success' });
    expect(JSON.stringify(audit[0])).not.toContain(other.registration_access_token);
    // Listed with its revokedAt; the service's status filter tells live clients from revoked ones.
    const listed = await page({});
    expect(listed.totalCount).toBe(3);
    expect(listed.clients.find((c) => c.clientId === other.client_id)).toMatchObject({ revokedAt });
    const active = await page({ filter: { status: 'ACTIVE' } });
    expect(active.clients.map((c) => c.clientId)).toEqual([publicClient.client_id, confidential.client_id]);
    expect(active.totalCount).toBe(2);
    const revokedOnes = await page({ filter: { status: 'REVOKED', search: 'phone' } });
    expect(revokedOnes.clients.map((c) => c.clientId)).toEqual([other.client_id]);
    expect((await page({ filter: { status: 'REVOKED', backend: 'AZURE' } })).totalCount).toBe(0);
    const bad = await harness.request('{ oauthClients(filter: { status: GONE }) { totalCount } }', {}, admin);
    expect(bad.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const one = await harness.request<{ oauthClient: { revokedAt: string } }>(
      'query($id: String!) { oauthClient(clientId: $id) { revokedAt } }',
      { id: other.client_id },
      admin,
    );
    expect(one.data?.oauthClient.revokedAt).toBe(revokedAt);

    // A revoked client stays revoked: revoking or rotating it again is refused.
    for (const mutation of ['revokeOAuthClient(clientId: $id) { clientId }', 'rotateOAuthClientSecret(clientId: $id) { clientSecret }']) {
      const again = await harness.request(`mutation($id: String!) { ${mutation} }`, { id: other.client_id }, admin);
      expect(again.errors?.[0]?.extensions?.code, mutation).toBe('BAD_USER_INPUT');
      expect(again.errors?.[0]?.message, mutation).toContain('was revoked');
    }
    expect((await registrationAuditRows(harness)).filter((r) => r.action === 'oauth_client.revoke')).toHaveLength(1);
    const unknown = await harness.request('mutation { revokeOAuthClient(clientId: "nobody") { clientId } }', {}, admin);
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
