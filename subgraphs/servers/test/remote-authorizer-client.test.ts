import { describe, expect, it } from 'vitest';
import { createLogger, peersFromUrls, SecretBox } from '@mcp-portal/kit';
import { freePort } from '@mcp-portal/kit/testing';
import { RemoteAuthorizerClient } from '../src/services/lifecycle/remote-authorizer-client.ts';

/**
 * The servers subgraph's client of the dcr subgraph's team OAuth routes when the dcr subgraph is missing or does
 * not answer: a "needs authorization" answer saying so (never a throw from accessToken or handleUnauthorized), and
 * the lifecycle is asked to try again later. The answering side is tested with real peers in
 * subgraphs/dcr/test/remote-authorization-standalone.test.ts.
 */
const logger = createLogger('test-remote-authorizer-client', process.env.LOG_LEVEL ?? 'silent');
const secrets = SecretBox.fromBase64(SecretBox.generateKey());
const serverId = '00000000-0000-4000-8000-000000000001';
const team = { serverId, serverUrl: 'http://127.0.0.1:9/mcp', principal: { kind: 'team' } } as const;

describe('RemoteAuthorizerClient without a dcr subgraph that answers', () => {
  it('says the dcr subgraph does not answer, and asks the lifecycle to try again later (once at a time)', async () => {
    let retries = 0;
    const down = `http://127.0.0.1:${await freePort()}/graphql`;
    // Long enough that the three failures below all fall before the retry, even on a loaded machine (with 50 ms a
    // retry once fired between them, and the next failure rightly scheduled another).
    const retryMs = 2_500;
    const client = new RemoteAuthorizerClient(secrets, peersFromUrls({ dcr: down }), logger, { onRetry: () => (retries += 1), retryMs });
    try {
      const failedAt = Date.now();
      expect(await client.accessToken(team)).toEqual({ needsAuthorization: true, message: expect.stringContaining('The dcr subgraph does not answer') });
      const refused = new Response(null, { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } });
      expect(await client.handleUnauthorized(team, refused, 'a-token')).toEqual({
        retry: false,
        message: expect.stringContaining('The dcr subgraph does not answer'),
      });
      await expect(client.connection(serverId, { kind: 'team' })).rejects.toThrow(/The dcr subgraph does not answer/);
      expect(Date.now() - failedAt).toBeLessThan(retryMs);
      expect(retries).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, retryMs + 300));
      expect(retries).toBe(1);
    } finally {
      client.close();
    }
  });

  it('says the deployment has no dcr subgraph when SUBGRAPH_DCR_URL is missing', async () => {
    const client = new RemoteAuthorizerClient(secrets, peersFromUrls({}), logger);
    expect(await client.accessToken(team)).toEqual({ needsAuthorization: true, message: expect.stringContaining('SUBGRAPH_DCR_URL') });
    client.close();
  });

  it("asks nothing for a user's principal: only the team's connection goes this way", async () => {
    let retries = 0;
    const client = new RemoteAuthorizerClient(secrets, peersFromUrls({ dcr: 'http://127.0.0.1:9/graphql' }), logger, {
      onRetry: () => (retries += 1),
      retryMs: 10,
    });
    const user = { ...team, principal: { kind: 'user', userId: 'someone' } } as const;
    expect(await client.accessToken(user)).toEqual({ needsAuthorization: true, message: expect.stringContaining('only the team') });
    await expect(client.connection(serverId, user.principal)).rejects.toThrow(/only the team/);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(retries).toBe(0);
    client.close();
  });

  it('stops asking the lifecycle to try again once closed', async () => {
    let retries = 0;
    const down = `http://127.0.0.1:${await freePort()}/graphql`;
    const client = new RemoteAuthorizerClient(secrets, peersFromUrls({ dcr: down }), logger, { onRetry: () => (retries += 1), retryMs: 50 });
    await client.accessToken(team);
    client.close();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(retries).toBe(0);
  });
});
