import { randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PeerRegistry, SecretBox } from '@mcp-portal/kit';
import { startSubgraphHarness, type SubgraphHarness } from '@mcp-portal/kit/testing';
import { RemoteEndpointSource, remoteEndpointPath } from '@mcp-portal/servers/remote-endpoint';
import { serversSubgraph, type ServersServices } from '../src/index.ts';

const catalog = `registry:
  linear:
    type: remote
    description: Linear behind OAuth, one connection per user.
    remote:
      url: https://mcp.linear.example/mcp
      transport_type: streamable-http
    oauth:
      providers:
        - provider: linear
      scopes: [read, write]
  wiki:
    type: remote
    description: A team wiki with one shared connection.
    remote:
      url: https://wiki.example/sse
      transport_type: sse
    oauth:
      connection: team
  open:
    type: remote
    description: A remote server that needs no sign-in.
    remote:
      url: https://open.example/mcp
  local:
    description: A local process.
    run:
      command: node
      args: ['-e', '0']
`;

let servers: SubgraphHarness<ServersServices>;
let source: RemoteEndpointSource;
const ids: Record<string, string> = {};

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mcp-remote-endpoint-'));
  await writeFile(join(dir, 'catalog.yaml'), catalog);
  const secrets = SecretBox.fromBase64(SecretBox.generateKey());
  servers = await startSubgraphHarness(serversSubgraph, {
    secrets,
    env: { MCP_CATALOG_PATH: join(dir, 'catalog.yaml'), MCP_DATA_DIR: dir, MCP_RUNTIME: 'process' },
  });
  const peers = new PeerRegistry([]);
  peers.register('servers', servers.subgraph.url);
  source = new RemoteEndpointSource(secrets, peers);
  const operator = await servers.tokens.tokenFor(servers.tokens.viewer('operator'));
  for (const name of ['linear', 'wiki', 'open', 'local']) {
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
  await servers?.close();
});

describe('remote endpoint of a server', () => {
  it("says where a remote server answers and how its entry's oauth block signs in (per user by default)", async () => {
    expect(await source.of(ids.linear!)).toEqual({
      serverId: ids.linear,
      name: 'linear',
      url: 'https://mcp.linear.example/mcp',
      transport: 'streamable-http',
      oauth: { connection: 'user', scopes: ['read', 'write'], providers: ['linear'] },
    });
    expect(await source.of(ids.wiki!)).toMatchObject({ url: 'https://wiki.example/sse', transport: 'sse', oauth: { connection: 'team', scopes: [] } });
    expect(await source.of(ids.open!)).toMatchObject({ url: 'https://open.example/mcp', transport: 'streamable-http', oauth: null });
    expect(await source.of(ids.local!)).toEqual({ serverId: ids.local, name: 'local', url: null, transport: null, oauth: null });
  });

  it('is null for no such server and refuses requests that are not signed by the deployment', async () => {
    expect(await source.of(randomUUID())).toBeNull();
    const unsigned = await fetch(new URL(`${remoteEndpointPath}?serverId=${ids.linear}`, servers.subgraph.url));
    expect(unsigned.status).toBe(401);
    const stranger = new RemoteEndpointSource(SecretBox.fromBase64(SecretBox.generateKey()), {
      urlOf: () => servers.subgraph.url,
      expects: () => true,
    });
    await expect(stranger.of(ids.linear!)).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });

  it('shows the connection mode in the API and keeps it through an entry written by hand', async () => {
    const admin = await servers.tokens.tokenFor(servers.tokens.viewer('admin'));
    const read = await servers.request<{ catalogEntry: { oauth: { connection: string; scopes: string[] } | null } }>(
      '{ catalogEntry(name: "wiki") { oauth { connection scopes } } }',
      {},
      admin,
    );
    expect(read.errors).toBeUndefined();
    expect(read.data?.catalogEntry.oauth).toEqual({ connection: 'TEAM', scopes: [] });
    const created = await servers.request<{ createCatalogEntry: { oauth: { connection: string } } }>(
      `mutation { createCatalogEntry(input: { name: "shared-remote", entry: {
        type: REMOTE, description: "d", remote: { url: "https://shared.example/mcp" },
        oauth: { providers: [], connection: TEAM } } }) { oauth { connection } } }`,
      {},
      admin,
    );
    expect(created.errors).toBeUndefined();
    expect(created.data?.createCatalogEntry.oauth.connection).toBe('TEAM');
  });
});
