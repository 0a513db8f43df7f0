import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../src/testing/index.ts';

/**
 * RFC 7591/7592 registration through the router (issue 14): the router forwards /register and /register/* to the
 * dcr subgraph with the request bodies, so that registration_client_uri is on the router's public URL; the
 * per-address limits see the address the router signed, never one the client chose.
 */
const maxClientsPerAddress = 2;
const initialAccessToken = 'platform-initial-access-token-0123';
let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform({
    label: 'dcr-registration',
    env: { MCP_DCR_MAX_CLIENTS_PER_ADDRESS: String(maxClientsPerAddress), MCP_DCR_INITIAL_ACCESS_TOKEN: initialAccessToken },
  });
});
afterAll(async () => {
  await platform?.close();
});

async function call(url: string, method: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { response, body: (text ? JSON.parse(text) : null) as Record<string, unknown> | null };
}

const metadata = {
  redirect_uris: ['https://client.example/callback'],
  client_name: 'Router Client',
  grant_types: ['authorization_code', 'refresh_token'],
  token_endpoint_auth_method: 'client_secret_basic',
};
const withToken = { authorization: `Bearer ${initialAccessToken}` };

describe('dynamic client registration through the router', () => {
  it('registers, reads, updates and deletes a client at the router URL', async () => {
    const missing = await call(`${platform.url}/register`, 'POST', metadata);
    expect(missing.response.status).toBe(401);
    expect(missing.body?.error).toBe('invalid_token');

    const registered = await call(`${platform.url}/register`, 'POST', metadata, withToken);
    expect(registered.response.status).toBe(201);
    expect(registered.response.headers.get('cache-control')).toBe('no-store');
    expect(registered.response.headers.get('x-content-type-options')).toBe('nosniff');
    const body = registered.body!;
    const clientId = body.client_id as string;
    const uri = body.registration_client_uri as string;
    expect(uri).toBe(`${platform.url}/register/${clientId}`);
    expect(body.client_secret).toEqual(expect.any(String));
    const manage = { authorization: `Bearer ${body.registration_access_token as string}` };

    const read = await call(uri, 'GET', undefined, manage);
    expect(read.response.status).toBe(200);
    expect(read.body).toMatchObject({ client_id: clientId, client_name: 'Router Client', registration_client_uri: uri });
    expect(read.body).not.toHaveProperty('client_secret');

    const updated = await call(uri, 'PUT', { ...metadata, client_id: clientId, client_name: 'Renamed Client' }, manage);
    expect(updated.response.status).toBe(200);
    expect(updated.body).toMatchObject({ client_id: clientId, client_name: 'Renamed Client' });

    expect((await call(uri, 'DELETE', undefined, manage)).response.status).toBe(204);
    const gone = await call(uri, 'GET', undefined, manage);
    expect(gone.response.status).toBe(401);
    expect(gone.body?.error).toBe('invalid_token');
  });

  it('counts clients per the address the router signed, whatever X-Forwarded-For the client sends', async () => {
    const created: { uri: string; token: string }[] = [];
    for (let i = 0; i < maxClientsPerAddress; i += 1) {
      const { response, body } = await call(`${platform.url}/register`, 'POST', metadata, { ...withToken, 'x-forwarded-for': `198.51.100.${i + 1}` });
      expect(response.status).toBe(201);
      created.push({ uri: body!.registration_client_uri as string, token: body!.registration_access_token as string });
    }
    const refused = await call(`${platform.url}/register`, 'POST', metadata, { ...withToken, 'x-forwarded-for': '198.51.100.99' });
    expect(refused.response.status).toBe(429);
    expect(refused.body?.error).toBe('invalid_request');
    for (const { uri, token } of created) expect((await call(uri, 'DELETE', undefined, { authorization: `Bearer ${token}` })).response.status).toBe(204);
  });
});

describe('registration rate limit in the embedded platform (no Redis)', () => {
  it('counts attempts in memory: past the limit, 429 with Retry-After', async () => {
    const embedded = await startTestPlatform({
      label: 'dcr-registration-embedded',
      embedded: true,
      env: { MCP_DCR_REGISTRATIONS_PER_WINDOW: '1', MCP_DCR_REGISTRATION_WINDOW_SECONDS: '120' },
    });
    try {
      expect((await call(`${embedded.url}/register`, 'POST', metadata)).response.status).toBe(201);
      const { response, body } = await call(`${embedded.url}/register`, 'POST', metadata);
      expect(response.status).toBe(429);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(Number(response.headers.get('retry-after'))).toBeLessThanOrEqual(120);
      expect(body?.error).toBe('invalid_request');
    } finally {
      await embedded.close();
    }
  });
});
