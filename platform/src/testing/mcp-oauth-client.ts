import { randomBytes } from 'node:crypto';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { TestPlatform } from './platform.ts';

/**
 * The MCP SDK's OAuth client as an application would give it its storage: everything in memory, and the browser
 * left to the test (redirectToAuthorization only records the URL; approveInBrowser plays the user). Counts what
 * the tests of the platform's authorization server assert on: authorization URLs opened, tokens saved.
 */
export class MemoryOAuthClientProvider implements OAuthClientProvider {
  readonly authorizationUrls: URL[] = [];
  readonly savedTokens: OAuthTokens[] = [];
  readonly states: string[] = [];
  private information: OAuthClientInformationMixed | undefined;
  private currentTokens: OAuthTokens | undefined;
  private verifier: string | undefined;

  constructor(
    private readonly options: {
      redirectUrl: string;
      clientMetadata: OAuthClientMetadata;
      /** The client's Client ID Metadata Document URL (used when the server says it supports them). */
      clientMetadataUrl?: string;
    },
  ) {}

  get redirectUrl(): string {
    return this.options.redirectUrl;
  }

  get clientMetadataUrl(): string | undefined {
    return this.options.clientMetadataUrl;
  }

  get clientMetadata(): OAuthClientMetadata {
    return this.options.clientMetadata;
  }

  state(): string {
    const state = randomBytes(16).toString('base64url');
    this.states.push(state);
    return state;
  }

  clientInformation(): OAuthClientInformationMixed | undefined {
    return this.information;
  }

  saveClientInformation(information: OAuthClientInformationMixed): void {
    this.information = information;
  }

  tokens(): OAuthTokens | undefined {
    return this.currentTokens;
  }

  saveTokens(tokens: OAuthTokens): void {
    this.currentTokens = tokens;
    this.savedTokens.push(tokens);
  }

  /** Replaces the saved tokens as a test likes (e.g. an access token the server no longer accepts). */
  replaceTokens(tokens: OAuthTokens): void {
    this.currentTokens = tokens;
  }

  redirectToAuthorization(authorizationUrl: URL): void {
    this.authorizationUrls.push(authorizationUrl);
  }

  saveCodeVerifier(codeVerifier: string): void {
    this.verifier = codeVerifier;
  }

  codeVerifier(): string {
    if (!this.verifier) throw new Error('no code verifier was saved');
    return this.verifier;
  }
}

/** The consent page's address on the portal: `/oauth/consent/<request id>`. */
const consentPathPattern = /^\/oauth\/consent\/([A-Za-z0-9_-]{43})$/;

/**
 * The browser opening an authorization URL of the platform's authorization server (not following redirects): the
 * redirect to the portal's consent page is expected; its request id is returned.
 */
export async function openAuthorization(platform: TestPlatform, authorizationUrl: URL | string): Promise<string> {
  const response = await fetch(authorizationUrl, { redirect: 'manual' });
  await response.body?.cancel();
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) throw new Error(`the authorization endpoint answered ${response.status}, not a redirect to the consent page`);
  const consent = new URL(location, authorizationUrl);
  const match = consent.origin === platform.url ? consentPathPattern.exec(consent.pathname) : null;
  if (!match) throw new Error(`the authorization endpoint redirected to ${consent.href}, not to the portal's consent page`);
  return match[1]!;
}

/** The consent page's decision as the signed-in user whose token is given: where the browser goes next (the client's redirect URI). */
export async function decideAuthorization(platform: TestPlatform, requestId: string, userToken: string, approve = true): Promise<URL> {
  const decided = await platform.request<{ decideOAuthAuthorization: { redirectTo: string } }>(
    'mutation($id: ID!, $approve: Boolean!) { decideOAuthAuthorization(id: $id, approve: $approve) { redirectTo } }',
    { id: requestId, approve },
    userToken,
  );
  if (!decided.data) throw new Error(`the consent decision failed: ${JSON.stringify(decided.errors)}`);
  return new URL(decided.data.decideOAuthAuthorization.redirectTo);
}

/**
 * The browser's part of the authorization code flow: opens the authorization URL, and answers the consent page as
 * the signed-in user (the decideOAuthAuthorization mutation the page calls). Returns the request's id and where the
 * browser goes next (the client's redirect URI with the code and state, or the error).
 */
export async function approveInBrowser(
  platform: TestPlatform,
  authorizationUrl: URL | string,
  userToken: string,
  approve = true,
): Promise<{ requestId: string; redirectTo: URL }> {
  const requestId = await openAuthorization(platform, authorizationUrl);
  return { requestId, redirectTo: await decideAuthorization(platform, requestId, userToken, approve) };
}

/** A user of the given role created by the admin, signed in: their access token. */
export async function signedInUser(platform: TestPlatform, role: 'VIEWER' | 'OPERATOR' | 'ADMIN'): Promise<{ email: string; token: string }> {
  const email = `${role.toLowerCase()}-${randomBytes(4).toString('hex')}@example.test`;
  const password = randomBytes(12).toString('base64url');
  const created = await platform.request(
    'mutation($e: String!, $p: String!, $r: Role!) { createUser(email: $e, password: $p, role: $r) { id } }',
    { e: email, p: password, r: role },
    await platform.adminToken(),
  );
  if (created.errors) throw new Error(`createUser failed: ${JSON.stringify(created.errors)}`);
  const login = await platform.request<{ login: { token: string } }>('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', {
    e: email,
    p: password,
  });
  if (!login.data) throw new Error(`login failed: ${JSON.stringify(login.errors)}`);
  return { email, token: login.data.login.token };
}

/** The claims of a JWT (not verified: for assertions on what the server issued). */
export function jwtClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}
