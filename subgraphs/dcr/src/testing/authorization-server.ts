import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import Provider, { type Adapter, type ClientMetadata, type Configuration } from 'oidc-provider';

/** A client as the test authorization server is given it (by hand, or by findClient). */
export interface TestAuthorizationServerClient {
  client_id: string;
  client_secret?: string;
  redirect_uris: string[];
}

export interface TestAuthorizationServerOptions {
  /** RFC 7591 dynamic registration (default on). */
  registration?: boolean;
  /** Clients registered by hand (a pre-registered client of the platform). */
  clients?: TestAuthorizationServerClient[];
  /**
   * Clients created elsewhere after the server started (an Entra app registration a local Graph made, say), looked
   * up on every use: undefined means unknown (or deleted since). Asked before the clients registered here.
   */
  findClient?: (clientId: string) => TestAuthorizationServerClient | undefined | Promise<TestAuthorizationServerClient | undefined>;
  /** The scopes a protected MCP server's tokens may carry (besides offline_access). */
  scopes?: string[];
  /** Access tokens' lifetime (short in tests, to see them expire). */
  accessTokenTtlSeconds?: number;
  /**
   * Client ID Metadata Documents (oidc-provider's clientIdMetadataDocument): fetched over https from loopback,
   * trusting this certificate (PEM). Unset: CIMD off.
   */
  clientIdMetadataDocumentCa?: string;
  /** Serve RFC 8414 metadata (/.well-known/oauth-authorization-server) besides OpenID discovery (default on). */
  oauthMetadata?: boolean;
}

/** What a protected resource learns from an access token it was given. */
export interface VerifiedAccessToken {
  accountId: string;
  clientId: string;
  scopes: string[];
  /** The RFC 8707 resource the token is for. */
  audience: string | undefined;
}

export interface TestAuthorizationServer {
  issuer: string;
  provider: Provider;
  /** Every request's method and path, in order (to check the discovery order, say). */
  requests: string[];
  /** Faults a test switches on: the token endpoint's answers go wrong on purpose. */
  faults: { tokenWithoutAccessToken: boolean; refuseRefresh: boolean };
  /** The token, if this server issued it and it is still valid (not expired, not revoked). */
  verifyAccessToken(token: string): Promise<VerifiedAccessToken | null>;
  close(): Promise<void>;
}

/** An https GET trusting `ca` (loopback CIMD documents are served with a test certificate). */
function fetchTrusting(ca: string) {
  return (url: URL | string, options: { headers?: Headers; signal?: AbortSignal }) =>
    new Promise<Response>((resolve, reject) => {
      const request = httpsRequest(
        new URL(String(url)),
        { ca, headers: Object.fromEntries(options.headers?.entries() ?? []), signal: options.signal },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const headers = new Headers();
            for (const [name, value] of Object.entries(response.headers)) if (typeof value === 'string') headers.set(name, value);
            resolve(new Response(Buffer.concat(chunks), { status: response.statusCode ?? 500, headers }));
          });
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end();
    });
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A real OAuth 2.1 authorization server (panva's oidc-provider) on a loopback port for a remote MCP server:
 * RFC 8414 and OpenID discovery (RFC 8414 can be switched off, so that a client must fall back in the spec's order), dynamic
 * registration, RFC 8707 resource indicators (opaque access tokens bound to the resource), refresh tokens with
 * rotation, RFC 7009 revocation, RFC 9207 `iss`, and optionally Client ID Metadata Documents. Its built-in login
 * and consent pages are driven by consentAtTestAuthorizationServer like a browser.
 */
export async function startTestAuthorizationServer(options: TestAuthorizationServerOptions = {}): Promise<TestAuthorizationServer> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const resourceScopes = options.scopes ?? ['mcp:read', 'mcp:write'];
  const cimdCa = options.clientIdMetadataDocumentCa;
  const clientMetadata = (client: TestAuthorizationServerClient): ClientMetadata => ({
    ...client,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: client.client_secret ? 'client_secret_basic' : 'none',
  });
  const configuration: Configuration = {
    clients: (options.clients ?? []).map(clientMetadata),
    scopes: ['openid', 'offline_access', ...resourceScopes],
    cookies: { keys: ['test-authorization-server-cookie-key'] },
    features: {
      devInteractions: { enabled: true },
      registration: { enabled: options.registration ?? true },
      revocation: { enabled: true },
      introspection: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: (_ctx, _client, oneOf) => oneOf,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => ({
          scope: resourceScopes.join(' '),
          audience: resource,
          accessTokenFormat: 'opaque',
          accessTokenTTL: options.accessTokenTtlSeconds ?? 600,
        }),
      },
      ...(cimdCa ? { clientIdMetadataDocument: { enabled: true, ack: undefined } } : {}),
    },
    ...(cimdCa ? { fetch: fetchTrusting(cimdCa) as unknown as Configuration['fetch'] } : {}),
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: options.accessTokenTtlSeconds ?? 600, AuthorizationCode: 60, RefreshToken: 3600 },
    async findAccount(_ctx, id) {
      return { accountId: id, claims: () => ({ sub: id }) };
    },
  };
  const provider = new Provider(issuer, configuration);
  const findClient = options.findClient;
  if (findClient) {
    // oidc-provider reads every client that is not static through its Client adapter (Client.adapter, a static
    // getter its types leave out), and re-validates it whenever what the adapter answers changes.
    const adapter = (provider.Client as unknown as { adapter: Adapter }).adapter;
    const registered = adapter.find.bind(adapter);
    adapter.find = async (id) => {
      const found = await findClient(id);
      return found ? clientMetadata(found) : registered(id);
    };
  }
  const requests: string[] = [];
  const faults = { tokenWithoutAccessToken: false, refuseRefresh: false };
  const handle = provider.callback();

  const answerFault = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (req.method !== 'POST' || !req.url?.startsWith('/token')) return false;
    if (!faults.tokenWithoutAccessToken && !faults.refuseRefresh) return false;
    const body = await readBody(req);
    const grant = new URLSearchParams(body.toString('utf8')).get('grant_type');
    if (faults.refuseRefresh && grant === 'refresh_token') {
      res
        .writeHead(400, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: 'invalid_grant', error_description: 'refresh refused by the test' }));
      return true;
    }
    if (faults.tokenWithoutAccessToken) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token_type: 'Bearer', expires_in: 600 }));
      return true;
    }
    // The body was read: oidc-provider takes it parsed from req.body.
    Object.assign(req, { body: Object.fromEntries(new URLSearchParams(body.toString('utf8'))) });
    return false;
  };

  server.on('request', (req, res) => {
    requests.push(`${req.method} ${req.url?.split('?')[0]}`);
    if (options.oauthMetadata === false && req.url?.startsWith('/.well-known/oauth-authorization-server')) {
      res.writeHead(404).end();
      return;
    }
    // oidc-provider's development login and consent pages link a web font from the internet: a browser (a test's,
    // or a user's trying `npm run demo:oauth-server`) is told to load nothing from anywhere but this server.
    res.setHeader('content-security-policy', "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:");
    void answerFault(req, res).then((answered) => {
      // Koa answers a failed request itself (its onerror), so the promise it returns is not awaited.
      if (!answered) void handle(req, res);
    });
  });

  return {
    issuer,
    provider,
    requests,
    faults,
    async verifyAccessToken(token) {
      const found = await provider.AccessToken.find(token);
      if (!found || found.isExpired) return null;
      return {
        accountId: found.accountId ?? '',
        clientId: found.clientId ?? '',
        scopes: [...found.scopes],
        audience: typeof found.aud === 'string' ? found.aud : found.aud?.[0],
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
