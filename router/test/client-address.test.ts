import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddressOf, publicHostAndProto, TrustedProxies } from '../src/client-address.ts';
import { readRouterSettings } from '../src/settings.ts';

const request = (peer: string, headers: Record<string, string> = {}) => ({ socket: { remoteAddress: peer }, headers }) as unknown as IncomingMessage;

describe('the client address behind TRUSTED_PROXIES', () => {
  const trusted = TrustedProxies.parse('10.0.0.0/8, 192.0.2.1, fd00::/8');

  it('is the peer when the peer is not a trusted proxy, whatever X-Forwarded-For says', () => {
    expect(clientAddressOf(request('203.0.113.5', { 'x-forwarded-for': '198.51.100.1' }), trusted)).toBe('203.0.113.5');
    expect(clientAddressOf(request('::ffff:203.0.113.5', { 'x-forwarded-for': '198.51.100.1' }), TrustedProxies.none())).toBe('203.0.113.5');
    expect(clientAddressOf(request('127.0.0.1', { 'x-forwarded-for': '198.51.100.1' }), TrustedProxies.none())).toBe('127.0.0.1');
  });

  it('is the nearest hop that is not a trusted proxy, read from the right', () => {
    const chain = { 'x-forwarded-for': '198.51.100.66, 203.0.113.7, 10.1.2.3' };
    expect(clientAddressOf(request('10.9.9.9', chain), trusted)).toBe('203.0.113.7');
    expect(clientAddressOf(request('::ffff:192.0.2.1', { 'x-forwarded-for': '2001:db8::1' }), trusted)).toBe('2001:db8::1');
    expect(clientAddressOf(request('fd12::1', { 'x-forwarded-for': '10.0.0.2, 10.0.0.3' }), trusted)).toBe('10.0.0.2');
    // A hop that is no address stops the walk at the last trusted one; no header leaves the proxy itself.
    expect(clientAddressOf(request('10.9.9.9', { 'x-forwarded-for': 'evil, 10.0.0.4' }), trusted)).toBe('10.0.0.4');
    expect(clientAddressOf(request('10.9.9.9'), trusted)).toBe('10.9.9.9');
  });

  it('takes the public host and scheme from a trusted proxy only', () => {
    const headers = { host: 'router:4000', 'x-forwarded-host': 'portal.example.com', 'x-forwarded-proto': 'https' };
    expect(publicHostAndProto(request('10.0.0.1', headers), trusted)).toEqual({ host: 'portal.example.com', proto: 'https' });
    expect(publicHostAndProto(request('203.0.113.5', headers), trusted)).toEqual({ host: 'router:4000', proto: 'http' });
  });

  it('refuses a setting that is not a list of addresses and ranges, naming the entry', () => {
    expect(() => readRouterSettings({ TRUSTED_PROXIES: '10.0.0.0/8, proxy.internal' })).toThrow(/TRUSTED_PROXIES.*proxy\.internal/s);
    expect(() => readRouterSettings({ TRUSTED_PROXIES: '10.0.0.0/33' })).toThrow(/TRUSTED_PROXIES/);
    expect(readRouterSettings({ TRUSTED_PROXIES: ' 10.0.0.0/8 ,::1 ' }).TRUSTED_PROXIES.entries).toEqual(['10.0.0.0/8', '::1']);
    expect(readRouterSettings({}).TRUSTED_PROXIES.entries).toEqual([]);
  });
});
