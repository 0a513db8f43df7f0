import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PeerRegistry, queryRows, SecretBox, type Viewer } from '@mcp-portal/kit';
import { startSubgraphHarness, waitUntil, type SubgraphHarness } from '@mcp-portal/kit/testing';
import { topics, type OAuthConnectionChangedEvent } from '@mcp-portal/schema';
import { serversSubgraph, type ServersServices } from '@mcp-portal/servers';
import { dcrSubgraph, type DcrServices } from '../src/index.ts';
import {
  consentAtTestAuthorizationServer,
  startProtectedMcpServer,
  startTestAuthorizationServer,
  type ProtectedMcpServer,
  type TestAuthorizationServer,
} from '../src/testing/index.ts';

/**
 * The whole authorization of a remote MCP server through the GraphQL API, against real peers: oidc-provider as
 * the authorization server and an SDK MCP server behind a bearer check, both on loopback. The consent is given
 * by following the authorization URL through the authorization server's own login and consent pages; its
 * redirect to the portal's callback is read, not followed, and handed to completeServerAuthorization.
 */
let authorizationServer: TestAuthorizationServer;
let mcp: ProtectedMcpServer;
let servers: SubgraphHarness<ServersServices>;
let dcr: SubgraphHarness<DcrServices>;
const ids: Record<string, string> = {};
const people = {} as Record<'alice' | 'bob' | 'operator' | 'admin', { viewer: Viewer; token: string }>;
const events: OAuthConnectionChangedEvent[] = [];
let stopListening: () => Promise<void>;

interface Connection {
  id: string;
  status: string;
  scopes: string[];
  issuer: string | null;
  expiresAt: string | null;
  team: boolean;
  user: { id: string } | null;
  authorizedBy: { id: string } | null;
}
const fields = 'id status scopes issuer expiresAt team user { id } authorizedBy { id }';

const authorize = (serverId: string, token: string) =>
  dcr.request<{ authorizeServer: { authorizationUrl: string; connection: Connection } }>(
    `mutation($id: ID!) { authorizeServer(serverId: $id) { authorizationUrl connection { ${fields} } } }`,
    { id: serverId },
    token,
  );
const complete = (answer: { state: string | null; code: string | null; iss: string | null }, token: string) =>
  dcr.request<{ completeServerAuthorization: Connection }>(
    `mutation($s: String!, $c: String!, $i: String) { completeServerAuthorization(state: $s, code: $c, iss: $i) { ${fields} } }`,
    { s: answer.state, c: answer.code, i: answer.iss },
    token,
  );
const connectionOf = async (serverId: string, token: string) => {
  const answer = await dcr.request<{ _entities: { oauthConnection: Connection | null }[] }>(
    `query($r: [_Any!]!) { _entities(representations: $r) { ... on Server { oauthConnection { ${fields} } } } }`,
    { r: [{ __typename: 'Server', id: serverId }] },
    token,
  );
  expect(answer.errors).toBeUndefined();
  return answer.data!._entities[0]!.oauthConnection;
};
/** The access token the platform holds for a principal (what the gateway-proxy would send). */
const tokenOf = async (serverId: string, principal: { kind: 'team' } | { kind: 'user'; userId: string }) => {
  const result = await dcr.subgraph.services.upstream.accessToken({ serverId, serverUrl: mcp.url, principal });
  if (!('token' in result)) throw new Error(`no token: ${result.message}`);
  return result.token;
};
const auditText = async () => JSON.stringify(await queryRows(dcr.database.db, sql`select action, outcome, detail from audit.events order by occurred_at`));

