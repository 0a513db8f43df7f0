import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as client from 'openid-client';
import { sendJson } from '@mcp-portal/kit';
import { startSubgraphHarness, type SubgraphHarness } from '@mcp-portal/kit/testing';
import { dcrSubgraph, type DcrServices } from '../src/index.ts';
import { registrationRoutes } from '../src/registration/index.ts';
import { clientRow } from './registration-harness.ts';

/**
 * A client nobody here wrote: openid-client registers through RFC 7591 (it validates the answer itself), then reads,
 * updates and deletes the registration per RFC 7592 through its bearer-protected resource requests. The RFC 8414
 * metadata is a stub served by this test (the authorization server façade is a later part of issue 14).
 */

let harness: SubgraphHarness<DcrServices>;
let issuer: URL;

beforeAll(async () => {
  harness = await startSubgraphHarness({
    ...dcrSubgraph,
    routes: (services) => ({
      ...dcrSubgraph.routes?.(services),
      ...registrationRoutes(services),
      '/.well-known/oauth-authorization-server': (req, res) => {
        const base = `http://${req.headers.host ?? ''}`;
        sendJson(res, 200, {
          issuer: base,
          registration_endpoint: `${base}/register`,
          authorization_endpoint: `${base}/authorize`,
          token_endpoint: `${base}/token`,
          response_types_supported: ['code'],
          code_challenge_methods_supported: ['S256'],
        });
      },
    }),
  });
  issuer = new URL(harness.subgraph.url);
});
afterAll(async () => {
  await harness?.close();
});

describe('openid-client against the registration endpoints', () => {
  it('registers, reads, updates and deletes a client', async () => {
    const config = await client.dynamicClientRegistration(
      issuer,
      {
        redirect_uris: ['http://127.0.0.1:7777/callback'],
        client_name: 'openid-client test',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
      undefined,
      { algorithm: 'oauth2', execute: [client.allowInsecureRequests] },
    );
    const registered = config.clientMetadata();
    expect(registered.client_id).toMatch(/^mcp_/);
    expect(typeof registered.client_secret).toBe('string');
    const token = registered.registration_access_token as string;
    const uri = new URL(registered.registration_client_uri as string);
    expect(uri.href).toBe(`${issuer.origin}/register/${registered.client_id}`);
    expect(await clientRow(harness, registered.client_id)).toMatchObject({ clientName: 'openid-client test' });

    const read = await client.fetchProtectedResource(config, token, uri, 'GET');
    expect(read.status).toBe(200);
    const current = (await read.json()) as Record<string, unknown>;
    expect(current).toMatchObject({ client_id: registered.client_id, client_name: 'openid-client test', redirect_uris: ['http://127.0.0.1:7777/callback'] });

    const headers = new Headers({ 'content-type': 'application/json' });
    const updated = await client.fetchProtectedResource(
      config,
      token,
      uri,
      'PUT',
      JSON.stringify({ ...current, client_name: 'renamed by openid-client' }),
      headers,
    );
    expect(updated.status).toBe(200);
    expect(await updated.json()).toMatchObject({ client_id: registered.client_id, client_name: 'renamed by openid-client' });

    const deleted = await client.fetchProtectedResource(config, token, uri, 'DELETE');
    expect(deleted.status).toBe(204);
    expect(await clientRow(harness, registered.client_id)).toBeNull();

    // The token is worthless once its client is gone (openid-client surfaces the 401 challenge as an error).
    const after = await client.fetchProtectedResource(config, token, uri, 'GET').then(
      (response) => response.status,
      (error: unknown) => (error instanceof client.WWWAuthenticateChallengeError ? error.status : error),
    );
    expect(after).toBe(401);
  });

  it('registers a public client (none) with no secret', async () => {
    const config = await client.dynamicClientRegistration(
      issuer,
      { redirect_uris: ['http://[::1]:7777/callback'], token_endpoint_auth_method: 'none' },
      client.None(),
      { algorithm: 'oauth2', execute: [client.allowInsecureRequests] },
    );
    expect(config.clientMetadata().client_secret).toBeUndefined();
    expect(config.clientMetadata().token_endpoint_auth_method).toBe('none');
  });
});
