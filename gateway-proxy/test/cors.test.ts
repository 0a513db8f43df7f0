import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionPaths } from '@mcp-portal/schema/contract';
import { startTestPlatform, type TestPlatform } from '@mcp-portal/platform/testing';
import { corsAllowedHeaders } from '../src/cors.ts';

/**
 * CORS at /mcp for the portal, whose pages call tools from the browser with the user's session token: the
 * portal's origin (and only it) gets its own origin echoed on the preflight and on every answer, errors
 * included; any other origin is refused before CORS is considered; no answer of /mcp says `*`.
 */
let platform: TestPlatform;
let mcpUrl: string;
let portalOrigin: string;

const initialize = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'portal', version: '1' } },
});

const preflight = (origin: string, requestHeaders = 'authorization, content-type, mcp-protocol-version') =>
  fetch(mcpUrl, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': requestHeaders },
  });

const post = (headers: Record<string, string>) =>
  fetch(mcpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: initialize,
  });

beforeAll(async () => {
  platform = await startTestPlatform({ label: 'gateway-proxy-cors', env: {} });
  mcpUrl = platform.platform.gatewayProxy.mcpUrl ?? '';
  portalOrigin = new URL(platform.url).origin;
  expect(new URL(mcpUrl).origin).not.toBe(portalOrigin);
}, 120_000);

afterAll(async () => {
  await platform?.close();
});

describe('CORS at /mcp', () => {
  it("answers the portal's preflight with its origin, the MCP headers and the methods", async () => {
    const response = await preflight(portalOrigin);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(portalOrigin);
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST, DELETE');
    const allowed = (response.headers.get('access-control-allow-headers') ?? '').split(', ');
    expect(allowed).toEqual([...corsAllowedHeaders]);
    expect(allowed).toEqual(expect.arrayContaining(['authorization', 'content-type', 'accept', 'mcp-session-id', 'mcp-protocol-version', 'last-event-id']));
    expect(response.headers.get('vary')).toMatch(/origin/i);
  });

  it('refuses the preflight of any other origin, with no CORS header', async () => {
    for (const origin of ['http://evil.example', 'null', `${portalOrigin}.evil.example`]) {
      const response = await preflight(origin);
      expect(response.status, origin).toBe(403);
      expect(response.headers.get('access-control-allow-origin'), origin).toBeNull();
    }
  });

  it("accepts the portal's session token from its origin and lets the page read the session id", async () => {
    // The token a signed-in portal holds in memory: the answer of POST /auth/login through the router.
    const login = await fetch(`${platform.url}${sessionPaths.login}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(platform.admin),
    });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const response = await post({ origin: portalOrigin, authorization: `Bearer ${token}` });
    expect(response.status).toBe(200);
    expect(response.headers.get('mcp-session-id')).toBeTruthy();
    expect(response.headers.get('access-control-allow-origin')).toBe(portalOrigin);
    expect(response.headers.get('access-control-expose-headers')).toBe('mcp-session-id, www-authenticate');
    await response.body?.cancel();
  });

  it('lets the portal read a 401 challenge, and sends no CORS header without an Origin or for the own origin', async () => {
    const unauthenticated = await post({ origin: portalOrigin });
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get('access-control-allow-origin')).toBe(portalOrigin);
    expect(unauthenticated.headers.get('www-authenticate')).toMatch(/^Bearer resource_metadata=/);
    for (const headers of [{}, { origin: new URL(mcpUrl).origin }] as Record<string, string>[]) {
      const response = await post(headers);
      expect(response.status).toBe(401);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    }
    // Without an Origin an OPTIONS is no preflight: the method is not served.
    const options = await fetch(mcpUrl, { method: 'OPTIONS' });
    expect(options.status).toBe(405);
    expect(options.headers.get('access-control-allow-origin')).toBeNull();
  });
});
