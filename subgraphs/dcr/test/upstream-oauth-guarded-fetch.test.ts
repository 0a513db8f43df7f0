import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AllowedHosts, type HostResolver } from '@mcp-portal/kit';
import { guardedFetch } from '../src/upstream-oauth/index.ts';

/**
 * The OAuth client's fetch: every host checked by the shared address guard, and the socket connected to an address
 * the guard checked. Names resolve through an in-process fake DNS (the system's resolver knows none of them), so a
 * request that arrives proves the connection used the checked address; refused addresses are never connected to.
 */

let server: Server;
let port: number;
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(`${req.headers.host ?? ''} ${req.url ?? ''}`);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const table: Record<string, string> = { 'remote.test': '127.0.0.1', 'private.test': '10.0.0.1' };
const fakeDns: HostResolver = async (hostname) => {
  const address = table[hostname];
  if (!address) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
  return [{ address, family: 4 }];
};
const allow = (text: string) => AllowedHosts.parse(text, 'MCP_OAUTH_ALLOW_HOSTS');

describe('the OAuth client fetch', () => {
  it('connects to the address the guard checked, with the name as the Host', async () => {
    const response = await guardedFetch({ allowHosts: allow('127.0.0.1'), resolve: fakeDns })(`http://remote.test:${port}/doc`);
    expect(response).toBeInstanceOf(Response);
    expect(await response.json()).toEqual({ ok: true });
    expect(seen.at(-1)).toBe(`remote.test:${port} /doc`);
  });

  it('refuses private and loopback addresses not allowed, before connecting', async () => {
    const before = seen.length;
    const fetchAllowingLoopback = guardedFetch({ allowHosts: allow('127.0.0.1'), resolve: fakeDns });
    await expect(fetchAllowingLoopback('http://private.test/')).rejects.toThrow(
      /private\.test \(10\.0\.0\.1\) is refused: private address, not in MCP_OAUTH_ALLOW_HOSTS/,
    );
    await expect(fetchAllowingLoopback('http://10.0.0.1/')).rejects.toThrow(/10\.0\.0\.1 is refused/);
    const strict = guardedFetch({ allowHosts: allow(''), resolve: fakeDns });
    await expect(strict(`http://remote.test:${port}/doc`)).rejects.toThrow(/loopback address, not in MCP_OAUTH_ALLOW_HOSTS/);
    await expect(strict(`http://localhost:${port}/doc`)).rejects.toThrow(/localhost names are loopback/);
    await expect(fetchAllowingLoopback('ftp://remote.test/')).rejects.toThrow(/http and https only/);
    await expect(fetchAllowingLoopback(`http://user:secret@remote.test:${port}/`)).rejects.toThrow(/user name or password/);
    expect(seen.length).toBe(before);
  });

  it('a name that resolves elsewhere at connection time (DNS rebinding) is refused by the connection lookup', async () => {
    let lookups = 0;
    const rebinding: HostResolver = async () => [{ address: (lookups += 1) === 1 ? '127.0.0.1' : '10.0.0.1', family: 4 }];
    const before = seen.length;
    const attempt = guardedFetch({ allowHosts: allow('127.0.0.1'), resolve: rebinding })(`http://rebind.test:${port}/doc`);
    await expect(attempt).rejects.toThrow();
    expect(lookups).toBe(2);
    expect(seen.length).toBe(before);
  });
});
