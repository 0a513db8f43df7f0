import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiTokenExchanger, sendJson, UnauthenticatedError } from '@mcp-portal/kit';
import { createTestTokens, type TestTokens } from '@mcp-portal/kit/testing';
import { InboundAuth } from '../src/inbound-auth.ts';

/**
 * The audience rule of the proxy's bearer tokens (RFC 8707), with real ES256 tokens and the kit's verifier:
 * the platform's audience or the proxy's own resource URL pass, any other audience is refused with 401.
 * The platform's auth subgraph has no key to spare for a test, so tokens are signed with a test key here.
 */
let tokens: TestTokens;
let http: Server;
let url: string;
const publicUrl = 'http://proxy.example:4100';

beforeAll(async () => {
  tokens = await createTestTokens();
  // Never reached: no API token is sent here.
  const auth = new InboundAuth({
    verifier: tokens.verifier,
    apiTokens: new ApiTokenExchanger('http://127.0.0.1:9/token/exchange'),
    publicUrl,
    authorizationServer: 'http://portal.example',
  });
  http = createServer((req, res) => {
    auth.authenticate(req).then(
      (viewer) => sendJson(res, 200, viewer),
      (error: unknown) => (error instanceof UnauthenticatedError ? auth.challenge(req, res, error) : sendJson(res, 500, { error: String(error) })),
    );
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`;
});

afterAll(() => new Promise<void>((resolve) => http.close(() => resolve())));

const asBearer = (token: string) => fetch(url, { headers: { authorization: `Bearer ${token}` } });

describe('token audience at the gateway-proxy', () => {
  it("accepts the platform's audience and the proxy's own resource URL", async () => {
    const viewer = tokens.viewer('operator');
    for (const audience of [undefined, `${publicUrl}/mcp`, ['https://elsewhere.example', `${publicUrl}/mcp`]]) {
      const response = await asBearer(await tokens.tokenFor(viewer, { ...(audience ? { audience } : {}) }));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual(viewer);
    }
  });

  it('refuses a token minted for another audience with 401 invalid_token', async () => {
    const viewer = tokens.viewer('admin');
    for (const audience of ['https://other-resource.example/mcp', `${publicUrl}/other`, 'http://proxy.example:4101/mcp']) {
      const response = await asBearer(await tokens.tokenFor(viewer, { audience }));
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(
        /^Bearer resource_metadata="http:\/\/proxy\.example:4100\/\.well-known\/oauth-protected-resource\/mcp", scope="mcp", error="invalid_token", error_description="The token was issued for another audience/,
      );
      expect(await response.json()).toMatchObject({ error: 'invalid_token' });
    }
  });
});
