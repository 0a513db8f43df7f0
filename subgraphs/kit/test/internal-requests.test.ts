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
});
