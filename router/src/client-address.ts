import { BlockList, isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';
import { normalizeAddress } from '@mcp-portal/kit';

/**
 * The proxies (load balancers, ingress) in front of the router whose X-Forwarded-* headers are believed:
 * `TRUSTED_PROXIES`, comma-separated addresses or CIDR ranges (IPv4 or IPv6). Empty by default: the
 * client is the socket's peer and every X-Forwarded-* header a client sends is ignored.
 */
export class TrustedProxies {
  private readonly list = new BlockList();

  private constructor(readonly entries: readonly string[]) {
    for (const entry of entries) {
      const [address = '', prefix] = entry.split('/');
      const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
      if (prefix === undefined) this.list.addAddress(address, family);
      else this.list.addSubnet(address, Number(prefix), family);
    }
  }

  static none(): TrustedProxies {
    return new TrustedProxies([]);
  }

  /** Parses the setting; the error names the first bad entry. */
  static parse(text: string | undefined): TrustedProxies {
    const entries = (text ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    for (const entry of entries) {
      const [address = '', prefix, extra] = entry.split('/');
      const family = isIP(address);
      const maxPrefix = family === 6 ? 128 : 32;
      const badPrefix = prefix !== undefined && (!/^\d{1,3}$/.test(prefix) || Number(prefix) > maxPrefix);
      if (family === 0 || badPrefix || extra !== undefined) throw new Error(`"${entry}" is not an IP address or CIDR range`);
    }
    return new TrustedProxies(entries);
  }

  has(address: string): boolean {
    const normalized = normalizeAddress(address);
    const family = isIP(normalized);
    if (family === 0 || this.entries.length === 0) return false;
    return this.list.check(normalized, family === 6 ? 'ipv6' : 'ipv4');
  }
}

function headerText(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

const peerOf = (req: IncomingMessage) => (req.socket.remoteAddress ? normalizeAddress(req.socket.remoteAddress) : null);

/**
 * The client's address: the socket's peer, unless the peer is a trusted proxy; then X-Forwarded-For is
 * read from the right (the hop nearest to us) and the first address that is not a trusted proxy is the
 * client. Whatever a client writes further left is never believed.
 */
export function clientAddressOf(req: IncomingMessage, trusted: TrustedProxies): string | null {
  const peer = peerOf(req);
  if (!peer || !trusted.has(peer)) return peer;
  const hops = (headerText(req, 'x-forwarded-for') ?? '')
    .split(',')
    .map((hop) => normalizeAddress(hop.trim()))
    .filter(Boolean);
  let client = peer;
  for (const hop of hops.reverse()) {
    if (isIP(hop) === 0) break;
    client = hop;
    if (!trusted.has(hop)) break;
  }
  return client;
}

/** The host and scheme the client used: from a trusted proxy's X-Forwarded-Host/-Proto, else this request's own. */
export function publicHostAndProto(req: IncomingMessage, trusted: TrustedProxies): { host: string | null; proto: 'http' | 'https' } {
  const peer = peerOf(req);
  const fromProxy = peer !== null && trusted.has(peer);
  const lastHop = (name: string) => headerText(req, name)?.split(',').at(-1)?.trim() || undefined;
  const forwardedHost = fromProxy ? lastHop('x-forwarded-host') : undefined;
  const forwardedProto = fromProxy ? lastHop('x-forwarded-proto') : undefined;
  const host = forwardedHost ?? req.headers.host ?? null;
  const proto = forwardedProto === 'https' || forwardedProto === 'http' ? forwardedProto : 'encrypted' in req.socket ? 'https' : 'http';
  return { host, proto };
}
