import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ConfigError, createCounterStore } from '@mcp-portal/kit';
import type { SubgraphHarness } from '@mcp-portal/kit/testing';
import { readDcrSettings, type DcrServices } from '../src/index.ts';
import { RegistrationPolicy, readRegistrationSettings, RegistrationError } from '../src/registration/index.ts';
import { clientRows, noRegistrationLimits, startRegistrationHarness } from './registration-harness.ts';

/**
 * The abuse limits of RFC 7591 registration (issue 14's policy), over real HTTP, Postgres and Redis: the initial
 * access token, live clients per source address, registrations per address and window, allowed redirect hosts.
 */

const harnesses: SubgraphHarness<DcrServices>[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((harness) => harness.close()));
});
afterAll(async () => {
  await Promise.all(harnesses.map((harness) => harness.close()));
});

async function start(env: Record<string, string>) {
  const harness = await startRegistrationHarness({ ...noRegistrationLimits, ...env });
  harnesses.push(harness);
  return harness;
}

const client = (redirect = 'https://client.example/callback') => ({
  redirect_uris: [redirect],
  client_name: 'Policy Client',
  token_endpoint_auth_method: 'none',
});

async function register(harness: SubgraphHarness<DcrServices>, metadata: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${harness.subgraph.url}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(metadata),
  });
  return { response, body: (await response.json()) as Record<string, unknown> };
}

