import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { BodyTooLargeError, readBody, sendJson } from '@mcp-portal/kit';

/** An answer for a request that cannot go on: the status and the OAuth-style error body. */
export class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
  ) {
    super(message);
  }
}

export function sendRefusal(res: ServerResponse, refusal: HttpRefusal, headers: Record<string, string | string[]> = {}): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  sendJson(res, refusal.status, { error: refusal.error, message: refusal.message });
}

export function requireMethod(req: IncomingMessage, method: 'GET' | 'POST'): void {
  if (req.method !== method) throw new HttpRefusal(405, 'method_not_allowed', `Use ${method}.`);
}

/**
 * Cookie-authenticated endpoints accept JSON only (a cross-site form cannot send it without a CORS
 * preflight we never grant) and refuse a browser Origin other than the portal's own.
 */
export function requireSameOriginJson(req: IncomingMessage): void {
  const type = req.headers['content-type'] ?? '';
  if (!type.toLowerCase().startsWith('application/json')) throw new HttpRefusal(415, 'invalid_request', 'Send Content-Type: application/json.');
  const origin = req.headers.origin;
  if (origin && origin !== 'null') {
    const host = headerValue(req, 'x-forwarded-host') ?? req.headers.host;
    if (new URL(origin).host !== host) throw new HttpRefusal(403, 'invalid_origin', 'Cross-origin requests are not accepted.');
  }
  if (origin === 'null') throw new HttpRefusal(403, 'invalid_origin', 'Cross-origin requests are not accepted.');
}

/** Reads a small JSON (or form-encoded) body and validates it. */
export async function readInput<T>(req: IncomingMessage, schema: z.ZodType<T>, limitBytes = 8192): Promise<T> {
  let text: string;
  try {
    text = await readBody(req, limitBytes);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new HttpRefusal(413, 'invalid_request', error.message);
    throw error;
  }
  let body: unknown = {};
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('application/x-www-form-urlencoded')) body = Object.fromEntries(new URLSearchParams(text));
  else if (text.trim()) {
    try {
      body = JSON.parse(text);
    } catch {
      throw new HttpRefusal(400, 'invalid_request', 'The body is not valid JSON.');
    }
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const problem = parsed.error.issues[0];
    throw new HttpRefusal(400, 'invalid_request', problem ? `${problem.path.join('.') || 'body'}: ${problem.message}` : 'Invalid request.');
  }
  return parsed.data;
}

export function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim() || undefined;
}

/** The portal's origin as the browser sees it (through the router), for links handed to the CLI. */
export function publicOrigin(req: IncomingMessage, fallback: string): string {
  const host = headerValue(req, 'x-forwarded-host');
  const proto = headerValue(req, 'x-forwarded-proto');
  if (host && (proto === 'http' || proto === 'https') && /^[A-Za-z0-9.\-:[\]]+$/.test(host)) return `${proto}://${host}`;
  return fallback;
}

export function redirect(res: ServerResponse, location: string, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(302, { location, 'cache-control': 'no-store', ...headers });
  res.end();
}
