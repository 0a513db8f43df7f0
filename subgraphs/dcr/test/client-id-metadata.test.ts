import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AllowedHosts, type HostResolver } from '@mcp-portal/kit';
import {
  ClientMetadataDocumentError,
  ClientMetadataDocuments,
  isMetadataDocumentClientId,
  type ClientMetadataDocumentsOptions,
} from '../src/client-id-metadata/index.ts';
import { startDocumentHost, type DocumentHost } from './client-id-metadata-server.ts';
import { watchNetwork } from './network-watch.ts';

/**
 * The authorization server's Client ID Metadata Documents, fetched over real loopback https (a test certificate the
 * worker trusts) through the OAuth client's guarded fetch: validation, caching, the bounds of a fetch, and the
 * address guard, which refuses internal addresses before any connection (checked with every lookup and connection
 * of the process recorded: none leaves loopback).
 */

let host: DocumentHost;
let clock = 1_700_000_000_000;
const allowLoopback = AllowedHosts.parse('127.0.0.1', 'MCP_OAUTH_ALLOW_HOSTS');

beforeAll(async () => {
  host = await startDocumentHost();
});

afterAll(async () => {
  await host.close();
});

const documents = (options: Partial<ClientMetadataDocumentsOptions> = {}) =>
  new ClientMetadataDocuments({ allowHosts: allowLoopback, now: () => clock, ...options });

/** A valid document at `path`, with `extra` fields. */
function serveDocument(path: string, extra: Record<string, unknown> = {}, headers?: Record<string, string>): string {
  const clientId = host.url(path);
  host.serve(path, { client_id: clientId, client_name: 'Example MCP client', redirect_uris: ['http://127.0.0.1:33418/callback'], ...extra }, headers);
  return clientId;
}

