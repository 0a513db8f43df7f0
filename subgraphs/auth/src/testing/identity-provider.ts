import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { CookieJar } from '@mcp-portal/kit/testing';

/** An account of the test IdP: the login name is the account id and the email's local part. */
export interface TestAccount {
  email?: string;
  name?: string;
  /** Entra-style app roles, sent in the `roles` claim. */
  roles?: string[];
  /** Entra's tenant id and object id claims, sent when set (an Entra tenant's provider: `issuerPath` `/{tid}/v2.0`). */
  tid?: string;
  oid?: string;
}

export interface TestIdentityProviderOptions {
  redirectUris: string[];
  clientId?: string;
  clientSecret?: string;
  /**
   * A path the issuer ends with (`/{tenant id}/v2.0` plays an Entra tenant): the provider is served under it.
   * Default: none, the issuer is the origin.
   */
  issuerPath?: string;
}

export interface TestIdentityProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  accounts: Map<string, TestAccount>;
  close(): Promise<void>;
}

/**
 * A real OpenID Connect provider (panva's oidc-provider) on a loopback port, playing Azure AD in tests:
 * code flow with PKCE, signed ID tokens, JWKS, and its built-in login and consent pages, which tests
 * drive like a browser (signInAtTestProvider) or through Chromium.
 */
export async function startTestIdentityProvider(options: TestIdentityProviderOptions): Promise<TestIdentityProvider> {
  const clientId = options.clientId ?? 'mcp-portal-test';
  const clientSecret = options.clientSecret ?? 'test-client-secret-0123456789abcdef';
  const accounts = new Map<string, TestAccount>();
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const mountPath = options.issuerPath?.replace(/\/+$/, '') ?? '';
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}${mountPath}`;
  const provider = new Provider(issuer, {
    clients: [
      { client_id: clientId, client_secret: clientSecret, redirect_uris: options.redirectUris, response_types: ['code'], grant_types: ['authorization_code'] },
    ],
    claims: { openid: ['sub', 'roles', 'tid', 'oid'], email: ['email', 'email_verified'], profile: ['name'] },
    conformIdTokenClaims: false,
    cookies: { keys: ['test-identity-provider-cookie-key'] },
    features: { devInteractions: { enabled: true } },
    ...(mountPath ? { interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `${mountPath}/interaction/${interaction.uid}` } } : {}),
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    async findAccount(_ctx: unknown, id: string) {
      const account = accounts.get(id) ?? {};
      return {
        accountId: id,
        async claims() {
          return {
            sub: id,
            email: account.email ?? `${id}@example.test`,
            email_verified: true,
            name: account.name ?? id,
            ...(account.roles ? { roles: account.roles } : {}),
            ...(account.tid ? { tid: account.tid } : {}),
            ...(account.oid ? { oid: account.oid } : {}),
          };
        },
      };
    },
  });
  const handle = provider.callback();
  // Koa answers a failed request itself (its onerror), so the promise it returns is not awaited.
  // Served under the issuer's path: the provider sees the rest and builds its URLs from `originalUrl` (as when mounted by Express).
  server.on('request', (req, res) => {
    if (mountPath && req.url?.startsWith(`${mountPath}/`)) Object.assign(req, { originalUrl: req.url, url: req.url.slice(mountPath.length) });
    void handle(req, res);
  });
  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Follows a sign-in from the portal's /auth/oidc/login through the IdP's login and consent pages, like a
 * browser would, and stops at the portal's callback answer. Returns that final response (a redirect into
 * the portal carrying the session cookie) and the portal cookies it set.
 */
export async function signInAtTestProvider(startUrl: string, login: string): Promise<{ response: Response; location: string; cookies: string[] }> {
  const jar = new CookieJar();
  let url = new URL(startUrl);
  let method = 'GET';
  let body: URLSearchParams | undefined;
  const portalOrigin = url.origin;
  for (let hop = 0; hop < 20; hop += 1) {
    const response = await fetch(url, {
      method,
      body,
      redirect: 'manual',
      headers: { cookie: jar.header(url), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    });
    jar.store(url, response);
    const location = response.headers.get('location');
    if (url.origin === portalOrigin && url.pathname === '/auth/oidc/callback') {
      return { response, location: location ?? '', cookies: response.headers.getSetCookie() };
    }
    if (location) {
      url = new URL(location, url);
      method = 'GET';
      body = undefined;
      continue;
    }
    const html = await response.text();
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!prompt || !action) throw new Error(`Unexpected page at ${url.toString()} (${response.status}): ${html.slice(0, 300)}`);
    url = new URL(action.replaceAll('&amp;', '&'), url);
    method = 'POST';
    body = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'any-password' } : { prompt });
  }
  throw new Error('Too many redirects while signing in at the test identity provider.');
}
