import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a page of a trusted origin may send to /mcp: the Streamable HTTP headers and its bearer token. */
export const corsAllowedHeaders = ['authorization', 'content-type', 'accept', 'mcp-session-id', 'mcp-protocol-version', 'last-event-id'] as const;
/** What it may read of the answers: the session id and the 401/403 challenge. */
export const corsExposedHeaders = ['mcp-session-id', 'www-authenticate'] as const;
const allowedMethods = 'GET, POST, DELETE';
const preflightMaxAgeSeconds = 600;

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * CORS for /mcp: the portal (another origin than the proxy's) calls tools from the browser with the user's
 * access token. Only the trusted origins named here get the headers, each its own origin echoed (never `*`,
 * so no other page can read an answer); the RequestGuard has already refused any other Origin with 403.
 * A preflight (OPTIONS) from a trusted origin is answered 204 here; every other answer to such a page
 * carries Access-Control-Allow-Origin and the exposed headers, errors included, so the page can read them.
 */
export class McpCors {
  private readonly origins: ReadonlySet<string>;

  constructor(trustedOrigins: readonly string[]) {
    this.origins = new Set(trustedOrigins.map(originOf).filter((origin): origin is string => origin !== null));
  }

  /** Sets the headers for a trusted origin; true when the request was its preflight, now answered. */
  apply(req: IncomingMessage, res: ServerResponse): boolean {
    res.setHeader('vary', 'Origin');
    const origin = req.headers.origin;
    if (origin === undefined || !this.origins.has(origin)) return false;
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-expose-headers', corsExposedHeaders.join(', '));
    if (req.method !== 'OPTIONS') return false;
    res.writeHead(204, {
      'access-control-allow-methods': allowedMethods,
      'access-control-allow-headers': corsAllowedHeaders.join(', '),
      'access-control-max-age': String(preflightMaxAgeSeconds),
      'content-length': '0',
    });
    res.end();
    return true;
  }
}