async function refusal(attempt: Promise<unknown>): Promise<ClientMetadataDocumentError> {
  const error = await attempt.then(
    () => null,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(ClientMetadataDocumentError);
  return error as ClientMetadataDocumentError;
}

describe('a valid Client ID Metadata Document', () => {
  it('resolves to the client it describes, with the defaults filled in', async () => {
    const clientId = serveDocument('/valid.json', {
      logo_uri: 'https://client.example.com/logo.png',
      scope: 'mcp:read mcp:write',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      unknown_field: { ignored: true },
      software_statement: 'eyJ.not.checked',
    });
    expect(isMetadataDocumentClientId(clientId)).toBe(true);
    const client = await documents().resolve(clientId);
    expect(client).toEqual({
      clientId,
      clientName: 'Example MCP client',
      redirectUris: ['http://127.0.0.1:33418/callback'],
      grantTypes: ['authorization_code', 'refresh_token'],
      responseTypes: ['code'],
      applicationType: 'web',
      clientUri: null,
      logoUri: 'https://client.example.com/logo.png',
      policyUri: null,
      tosUri: null,
      scope: 'mcp:read mcp:write',
    });
  });

  it('a minimal one (no name), a native one with a private-use scheme, a query, and an +json type', async () => {
    const minimal = host.url('/minimal.json');
    host.serve('/minimal.json', { client_id: minimal, redirect_uris: ['https://client.example.com/cb'] });
    expect(await documents().resolve(minimal)).toMatchObject({ clientName: '', grantTypes: ['authorization_code'], responseTypes: ['code'], scope: null });

    const native = serveDocument('/native.json', { application_type: 'native', redirect_uris: ['com.example.app:/callback'] });
    expect(await documents().resolve(native)).toMatchObject({ applicationType: 'native', redirectUris: ['com.example.app:/callback'] });

    const withQuery = serveDocument('/query.json?v=2', {}, { 'content-type': 'application/oauth-client+json; charset=utf-8' });
    expect((await documents().resolve(withQuery)).clientId).toBe(withQuery);
  });

  it('asks for JSON, sends no cookie, and hands out copies (the cached client cannot be changed by a caller)', async () => {
    const clientId = host.url('/headers.json');
    let seen: Record<string, string | string[] | undefined> = {};
    host.route('/headers.json', (req, res) => {
      seen = req.headers;
      res
        .writeHead(200, { 'content-type': 'application/json', 'set-cookie': 'session=1' })
        .end(JSON.stringify({ client_id: clientId, redirect_uris: ['https://a.example/cb'] }));
    });
    const resolver = documents();
    const first = await resolver.resolve(clientId);
    expect(seen.accept).toBe('application/json');
    expect(seen.cookie).toBeUndefined();
    first.redirectUris.push('https://evil.example/cb');
    expect((await resolver.resolve(clientId)).redirectUris).toEqual(['https://a.example/cb']);
    expect(host.hits('/headers.json')).toBe(1);
  });
});

describe('caching', () => {
  it('a second resolve is answered from the cache (5 minutes without Cache-Control)', async () => {
    const clientId = serveDocument('/default-lifetime.json');
    const resolver = documents();
    await resolver.resolve(clientId);
    clock += 299_000;
    await resolver.resolve(clientId);
    expect(host.hits('/default-lifetime.json')).toBe(1);
    clock += 2_000;
    await resolver.resolve(clientId);
    expect(host.hits('/default-lifetime.json')).toBe(2);
  });

  it('max-age is respected, and clamped to 24 hours', async () => {
    const resolver = documents();
    const short = serveDocument('/max-age.json', {}, { 'cache-control': 'public, max-age=120' });
    await resolver.resolve(short);
    clock += 119_000;
    await resolver.resolve(short);
    expect(host.hits('/max-age.json')).toBe(1);
    clock += 2_000;
    await resolver.resolve(short);
    expect(host.hits('/max-age.json')).toBe(2);

    const long = serveDocument('/max-age-long.json', {}, { 'cache-control': 'max-age=31536000' });
    await resolver.resolve(long);
    clock += 24 * 3600_000 - 1_000;
    await resolver.resolve(long);
    expect(host.hits('/max-age-long.json')).toBe(1);
    clock += 2_000;
    await resolver.resolve(long);
    expect(host.hits('/max-age-long.json')).toBe(2);
  });

  it('no-store, no-cache and max-age=0 are not cached', async () => {
    const resolver = documents();
    for (const [path, cacheControl] of [
      ['/no-store.json', 'no-store'],
      ['/no-cache.json', 'private, no-cache'],
      ['/max-age-zero.json', 'max-age=0'],
    ] as const) {
      const clientId = serveDocument(path, {}, { 'cache-control': cacheControl });
      await resolver.resolve(clientId);
      await resolver.resolve(clientId);
      expect(host.hits(path), cacheControl).toBe(2);
    }
  });

  it('concurrent resolves of one URL share one fetch', async () => {
    const clientId = host.url('/slowish.json');
    host.route('/slowish.json', (_req, res) => {
      setTimeout(
        () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ client_id: clientId, redirect_uris: ['https://a.example/cb'] })),
        100,
      );
    });
    const resolver = documents();
    const clients = await Promise.all(Array.from({ length: 5 }, () => resolver.resolve(clientId)));
    expect(new Set(clients.map((client) => client.clientId))).toEqual(new Set([clientId]));
    expect(host.hits('/slowish.json')).toBe(1);
  });

  it('holds at most maxEntries documents, the least recently used going first', async () => {
    const resolver = documents({ maxEntries: 2 });
    const [a, b, c] = ['/lru-a.json', '/lru-b.json', '/lru-c.json'].map((path) => serveDocument(path)) as [string, string, string];
    await resolver.resolve(a);
    await resolver.resolve(b);
    await resolver.resolve(a); // a is now the most recently used
    await resolver.resolve(c); // b goes
    await resolver.resolve(a);
    expect(host.hits('/lru-a.json')).toBe(1);
    await resolver.resolve(b);
    expect(host.hits('/lru-b.json')).toBe(2);
  });

  it('a failure is remembered for 10 seconds only', async () => {
    const clientId = host.url('/later.json');
    const resolver = documents();
    expect((await refusal(resolver.resolve(clientId))).message).toMatch(/HTTP 404/);
    expect((await refusal(resolver.resolve(clientId))).message).toMatch(/HTTP 404/);
    expect(host.hits('/later.json')).toBe(1);
    serveDocument('/later.json');
    clock += 10_001;
    expect((await resolver.resolve(clientId)).clientId).toBe(clientId);
    expect(host.hits('/later.json')).toBe(2);
  });
});

