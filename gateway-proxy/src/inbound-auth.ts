import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerToken, tokenAudience, UnauthenticatedError, VerifiedTokens, type ApiTokenExchanger, type TokenVerifier, type Viewer } from '@mcp-portal/kit';
import { oauthScopes } from '@mcp-portal/schema/contract';

/** Where RFC 9728 metadata is served (the path-aware form for `/mcp`, and the host's root form). */
export const protectedResourceMetadataPath = '/.well-known/oauth-protected-resource';
export const mcpPath = '/mcp';

export interface InboundAuthOptions {
  /** Verifies the platform's access JWTs (the auth subgraph's JWKS). */
  verifier: TokenVerifier;
  /** Exchanges API tokens (`mcpat_…`) for JWTs at the auth subgraph, as the router does. */
  apiTokens: ApiTokenExchanger;
  /** The proxy's own public base URL (scheme, host, port), e.g. `http://127.0.0.1:4100`. */
  publicUrl: string;
  /** The platform, which issues the tokens: named as the authorization server. */
  authorizationServer: string;
}

/**
 * The proxy as an OAuth 2.1 protected resource (the MCP authorization spec): a request to /mcp needs
 * `Authorization: Bearer <token>`, either a platform access JWT or an API token; without a valid one the
 * answer is 401 with `WWW-Authenticate: Bearer resource_metadata="…"`, whose RFC 9728 document names the
 * platform as the authorization server. The caller's token stays here: servers never see it.
 *
 * Audience (RFC 8707): a JWT is accepted when its `aud` names the platform's API (`mcp-portal`, what the
 * auth subgraph puts in every access JWT, those exchanged for API tokens included) or this proxy's
 * resource, `<public URL>/mcp`; one minted for any other audience is refused (401 `invalid_token`).
 * A JWT once verified is trusted for up to a minute (see VerifiedTokens); API tokens are exchanged first.
 */
export class InboundAuth {
  readonly resource: string;
  readonly metadataUrl: string;
  /** The `aud` values a JWT may carry here. */
  readonly audiences: readonly string[];
  private readonly verified: VerifiedTokens;

  constructor(private readonly options: InboundAuthOptions) {
    const base = options.publicUrl.replace(/\/+$/, '');
    this.resource = `${base}${mcpPath}`;
    this.metadataUrl = `${base}${protectedResourceMetadataPath}${mcpPath}`;
    this.audiences = [tokenAudience, this.resource];
    this.verified = new VerifiedTokens(options.verifier);
  }

  /** The verified caller; UnauthenticatedError when the token is missing, malformed, expired or revoked. */
  async authenticate(req: IncomingMessage): Promise<Viewer> {
    const header = req.headers.authorization;
    if (!header) throw new UnauthenticatedError('This MCP endpoint needs "Authorization: Bearer <token>": a platform access token or an API token (mcpat_…).');
    if (!bearerToken(header)) throw new UnauthenticatedError('The Authorization header must be "Bearer <token>".');
    const exchanged = await this.options.apiTokens.authorizationFor(header);
    const token = exchanged ? bearerToken(exchanged) : null;
    if (!token) throw new UnauthenticatedError('The token is not valid.');
    return (await this.verified.verify(token, { audiences: this.audiences })).viewer;
  }

  /** 401 with the challenge; `invalid_token` when a token was sent (RFC 6750 §3.1). */
  challenge(req: IncomingMessage, res: ServerResponse, error: UnauthenticatedError): void {
    const sentToken = Boolean(req.headers.authorization);
    const params = [`resource_metadata="${this.metadataUrl}"`, `scope="${oauthScopes.join(' ')}"`];
    if (sentToken) params.push('error="invalid_token"', `error_description="${quoted(error.message)}"`);
    sendError(res, 401, { 'www-authenticate': `Bearer ${params.join(', ')}` }, sentToken ? 'invalid_token' : 'unauthorized', error.message);
  }

  /** 403 for a role that may not do this (RFC 6750 `insufficient_scope`): e.g. a viewer calling a tool. */
  forbid(res: ServerResponse, message: string): void {
    const challenge = `Bearer resource_metadata="${this.metadataUrl}", error="insufficient_scope", error_description="${quoted(message)}"`;
    sendError(res, 403, { 'www-authenticate': challenge }, 'insufficient_scope', message);
  }

  /**
   * The RFC 9728 document. At the path-aware URL it describes `<base>/mcp`; at the host's root form it
   * describes the host (RFC 9728 §3: `resource` is the identifier the well-known URL was made from).
   */
  metadata(forRoot: boolean): Record<string, unknown> {
    return {
      resource: forRoot ? this.resource.slice(0, -mcpPath.length) : this.resource,
      authorization_servers: [this.options.authorizationServer.replace(/\/+$/, '')],
      bearer_methods_supported: ['header'],
      scopes_supported: [...oauthScopes],
      resource_name: 'MCP Portal gateway-proxy',
    };
  }
}

function quoted(text: string): string {
  return text.replace(/["\\]/g, "'").replace(/[\r\n]+/g, ' ');
}

function sendError(res: ServerResponse, status: number, headers: Record<string, string>, error: string, description: string): void {
  const body = JSON.stringify({ error, error_description: description });
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
}
