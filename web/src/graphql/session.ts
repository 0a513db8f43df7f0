/** The bearer token of the signed-in user, kept in localStorage so a reload stays signed in. */
const tokenKey = 'mcp-portal.token';

export function readToken(): string | null {
  try {
    return localStorage.getItem(tokenKey);
  } catch {
    return null;
  }
}

export function writeToken(token: string | null): void {
  try {
    if (token) localStorage.setItem(tokenKey, token);
    else localStorage.removeItem(tokenKey);
  } catch {
    // Storage can be unavailable (private mode, quotas): the session then lasts as long as the page.
  }
}