describe('documents refused', () => {
  const cases: [string, (clientId: string) => unknown, RegExp][] = [
    ['client_id of another URL', (clientId) => ({ client_id: `${clientId}/`, redirect_uris: ['https://a.example/cb'] }), /client_id: must equal the URL/],
    ['client_id missing', () => ({ redirect_uris: ['https://a.example/cb'] }), /client_id: must be the URL of this document/],
    ['redirect_uris missing', (clientId) => ({ client_id: clientId }), /redirect_uris: is required/],
    ['redirect_uris empty', (clientId) => ({ client_id: clientId, redirect_uris: [] }), /redirect_uris: must list at least one URI/],
    [
      'an http redirect URI on a host that is not loopback',
      (clientId) => ({ client_id: clientId, redirect_uris: ['http://client.example.com/cb'] }),
      /redirect_uris\[0\]: http is allowed only on loopback hosts/,
    ],
    [
      'a javascript: redirect URI',
      (clientId) => ({ client_id: clientId, redirect_uris: ['https://a.example/cb', 'javascript:alert(1)'] }),
      /redirect_uris\[1\]: the scheme "javascript:" is not allowed/,
    ],
    [
      'a private-use scheme for a web client',
      (clientId) => ({ client_id: clientId, redirect_uris: ['com.example.app:/cb'] }),
      /allowed for native clients only/,
    ],
    [
      'a client_secret',
      (clientId) => ({ client_id: clientId, redirect_uris: ['https://a.example/cb'], client_secret: 's3cr3t' }),
      /client_secret: must not be present/,
    ],
    [
      'a client_secret_expires_at',
      (clientId) => ({ client_id: clientId, redirect_uris: ['https://a.example/cb'], client_secret_expires_at: 0 }),
      /client_secret_expires_at: must not be present/,
    ],
    [
      'token_endpoint_auth_method client_secret_basic',
      (clientId) => ({ client_id: clientId, redirect_uris: ['https://a.example/cb'], token_endpoint_auth_method: 'client_secret_basic' }),
      /token_endpoint_auth_method: "client_secret_basic" needs a shared secret/,
    ],
    [
      'token_endpoint_auth_method private_key_jwt',
      (clientId) => ({ client_id: clientId, redirect_uris: ['https://a.example/cb'], token_endpoint_auth_method: 'private_key_jwt' }),
      /token_endpoint_auth_method: "private_key_jwt" is not supported by this authorization server/,
    ],
    [
      'grant_types beyond authorization_code and refresh_token',
      (clientId) => ({ client_id: clientId, redirect_uris: ['https://a.example/cb'], grant_types: ['authorization_code', 'client_credentials'] }),
      /grant_types: "client_credentials" is not supported/,
    ],
    [
      'response_types beyond code',
      (clientId) => ({ client_id: clientId, redirect_uris: ['https://a.example/cb'], response_types: ['token'] }),
      /response_types: "token" is not supported/,
    ],
    [
      'a client_name over 200 characters',
      (clientId) => ({ client_id: clientId, redirect_uris: ['https://a.example/cb'], client_name: 'n'.repeat(201) }),
      /client_name: must be at most 200 characters/,
    ],
    [
      'an http logo_uri',
      (clientId) => ({ client_id: clientId, redirect_uris: ['https://a.example/cb'], logo_uri: 'http://a.example/logo.png' }),
      /logo_uri: must be an https URL/,
    ],
    ['a JSON array', () => [], /must be a JSON object/],
    ['JSON that is not an object', () => 'null', /must be a JSON object/],
    ['a body that is not JSON', () => '{"client_id":', /not valid JSON/],
  ];

  it.each(cases)('%s', async (name, body, message) => {
    const path = `/refused-${name.replace(/\W+/g, '-')}.json`;
    const clientId = host.url(path);
    host.serve(path, body(clientId));
    const error = await refusal(documents().resolve(clientId));
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/^The client metadata document is (invalid|not valid JSON)/);
  });
});

