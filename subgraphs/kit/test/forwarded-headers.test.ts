import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ForwardedHeaders, SecretBox, sourceIpOf, validRequestId } from '../src/index.ts';

const request = (headers: Record<string, string>) => ({ headers: { ...headers }, socket: { remoteAddress: '::ffff:10.0.0.9' } }) as unknown as IncomingMessage;

describe('forwarded headers signed by the router', () => {
  const box = SecretBox.fromBase64(SecretBox.generateKey());
  const router = ForwardedHeaders.from(box);
  const subgraph = ForwardedHeaders.from(box);

  it('keeps what the router signed, just now', () => {
    const now = Date.now();
    const req = request(router.headers({ for: '203.0.113.5', host: 'portal.example.com', proto: 'https', requestId: 'req-1' }, now));
    subgraph.sanitize(req, now + 30_000);
    expect(sourceIpOf(req)).toBe('203.0.113.5');
    expect(req.headers).toMatchObject({ 'x-forwarded-host': 'portal.example.com', 'x-forwarded-proto': 'https', 'x-request-id': 'req-1' });
  });

  it('drops unsigned, altered, stale or foreign forwarded headers and uses the peer', () => {
    const now = Date.now();
    const signed = router.headers({ for: '203.0.113.5', requestId: 'req-2' }, now);
    const cases: Record<string, string>[] = [
      { 'x-forwarded-for': '203.0.113.5', 'x-request-id': 'req-2' },
      { ...signed, 'x-forwarded-for': '198.51.100.1' },
      { ...signed, 'x-forwarded-host': 'evil.example' },
      { ...signed, 'x-request-id': 'other' },
    ];
    for (const headers of cases) {
      const req = request(headers);
      subgraph.sanitize(req, now);
      expect(sourceIpOf(req)).toBe('10.0.0.9');
      expect(req.headers['x-forwarded-host']).toBeUndefined();
    }
    const stale = request(signed);
    subgraph.sanitize(stale, now + 61_000);
    expect(sourceIpOf(stale)).toBe('10.0.0.9');
    const foreign = request(ForwardedHeaders.from(SecretBox.fromBase64(SecretBox.generateKey())).headers({ for: '203.0.113.5', requestId: 'x' }, now));
    subgraph.sanitize(foreign, now);
    expect(sourceIpOf(foreign)).toBe('10.0.0.9');
  });

  it('keeps a well-formed request id from anyone and replaces any other', () => {
    for (const id of ['abc', 'trace-1.2:3_4', 'x'.repeat(128)]) expect(validRequestId(id)).toBe(id);
    for (const id of ['', 'x'.repeat(129), 'a b', '<script>', 'ünï', 'a\nb', undefined, ['a']]) expect(validRequestId(id)).toBeNull();
    const req = request({ 'x-request-id': 'bad id!' });
    subgraph.sanitize(req);
    expect(req.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
