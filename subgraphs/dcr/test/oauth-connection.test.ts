import { randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PeerRegistry, queryRows, SecretBox, type Viewer } from '@mcp-portal/kit';
import { startSubgraphHarness, waitUntil, type SubgraphHarness } from '@mcp-portal/kit/testing';
import { topics } from '@mcp-portal/schema';
import { serversSubgraph, type ServersServices } from '@mcp-portal/servers';
import { dcrSubgraph, type DcrServices } from '../src/index.ts';
import { createPostgresUpstreamOAuthStore, type OAuthPrincipal, type UpstreamOAuthStore } from '../src/upstream-oauth/index.ts';

/**
 * The GraphQL API of OAuth connections to remote MCP servers, on the dcr subgraph with a real servers subgraph
 * (which says where a server answers) and the real upstream OAuth service over Postgres. Connections are written
 * through the service's own store where the flow itself is not under test (oauth-connection-flow.test.ts runs it
 * against a real authorization server). No request here leaves loopback: the remote URLs are never fetched.
 */
const catalog = `registry:
  per-user:
    type: remote
    description: A remote server each user authorizes.
    remote: { url: "http://127.0.0.1:9/per-user/mcp" }
    oauth: { scopes: [read] }
  shared:
    type: remote
    description: A remote server with one team connection.
    remote: { url: "http://127.0.0.1:9/shared/mcp" }
    oauth: { connection: team }
  open:
    type: remote
    description: A remote server that signs in to nothing.
    remote: { url: "http://127.0.0.1:9/open/mcp" }
  local:
    description: A local process.
    run: { command: node, args: ['-e', '0'] }
`;

let servers: SubgraphHarness<ServersServices>;
let dcr: SubgraphHarness<DcrServices>;
let store: UpstreamOAuthStore;
const ids: Record<string, string> = {};
const people = {} as Record<'viewer' | 'other' | 'operator' | 'admin', { viewer: Viewer; token: string }>;

const connectionFields = 'id status scopes issuer lastError expiresAt updatedAt team user { id } server { id }';

interface Connection {
  id: string;
  status: string;
  scopes: string[];
  team: boolean;
  user: { id: string } | null;
  server: { id: string };
}

async function seed(server: string, principal: OAuthPrincipal, status: 'authorized' | 'failed' = 'authorized') {
  const record = await store.ensureConnection(ids[server]!, principal, `http://127.0.0.1:9/${server}/mcp`);
  return store.updateConnection(record.id, { status, scopes: ['read'], issuer: 'http://127.0.0.1:9/issuer', lastError: status === 'failed' ? 'no' : null });
}

const asUser = (who: keyof typeof people): OAuthPrincipal => ({ kind: 'user', userId: people[who].viewer.userId });

async function auditRows(action: string) {
  return queryRows<{ actor_id: string | null; target_id: string | null; outcome: string; detail: Record<string, unknown> }>(
    dcr.database.db,
    sql`select actor_id, target_id, outcome, detail from audit.events where action = ${action} order by occurred_at`,
  );
}

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mcp-oauth-connection-'));
  await writeFile(join(dir, 'catalog.yaml'), catalog);
  const secrets = SecretBox.fromBase64(SecretBox.generateKey());
  servers = await startSubgraphHarness(serversSubgraph, {
    secrets,
    env: { MCP_CATALOG_PATH: join(dir, 'catalog.yaml'), MCP_DATA_DIR: dir, MCP_RUNTIME: 'process' },
  });
  const peers = new PeerRegistry(['servers']);
  peers.register('servers', servers.subgraph.url);
  dcr = await startSubgraphHarness(dcrSubgraph, { secrets, peers, env: { MCP_OAUTH_ALLOW_HOSTS: '127.0.0.1' } });
  store = createPostgresUpstreamOAuthStore(dcr.database);
  for (const [who, role] of [
    ['viewer', 'viewer'],
    ['other', 'viewer'],
    ['operator', 'operator'],
    ['admin', 'admin'],
  ] as const) {
    const viewer = dcr.tokens.viewer(role);
    people[who] = { viewer, token: await dcr.tokens.tokenFor(viewer) };
  }
  const operator = await servers.tokens.tokenFor(servers.tokens.viewer('operator'));
  for (const name of ['per-user', 'shared', 'open', 'local']) {
    const enabled = await servers.request<{ enableServer: { id: string } }>(
      'mutation($n: String!) { enableServer(name: $n, start: false) { id } }',
      { n: name },
      operator,
    );
    expect(enabled.errors, name).toBeUndefined();
    ids[name] = enabled.data!.enableServer.id;
  }
}, 60_000);