describe('responses refused', () => {
  it('a document over 5 KiB, declared or streamed without end, is not read past the bound', async () => {
    const large = serveDocument('/large.json', { padding: 'x'.repeat(6 * 1024) });
    expect((await refusal(documents().resolve(large))).message).toMatch(/too large: at most 5120 bytes/);

    let written = 0;
    const endless = host.url('/endless.json');
    host.route('/endless.json', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"padding":"');
      const timer = setInterval(() => {
        res.write('x'.repeat(1024));
        written += 1024;
      }, 5);
      res.on('close', () => clearInterval(timer));
    });
    const started = Date.now();
    expect((await refusal(documents().resolve(endless))).message).toMatch(/too large: at most 5120 bytes/);
    expect(Date.now() - started).toBeLessThan(4_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const after = written;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(written).toBe(after); // the connection was closed: the server stopped writing

    const small = serveDocument('/small-bound.json');
    expect((await refusal(documents({ maxBytes: 50 }).resolve(small))).message).toMatch(/at most 50 bytes/);
  });

  it('a server that does not answer, or stalls in the body, within the deadline', async () => {
    const silent = host.url('/silent.json');
    host.route('/silent.json', (_req, res) => {
      const timer = setTimeout(() => res.end(), 10_000);
      res.on('close', () => clearTimeout(timer));
    });
    const started = Date.now();
    expect((await refusal(documents({ timeoutMs: 300 }).resolve(silent))).message).toBe('The client metadata document could not be fetched within 300 ms.');
    expect(Date.now() - started).toBeLessThan(2_000);

    const stalling = host.url('/stalling.json');
    host.route('/stalling.json', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).write('{"client_id":');
      const timer = setTimeout(() => res.end(), 10_000);
      res.on('close', () => clearTimeout(timer));
    });
    expect((await refusal(documents({ timeoutMs: 300 }).resolve(stalling))).message).toMatch(/within 300 ms/);
  });

  it('a Content-Type other than JSON', async () => {
    const html = serveDocument('/html.json', {}, { 'content-type': 'text/html' });
    expect((await refusal(documents().resolve(html))).message).toBe('The client metadata document must be served as application/json, not "text/html".');
    const plain = serveDocument('/plain.json', {}, { 'content-type': 'text/plain; charset=utf-8' });
    expect((await refusal(documents().resolve(plain))).message).toMatch(/must be served as application\/json/);
  });

  it('a status other than 200', async () => {
    expect((await refusal(documents().resolve(host.url('/missing.json')))).message).toBe(
      'The client metadata document could not be fetched: its URL answered HTTP 404.',
    );
    host.route('/created.json', (_req, res) => res.writeHead(201, { 'content-type': 'application/json' }).end('{}'));
    expect((await refusal(documents().resolve(host.url('/created.json')))).message).toMatch(/answered HTTP 201/);
  });

  it('a redirect is not followed', async () => {
    serveDocument('/target.json');
    host.route('/moved.json', (_req, res) => res.writeHead(302, { location: host.url('/target.json') }).end());
    const error = await refusal(documents().resolve(host.url('/moved.json')));
    expect(error.message).toMatch(/answered with a redirect \(HTTP 302\), which is not followed/);
    expect(host.hits('/moved.json')).toBe(1);
    expect(host.hits('/target.json')).toBe(0);
  });
});

