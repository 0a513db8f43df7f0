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
