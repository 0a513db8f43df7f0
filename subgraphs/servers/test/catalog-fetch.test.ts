import { createServer, type Server } from 'node:http';
import { Socket, type AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AllowedHosts, checkedAddresses, InvalidInputError, refusedRange, type HostResolver } from '@mcp-portal/kit';
import { CatalogFetchError, fetchCatalogText, type FetchLimits } from '../src/services/catalog-fetch.ts';

/**
 * The import's address guard, without leaving loopback: names resolve through an in-process fake DNS, and
 * every address the guard must refuse is refused before a socket exists (the connect spy proves it).
 */
const fakeDns: Record<string, string[]> = {
  'metadata.test': ['169.254.169.254'],
  'intranet.test': ['10.0.0.1'],
  'cgnat.test': ['100.64.1.2'],
  'mixed.test': ['93.184.216.34', '10.0.0.1'],
  'mapped.test': ['::ffff:169.254.169.254'],
  'v6-private.test': ['fd00:ec2::254'],
  'catalog.test': ['127.0.0.1'],
};
const lookups: string[] = [];
const fakeResolver: HostResolver = async (hostname) => {
  lookups.push(hostname);
  const addresses = fakeDns[hostname];
  if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};
const noResolver: HostResolver = async (hostname) => {
  throw new Error(`the guard asked DNS for ${hostname}, but an address literal needs no lookup`);
};

let server: Server;
let port: number;
const served: string[] = [];
const connects: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    served.push(`${req.headers.host} ${req.url}`);
    if (req.url === '/catalog.yaml') res.writeHead(200).end('registry: {}\n');
    else if (req.url === '/to-metadata') res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    else if (req.url === '/to-metadata-name') res.writeHead(302, { location: 'http://metadata.test/latest/meta-data/' }).end();
    else if (req.url === '/to-file') res.writeHead(302, { location: 'file:///etc/passwd' }).end();
    else if (req.url === '/loop') res.writeHead(302, { location: '/loop' }).end();
    else if (req.url === '/gzip') res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync('registry: {}\n'));
    else if (req.url === '/gzip-bomb') res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(1024 * 1024, 0x23)));
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  // Every connection this process opens, by address: the refused ones must never show up here.
  const connect = Socket.prototype.connect;
  vi.spyOn(Socket.prototype, 'connect').mockImplementation(function (this: Socket, ...args: unknown[]) {
    // net.createConnection passes its normalised arguments as one array.
    const [first] = Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
    const options = typeof first === 'object' && first !== null ? (first as { host?: string; port?: number }) : { host: String(args[1]), port: Number(first) };
    connects.push(`${options.host}:${options.port}`);
    return (connect as (...a: unknown[]) => Socket).apply(this, args);
  });
});
afterAll(async () => {
  vi.restoreAllMocks();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});
afterEach(() => {
  connects.length = 0;
  lookups.length = 0;
  served.length = 0;
});

const limits = (allow: string, resolve: HostResolver = fakeResolver): FetchLimits => ({
  timeoutMs: 2_000,
  maxBytes: 64 * 1024,
  allowHosts: AllowedHosts.parse(allow),
  resolve,
});

describe('refusedRange', () => {
  it('names the range of every internal address, IPv4, IPv6 and IPv4-mapped', () => {
    const refused = [
      '127.0.0.1',
      '127.255.255.254',
      '0.0.0.0',
      '10.0.0.1',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '169.254.0.1',
      '100.64.0.1',
      '100.127.255.255',
      '100.100.100.200',
      '192.0.0.192',
      '224.0.0.1',
      '239.255.255.250',
      '255.255.255.255',
      '240.0.0.1',
      '198.18.0.1',
      '::',
      '::1',
      'fe80::1',
      'fe80::1%eth0',
      'fc00::1',
      'fd00:ec2::254',
      'ff02::1',
      'fec0::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:169.254.169.254',
      '::ffff:10.0.0.1',
      '::127.0.0.1',
      '64:ff9b::a9fe:a9fe',
      '2002:7f00:1::1',
      '2002:a9fe:a9fe::',
      '2001:db8::1',
      '2001::1',
    ];
    for (const address of refused) expect({ address, range: refusedRange(address) }).toEqual({ address, range: expect.any(String) });
    expect(refusedRange('169.254.169.254')).toMatch(/link-local/);
    expect(refusedRange('100.64.0.1')).toMatch(/CGNAT/);
    expect(refusedRange('::ffff:127.0.0.1')).toMatch(/loopback/);
  });

  it('lets public addresses through, IPv4-mapped ones included', () => {
    for (const address of [
      '93.184.216.34',
      '8.8.8.8',
      '1.1.1.1',
      '172.32.0.1',
      '100.128.0.1',
      '2606:4700::1111',
      '::ffff:93.184.216.34',
      '64:ff9b::808:808',
      '2002:808:808::1',
    ]) {
      expect({ address, range: refusedRange(address) }).toEqual({ address, range: null });
    }
  });
});