describe('client_id URLs refused before any fetch', () => {
  const refused: [string, RegExp][] = [
    ['http://127.0.0.1/client.json', /must be an https URL/],
    ['HTTPS://client.example.com/client.json', /must be an https URL/],
    ['https:client.example.com/client.json', /must be an https URL/],
    ['https://client.example.com', /must have a path/],
    ['https://client.example.com/', /must have a path/],
    ['https://client.example.com?x=1', /must have a path/],
    ['https://client.example.com/a/./client.json', /must not contain "\." or "\.\." path segments/],
    ['https://client.example.com/a/../client.json', /path segments/],
    ['https://client.example.com/a/%2E%2e/client.json', /path segments/],
    ['https://client.example.com/..', /path segments/],
    ['https://client.example.com/client.json#top', /must not contain a fragment/],
    ['https://client.example.com/client.json#', /must not contain a fragment/],
    ['https://user:password@client.example.com/client.json', /must not contain a user name or password/],
    ['https://user@client.example.com/client.json', /user name or password/],
    ['https://@client.example.com/client.json', /user name or password/],
    ['https:///client.json', /must name a host/],
    ['https://client.example.com/a b.json', /printable ASCII/],
    ['https://client.example.com/a\\..\\b.json', /backslashes/],
    ['https://cliént.example.com/client.json', /printable ASCII/],
    [`https://client.example.com/${'a'.repeat(1980)}`, /must be at most 2000 characters/],
    ['https://[::1/client.json', /not a valid URL/],
  ];

  it.each(refused)('%s', async (clientId, message) => {
    const watch = watchNetwork();
    try {
      const error = await refusal(documents().resolve(clientId));
      expect(error.message).toMatch(/^client_id: a Client ID Metadata Document URL /);
      expect(error.message).toMatch(message);
      expect([...watch.lookedUp, ...watch.connectedTo]).toEqual([]);
    } finally {
      watch.restore();
    }
  });

  it('isMetadataDocumentClientId: https URLs only', () => {
    expect(isMetadataDocumentClientId('https://client.example.com/client.json')).toBe(true);
    expect(isMetadataDocumentClientId('http://client.example.com/client.json')).toBe(false);
    expect(isMetadataDocumentClientId('mcp-portal')).toBe(false);
    expect(isMetadataDocumentClientId('3f2a9c4e-5b7d-4e8f-9a1b-2c3d4e5f6a7b')).toBe(false);
  });

  it('2000 characters are accepted', async () => {
    const prefix = host.url('/');
    const clientId = `${prefix}${'a'.repeat(2000 - prefix.length - 5)}.json`;
    expect(clientId).toHaveLength(2000);
    host.serve(clientId.slice(host.origin.length), { client_id: clientId, redirect_uris: ['https://a.example/cb'] });
    expect((await documents().resolve(clientId)).clientId).toBe(clientId);
  });
});

describe('the address guard', () => {
  const fakeDns: HostResolver = async (hostname) => {
    const table: Record<string, string[]> = {
      'internal.test': ['10.0.0.1'],
      'metadata.test': ['169.254.169.254'],
      'mixed.test': ['127.0.0.1', '192.168.1.20'],
      'docs.test': ['127.0.0.1'],
    };
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: 4 as const }));
  };

  it('refuses private and link-local address literals, and names resolving to them, without connecting or leaking the address', async () => {
    const watch = watchNetwork();
    try {
      const resolver = documents({ resolver: fakeDns });
      const attempts: [string, string][] = [
        ['https://10.0.0.1/client.json', '10.0.0.1'],
        ['https://169.254.169.254/latest/meta-data', '169.254.169.254'],
        ['https://[fd00::1]/client.json', 'fd00::1'],
        ['https://[::ffff:10.0.0.1]/client.json', '10.0.0.1'],
        ['https://internal.test/client.json', '10.0.0.1'],
        ['https://metadata.test/client.json', '169.254.169.254'],
        ['https://mixed.test/client.json', '192.168.1.20'],
      ];
      for (const [clientId, address] of attempts) {
        const error = await refusal(resolver.resolve(clientId));
        expect(error.message, clientId).toMatch(/does not resolve to an address this authorization server may connect to/);
        expect(error.message, clientId).not.toContain(address);
      }
      const unknown = await refusal(resolver.resolve('https://nowhere.test/client.json'));
      expect(unknown.message).toMatch(/its host does not resolve to an address/);
      expect([...watch.lookedUp, ...watch.connectedTo]).toEqual([]);
    } finally {
      watch.restore();
    }
  });

  it('refuses loopback unless MCP_OAUTH_ALLOW_HOSTS lists it', async () => {
    const clientId = serveDocument('/not-allowed.json');
    const strict = documents({ allowHosts: AllowedHosts.parse('', 'MCP_OAUTH_ALLOW_HOSTS') });
    const error = await refusal(strict.resolve(clientId));
    expect(error.message).toMatch(/does not resolve to an address this authorization server may connect to/);
    expect(host.hits('/not-allowed.json')).toBe(0);
    expect((await documents().resolve(clientId)).clientId).toBe(clientId);
  });

  it('verifies the certificate against the name of the client_id (docs.test is not in the test certificate)', async () => {
    const path = '/by-name.json';
    const clientId = `https://docs.test:${new URL(host.origin).port}${path}`;
    host.serve(path, { client_id: clientId, redirect_uris: ['https://a.example/cb'] });
    const error = await refusal(documents({ resolver: fakeDns }).resolve(clientId));
    expect(error.message).toMatch(/^The client metadata document could not be fetched \(ERR_TLS_CERT_ALTNAME_INVALID\)\.$/);
    expect(host.hits(path)).toBe(0);
  });
});
