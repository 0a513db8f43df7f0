import type { IncomingMessage } from 'node:http';

/** The original client address: the first x-forwarded-for hop (set by the router), else the peer. */
export function sourceIpOf(req: IncomingMessage): string | null {
  const forwarded = req.headers['x-forwarded-for'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return first || req.socket.remoteAddress || null;
}