describe('checkedAddresses (the guard decision, no connection)', () => {
  it('refuses the numeric spellings of loopback the URL parser turns into 127.0.0.1, without a DNS lookup', async () => {
    const none = { allowHosts: AllowedHosts.parse(''), resolve: noResolver };
    for (const url of [
      'http://2130706433/',
      'http://0x7f.1/',
      'http://0177.0.0.1/',
      'http://127.1/',
      'http://0/',
      'http://[::ffff:7f00:1]/',
      'http://[::1]/',
      'http://%31%32%37.0.0.1/',
      'http://[::]/',
    ]) {
      await expect(checkedAddresses(new URL(url), none), url).rejects.toThrow(/refused|not allowed/);
    }
  });

  it('refuses localhost by name, before asking DNS', async () => {
    for (const url of ['http://localhost/', 'http://LOCALHOST./', 'http://api.localhost/']) {
      await expect(checkedAddresses(new URL(url), { allowHosts: AllowedHosts.parse(''), resolve: noResolver }), url).rejects.toThrow(/localhost/);
    }
  });

  it('resolves a name and refuses it when any of its addresses is internal', async () => {
    const policy = { allowHosts: AllowedHosts.parse(''), resolve: fakeResolver };
    for (const host of ['metadata.test', 'intranet.test', 'cgnat.test', 'mixed.test', 'mapped.test', 'v6-private.test', 'catalog.test']) {
      await expect(checkedAddresses(new URL(`https://${host}/catalog.yaml`), policy), host).rejects.toThrow(/refused/);
    }
  });

  it('lets the allow-list open a name, an address or a range', async () => {
    const resolve = fakeResolver;
    expect(await checkedAddresses(new URL('http://catalog.test/'), { allowHosts: AllowedHosts.parse('127.0.0.1'), resolve })).toEqual([
      { address: '127.0.0.1', family: 4 },
    ]);
    expect(await checkedAddresses(new URL('http://intranet.test/'), { allowHosts: AllowedHosts.parse('intranet.test'), resolve })).toEqual([
      { address: '10.0.0.1', family: 4 },
    ]);
    expect(await checkedAddresses(new URL('http://intranet.test/'), { allowHosts: AllowedHosts.parse(' 10.0.0.0/8 , ::1'), resolve })).toEqual([
      { address: '10.0.0.1', family: 4 },
    ]);
    await expect(checkedAddresses(new URL('http://metadata.test/'), { allowHosts: AllowedHosts.parse('10.0.0.0/8'), resolve })).rejects.toThrow(/refused/);
    expect(() => AllowedHosts.parse('10.0.0.0/99')).toThrow(/10\.0\.0\.0\/99/);
    expect(() => AllowedHosts.parse('http://x')).toThrow(/http:\/\/x/);
  });
});

describe('fetchCatalogText', () => {
  it('connects to the address it checked, once per hop, and sends the name as Host', async () => {
    const text = await fetchCatalogText(new URL(`http://catalog.test:${port}/catalog.yaml`), limits('127.0.0.1'));
    expect(text).toBe('registry: {}\n');
    expect(lookups).toEqual(['catalog.test']);
    expect(connects).toEqual([`127.0.0.1:${port}`]);
    expect(served).toEqual([`catalog.test:${port} /catalog.yaml`]);
  });

  it('never opens a socket to a refused address, named or literal', async () => {
    for (const url of [
      'http://metadata.test/latest/meta-data/',
      'http://169.254.169.254/latest/meta-data/',
      'http://intranet.test/',
      'https://mixed.test/',
      `http://127.0.0.1:${port}/catalog.yaml`,
    ]) {
      await expect(fetchCatalogText(new URL(url), limits('')), url).rejects.toBeInstanceOf(CatalogFetchError);
    }
    expect(connects).toEqual([]);
  });

  it('re-checks every redirect before following it', async () => {
    for (const path of ['/to-metadata', '/to-metadata-name', '/to-file']) {
      const failure = await fetchCatalogText(new URL(`http://127.0.0.1:${port}${path}`), limits('127.0.0.1')).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(CatalogFetchError);
      expect(failure).toBeInstanceOf(InvalidInputError);
      expect((failure as CatalogFetchError).reason).toMatch(/redirect/);
    }
    expect(connects.every((address) => address === `127.0.0.1:${port}`)).toBe(true);
    const loop = await fetchCatalogText(new URL(`http://127.0.0.1:${port}/loop`), limits('127.0.0.1')).catch((error: unknown) => error);
    expect((loop as CatalogFetchError).reason).toMatch(/redirects/);
  });

  it('decodes a compressed answer and holds the decoded text to the size cap', async () => {
    expect(await fetchCatalogText(new URL(`http://127.0.0.1:${port}/gzip`), limits('127.0.0.1'))).toBe('registry: {}\n');
    const bomb = await fetchCatalogText(new URL(`http://127.0.0.1:${port}/gzip-bomb`), limits('127.0.0.1')).catch((error: unknown) => error);
    expect((bomb as CatalogFetchError).reason).toMatch(/larger than 65536 bytes/);
  });

  it('says the same thing for every failure, and keeps the reason for the log', async () => {
    const failures = await Promise.all(
      ['http://metadata.test/x.yaml', `http://127.0.0.1:${port}/x.yaml`].map((url) =>
        fetchCatalogText(new URL(url), limits(url.includes('127') ? '127.0.0.1' : '')).catch((error: unknown) => error as CatalogFetchError),
      ),
    );
    const [refused, missing] = failures as [CatalogFetchError, CatalogFetchError];
    expect(refused.message.replace('metadata.test', 'HOST')).toBe(missing.message.replace(`127.0.0.1:${port}`, 'HOST'));
    expect(refused.reason).toMatch(/169\.254\.169\.254.*link-local/);
    expect(missing.reason).toMatch(/404/);
  });
});
