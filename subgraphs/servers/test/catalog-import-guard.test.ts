import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSubgraphHarness, type SubgraphHarness } from '@mcp-portal/kit/testing';
import { serversSubgraph, type ServersServices } from '../src/index.ts';

/**
 * importCatalog(url) reaches only what MCP_CATALOG_IMPORT_ALLOW_HOSTS lets it reach on private, loopback and
 * link-local addresses. Everything here stays on loopback: 127.0.0.3 is the allowed catalog host, 127.0.0.1 an
 * "internal" service the import must never touch (it counts the requests it gets).
 */
const allowedHost = '127.0.0.3';
const catalog = 'registry:\n  from-inside:\n    title: Internal\n    image: mcp/internal\n';

let harness: SubgraphHarness<ServersServices>;
let token: string;
let allowed: Server;
let internal: Server;
let allowedBase: string;
let internalPort: number;
let closedPort: number;
const internalRequests: string[] = [];

function listen(server: Server, host: string): Promise<number> {
  return new Promise((resolve) => server.listen(0, host, () => resolve((server.address() as AddressInfo).port)));
}

beforeAll(async () => {
  internal = createServer((req, res) => {
    internalRequests.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'application/yaml' }).end(catalog);
  });
  internalPort = await listen(internal, '127.0.0.1');
  allowed = createServer((req, res) => {
    if (req.url === '/team.yaml') res.writeHead(200, { 'content-type': 'application/yaml' }).end(catalog.replace('from-inside', 'from-allowed'));
    else if (req.url === '/to-internal') res.writeHead(302, { location: `http://127.0.0.1:${internalPort}/secret.yaml` }).end();
    else if (req.url === '/to-localhost') res.writeHead(301, { location: `http://localhost:${internalPort}/secret.yaml` }).end();
    else if (req.url === '/to-decimal') res.writeHead(307, { location: `http://2130706433:${internalPort}/secret.yaml` }).end();
    else if (req.url === '/relative') res.writeHead(302, { location: '/team.yaml' }).end();
    else res.writeHead(404).end('not here');
  });
  const allowedPort = await listen(allowed, allowedHost);
  allowedBase = `http://${allowedHost}:${allowedPort}`;
  const closed = createServer();
  closedPort = await listen(closed, allowedHost);
  await new Promise((resolve) => closed.close(resolve));

  harness = await startSubgraphHarness(serversSubgraph, { env: { MCP_CATALOG_IMPORT_ALLOW_HOSTS: allowedHost, MCP_CATALOG_IMPORT_TIMEOUT_MS: '2000' } });
  token = await harness.tokens.tokenFor(harness.tokens.viewer('operator'));
});

afterAll(async () => {
  for (const server of [allowed, internal]) {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  }
  await harness?.close();
});

async function importUrl(url: string) {
  const result = await harness.request<{ importCatalog: { imported: number; entries: { name: string }[] } }>(
    'mutation($url: String) { importCatalog(url: $url) { imported entries { name } } }',
    { url },
    token,
  );
  return { data: result.data, code: result.errors?.[0]?.extensions?.code, message: result.errors?.[0]?.message };
}

describe('importCatalog(url) and internal addresses', () => {
  it('imports from a host on the allow-list, following a redirect that stays there', async () => {
    expect((await importUrl(`${allowedBase}/team.yaml`)).data?.importCatalog.entries).toEqual([{ name: 'from-allowed' }]);
    expect((await importUrl(`${allowedBase}/relative`)).data?.importCatalog.entries).toEqual([{ name: 'from-allowed' }]);
  });

  it('refuses loopback in every spelling, before connecting', async () => {
    const spellings = ['127.0.0.1', 'localhost', '2130706433', '0x7f.1', '0177.0.0.1', '127.1', '[::ffff:127.0.0.1]', '[::1]'];
    for (const host of spellings) {
      const result = await importUrl(`http://${host}:${internalPort}/secret.yaml`);
      expect({ host, code: result.code, data: result.data ?? null }).toEqual({ host, code: 'BAD_USER_INPUT', data: null });
    }
    expect(internalRequests).toEqual([]);
  });

  it('re-checks every redirect: an allowed host cannot send the import to an internal one', async () => {
    for (const path of ['/to-internal', '/to-localhost', '/to-decimal']) {
      const result = await importUrl(`${allowedBase}${path}`);
      expect({ path, code: result.code }).toEqual({ path, code: 'BAD_USER_INPUT' });
      expect(result.message).not.toContain(String(internalPort));
    }
    expect(internalRequests).toEqual([]);
  });

  it('answers one error for every failure: a refused address, a closed port, an open one and a 404 read alike', async () => {
    const port = Number(new URL(allowedBase).port);
    const messages = [
      (await importUrl(`http://127.0.0.1:${internalPort}/x.yaml`)).message?.replace(`127.0.0.1:${internalPort}`, 'HOST'),
      (await importUrl(`http://${allowedHost}:${closedPort}/x.yaml`)).message?.replace(`${allowedHost}:${closedPort}`, 'HOST'),
      (await importUrl(`http://${allowedHost}:${port}/x.yaml`)).message?.replace(`${allowedHost}:${port}`, 'HOST'),
    ];
    expect(messages[0]).toMatch(/^http:\/\/HOST\/x\.yaml could not be imported/);
    expect(new Set(messages).size).toBe(1);
    expect(internalRequests).toEqual([]);
  });
});
