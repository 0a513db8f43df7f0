import type { IncomingMessage } from 'node:http';
import { isSignedForward } from './forwarded.ts';

/** `::ffff:127.0.0.1` (an IPv4 peer on a dual-stack socket) as `127.0.0.1`. */
export function normalizeAddress(address: string): string {
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address) ? address.slice(7) : address;
}

/**
 * The original client address: in a subgraph, the router's signed x-forwarded-for (see ForwardedHeaders),
 * else the socket's peer. An x-forwarded-for that the router did not sign is never read.
 */
export function sourceIpOf(req: IncomingMessage): string | null {
  if (isSignedForward(req)) {
    const forwarded = req.headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ? normalizeAddress(req.socket.remoteAddress) : null;
}
