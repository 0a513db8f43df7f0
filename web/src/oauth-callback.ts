import type { AuthorizationResponse } from './graphql/oauth-hooks.ts';

/** What the authorization server put on its redirect to /oauth/callback (RFC 6749 §4.1.2, RFC 9207's `iss`). */
export type CallbackParameters =
  | { kind: 'code'; response: AuthorizationResponse }
  /** An error response: the user refused, or the authorization server did (`error` is its code, RFC 6749 §4.1.2.1). */
  | { kind: 'error'; error: string; description: string | null; uri: string | null }
  /** Neither: the page was opened without a response (a reload after completion, or by hand). */
  | { kind: 'none' };

const readable = (value: string | null, max: number): string | null => {
  const text = value?.trim();
  return text ? Array.from(text).slice(0, max).join('') : null;
};

/** An `error_uri` is shown as a link only when it is http(s). */
function webAddress(value: string | null): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Reads the redirect's query: an error wins over a code (a response carries one or the other). */
export function parseCallback(query: URLSearchParams): CallbackParameters {
  const error = readable(query.get('error'), 200);
  if (error) {
    return { kind: 'error', error, description: readable(query.get('error_description'), 1000), uri: webAddress(query.get('error_uri')) };
  }
  const code = query.get('code');
  const state = query.get('state');
  if (code && state) return { kind: 'code', response: { code, state, iss: query.get('iss') || null } };
  return { kind: 'none' };
}

/** A person's words for the error codes of RFC 6749 §4.1.2.1. */
export function describeAuthorizationError(error: string): string {
  switch (error) {
    case 'access_denied':
      return 'Access was denied: the authorization was refused at the authorization server.';
    case 'invalid_scope':
      return 'The authorization server refused the scopes asked for.';
    case 'unauthorized_client':
      return 'The authorization server does not let this platform ask for an authorization code.';
    case 'server_error':
    case 'temporarily_unavailable':
      return 'The authorization server could not answer: try again in a moment.';
    default:
      return 'The authorization server refused the authorization.';
  }
}

/**
 * A response that came back while nobody was signed in (the session ended during the consent) waits here, in this
 * tab's sessionStorage, for the sign-in, out of the address bar; the callback page takes it and it is removed.
 */
const heldCallbackKey = 'mcp-portal.oauth-callback';
/** A code is short-lived anyway: a response held longer than this is forgotten. */
const holdForMs = 10 * 60_000;
const responseParameters = ['code', 'state', 'iss', 'error', 'error_description', 'error_uri'] as const;

interface HeldCallback {
  query: string;
  heldAt: number;
}

function tabStorage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

/** Keeps the authorization response in `query` (code or error) until the callback page takes it; false when there is none. */
export function holdCallback(query: URLSearchParams, now: number = Date.now()): boolean {
  if (parseCallback(query).kind === 'none') return false;
  const kept = new URLSearchParams();
  for (const name of responseParameters) {
    const value = query.get(name);
    if (value !== null) kept.set(name, value);
  }
  const held: HeldCallback = { query: kept.toString(), heldAt: now };
  try {
    tabStorage()?.setItem(heldCallbackKey, JSON.stringify(held));
  } catch {
    // No storage (quotas, a sandbox): the response is lost and the page says there is nothing to complete.
  }
  return true;
}

/** The response held for the callback page, if any and still fresh (it stays held until releaseHeldCallback). */
export function heldCallback(now: number = Date.now()): CallbackParameters {
  let text: string | null = null;
  try {
    text = tabStorage()?.getItem(heldCallbackKey) ?? null;
  } catch {
    return { kind: 'none' };
  }
  if (!text) return { kind: 'none' };
  try {
    const held = JSON.parse(text) as Partial<HeldCallback>;
    if (typeof held.query !== 'string' || typeof held.heldAt !== 'number' || now - held.heldAt > holdForMs || held.heldAt > now + 60_000)
      return { kind: 'none' };
    return parseCallback(new URLSearchParams(held.query));
  } catch {
    return { kind: 'none' };
  }
}

/** Forgets the held response (the callback page took it, or there was none). */
export function releaseHeldCallback(): void {
  try {
    tabStorage()?.removeItem(heldCallbackKey);
  } catch {
    // As above.
  }
}
