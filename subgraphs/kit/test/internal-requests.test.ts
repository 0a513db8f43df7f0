import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { InternalRequestKey, internalHeader, SecretBox } from '../src/index.ts';

const request = (method: string, url: string, header?: string) => ({ method, url, headers: header ? { [internalHeader]: header } : {} }) as unknown as IncomingMessage;

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
