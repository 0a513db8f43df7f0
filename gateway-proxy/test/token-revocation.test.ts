import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '@mcp-portal/kit/testing';
// Not a declared dependency (see mcp-endpoint.test.ts): the platform as `npm start` runs it.
import { startTestPlatform, type TestPlatform } from '@mcp-portal/platform/testing';

/**
 * The proxy remembers verified JWTs (VerifiedTokens) and exchanged API tokens; revoking an API token, or
 * disabling its owner, must still shut the door at /mcp as soon as the platform announces it.
 */
let platform: TestPlatform;
let adminJwt: string;
let mcpUrl: string;

async function gql<T>(query: string, variables: Record<string, unknown> = {}, token = adminJwt): Promise<T> {
  const result = await platform.request<T>(query, variables, token);
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

/** An initialize at /mcp with the token: 200 while it is valid, 401 once it is not. */
const initializeStatus = (token: string) =>
  fetch(mcpUrl, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'revocation-test', version: '1.0.0' } },
    }),
  }).then(async (response) => {
    await response.body?.cancel();
    return response.status;
  });

beforeAll(async () => {
  platform = await startTestPlatform({ label: 'gateway-proxy-token-revocation' });
  adminJwt = await platform.adminToken();
  mcpUrl = platform.platform.gatewayProxy.mcpUrl ?? '';
}, 120_000);

afterAll(async () => {
  await platform?.close();
});

describe('revocation at the gateway-proxy', () => {
  it('refuses a revoked API token at once, though it was used (and its JWT remembered) just before', async () => {
    const { createApiToken } = await gql<{ createApiToken: { token: string; apiToken: { id: string } } }>(
      'mutation { createApiToken(name: "revoked soon", role: OPERATOR) { token apiToken { id } } }',
    );
    expect(await initializeStatus(createApiToken.token)).toBe(200);
    expect(await initializeStatus(createApiToken.token)).toBe(200);
    await gql('mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }', { id: createApiToken.apiToken.id });
    await waitUntil(
      'the revoked token to be refused',
      () => initializeStatus(createApiToken.token),
      (status) => status === 401,
      { timeoutMs: 10_000 },
    );
  });

  it("refuses a disabled user's API token", async () => {
    const email = `revoked-${randomUUID()}@example.test`;
    const { createUser } = await gql<{ createUser: { id: string } }>(
      'mutation($e: String!) { createUser(email: $e, password: "password-of-test", role: OPERATOR) { id } }',
      { e: email },
    );
    const { login } = await gql<{ login: { token: string } }>('mutation($e: String!) { login(email: $e, password: "password-of-test") { token } }', {
      e: email,
    });
    const { createApiToken } = await gql<{ createApiToken: { token: string } }>(
      'mutation { createApiToken(name: "owner disabled soon", role: OPERATOR) { token } }',
      {},
      login.token,
    );
    expect(await initializeStatus(createApiToken.token)).toBe(200);
    await gql('mutation($id: ID!) { updateUser(id: $id, disabled: true) { id } }', { id: createUser.id });
    await waitUntil(
      "the disabled user's token to be refused",
      () => initializeStatus(createApiToken.token),
      (status) => status === 401,
      { timeoutMs: 10_000 },
    );
  });
});