beforeAll(async () => {
  authorizationServer = await startTestAuthorizationServer();
  mcp = await startProtectedMcpServer({
    authorizationServers: [authorizationServer.issuer],
    verifyAccessToken: (t) => authorizationServer.verifyAccessToken(t),
    scopesSupported: ['mcp:read'],
  });
  const dir = await mkdtemp(join(tmpdir(), 'mcp-oauth-flow-'));
  await writeFile(
    join(dir, 'catalog.yaml'),
    `registry:
  notes:
    type: remote
    description: Notes, one authorization per user.
    remote: { url: "${mcp.url}" }
    oauth: { providers: [{ provider: notes }] }
  team-notes:
    type: remote
    description: Notes, one authorization for the team.
    remote: { url: "${mcp.url}" }
    oauth: { connection: team }
`,
  );
  const secrets = SecretBox.fromBase64(SecretBox.generateKey());
  servers = await startSubgraphHarness(serversSubgraph, {
    secrets,
    env: { MCP_CATALOG_PATH: join(dir, 'catalog.yaml'), MCP_DATA_DIR: dir, MCP_RUNTIME: 'process' },
  });
  const peers = new PeerRegistry(['servers']);
  peers.register('servers', servers.subgraph.url);
  dcr = await startSubgraphHarness(dcrSubgraph, { secrets, peers, env: { MCP_OAUTH_ALLOW_HOSTS: '127.0.0.1', MCP_PUBLIC_URL: 'http://127.0.0.1:4000' } });
  stopListening = await dcr.events.subscribe(topics.oauthConnectionChanged, (event) => events.push(event));
  for (const [who, role] of [
    ['alice', 'viewer'],
    ['bob', 'viewer'],
    ['operator', 'operator'],
    ['admin', 'admin'],
  ] as const) {
    const viewer = dcr.tokens.viewer(role);
    people[who] = { viewer, token: await dcr.tokens.tokenFor(viewer) };
  }
  const operator = await servers.tokens.tokenFor(servers.tokens.viewer('operator'));
  for (const name of ['notes', 'team-notes']) {
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
  await stopListening?.();
  await dcr?.close();
  await servers?.close();
  await mcp?.close();
  await authorizationServer?.close();
});

describe('authorizing a per-user remote server', () => {
  it('hands out an authorization URL with PKCE, state and the resource, and a connection waiting for it', async () => {
    const started = await authorize(ids.notes!, people.alice.token);
    expect(started.errors).toBeUndefined();
    const url = new URL(started.data!.authorizeServer.authorizationUrl);
    expect(url.origin).toBe(new URL(authorizationServer.issuer).origin);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('state')).toBeTruthy();
    expect(url.searchParams.get('resource')).toBe(mcp.url);
    expect(url.searchParams.get('redirect_uri')).toBe('http://127.0.0.1:4000/oauth/callback');
    expect(started.data!.authorizeServer.connection).toMatchObject({ status: 'NEEDS_AUTHORIZATION', team: false, user: { id: people.alice.viewer.userId } });
  });

  it('refuses a completion by someone else than who started it, and leaves the state to its owner', async () => {
    const started = await authorize(ids.notes!, people.alice.token);
    const answer = await consentAtTestAuthorizationServer(started.data!.authorizeServer.authorizationUrl, 'alice');
    expect(answer, JSON.stringify({ ...answer, url: answer.url.toString() })).toMatchObject({ error: null });
    expect(answer.code).toBeTruthy();
    const byBob = await complete(answer, people.bob.token);
    expect(byBob.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Not spent by the refusal: Bob is refused again as not its owner (an unknown state would be BAD_USER_INPUT).
    const again = await complete(answer, people.bob.token);
    expect(again.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await connectionOf(ids.notes!, people.alice.token)).toMatchObject({ status: 'NEEDS_AUTHORIZATION' });
  });

  it('refuses a completion that comes too late, and says so', async () => {
    const started = await authorize(ids.notes!, people.alice.token);
    const answer = await consentAtTestAuthorizationServer(started.data!.authorizeServer.authorizationUrl, 'alice');
    // The state's lifetime (MCP_OAUTH_STATE_TTL_SECONDS) ran out while the user was away.
    await dcr.database.db.execute(sql`update dcr.upstream_oauth_states set expires_at = now() - interval '1 second'`);
    const late = await complete(answer, people.alice.token);
    expect(late.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
      message: expect.stringMatching(/took too long: start it again/) as unknown,
    });
    expect(await connectionOf(ids.notes!, people.alice.token)).toMatchObject({ status: 'NEEDS_AUTHORIZATION' });
  });

  it("completes with the user's consent: AUTHORIZED for them only, with a token for their account, announced and audited without secrets", async () => {
    const eventsBefore = events.length;
    const started = await authorize(ids.notes!, people.alice.token);
    const answer = await consentAtTestAuthorizationServer(started.data!.authorizeServer.authorizationUrl, 'alice');
    expect(answer.iss).toBe(authorizationServer.issuer);
    const completed = await complete(answer, people.alice.token);
    expect(completed.errors).toBeUndefined();
    expect(completed.data!.completeServerAuthorization).toMatchObject({
      status: 'AUTHORIZED',
      issuer: authorizationServer.issuer,
      team: false,
      user: { id: people.alice.viewer.userId },
      authorizedBy: { id: people.alice.viewer.userId },
    });
    expect(Date.parse(completed.data!.completeServerAuthorization.expiresAt!)).toBeGreaterThan(Date.now());
    expect(await connectionOf(ids.notes!, people.alice.token)).toMatchObject({ status: 'AUTHORIZED' });
    expect(await connectionOf(ids.notes!, people.bob.token)).toMatchObject({ status: 'NEEDS_AUTHORIZATION', user: { id: people.bob.viewer.userId } });

    const token = await tokenOf(ids.notes!, { kind: 'user', userId: people.alice.viewer.userId });
    expect(await authorizationServer.verifyAccessToken(token)).toMatchObject({ accountId: 'alice', audience: mcp.url });

    const replayed = await complete(answer, people.alice.token);
    expect(replayed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    await waitUntil(
      'the change announced',
      () => events.slice(eventsBefore),
      (seen) => seen.length > 0,
    );
    expect(events.slice(eventsBefore)).toContainEqual({
      id: completed.data!.completeServerAuthorization.id,
      serverId: ids.notes,
      userId: people.alice.viewer.userId,
    });

    const audit = await auditText();
    expect(audit).toContain('"oauth.authorize-complete"');
    for (const secret of [token, answer.code!, answer.state!]) expect(audit).not.toContain(secret);
    expect(audit).not.toContain('code_challenge');
  });

  it('revokes at the authorization server: the token stops working and the connection is REVOKED', async () => {
    const token = await tokenOf(ids.notes!, { kind: 'user', userId: people.alice.viewer.userId });
    const revoked = await dcr.request<{ revokeServerAuthorization: Connection }>(
      `mutation($id: ID!) { revokeServerAuthorization(serverId: $id) { ${fields} } }`,
      { id: ids.notes },
      people.alice.token,
    );
    expect(revoked.errors).toBeUndefined();
    expect(revoked.data!.revokeServerAuthorization).toMatchObject({ status: 'REVOKED', user: { id: people.alice.viewer.userId } });
    expect(await authorizationServer.verifyAccessToken(token)).toBeNull();
  });
});

describe('authorizing a team remote server', () => {
  it('is for an operator; everyone then sees the one team connection, until the server is disabled', async () => {
    const byViewer = await authorize(ids['team-notes']!, people.bob.token);
    expect(byViewer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const started = await authorize(ids['team-notes']!, people.operator.token);
    expect(started.errors).toBeUndefined();
    const answer = await consentAtTestAuthorizationServer(started.data!.authorizeServer.authorizationUrl, 'team-account');
    const completed = await complete(answer, people.operator.token);
    expect(completed.data?.completeServerAuthorization).toMatchObject({
      status: 'AUTHORIZED',
      team: true,
      user: null,
      authorizedBy: { id: people.operator.viewer.userId },
    });
    for (const who of ['alice', 'bob', 'admin'] as const) {
      expect(await connectionOf(ids['team-notes']!, people[who].token), who).toMatchObject({ status: 'AUTHORIZED', team: true });
    }
    const token = await tokenOf(ids['team-notes']!, { kind: 'team' });
    expect(await authorizationServer.verifyAccessToken(token)).toMatchObject({ accountId: 'team-account' });

    // The servers subgraph announces a disabled server on its own channel; the dcr subgraph listens on this one.
    await dcr.events.publish(topics.serverDisabled, { serverId: ids['team-notes']! });
    await waitUntil(
      'the team connection revoked',
      () => connectionOf(ids['team-notes']!, people.admin.token),
      (c) => c?.status === 'REVOKED',
    );
    expect(await authorizationServer.verifyAccessToken(token)).toBeNull();
  });
});
