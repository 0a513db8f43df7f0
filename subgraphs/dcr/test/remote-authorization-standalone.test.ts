import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCounterStore,
  createEventBus,
  createLogger,
  InternalRequestKey,
  openDatabase,
  PeerRegistry,
  peersFromUrls,
  SecretBox,
  startSubgraph,
  type DatabaseHandle,
  type EventBus,
  type PeerDirectory,
  type RunningSubgraph,
} from '@mcp-portal/kit';
import { createTestDatabase, createTestTokens, testChannelPrefix, testRedisUrl, waitUntil, type TestDatabase } from '@mcp-portal/kit/testing';
import { serversSubgraph, type ServersServices } from '@mcp-portal/servers';
import { remoteAuthorizerPaths } from '@mcp-portal/servers/remote-authorization';
import { dcrSubgraph, type DcrServices } from '../src/index.ts';
import {
  consentAtTestAuthorizationServer,
  protectedBy,
  remoteOAuthCatalog,
  startProtectedMcpServer,
  startTestAuthorizationServer,
  type ProtectedMcpServer,
  type TestAuthorizationServer,
} from '../src/testing/index.ts';

/**
 * A team OAuth server when the servers subgraph runs as its own process (docker-compose): the dcr subgraph and the
 * servers subgraph started as two subgraphs of one deployment (one database, one Redis, one master key, each its
 * own connections and peers: the servers subgraph knows the dcr subgraph only by SUBGRAPH_DCR_URL), with
 * oidc-provider as the authorization server and an SDK MCP server behind it, all on loopback. The lifecycle waits
 * for authorization, an operator authorizes the team connection through the dcr subgraph's GraphQL API, and the
 * lifecycle connects with the team's token, which it gets (and refreshes) through the dcr subgraph's signed
 * internal routes. Those routes refuse unsigned requests, malformed ones and a user's principal.
 */
const logger = createLogger('test-dcr-remote-authorization', process.env.LOG_LEVEL ?? 'silent');
const secrets = SecretBox.fromBase64(SecretBox.generateKey());
const prefix = testChannelPrefix('dcr-remote-authorization');
let as: TestAuthorizationServer;
let remote: ProtectedMcpServer;
let testDatabase: TestDatabase;
let dir: string;
/** Each "process" with its own database pool, event bus and counters (the same database and Redis). */
const processes: { database: DatabaseHandle; events: EventBus; counters: ReturnType<typeof createCounterStore> }[] = [];
let dcr: RunningSubgraph<DcrServices>;
/** Starts the dcr subgraph (again, on the same port: the servers subgraph's SUBGRAPH_DCR_URL does not change). */
let startDcr: (port: number) => Promise<RunningSubgraph<DcrServices>>;
let servers: RunningSubgraph<ServersServices>;
let operator: string;
let serverId: string;
/** The last access token the remote server accepted. */

interface ServerView {
  status: string;
  lastError: string | null;
  tools: { name: string }[];
  logs: { line: string }[];
}

