import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bodyDigest, InternalRequestKey, internalHeader, internalPostRoute, internalRefusal, InvalidInputError, SecretBox } from '../src/index.ts';

const request = (method: string, url: string, header?: string) =>
  ({ method, url, headers: header ? { [internalHeader]: header } : {} }) as unknown as IncomingMessage;

describe('signed requests between subgraphs', () => {
  const key = InternalRequestKey.from(SecretBox.fromBase64(SecretBox.generateKey()));

  it('accepts its own signature for the same method, path and query, within a minute', () => {
    const now = Date.now();
    const signature = key.sign('GET', '/internal/launch-config?serverId=1', now);
    expect(key.verify(request('GET', '/internal/launch-config?serverId=1', signature), now + 30_000)).toBe(true);
  });

  it('refuses another path, method or query, an old or future request, a missing header, and another deployment', () => {
    const now = Date.now();
    const signature = key.sign('GET', '/internal/launch-config?serverId=1', now);
    expect(key.verify(request('GET', '/internal/launch-config?serverId=2', signature), now)).toBe(false);
    expect(key.verify(request('POST', '/internal/launch-config?serverId=1', signature), now)).toBe(false);
    expect(key.verify(request('GET', '/internal/launch-config?serverId=1', signature), now + 61_000)).toBe(false);
    expect(key.verify(request('GET', '/internal/launch-config?serverId=1', signature), now - 61_000)).toBe(false);
    expect(key.verify(request('GET', '/internal/launch-config?serverId=1'), now)).toBe(false);
    const other = InternalRequestKey.from(SecretBox.fromBase64(SecretBox.generateKey()));
    expect(other.verify(request('GET', '/internal/launch-config?serverId=1', signature), now)).toBe(false);
  });

  it('accepts a signature once: the same request again is refused as a replay, a new signature is not', () => {
    const now = Date.now();
    const signature = key.sign('POST', '/internal/upstreams/rpc?serverId=1', now);
    expect(key.verify(request('POST', '/internal/upstreams/rpc?serverId=1', signature), now)).toBe(true);
    expect(key.verify(request('POST', '/internal/upstreams/rpc?serverId=1', signature), now + 1_000)).toBe(false);
    // Two signatures of the same request in the same millisecond differ (a nonce), so both pass.
    const twins = [key.sign('POST', '/internal/upstreams/rpc?serverId=1', now), key.sign('POST', '/internal/upstreams/rpc?serverId=1', now)];
    expect(twins[0]).not.toBe(twins[1]);
    expect(twins.map((twin) => key.verify(request('POST', '/internal/upstreams/rpc?serverId=1', twin), now))).toEqual([true, true]);
    // authentic() checks without accepting: a replica that answers 421 leaves the request to the owner.
    const forwarded = key.sign('GET', '/internal/upstreams', now);
    expect(key.authentic(request('GET', '/internal/upstreams', forwarded), now)).toBe(true);
    expect(key.verify(request('GET', '/internal/upstreams', forwarded), now)).toBe(true);
    expect(key.authentic(request('GET', '/internal/upstreams', forwarded), now)).toBe(false);
    // The nonce is signed: another one under the same MAC is refused.
    const [version, at, , mac] = signature.split('.');
    expect(key.verify(request('POST', '/internal/upstreams/rpc?serverId=1', `${version}.${at}.${'ab'.repeat(12)}.${mac}`), now)).toBe(false);
  });
});

describe('signed POSTs between subgraphs', () => {
  const key = InternalRequestKey.from(SecretBox.fromBase64(SecretBox.generateKey()));
  const received: unknown[] = [];
  const route = internalPostRoute(
    key,
    z.object({ n: z.number() }),
    async (body) => {
      received.push(body);
      if (body.n < 0) throw new InvalidInputError('n must not be negative', { invalid: ['n'] });
      return { doubled: body.n * 2 };
    },
    { maxBytes: 1024 },
  );
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createServer((req, res) => void route(req, res, new URL(req.url ?? '/', 'http://localhost')));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('answers a signed body; an error the caller can act on comes back as that error, with its details', async () => {
    expect(await key.postJson(new URL('/internal/x', base), { n: 2 })).toEqual({ status: 200, body: { doubled: 4 } });
    const refused = await key.postJson(new URL('/internal/x', base), { n: -1 });
    expect(refused.status).toBe(422);
    const error = internalRefusal(refused);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect([error?.message, error?.details]).toEqual(['n must not be negative', { invalid: ['n'] }]);
    expect(internalRefusal({ status: 500, body: null })).toBeNull();
  });

  it('refuses an unsigned request, a body other than the signed one, a bad body, a large one and a GET', async () => {
    const count = received.length;
    const text = JSON.stringify({ n: 1 });
    const digest = bodyDigest(text);
    const post = (body: string, signedDigest = digest) => {
      const path = `/internal/x?digest=${signedDigest}`;
      return fetch(`${base}${path}`, { method: 'POST', headers: { [internalHeader]: key.sign('POST', path) }, body }).then((response) => response.status);
    };
    expect((await fetch(`${base}/internal/x?digest=${digest}`, { method: 'POST', body: text })).status).toBe(401);
    expect(await post(JSON.stringify({ n: 1000 }))).toBe(401);
    expect(await post('{"n": "one"}', bodyDigest('{"n": "one"}'))).toBe(400);
    const large = JSON.stringify({ n: 1, pad: 'x'.repeat(2048) });
    expect(await post(large, bodyDigest(large))).toBe(413);
    expect((await fetch(`${base}/internal/x`, { headers: { [internalHeader]: key.sign('GET', '/internal/x') } })).status).toBe(405);
    expect(received.length).toBe(count);
  });
});
