/**
 * The user's consent, headless, for the OAuth client conformance wrapper: the suite's authorization servers
 * approve every request at once (their authorization endpoint answers with a redirect to `redirect_uri`), so
 * "the user's browser" is a fetch of the authorization URL that follows redirects by hand until one leads to
 * the platform's callback, whose query the platform's callback page would hand to completeServerAuthorization:
 * `code`, `state` and `iss` (RFC 9207), or the authorization server's `error`.
 */
import { z } from 'zod';

/** What the platform's callback receives. */
export interface CallbackParameters {
  code: string;
  state: string;
  /** null when the redirect carried no `iss`. */
  iss: string | null;
}

/** The authorization server refused (an `error` on the redirect) or never redirected to the callback. */
export class ConsentError extends Error {}

const maxHops = 10;

/** Only loopback: the suite's servers listen on localhost, and nothing this wrapper fetches may leave the machine. */
export function isLoopbackUrl(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

function isCallback(location: URL, redirectUrl: URL): boolean {
  return location.origin === redirectUrl.origin && location.pathname === redirectUrl.pathname;
}

const callbackSchema = z.object({ code: z.string().min(1), state: z.string().min(1), iss: z.string().nullable() });

/**
 * Follows `authorizationUrl` (GET, redirects by hand, cookies not needed by the suite) until a `Location` names
 * `redirectUrl`; returns that redirect's parameters without requesting the callback itself.
 */
export async function consentHeadlessly(authorizationUrl: string, redirectUrl: string): Promise<CallbackParameters> {
  const callback = new URL(redirectUrl);
  let next = new URL(authorizationUrl);
  for (let hop = 0; hop < maxHops; hop++) {
    if (!isLoopbackUrl(next)) throw new ConsentError(`the consent would leave this machine: ${next.origin}`);
    const response = await fetch(next, { redirect: 'manual' });
    await response.body?.cancel();
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) {
      throw new ConsentError(`the authorization server answered ${response.status} at ${next.origin}${next.pathname} without redirecting`);
    }
    const target = new URL(location, next);
    if (!isCallback(target, callback)) {
      next = target;
      continue;
    }
    const query = target.searchParams;
    const error = query.get('error');
    if (error)
      throw new ConsentError(`the authorization server refused: ${error}${query.get('error_description') ? ` (${query.get('error_description')})` : ''}`);
    return callbackSchema.parse({ code: query.get('code'), state: query.get('state'), iss: query.get('iss') });
  }
  throw new ConsentError(`no redirect to ${callback.origin}${callback.pathname} within ${maxHops} hops`);
}
