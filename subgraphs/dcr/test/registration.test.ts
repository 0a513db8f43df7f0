import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { dcrTables } from '@mcp-portal/schema';
import type { SubgraphHarness } from '@mcp-portal/kit/testing';
import type { DcrServices } from '../src/index.ts';
import { grantStore } from '../src/authorization/grant-store.ts';
import { clientRow, clientRows, registrationAuditRows, startRegistrationHarness } from './registration-harness.ts';

/**
 * RFC 7591 registration and RFC 7592 management with the local backend, over real HTTP and Postgres:
 * register → read → update → delete → read is refused; public clients get no secret; secrets are stored hashed;
 * every change has its audit row.
 */

let harness: SubgraphHarness<DcrServices>;
let base: string;

beforeAll(async () => {
  harness = await startRegistrationHarness();
  base = harness.subgraph.url;
});
afterAll(async () => {
  await harness?.close();
});

const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');

async function register(metadata: Record<string, unknown>) {
  const response = await fetch(`${base}/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(metadata) });
  return { response, body: (await response.json()) as Record<string, unknown> };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('dynamic client registration (RFC 7591/7592, local backend)', () => {
  it('registers, reads, updates and deletes a confidential client', async () => {
    const metadata = {
      redirect_uris: ['https://client.example/callback', 'http://127.0.0.1:8123/cb'],
      client_name: 'Example Client',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      logo_uri: 'https://client.example/logo.png',
      scope: 'mcp:tools offline_access',
      software_id: 'example-client',
      software_version: '1.2.3',
      contacts: ['ops@client.example'],
    };
    const before = Math.floor(Date.now() / 1000);
    const { response, body } = await register(metadata);
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('pragma')).toBe('no-cache');
    const clientId = body.client_id as string;
    const clientSecret = body.client_secret as string;
    const token = body.registration_access_token as string;
    expect(clientId).toMatch(/^mcp_[A-Za-z0-9_-]{22}$/);
    expect(clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.client_id_issued_at).toBeGreaterThanOrEqual(before);
    expect(body).toMatchObject({
      client_secret_expires_at: 0,
      registration_client_uri: `${base}/register/${clientId}`,
      redirect_uris: metadata.redirect_uris,
      client_name: 'Example Client',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      application_type: 'web',
      logo_uri: 'https://client.example/logo.png',
      scope: 'mcp:tools offline_access',
      software_id: 'example-client',
      software_version: '1.2.3',
    });
    expect(body).not.toHaveProperty('contacts');

    // Stored hashed: neither the secret nor the token is in the row in clear.
    const row = await clientRow(harness, clientId);
    expect(row).toMatchObject({ backend: 'local', createdBy: null, sourceAddress: '127.0.0.1', lastUsedAt: null });
    expect(row?.clientSecretHash).toBe(sha256(clientSecret));
    expect(row?.registrationAccessTokenHash).toBe(sha256(token));
    expect(JSON.stringify(row)).not.toContain(clientSecret);
    expect(JSON.stringify(row)).not.toContain(token);

    // Read (RFC 7592 §2.1): the metadata, never the secret or the token again.
    const read = await fetch(body.registration_client_uri as string, { headers: bearer(token) });
    expect(read.status).toBe(200);
    expect(read.headers.get('cache-control')).toBe('no-store');
    const readBody = (await read.json()) as Record<string, unknown>;
    expect(readBody).toMatchObject({ client_id: clientId, client_name: 'Example Client', client_secret_expires_at: 0, redirect_uris: metadata.redirect_uris });
    expect(readBody).not.toHaveProperty('client_secret');
    expect(readBody).not.toHaveProperty('registration_access_token');

    // Update (RFC 7592 §2.2): the whole metadata again; only the metadata changes.
    const update = await fetch(`${base}/register/${clientId}`, {
      method: 'PUT',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      body: JSON.stringify({ ...readBody, client_secret: clientSecret, client_name: 'Renamed Client', redirect_uris: ['https://client.example/new-callback'] }),
    });
    expect(update.status).toBe(200);
    const updated = (await update.json()) as Record<string, unknown>;
    expect(updated).toMatchObject({
      client_id: clientId,
      client_name: 'Renamed Client',
      redirect_uris: ['https://client.example/new-callback'],
      token_endpoint_auth_method: 'client_secret_basic',
    });
    expect(updated.client_id_issued_at).toBe(body.client_id_issued_at);
    expect(updated).not.toHaveProperty('client_secret');
    const afterUpdate = await clientRow(harness, clientId);
    expect(afterUpdate?.clientSecretHash).toBe(sha256(clientSecret));
    expect(afterUpdate?.registrationAccessTokenHash).toBe(sha256(token));
    expect(afterUpdate!.updatedAt.getTime()).toBeGreaterThanOrEqual(row!.updatedAt.getTime());

    // Delete (RFC 7592 §2.3), then the token reads nothing; the client's grants are revoked.
    const grant = await grantStore.insert(harness.database.db, {
      clientId,
      clientKind: 'registered',
      userId: '11111111-1111-4111-8111-111111111111',
      scope: 'mcp:tools',
      resource: 'http://127.0.0.1:4000/mcp',
    });
    const deleted = await fetch(`${base}/register/${clientId}`, { method: 'DELETE', headers: bearer(token) });
    expect(deleted.status).toBe(204);
    expect(await clientRow(harness, clientId)).toBeNull();
    expect((await grantStore.byId(harness.database.db, grant.id))?.revokedAt).toEqual(expect.any(Date));
    const gone = await fetch(`${base}/register/${clientId}`, { headers: bearer(token) });
    expect(gone.status).toBe(401);
    expect(gone.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(await gone.json()).toMatchObject({ error: 'invalid_token' });

    // Every change audited, with no secret in any row.
    const audit = (await registrationAuditRows(harness)).filter((entry) => entry.targetId === clientId);
    expect(audit.map((entry) => [entry.action, entry.outcome])).toEqual([
      ['oauth_client.register', 'success'],
      ['oauth_client.update', 'success'],
      ['oauth_client.delete', 'success'],
    ]);
    expect(audit[0]).toMatchObject({ actorId: null, sourceIp: '127.0.0.1', subgraph: 'dcr', targetType: 'OAuthClient' });
    expect(audit[0]?.detail).toMatchObject({ clientName: 'Example Client', anonymous: true, backend: 'local' });
    expect(JSON.stringify(audit)).not.toContain(clientSecret);
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it('gives a public client (token_endpoint_auth_method none) no secret, with RFC defaults', async () => {
    const { response, body } = await register({ redirect_uris: ['http://[::1]:33418/callback'], token_endpoint_auth_method: 'none' });
    expect(response.status).toBe(201);
    expect(body).not.toHaveProperty('client_secret');
    expect(body).not.toHaveProperty('client_secret_expires_at');
    expect(body).not.toHaveProperty('client_name');
    expect(body).toMatchObject({ grant_types: ['authorization_code'], response_types: ['code'], application_type: 'web', token_endpoint_auth_method: 'none' });
    const row = await clientRow(harness, body.client_id as string);
    expect(row?.clientSecretHash).toBeNull();
    expect(row?.registrationAccessTokenHash).toBe(sha256(body.registration_access_token as string));
  });

  it('defaults to client_secret_basic (RFC 7591 §2) and accepts private-use schemes for native clients', async () => {
    const { response, body } = await register({ redirect_uris: ['com.example.app:/oauth2redirect', 'http://localhost:5000/cb'], application_type: 'native' });
    expect(response.status).toBe(201);
    expect(body).toMatchObject({ token_endpoint_auth_method: 'client_secret_basic', application_type: 'native' });
    expect(typeof body.client_secret).toBe('string');
  });

  it('keeps the secret, the token and the auth method on update, and refuses another client id or secret', async () => {
    const { body } = await register({ redirect_uris: ['https://a.example/cb'], token_endpoint_auth_method: 'client_secret_post', client_name: 'A' });
    const clientId = body.client_id as string;
    const token = body.registration_access_token as string;
    const put = (payload: Record<string, unknown>) =>
      fetch(`${base}/register/${clientId}`, {
        method: 'PUT',
        headers: { ...bearer(token), 'content-type': 'application/json' },
        body: JSON.stringify(payload),
      });
    const cases: [Record<string, unknown>, string][] = [
      [{ client_id: 'someone-else', redirect_uris: ['https://a.example/cb'] }, 'client_id'],
      [{ redirect_uris: ['https://a.example/cb'] }, 'client_id'],
      [{ client_id: clientId, client_secret: 'wrong', redirect_uris: ['https://a.example/cb'] }, 'client_secret'],
      [{ client_id: clientId, token_endpoint_auth_method: 'none', redirect_uris: ['https://a.example/cb'] }, 'token_endpoint_auth_method'],
    ];
    for (const [payload, field] of cases) {
      const response = await put(payload);
      expect(response.status, field).toBe(400);
      const error = (await response.json()) as { error: string; error_description: string };
      expect(error.error, field).toBe('invalid_client_metadata');
      expect(error.error_description, field).toContain(field);
    }
    const row = await clientRow(harness, clientId);
    expect(row).toMatchObject({ clientName: 'A', tokenEndpointAuthMethod: 'client_secret_post' });

    // Omitted fields fall back to their defaults; the auth method stays.
    const ok = await put({ client_id: clientId, redirect_uris: ['https://a.example/cb2'] });
    expect(ok.status).toBe(200);
    const updated = (await ok.json()) as Record<string, unknown>;
    expect(updated).toMatchObject({ token_endpoint_auth_method: 'client_secret_post', redirect_uris: ['https://a.example/cb2'] });
    expect(updated).not.toHaveProperty('client_name');
  });

  it('answers a revoked client as an unknown one: 401 invalid_token for GET, PUT and DELETE, nothing changed', async () => {
    const { body } = await register({ redirect_uris: ['https://revoked.example/cb'], client_name: 'Revoked' });
    const clientId = body.client_id as string;
    const token = body.registration_access_token as string;
    // Revoked with its token's hash still stored: the revocation alone refuses it.
    const revokedAt = new Date();
    await harness.database.db.update(dcrTables.oauthClients).set({ revokedAt }).where(eq(dcrTables.oauthClients.clientId, clientId));
    const requests: RequestInit[] = [
      { headers: bearer(token) },
      {
        method: 'PUT',
        headers: { ...bearer(token), 'content-type': 'application/json' },
        body: JSON.stringify({ client_id: clientId, redirect_uris: ['https://revoked.example/other'] }),
      },
      { method: 'DELETE', headers: bearer(token) },
    ];
    for (const init of requests) {
      const response = await fetch(`${base}/register/${clientId}`, init);
      expect(response.status, init.method ?? 'GET').toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
      expect(await response.json()).toMatchObject({ error: 'invalid_token' });
    }
    expect(await clientRow(harness, clientId)).toMatchObject({ revokedAt, redirectUris: ['https://revoked.example/cb'] });
  });

  it('answers other methods with 405', async () => {
    const get = await fetch(`${base}/register`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const { body } = await register({ redirect_uris: ['https://a.example/cb'] });
    const post = await fetch(`${base}/register/${body.client_id as string}`, { method: 'POST', headers: bearer(body.registration_access_token as string) });
    expect(post.status).toBe(405);
    expect(await clientRows(harness)).toBeGreaterThan(0);
  });
});
