import type { ServerResponse } from 'node:http';

/**
 * The portal's Content-Security-Policy: the Vite build is module scripts, one stylesheet and no inline
 * script or style, so everything comes from this origin; the GraphQL WebSocket is same-origin too
 * (CSP3 `'self'` covers ws:/wss: of this host). The one other origin the portal connects to is the
 * gateway-proxy's, when the router knows it: its pages call tools at its `/mcp`. Images and audio a tool
 * returns are shown from `data:` URLs. No framing (clickjacking), no plugins, no <base> tricks.
 */
export function portalContentSecurityPolicy(gatewayProxyOrigin: string | null = null): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "media-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${gatewayProxyOrigin ? ` ${gatewayProxyOrigin}` : ''}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The origin of the gateway-proxy's MCP endpoint URL, or null when there is none (or it is no URL). */
export function gatewayProxyOriginOf(mcpEndpoint: string | null): string | null {
  if (!mcpEndpoint) return null;
  try {
    const url = new URL(mcpEndpoint);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

/** On every answer of the router: no MIME sniffing, no framing, no referrer leaving the portal. */
export function setBaseSecurityHeaders(res: ServerResponse): void {
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('referrer-policy', 'no-referrer');
}

/** On the portal's files (HTML and assets) besides the base headers. */
export function setPortalSecurityHeaders(res: ServerResponse, gatewayProxyOrigin: string | null = null): void {
  setBaseSecurityHeaders(res);
  res.setHeader('content-security-policy', portalContentSecurityPolicy(gatewayProxyOrigin));
  res.setHeader('cross-origin-opener-policy', 'same-origin');
}