afterAll(async () => {
  await dcr?.close();
  await servers?.close();
});

const serverConnection = (serverId: string, token: string) =>
  dcr.request<{ _entities: ({ oauthConnection: Connection | null } | null)[] }>(
    `query($r: [_Any!]!) { _entities(representations: $r) { ... on Server { oauthConnection { ${connectionFields} } } } }`,
    { r: [{ __typename: 'Server', id: serverId }] },
    token,
  );

describe('Server.oauthConnection', () => {
  it('is null for a server that runs here or signs in to nothing, pending for an OAuth server nobody authorized', async () => {
    for (const name of ['local', 'open']) {
      const answer = await serverConnection(ids[name]!, people.viewer.token);
      expect(answer.errors, name).toBeUndefined();
      expect(answer.data?._entities).toEqual([{ oauthConnection: null }]);
    }
    const pending = await serverConnection(ids['per-user']!, people.viewer.token);
    expect(pending.errors).toBeUndefined();
    expect(pending.data?._entities[0]?.oauthConnection).toMatchObject({
      status: 'NEEDS_AUTHORIZATION',
      team: false,
      user: { id: people.viewer.viewer.userId },
      server: { id: ids['per-user'] },
      scopes: [],
    });
    const team = await serverConnection(ids.shared!, people.viewer.token);
    expect(team.data?._entities[0]?.oauthConnection).toMatchObject({ status: 'NEEDS_AUTHORIZATION', team: true, user: null });
  });

  it("is the caller's own on a per-user server and the team's on a team server", async () => {
    const own = await seed('per-user', asUser('other'));
    const teamConnection = await seed('shared', { kind: 'team' });
    const forOther = await serverConnection(ids['per-user']!, people.other.token);
    expect(forOther.data?._entities[0]?.oauthConnection).toMatchObject({ id: own.id, status: 'AUTHORIZED', scopes: ['read'] });
    // Another user's authorization is never theirs: they still have to authorize.
    const forViewer = await serverConnection(ids['per-user']!, people.viewer.token);
    expect(forViewer.data?._entities[0]?.oauthConnection).toMatchObject({ status: 'NEEDS_AUTHORIZATION', user: { id: people.viewer.viewer.userId } });
    expect(forViewer.data?._entities[0]?.oauthConnection?.id).not.toBe(own.id);
    for (const who of ['viewer', 'other', 'admin'] as const) {
      const shared = await serverConnection(ids.shared!, people[who].token);
      expect(shared.data?._entities[0]?.oauthConnection, who).toMatchObject({ id: teamConnection.id, team: true, user: null, status: 'AUTHORIZED' });
    }
    const anonymous = await serverConnection(ids.shared!, '');
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('Query.oauthConnections and Query.oauthConnection', () => {
  it("shows a user their own and the team's, and an admin anyone's", async () => {
    const viewerConnection = await seed('per-user', asUser('viewer'), 'failed');
    const list = async (token: string, args = '') =>
      dcr.request<{ oauthConnections: Connection[] }>(`{ oauthConnections${args} { ${connectionFields} } }`, {}, token);

    const mine = await list(people.viewer.token);
    expect(mine.errors).toBeUndefined();
    const seen = (mine.data?.oauthConnections ?? []).map((c) => (c.team ? 'team' : c.user?.id));
    expect(seen.sort()).toEqual([people.viewer.viewer.userId, 'team'].sort());
    expect(mine.data?.oauthConnections.find((c) => c.id === viewerConnection.id)).toMatchObject({ status: 'FAILED' });

    const refused = await list(people.viewer.token, `(userId: "${people.other.viewer.userId}")`);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const operatorRefused = await list(people.operator.token, `(userId: "${people.other.viewer.userId}")`);
    expect(operatorRefused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const everyone = await list(people.admin.token);
    expect(everyone.data?.oauthConnections).toHaveLength(3);
    const others = await list(people.admin.token, `(userId: "${people.other.viewer.userId}")`);
    expect(others.data?.oauthConnections.map((c) => c.user?.id)).toEqual([people.other.viewer.userId]);
    const ofShared = await list(people.admin.token, `(serverId: "${ids.shared}")`);
    expect(ofShared.data?.oauthConnections.map((c) => c.team)).toEqual([true]);

    const bad = await list(people.admin.token, '(serverId: "not-a-uuid")');
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it("reads one connection by id for whoever may see it (what the subscription's events are resolved with)", async () => {
    const [otherConnection] = await store.connections({ serverId: ids['per-user'], userId: people.other.viewer.userId });
    const [teamConnection] = await store.connections({ serverId: ids.shared });
    const one = (id: string, token: string) =>
      dcr.request<{ oauthConnection: Connection | null }>('query($id: ID!) { oauthConnection(id: $id) { id } }', { id }, token);
    expect((await one(otherConnection!.id, people.other.token)).data?.oauthConnection).toEqual({ id: otherConnection!.id });
    expect((await one(otherConnection!.id, people.admin.token)).data?.oauthConnection).toEqual({ id: otherConnection!.id });
    const hidden = await one(otherConnection!.id, people.viewer.token);
    expect(hidden.errors).toBeUndefined();
    expect(hidden.data?.oauthConnection).toBeNull();
    expect((await one(teamConnection!.id, people.viewer.token)).data?.oauthConnection).toEqual({ id: teamConnection!.id });
    for (const id of [randomUUID(), `${ids['per-user']}:${people.viewer.viewer.userId}`]) {
      const none = await one(id, people.admin.token);
      expect(none.errors).toBeUndefined();
      expect(none.data?.oauthConnection).toBeNull();
    }
  });
});

describe('Mutation.authorizeServer refusals', () => {
  const authorize = (serverId: string, token: string, scopes?: string[]) =>
    dcr.request<{ authorizeServer: { authorizationUrl: string } }>(
      'mutation($id: ID!, $scopes: [String!]) { authorizeServer(serverId: $id, scopes: $scopes) { authorizationUrl connection { id } } }',
      { id: serverId, scopes },
      token,
    );

  it('says why a server cannot be authorized, and audits the refusal', async () => {
    const local = await authorize(ids.local!, people.admin.token);
    expect(local.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(local.errors?.[0]?.message).toMatch(/local is not a remote server/);
    const open = await authorize(ids.open!, people.admin.token);
    expect(open.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(open.errors?.[0]?.message).toMatch(/open needs no OAuth/);
    const missing = await authorize(randomUUID(), people.admin.token);
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const team = await authorize(ids.shared!, people.viewer.token);
    expect(team.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(team.errors?.[0]?.message).toMatch(/only an operator or admin/);
    const badScope = await authorize(ids['per-user']!, people.viewer.token, ['read write']);
    expect(badScope.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const anonymous = await authorize(ids['per-user']!, '');
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const rows = await auditRows('oauth.authorize');
    expect(rows.map((row) => [row.target_id, row.outcome, row.detail.code])).toEqual([
      [ids.local, 'failure', 'BAD_USER_INPUT'],
      [ids.open, 'failure', 'BAD_USER_INPUT'],
      [expect.any(String), 'failure', 'NOT_FOUND'],
      [ids.shared, 'failure', 'FORBIDDEN'],
    ]);
  });

  it('refuses to complete an authorization nobody started, and audits that', async () => {
    const answer = await dcr.request(
      'mutation { completeServerAuthorization(state: "made-up-state", code: "some-code", iss: "http://127.0.0.1:9/issuer") { id } }',
      {},
      people.viewer.token,
    );
    expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const badIss = await dcr.request('mutation { completeServerAuthorization(state: "s", code: "c", iss: "not a url") { id } }', {}, people.viewer.token);
    expect(badIss.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const rows = await auditRows('oauth.authorize-complete');
    expect(rows.at(-1)).toMatchObject({ actor_id: people.viewer.viewer.userId, outcome: 'failure' });
    expect(JSON.stringify(rows)).not.toContain('some-code');
  });
});

describe('Mutation.revokeServerAuthorization', () => {
  const revoke = (serverId: string, token: string, userId?: string) =>
    dcr.request<{ revokeServerAuthorization: Connection }>(
      `mutation($id: ID!, $user: ID) { revokeServerAuthorization(serverId: $id, userId: $user) { ${connectionFields} } }`,
      { id: serverId, user: userId },
      token,
    );

  it("revokes the caller's own; another user's and the team's only for an admin", async () => {
    expect((await revoke(ids['per-user']!, people.viewer.token, people.other.viewer.userId)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await revoke(ids.shared!, people.operator.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await revoke(ids['per-user']!, people.operator.token)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const own = await revoke(ids['per-user']!, people.viewer.token);
    expect(own.errors).toBeUndefined();
    expect(own.data?.revokeServerAuthorization).toMatchObject({ status: 'REVOKED', user: { id: people.viewer.viewer.userId } });
    const others = await revoke(ids['per-user']!, people.admin.token, people.other.viewer.userId);
    expect(others.data?.revokeServerAuthorization).toMatchObject({ status: 'REVOKED', user: { id: people.other.viewer.userId } });
    const team = await revoke(ids.shared!, people.admin.token);
    expect(team.data?.revokeServerAuthorization).toMatchObject({ status: 'REVOKED', team: true });

    const rows = await auditRows('oauth.revoke');
    expect(rows.filter((row) => row.outcome === 'success').map((row) => [row.actor_id, row.target_id, row.detail.user ?? 'team'])).toEqual([
      [people.viewer.viewer.userId, ids['per-user'], people.viewer.viewer.userId],
      [people.admin.viewer.userId, ids['per-user'], people.other.viewer.userId],
      [people.admin.viewer.userId, ids.shared, 'team'],
    ]);
    expect(rows.filter((row) => row.outcome === 'failure').map((row) => row.detail.code)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'NOT_FOUND']);
  });

  it('revokes every connection of a server once it is disabled', async () => {
    await seed('per-user', asUser('viewer'));
    await seed('per-user', asUser('other'));
    await dcr.events.publish(topics.serverDisabled, { serverId: ids['per-user']! });
    await waitUntil(
      'the connections revoked',
      () => store.connections({ serverId: ids['per-user'] }),
      (connections) => connections.every((c) => c.status === 'revoked'),
      { timeoutMs: 10_000 },
    );
    // The audit row is written once the revocations are done: wait for it too.
    const rows = await waitUntil(
      'the audit row of the revocation',
      () => auditRows('oauth.revoke'),
      (written) => written.at(-1)?.detail.reason === 'server disabled',
      { timeoutMs: 10_000 },
    );
    expect(rows.at(-1)).toMatchObject({ actor_id: null, target_id: ids['per-user'], outcome: 'success', detail: { reason: 'server disabled' } });
    expect(((rows.at(-1)?.detail.connections ?? []) as unknown[]).length).toBe(2);
  });
});

describe('the client metadata document route', () => {
  it('answers 404 while the platform uses no Client ID Metadata Document (no https public URL)', async () => {
    const answer = await fetch(new URL('/oauth/client-metadata.json', dcr.subgraph.url));
    expect(answer.status).toBe(404);
  });
});
