import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topics } from '@mcp-portal/schema';
import { createPostgresUpstreamOAuthStore, type UpstreamOAuthStore } from '@mcp-portal/dcr/upstream-oauth';
import { startTestPlatform, subscribe, watchSubscribers, wsClient, type SubscriberWatch, type TestPlatform } from '../src/testing/index.ts';

/**
 * OAuth connections to remote MCP servers through the router (issue 13): the live feed shows each user only
 * their own connections and the team's (an admin all of them), and the platform's Client ID Metadata Document is
 * served on the portal's origin. Connections are written through the OAuth client's store (the dcr subgraph's
 * tests run the authorization itself against a real authorization server); no remote URL here is fetched.
 */
/** An https public URL (never reached): the platform then publishes its client metadata document under it. */
const publicUrl = 'https://portal.example.test';
const metadataUrl = `${publicUrl}/oauth/client-metadata.json`;

let platform: TestPlatform;
let subscribers: SubscriberWatch;
let store: UpstreamOAuthStore;
let serverId: string;
const people = {} as Record<'alice' | 'bob' | 'admin', { id: string; token: string }>;

interface Changed {
  oauthConnectionChanged: { id: string; status: string; team: boolean; user: { id: string } | null };
}
const changedSubscription = 'subscription { oauthConnectionChanged { id status team user { id } } }';

beforeAll(async () => {
  platform = await startTestPlatform({ label: 'oauth-connections', env: { MCP_RUNTIME: 'process', MCP_PUBLIC_URL: publicUrl } });
  subscribers = watchSubscribers(platform.platform.router.engine);
  store = createPostgresUpstreamOAuthStore(platform.platform.database);
  const adminToken = await platform.adminToken();
  const me = await platform.request<{ me: { id: string } }>('{ me { id } }', {}, adminToken);
  people.admin = { id: me.data!.me.id, token: adminToken };
  for (const who of ['alice', 'bob'] as const) {
    const email = `${who}-${randomUUID().slice(0, 8)}@example.test`;
    const created = await platform.request<{ createUser: { id: string } }>(
      'mutation($e: String!) { createUser(email: $e, password: "password-of-oauth-test", role: VIEWER) { id } }',
      { e: email },
      adminToken,
    );
    const login = await platform.request<{ login: { token: string } }>(
      'mutation($e: String!) { login(email: $e, password: "password-of-oauth-test") { token } }',
      {
        e: email,
      },
    );
    people[who] = { id: created.data!.createUser.id, token: login.data!.login.token };
  }
  const name = `oauth-remote-${randomUUID().slice(0, 8)}`;
  const entry = await platform.request(
    'mutation($n: String!) { createCatalogEntry(input: { name: $n, entry: { type: REMOTE, remote: { url: "http://127.0.0.1:9/mcp" }, oauth: { providers: [] } } }) { name } }',
    { n: name },
    adminToken,
  );
  expect(entry.errors).toBeUndefined();
  const enabled = await platform.request<{ enableServer: { id: string } }>(
    'mutation($n: String!) { enableServer(name: $n, start: false) { id } }',
    { n: name },
    adminToken,
  );
  serverId = enabled.data!.enableServer.id;
}, 90_000);

afterAll(async () => {
  subscribers?.close();
  await platform?.close();
});

describe('oauthConnectionChanged through the router', () => {
  it("sends each user their own connections' changes and the team's, and an admin everyone's", async () => {
    const alicesConnection = await store.ensureConnection(serverId, { kind: 'user', userId: people.alice.id }, 'http://127.0.0.1:9/mcp');
    const bobsConnection = await store.ensureConnection(serverId, { kind: 'user', userId: people.bob.id }, 'http://127.0.0.1:9/mcp');
    const teamConnection = await store.ensureConnection(serverId, { kind: 'team' }, 'http://127.0.0.1:9/mcp');
    const clients = Object.fromEntries((['alice', 'bob', 'admin'] as const).map((who) => [who, wsClient(platform.wsUrl, people[who].token)]));
    const live = Object.fromEntries((['alice', 'bob', 'admin'] as const).map((who) => [who, subscribe<Changed>(clients[who]!, changedSubscription)]));
    try {
      for (const who of ['alice', 'bob', 'admin'] as const) {
        await subscribers.waitFor((s) => s.field === 'oauthConnectionChanged' && s.authorization === `Bearer ${people[who].token}`);
      }
      await platform.platform.events.publish(topics.oauthConnectionChanged, { id: alicesConnection.id, serverId, userId: people.alice.id });
      await platform.platform.events.publish(topics.oauthConnectionChanged, { id: bobsConnection.id, serverId, userId: people.bob.id });
      await platform.platform.events.publish(topics.oauthConnectionChanged, { id: teamConnection.id, serverId, userId: null });
      // Each feed delivers in order: once the team's change has arrived, any earlier change for that subscriber has too.
      for (const who of ['alice', 'bob', 'admin'] as const) await live[who]!.next((data) => data.oauthConnectionChanged.team);
      const ids = (who: 'alice' | 'bob' | 'admin') => live[who]!.received.map((data) => data.oauthConnectionChanged.id);
      expect(ids('alice')).toEqual([alicesConnection.id, teamConnection.id]);
      expect(ids('bob')).toEqual([bobsConnection.id, teamConnection.id]);
      expect(ids('admin')).toEqual([alicesConnection.id, bobsConnection.id, teamConnection.id]);

      // A real change: Alice revokes hers through the API, and the OAuth client announces it.
      const revoked = await platform.request(
        'mutation($id: ID!) { revokeServerAuthorization(serverId: $id) { status } }',
        { id: serverId },
        people.alice.token,
      );
      expect(revoked.errors).toBeUndefined();
      const seen = await live.alice!.next((data) => data.oauthConnectionChanged.status === 'REVOKED');
      expect(seen.oauthConnectionChanged).toMatchObject({ id: alicesConnection.id, user: { id: people.alice.id }, team: false });
      await live.admin!.next((data) => data.oauthConnectionChanged.status === 'REVOKED');
      expect(ids('bob')).not.toContain(alicesConnection.id);
    } finally {
      for (const subscription of Object.values(live)) await subscription.close();
      for (const client of Object.values(clients)) await client.dispose();
    }
  });
});

describe("the platform's OAuth client metadata document", () => {
  it("is served on the portal's origin, naming its own URL (under an https MCP_PUBLIC_URL) as client_id and the portal's callback", async () => {
    const answer = await fetch(new URL('/oauth/client-metadata.json', platform.url));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/application\/json/);
    const document = (await answer.json()) as Record<string, unknown>;
    expect(document).toMatchObject({
      client_id: metadataUrl,
      redirect_uris: [`${publicUrl}/oauth/callback`],
      grant_types: ['authorization_code', 'refresh_token'],
      token_endpoint_auth_method: 'none',
    });
    expect(JSON.stringify(document)).not.toMatch(/secret/);
  });
});
