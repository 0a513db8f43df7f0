import type { IncomingMessage } from 'node:http';
import { headerValue } from './http.ts';

/** The refresh token lives only in this cookie: httpOnly, same-site, sent to /auth only. */
export const refreshCookieName = 'mcp_refresh';
const cookiePath = '/auth';

const secureFor = (req: IncomingMessage) => headerValue(req, 'x-forwarded-proto') === 'https' || 'encrypted' in req.socket;

export function refreshCookie(req: IncomingMessage, token: string, expiresAt: Date): string {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
  return [
    `${refreshCookieName}=${token}`,
    `Path=${cookiePath}`,
    `Max-Age=${maxAge}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(secureFor(req) ? ['Secure'] : []),
  ].join('; ');
}

export function clearedRefreshCookie(req: IncomingMessage): string {
  return [`${refreshCookieName}=`, `Path=${cookiePath}`, 'Max-Age=0', 'HttpOnly', 'SameSite=Strict', ...(secureFor(req) ? ['Secure'] : [])].join('; ');
}

export function refreshTokenFromCookie(req: IncomingMessage): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === refreshCookieName) return value.join('=') || null;
  }
  return null;
}
