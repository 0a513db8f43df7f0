import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

export interface RequestGuardOptions {
  /** The proxy's public base URL. */
  publicUrl: string;
  /** The address and port it listens on. */
  host: string;
  port: number;
  /** Other origins whose pages may call /mcp: the portal's. */
  trustedOrigins: readonly string[];
}

const loopbackNames = ['127.0.0.1', 'localhost', '[::1]'];

function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  return bare === 'localhost' || bare === '::1' || (isIP(bare) === 4 && bare.startsWith('127.'));
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * DNS-rebinding protection for /mcp. A browser sends `Origin` with cross-site requests: only the proxy's own
 * origin and the portal's are accepted (clients outside browsers send none, which is fine). When the proxy
 * listens on loopback, the `Host` header must also name loopback or the public URL's host, so a page on a
 * rebinding domain cannot reach it through the victim's browser even without an `Origin`.
 */
export class RequestGuard {
  private readonly origins: Set<string>;
  private readonly hosts: Set<string> | null;

  constructor(options: RequestGuardOptions) {
    const publicUrl = new URL(options.publicUrl);
    const own = [publicUrl.origin, ...(isLoopback(options.host) ? loopbackNames.map((name) => `http://${name}:${options.port}`) : [])];
    this.origins = new Set([...own, ...options.trustedOrigins].map(originOf).filter((origin): origin is string => origin !== null));
    const loopbackHosts = loopbackNames.flatMap((name) => (options.port === 80 ? [name, `${name}:80`] : [`${name}:${options.port}`]));
    this.hosts = isLoopback(options.host) ? new Set([publicUrl.host, ...loopbackHosts]) : null;
  }

  /** Why the request is refused (403), or null. */
  refusal(req: IncomingMessage): string | null {
    const origin = req.headers.origin;
    if (origin !== undefined && !this.origins.has(origin)) return `Requests from the origin ${origin} are not accepted.`;
    const host = req.headers.host?.toLowerCase();
    if (this.hosts && (!host || !this.hosts.has(host))) return `The Host ${host ?? '(none)'} is not this gateway-proxy.`;
    return null;
  }
}