async function gql<T>(subgraph: RunningSubgraph<unknown>, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${subgraph.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${operator}` },
    body: JSON.stringify({ query, variables }),
  });
  const result = (await response.json()) as { data?: T; errors?: unknown };
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

const view = async () =>
  (
    await gql<{ server: ServerView }>(servers, 'query($id: ID!) { server(id: $id) { status lastError tools { name } logs(tail: 50) { line } } }', {
      id: serverId,
    })
  ).server;
const until = (what: string, predicate: (server: ServerView) => boolean) => waitUntil(what, view, predicate, { timeoutMs: 30_000 });
const whoami = async () =>
  (
    await gql<{ callTool: { isError: boolean; text: string } }>(
      servers,
      'mutation($s: ID!) { callTool(serverId: $s, name: "whoami", arguments: {}) { isError text } }',
      { s: serverId },
    )
  ).callTool;

async function startProcess(): Promise<{ database: DatabaseHandle; events: EventBus; counters: ReturnType<typeof createCounterStore> }> {
  const started = {
    database: await openDatabase({ url: testDatabase.url, poolSize: 4 }),
    events: createEventBus({ redisUrl: testRedisUrl, channelPrefix: prefix }),
    counters: createCounterStore({ redisUrl: testRedisUrl, keyPrefix: `${prefix}counters:` }),
  };
  processes.push(started);
  return started;
}

beforeAll(async () => {
  as = await startTestAuthorizationServer();
  remote = await startProtectedMcpServer({ ...protectedBy(as), challengeScope: 'mcp:read' });
  dir = await mkdtemp(join(tmpdir(), 'mcp-dcr-remote-authorization-'));
  await writeFile(join(dir, 'catalog.yaml'), remoteOAuthCatalog({ 'team-notes': { url: remote.url, connection: 'team' } }));
  testDatabase = await createTestDatabase('dcr-remote-authorization');
  const tokens = await createTestTokens();
  operator = await tokens.tokenFor(tokens.viewer('operator'));
  // The dcr subgraph first (as SUBGRAPH_DCR_URL names it from the start); it reaches the servers subgraph once that runs.
  const dcrPeers = new PeerRegistry(['servers']);
  const dcrProcess = await startProcess();
  startDcr = (port) =>
    startSubgraph(
      dcrSubgraph,
      { ...dcrProcess, secrets, logger, peers: dcrPeers },
      {
        port,
        host: '127.0.0.1',
        settings: dcrSubgraph.readSettings({ MCP_PUBLIC_URL: 'http://127.0.0.1:4000', MCP_OAUTH_ALLOW_HOSTS: '127.0.0.1' }),
        verifier: tokens.verifier,
      },
    );
  dcr = await startDcr(0);
  // The servers subgraph as runStandaloneSubgraph gives it its peers: from SUBGRAPH_<NAME>_URL.
  const serversPeers: PeerDirectory = peersFromUrls({ dcr: `${dcr.url}/graphql` });
  servers = await startSubgraph(
    serversSubgraph,
    { ...(await startProcess()), secrets, logger, peers: serversPeers },
    {
      port: 0,
      host: '127.0.0.1',
      settings: serversSubgraph.readSettings({
        MCP_CATALOG_PATH: join(dir, 'catalog.yaml'),
        MCP_DATA_DIR: dir,
        MCP_RUNTIME: 'process',
        MCP_LIFECYCLE_LEASE_SECONDS: '3',
      }),
      verifier: tokens.verifier,
    },
  );
  dcrPeers.register('servers', servers.url);
  await waitUntil('the lifecycle lease', () => servers.services.lifecycle.supervisor.isActive, Boolean);
  serverId = (await gql<{ enableServer: { id: string } }>(servers, 'mutation { enableServer(name: "team-notes", start: true) { id } }')).enableServer.id;
}, 90_000);

afterAll(async () => {
  await servers?.close();
  await dcr?.close();
  for (const started of processes) {
    await started.events.close();
    await started.counters.close();
    await started.database.close();
  }
  await testDatabase?.drop();
  await remote?.close();
  await as?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
}, 60_000);

describe('a team OAuth server with the servers subgraph on its own', () => {
  it('waits for authorization, then connects with the team token from the dcr subgraph and refreshes it there', async () => {
    const waiting = await until('the team server to wait for authorization', (server) => server.logs.some((log) => log.line.startsWith('waiting for OAuth')));
    expect(waiting).toMatchObject({ status: 'RUNNING', lastError: null, tools: [{ name: 'whoami' }] });
    const reason = waiting.logs.map((log) => log.line).join('\n');
    expect(reason).toContain('Its team OAuth connection is not authorized');
    // The dcr subgraph answered (the lifecycle has an OAuth client: the signed routes), not "no OAuth client".
    expect(reason).not.toContain('no OAuth client');
    expect(servers.services.lifecycle.supervisor.awaitingAuthorization()).toEqual([expect.objectContaining({ serverId, connection: 'team' })]);
    expect(remote.refusals).toEqual([]);

    // An operator authorizes the team connection through the dcr subgraph's API (which asks the servers subgraph
    // where the server answers and how it signs in), consents at the authorization server, and completes it.
    const started = await gql<{ authorizeServer: { authorizationUrl: string; connection: { team: boolean; status: string } } }>(
      dcr,
      'mutation($id: ID!) { authorizeServer(serverId: $id) { authorizationUrl connection { team status } } }',
      { id: serverId },
    );
    expect(started.authorizeServer.connection).toEqual({ team: true, status: 'NEEDS_AUTHORIZATION' });
    const answer = await consentAtTestAuthorizationServer(started.authorizeServer.authorizationUrl, 'team-account');
    const completed = await gql<{ completeServerAuthorization: { status: string } }>(
      dcr,
      'mutation($s: String!, $c: String!, $i: String) { completeServerAuthorization(state: $s, code: $c, iss: $i) { status } }',
      { s: answer.state, c: answer.code, i: answer.iss },
    );
    expect(completed.completeServerAuthorization.status).toBe('AUTHORIZED');

    // The event reaches the servers subgraph over Redis; it asks the dcr subgraph for the connection's status and
    // the team's token, and lists the remote server's own tools.
    const connected = await until(
      'the team server to connect',
      (server) => server.status === 'RUNNING' && server.tools.some((tool) => tool.name === 'write_note'),
    );
    expect(connected.status).toBe('RUNNING');
    expect(servers.services.lifecycle.supervisor.liveSessions().find((live) => live.serverId === serverId)?.remote).toMatchObject({ oauth: 'team' });
    expect(servers.services.lifecycle.supervisor.awaitingAuthorization()).toEqual([]);
    expect(await whoami()).toEqual({ isError: false, text: 'team-account' });

    // The authorization server drops the token: the remote server answers 401, the dcr subgraph refreshes it (the
    // refused token and the challenge go over the unauthorized route) and the call is sent again with the new one.
    const refused = remote.lastTokenOf() ?? '';
    await (await as.provider.AccessToken.find(refused))?.destroy();
    expect(await whoami()).toEqual({ isError: false, text: 'team-account' });
    expect(remote.lastTokenOf()).not.toBe(refused);
    expect(remote.refusals).toContain('unknown, expired or revoked token');
  });

  it('answers the internal routes only when signed, for the team, with a valid body', async () => {
    const key = InternalRequestKey.from(secrets);
    const url = (path: string) => new URL(path, dcr.url);
    const target = { serverId, serverUrl: remote.url, principal: { kind: 'team' } };

    // Unsigned: 401, whatever the body.
    const unsigned = await fetch(url(remoteAuthorizerPaths.accessToken), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(target),
    });
    expect(unsigned.status).toBe(401);
    expect(await unsigned.text()).not.toContain(remote.lastTokenOf());
    const unsignedGet = await fetch(`${url(remoteAuthorizerPaths.connection).toString()}?serverId=${serverId}`);
    expect(unsignedGet.status).toBe(401);
    const forged = await fetch(url(remoteAuthorizerPaths.unauthorized), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-mcp-internal': `v2.${Date.now()}.00.00` },
      body: JSON.stringify({ ...target, status: 401, wwwAuthenticate: null }),
    });
    expect(forged.status).toBe(401);
    // Signed by a process with another master key: 401.
    const stranger = InternalRequestKey.from(SecretBox.fromBase64(SecretBox.generateKey()));
    expect((await stranger.postJson(url(remoteAuthorizerPaths.accessToken), target)).status).toBe(401);

    // Signed but malformed: 400 (not a uuid, a user's principal, an unknown field, a status that is no refusal).
    for (const body of [
      { ...target, serverId: 'not-a-uuid' },
      { ...target, principal: { kind: 'user', userId: 'someone' } },
      { ...target, extra: true },
      { serverId },
    ]) {
      expect((await key.postJson(url(remoteAuthorizerPaths.accessToken), body)).status, JSON.stringify(body)).toBe(400);
    }
    expect((await key.postJson(url(remoteAuthorizerPaths.unauthorized), { ...target, status: 200, wwwAuthenticate: null })).status).toBe(400);
    expect((await key.postJson(url(remoteAuthorizerPaths.unauthorized), { ...target, status: 401 })).status).toBe(400);
    const badQuery = url(remoteAuthorizerPaths.connection);
    badQuery.searchParams.set('serverId', 'not-a-uuid');
    expect((await key.getJson(badQuery)).status).toBe(400);

    // Signed and valid: the team's token and nothing else of the connection; the status; null for no connection.
    const token = await key.postJson(url(remoteAuthorizerPaths.accessToken), target);
    expect(token).toEqual({ status: 200, body: { token: remote.lastTokenOf() } });
    const status = url(remoteAuthorizerPaths.connection);
    status.searchParams.set('serverId', serverId);
    expect(await key.getJson(status)).toEqual({ status: 200, body: { connection: { status: 'authorized' } } });
    const unknown = url(remoteAuthorizerPaths.connection);
    unknown.searchParams.set('serverId', '00000000-0000-4000-8000-000000000000');
    expect(await key.getJson(unknown)).toEqual({ status: 200, body: { connection: null } });
  });

  it('waits while the dcr subgraph does not answer, saying so, and connects again once it is back', async () => {
    const port = Number(new URL(dcr.url).port);
    await dcr.close();
    await gql(servers, 'mutation($id: ID!) { restartServer(id: $id) { id } }', { id: serverId });
    // Running with its entry's tools again, waiting, and its log says why.
    const waiting = await until(
      'the team server to wait for the dcr subgraph',
      (server) =>
        server.status === 'RUNNING' &&
        !server.tools.some((tool) => tool.name === 'write_note') &&
        server.logs.some((log) => log.line.includes('The dcr subgraph does not answer')),
    );
    expect(waiting.lastError).toBeNull();
    expect(servers.services.lifecycle.supervisor.awaitingAuthorization()).toEqual([expect.objectContaining({ serverId, connection: 'team' })]);

    // Back on the same address: the lifecycle asks again (every 10 s) and connects with the team token.
    dcr = await startDcr(port);
    await waitUntil(
      'the team server to connect again',
      view,
      (server) => server.status === 'RUNNING' && server.tools.some((tool) => tool.name === 'write_note'),
      {
        timeoutMs: 30_000,
      },
    );
    expect(await whoami()).toEqual({ isError: false, text: 'team-account' });
  }, 45_000);
});
