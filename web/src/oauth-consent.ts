/**
 * What the consent page (pages/OAuthConsentPage.tsx) reads from an authorization request: its id in the address,
 * whether the browser goes back to an application on this computer, the hosts it names, what its scopes mean.
 */

/** The id the authorization endpoint puts in the consent page's address: 43 base64url characters (32 random bytes). */
export function isConsentRequestId(id: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(id);
}

/** The hostname of an absolute URL ('' when it has none, such as a private-use scheme's), or null when it is not one. */
function hostnameOf(address: string): string | null {
  try {
    return new URL(address).hostname;
  } catch {
    return null;
  }
}

/**
 * True when the redirect URI is a loopback address (RFC 8252 §7.3): the code goes to whatever listens on that port
 * of the user's own computer, a native application or a command-line tool.
 */
export function isLoopbackRedirect(redirectUri: string): boolean {
  const hostname = hostnameOf(redirectUri)?.toLowerCase();
  if (!hostname) return false;
  return hostname === 'localhost' || hostname.endsWith('.localhost') || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** The host of an http(s) address (a client's home page, its metadata document's URL), or null for anything else. */
export function webHost(address: string | null): string | null {
  if (!address) return null;
  try {
    const url = new URL(address);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.host : null;
  } catch {
    return null;
  }
}

const schemesNeverFollowed = new Set(['javascript:', 'data:', 'vbscript:', 'blob:', 'file:', 'about:']);

/**
 * The decision's redirectTo when the browser may go there: an absolute URL of the client's redirect URI (http(s) or
 * a native application's private-use scheme), never script or a local document. Null otherwise.
 */
export function followableRedirect(redirectTo: string): string | null {
  try {
    const url = new URL(redirectTo);
    return schemesNeverFollowed.has(url.protocol) ? null : url.href;
  } catch {
    return null;
  }
}

const scopeMeanings: Record<string, string> = {
  mcp: 'Use the MCP gateway: list and call the tools of the servers you can use.',
};

/** What a scope lets the application do, in words; null for a scope the portal has no words for. */
export function scopeMeaning(scope: string): string | null {
  return Object.hasOwn(scopeMeanings, scope) ? scopeMeanings[scope]! : null;
}
