import { CookieJar } from '@mcp-portal/kit/testing';

/** Where the authorization server sent the browser back: the platform's callback URL with its parameters. */
export interface AuthorizationResponse {
  url: URL;
  code: string | null;
  state: string | null;
  iss: string | null;
  error: string | null;
}

/**
 * Follows an authorization URL through the test authorization server's login and consent pages like a browser
 * (signing in as `login`, granting what is asked) until it redirects off the authorization server: the redirect
 * to the platform's callback, which is returned, not followed.
 */
export async function consentAtTestAuthorizationServer(authorizationUrl: string, login: string): Promise<AuthorizationResponse> {
  const jar = new CookieJar();
  let url = new URL(authorizationUrl);
  const serverOrigin = url.origin;
  let method = 'GET';
  let body: URLSearchParams | undefined;
  for (let hop = 0; hop < 20; hop += 1) {
    if (url.origin !== serverOrigin) {
      const parameters = url.searchParams;
      return { url, code: parameters.get('code'), state: parameters.get('state'), iss: parameters.get('iss'), error: parameters.get('error') };
    }
    const response = await fetch(url, {
      method,
      body,
      redirect: 'manual',
      headers: { cookie: jar.header(url), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    });
    jar.store(url, response);
    const location = response.headers.get('location');
    if (location) {
      await response.body?.cancel();
      url = new URL(location, url);
      method = 'GET';
      body = undefined;
      continue;
    }
    const html = await response.text();
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!prompt || !action) throw new Error(`Unexpected page at ${url.toString()} (${response.status}): ${html.slice(0, 400)}`);
    url = new URL(action.replaceAll('&amp;', '&'), url);
    method = 'POST';
    body = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'any-password' } : { prompt });
  }
  throw new Error('Too many redirects at the test authorization server.');
}
