import type { ServerResponse } from 'node:http';

/**
 * The portal's Content-Security-Policy: the Vite build is module scripts, one stylesheet and no inline
 * script or style, so everything comes from this origin; the GraphQL WebSocket is same-origin too
 * (CSP3 `'self'` covers ws:/wss: of this host). No framing (clickjacking), no plugins, no <base> tricks.
 */
export const portalContentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** On every answer of the router: no MIME sniffing, no framing, no referrer leaving the portal. */
export function setBaseSecurityHeaders(res: ServerResponse): void {
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('referrer-policy', 'no-referrer');
}

/** On the portal's files (HTML and assets) besides the base headers. */
export function setPortalSecurityHeaders(res: ServerResponse): void {
  setBaseSecurityHeaders(res);
  res.setHeader('content-security-policy', portalContentSecurityPolicy);
  res.setHeader('cross-origin-opener-policy', 'same-origin');
}