describe('registration policy', () => {
  it('asks for the initial access token when one is set: missing or wrong → 401 invalid_token, nothing stored', async () => {
    const token = 'initial-access-token-0123456789';
    const harness = await start({ MCP_DCR_INITIAL_ACCESS_TOKEN: token });
    const refusedHeaders: Record<string, string>[] = [
      {},
      { authorization: 'Bearer wrong-token-0123456789abc' },
      { authorization: `Bearer ${token}x` },
      { authorization: `Basic ${token}` },
    ];
    for (const headers of refusedHeaders) {
      const { response, body } = await register(harness, client(), headers);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
      expect(body.error).toBe('invalid_token');
      expect(JSON.stringify(body)).not.toContain(token);
    }
    expect(await clientRows(harness)).toBe(0);

    const { response, body } = await register(harness, client(), { authorization: `Bearer ${token}` });
    expect(response.status).toBe(201);
    expect(await clientRows(harness)).toBe(1);
    // RFC 7592 management uses the client's registration access token, not the initial one.
    const read = await fetch(body.registration_client_uri as string, { headers: { authorization: `Bearer ${body.registration_access_token as string}` } });
    expect(read.status).toBe(200);
  });

  it('caps the live clients of one source address: the N+1-th is refused with 429 and nothing stored; a deletion or a revocation makes room', async () => {
    const harness = await start({ MCP_DCR_MAX_CLIENTS_PER_ADDRESS: '3' });
    const registered: Record<string, unknown>[] = [];
    for (let i = 0; i < 3; i += 1) {
      const { response, body } = await register(harness, client());
      expect(response.status).toBe(201);
      registered.push(body);
    }
    const refused = await register(harness, client());
    expect(refused.response.status).toBe(429);
    expect(refused.response.headers.get('cache-control')).toBe('no-store');
    expect(refused.body).toEqual({ error: 'invalid_request', error_description: expect.stringMatching(/most allowed \(3\)/) as unknown });
    expect(await clientRows(harness)).toBe(3);

    const first = registered[0]!;
    const deleted = await fetch(first.registration_client_uri as string, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${first.registration_access_token as string}` },
    });
    expect(deleted.status).toBe(204);
    // Concurrent registrations cannot pass the cap together.
    const racing = await Promise.all(Array.from({ length: 4 }, () => register(harness, client())));
    expect(racing.map(({ response }) => response.status).sort()).toEqual([201, 429, 429, 429]);
    expect(await clientRows(harness)).toBe(3);

    // A revoked client stays stored but is not live.
    const admin = await harness.tokens.tokenFor(harness.tokens.viewer('admin'));
    const revoked = await harness.request('mutation($id: String!) { revokeOAuthClient(clientId: $id) { clientId } }', { id: registered[1]!.client_id }, admin);
    expect(revoked.errors).toBeUndefined();
    expect((await register(harness, client())).response.status).toBe(201);
    expect((await register(harness, client())).response.status).toBe(429);
    expect(await clientRows(harness)).toBe(4);
  });

  it('limits registrations per source address and window through Redis: 429 with Retry-After', async () => {
    const harness = await start({ MCP_DCR_REGISTRATIONS_PER_WINDOW: '2', MCP_DCR_REGISTRATION_WINDOW_SECONDS: '600' });
    expect((await register(harness, client())).response.status).toBe(201);
    // Refused attempts count too (a bad request is an attempt).
    expect((await register(harness, { redirect_uris: ['javascript:alert(1)'] })).response.status).toBe(400);
    const { response, body } = await register(harness, client());
    expect(response.status).toBe(429);
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(600);
    expect(body).toEqual({ error: 'invalid_request', error_description: expect.stringMatching(/at most 2 every 600 s; try again in \d+ s/) as unknown });
    expect(await clientRows(harness)).toBe(1);

    const { counters } = harness.subgraph.services.registration.policy;
    expect(counters?.kind).toBe('redis');
    expect((await counters!.peek('dcr-registrations:127.0.0.1')).count).toBe(3);
  });

  it('accepts only the allowed redirect hosts when they are listed', async () => {
    const harness = await start({ MCP_DCR_ALLOWED_REDIRECT_HOSTS: 'app.example.com, *.example.org,127.0.0.1' });
    for (const uri of ['https://app.example.com/cb', 'https://example.org/cb', 'https://a.b.example.org/cb', 'http://127.0.0.1:8123/cb']) {
      expect((await register(harness, client(uri))).response.status, uri).toBe(201);
    }
    for (const uri of ['https://evil.example/cb', 'https://app.example.com.evil.example/cb', 'https://badexample.org/cb', 'http://localhost:8123/cb']) {
      const { response, body } = await register(harness, { redirect_uris: ['https://app.example.com/cb', uri], token_endpoint_auth_method: 'none' });
      expect(response.status, uri).toBe(400);
      expect(body.error).toBe('invalid_redirect_uri');
    }
    expect(await clientRows(harness)).toBe(4);
  });

  it('counts in memory without Redis (the embedded platform)', async () => {
    const counters = createCounterStore({});
    const policy = new RegistrationPolicy(readRegistrationSettings({ MCP_DCR_REGISTRATIONS_PER_WINDOW: '1' }), counters);
    await policy.countAttempt('192.0.2.1');
    await policy.countAttempt('192.0.2.2');
    const refused = await policy.countAttempt('192.0.2.1').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RegistrationError);
    expect((refused as RegistrationError).status).toBe(429);
    expect((refused as RegistrationError).retryAfter).toBeGreaterThan(3500);
    await counters.close();
  });

  it('parses the settings with their defaults and refuses bad values', () => {
    expect(readDcrSettings({}).registration).toEqual({
      initialAccessToken: null,
      maxClientsPerAddress: 20,
      registrationsPerWindow: 10,
      windowSeconds: 3600,
      allowedRedirectHosts: [],
    });
    expect(() => readDcrSettings({ MCP_DCR_INITIAL_ACCESS_TOKEN: 'short' })).toThrow(ConfigError);
    expect(() => readDcrSettings({ MCP_DCR_MAX_CLIENTS_PER_ADDRESS: '-1' })).toThrow(/MCP_DCR_MAX_CLIENTS_PER_ADDRESS/);
    expect(() => readDcrSettings({ MCP_DCR_ALLOWED_REDIRECT_HOSTS: 'https://x.example/' })).toThrow(/MCP_DCR_ALLOWED_REDIRECT_HOSTS/);
  });
});
