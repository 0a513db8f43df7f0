import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSubgraphHarness, type SubgraphHarness } from '@mcp-portal/kit/testing';
import { dcrSubgraph, type DcrServices } from '../src/index.ts';
import { oauthClientStore } from '../src/store/oauth-clients.ts';

let harness: SubgraphHarness<DcrServices>;

beforeAll(async () => {
  harness = await startSubgraphHarness(dcrSubgraph);
  const store = oauthClientStore(harness.database.db);
  await store.insert({
    clientId: 'claude-desktop',
    clientName: 'Claude Desktop',
    redirectUris: ['http://127.0.0.1:33418/callback'],
    grantTypes: ['authorization_code', 'refresh_token'],
    createdAt: new Date('2025-01-01T00:00:00Z'),
  });
  await store.insert({
    clientId: 'vscode',
    clientName: 'VS Code',
    redirectUris: ['https://vscode.dev/redirect'],
    grantTypes: ['authorization_code'],
    backend: 'azure',
    createdAt: new Date('2025-02-01T00:00:00Z'),
  });
});
afterAll(async () => {
  await harness?.close();
});

interface OAuthClient {
  clientId: string;
  clientName: string;
  redirectUris: string[];
  grantTypes: string[];
  backend: string;
  createdAt: string;
}

const fields = 'clientId clientName redirectUris grantTypes backend createdAt';

describe('dcr subgraph', () => {
  it('needs a token and the admin role', async () => {
    const anonymous = await harness.request('{ oauthClients { clients { clientId } } }');
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    for (const role of ['viewer', 'operator'] as const) {
      const token = await harness.tokens.tokenFor(harness.tokens.viewer(role));
      const list = await harness.request('{ oauthClients { clients { clientId } } }', {}, token);
      expect(list.errors?.[0]?.extensions?.code, role).toBe('FORBIDDEN');
      const one = await harness.request('{ oauthClient(clientId: "vscode") { clientId } }', {}, token);
      expect(one.errors?.[0]?.extensions?.code, role).toBe('FORBIDDEN');
    }
  });

  it('lists clients newest first and reads one by client id', async () => {
    const token = await harness.tokens.tokenFor(harness.tokens.viewer('admin'));
    const list = await harness.request<{ oauthClients: { clients: OAuthClient[] } }>(`{ oauthClients { clients { ${fields} } } }`, {}, token);
    expect(list.errors).toBeUndefined();
    expect(list.data?.oauthClients.clients).toEqual([
      {
        clientId: 'vscode',
        clientName: 'VS Code',
        redirectUris: ['https://vscode.dev/redirect'],
        grantTypes: ['authorization_code'],
        backend: 'AZURE',
        createdAt: '2025-02-01T00:00:00.000Z',
      },
      {
        clientId: 'claude-desktop',
        clientName: 'Claude Desktop',
        redirectUris: ['http://127.0.0.1:33418/callback'],
        grantTypes: ['authorization_code', 'refresh_token'],
        backend: 'LOCAL',
        createdAt: '2025-01-01T00:00:00.000Z',
      },
    ]);

    const one = await harness.request<{ oauthClient: OAuthClient | null }>(
      'query($id: String!) { oauthClient(clientId: $id) { clientId backend } }',
      { id: 'claude-desktop' },
      token,
    );
    expect(one.errors).toBeUndefined();
    expect(one.data?.oauthClient).toEqual({ clientId: 'claude-desktop', backend: 'LOCAL' });
    const missing = await harness.request<{ oauthClient: OAuthClient | null }>('{ oauthClient(clientId: "nope") { clientId } }', {}, token);
    expect(missing.errors).toBeUndefined();
    expect(missing.data?.oauthClient).toBeNull();
  });

  it('rejects empty and oversized client ids', async () => {
    const token = await harness.tokens.tokenFor(harness.tokens.viewer('admin'));
    for (const id of ['', 'x'.repeat(256)]) {
      const result = await harness.request('query($id: String!) { oauthClient(clientId: $id) { clientId } }', { id }, token);
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(result)).not.toContain('at ');
    }
  });

  it('resolves OAuthClient references for the router', async () => {
    const query = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on OAuthClient { clientId clientName } } }';
    const representations = [
      { __typename: 'OAuthClient', clientId: 'vscode' },
      { __typename: 'OAuthClient', clientId: 'unknown' },
    ];
    const token = await harness.tokens.tokenFor(harness.tokens.viewer('admin'));
    const resolved = await harness.request<{ _entities: ({ clientId: string; clientName: string } | null)[] }>(query, { r: representations }, token);
    expect(resolved.errors).toBeUndefined();
    expect(resolved.data?._entities).toEqual([{ clientId: 'vscode', clientName: 'VS Code' }, null]);

    const operatorToken = await harness.tokens.tokenFor(harness.tokens.viewer('operator'));
    const refused = await harness.request(query, { r: representations.slice(0, 1) }, operatorToken);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
