import { createHash, randomBytes } from 'node:crypto';
import {
  ForbiddenError,
  NotFoundError,
  roleAtLeast,
  secondsToWaitAfterCounting,
  type AuditActor,
  type CounterStore,
  type AuditLog,
  type Database,
  type Logger,
  type Viewer,
} from '@mcp-portal/kit';
import { oauthScopes } from '@mcp-portal/schema/contract';
import { hashSecret } from '../registration/secrets.ts';
import type { AccessTokenMinter, MintedAccessToken } from './access-tokens.ts';
import { matchRedirectUri, type AuthorizationClient, type AuthorizationClients, type PresentedClient } from './clients.ts';
import { invalidGrant, invalidRequest, OAuthError } from './errors.ts';
import { grantStore, type NamedGrantRow } from './grant-store.ts';
import { requestStore, type AuthorizationRequestRow } from './request-store.ts';
import type { AuthorizationServerSettings } from './settings.ts';
import type { AzureRegistrationSettings } from '../registration/settings.ts';

/** The scopes this server grants; a request for others gets these (RFC 6749 §3.3 lets it grant less than asked). */
export const supportedScopes = oauthScopes;
/** How long the user has to decide on the consent page. */
const requestTtlMs = 10 * 60_000;
/** How long an authorization code can be redeemed (RFC 6749 §4.1.2: short; ten minutes at most). */
const codeTtlMs = 60_000;
const purgeEveryMs = 10 * 60_000;

const codeChallengePattern = /^[A-Za-z0-9._~-]{43,128}$/;
const codeVerifierPattern = /^[A-Za-z0-9._~-]{43,128}$/;
const maxParameterLength = 2000;

/** What the consent page shows of a request waiting for the user's decision. */
export interface PendingAuthorization {
  id: string;
  clientId: string;
  clientKind: AuthorizationRequestRow['clientKind'];
  clientName: string;
  clientUri: string | null;
  redirectUri: string;
  redirectHost: string;
  scopes: string[];
  resource: string;
  expiresAt: Date;
}

/** RFC 6749 §5.1's answer. */
export interface TokenAnswer {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token?: string;
  scope: string;
}

/** Where the browser goes next: the consent page, or back to the client with an error. */
export type AuthorizationStart = { kind: 'consent'; requestId: string } | { kind: 'redirect'; location: string };

export interface AuthorizationServerOptions {
  db: Database;
  audit: AuditLog;
  clients: AuthorizationClients;
  minter: AccessTokenMinter;
  /** Counts authorization requests per source address (Redis when REDIS_URL is set). */
  counters: CounterStore;
  settings: AuthorizationServerSettings;
  /** With the azure backend, clients are Entra applications: the metadata names the tenant's endpoints. */
  azure: AzureRegistrationSettings | null;
  logger: Logger;
}

/** A code or refresh token that another request spent between our read and our write. */
class SpentConcurrently extends Error {}

const s256 = (verifier: string) => createHash('sha256').update(verifier, 'ascii').digest('base64url');
const newOpaqueToken = (prefix: string) => `${prefix}${randomBytes(32).toString('base64url')}`;

/** The one value of a parameter, null when absent; invalid_request when it is repeated (RFC 6749 §3.1) or too long. */
export function single(params: URLSearchParams, name: string, maxLength = maxParameterLength): string | null {
  const values = params.getAll(name);
  if (values.length > 1) throw invalidRequest(`${name} is repeated: send it once.`);
  const value = values[0];
  if (value === undefined || value === '') return null;
  if (value.length > maxLength) throw invalidRequest(`${name} is longer than ${maxLength} characters.`);
  return value;
}

function required(params: URLSearchParams, name: string): string {
  const value = single(params, name);
  if (value === null) throw invalidRequest(`${name} is required.`);
  return value;
}

/** `redirectUri` with `params` added to its query (RFC 6749 §4.1.2: keeping the query it has). */
export function redirectWith(redirectUri: string, params: Record<string, string | null>): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) if (value !== null) url.searchParams.append(name, value);
  return url.href;
}

function hostOf(redirectUri: string): string {
  const url = new URL(redirectUri);
  return url.host || `${url.protocol}`;
}

/**
 * The platform's own OAuth 2.1 authorization server, for MCP clients of the gateway-proxy: authorization code with
 * PKCE (S256 only), the user's consent in the portal, access tokens signed by the auth subgraph for the
 * gateway-proxy's resource (RFC 8707), refresh tokens rotated on every use (one used twice revokes the grant).
 */
export class AuthorizationServer {
  private readonly extraResources = new Set<string>();
  private purgeTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: AuthorizationServerOptions) {}

  /**
   * The resources tokens may be issued for; the first is the default for a request that names none: the configured
   * gateway-proxy's, or (none configured) the one the platform started.
   */
  get resources(): string[] {
    const configured = this.options.settings.gatewayProxyResource;
    const started = [...this.extraResources];
    const first = this.options.settings.gatewayProxyResourceConfigured || started.length === 0 ? configured : started[0]!;
    return [first, ...[configured, ...started].filter((resource) => resource !== first)];
  }

  /** Accepts tokens for another gateway-proxy resource (the one-process platform names the proxy it started). */
  protect(resource: string): void {
    if (resource !== this.options.settings.gatewayProxyResource) this.extraResources.add(resource);
  }

  get azure(): AzureRegistrationSettings | null {
    return this.options.azure;
  }

  get logger(): Logger {
    return this.options.logger;
  }

  get acceptsMetadataDocuments(): boolean {
    return this.options.clients.acceptsMetadataDocuments;
  }

  startPurging(): void {
    const purge = async () => {
      await requestStore.purgeExpired(this.options.db);
      await grantStore.purgeExpiredRefreshTokens(this.options.db);
    };
    this.purgeTimer = setInterval(
      () => void purge().catch((error: unknown) => this.options.logger.warn({ err: error }, 'could not purge old authorization requests')),
      purgeEveryMs,
    );
    this.purgeTimer.unref();
  }

  stop(): void {
    if (this.purgeTimer) clearInterval(this.purgeTimer);
  }

  /**
   * The authorization endpoint (RFC 6749 §4.1.1 with PKCE): a valid request waits for the user's consent; an
   * invalid one goes back to the client's redirect URI with the error once that URI is known to be the client's.
   * Before that (unknown client, wrong redirect URI) it throws OAuthError, shown to the user, never redirected.
   */
  async authorize(params: URLSearchParams, sourceAddress: string | null): Promise<AuthorizationStart> {
    const wait = await secondsToWaitAfterCounting(
      this.options.counters,
      `oauth-authorizations:${sourceAddress ?? 'unknown'}`,
      { count: this.options.settings.authorizationsPerMinute, windowSeconds: 60 },
      this.options.logger,
    );
    if (wait !== null) throw new OAuthError('temporarily_unavailable', `Too many sign-in requests from this address: try again in ${wait} s.`, 429);
    const clientId = required(params, 'client_id');
    const client = await this.options.clients.find(clientId);
    if (!client) throw new OAuthError('invalid_client', 'There is no such client: register it first (RFC 7591) or use a client ID metadata document URL.');
    const givenRedirectUri = single(params, 'redirect_uri');
    const redirectUri = matchRedirectUri(client, givenRedirectUri);
    const state = single(params, 'state');
    const refuse = (error: OAuthError): AuthorizationStart => ({
      kind: 'redirect',
      location: redirectWith(redirectUri, { error: error.code, error_description: error.description, state }),
    });
    try {
      const request = this.validatedRequest(params, client);
      const id = randomBytes(32).toString('base64url');
      await requestStore.insert(this.options.db, {
        id,
        clientId: client.clientId,
        clientKind: client.kind,
        clientName: client.clientName,
        redirectUri,
        redirectUriGiven: givenRedirectUri !== null,
        state,
        ...request,
        expiresAt: new Date(Date.now() + requestTtlMs),
      });
      return { kind: 'consent', requestId: id };
    } catch (error) {
      if (error instanceof OAuthError) return refuse(error);
      throw error;
    }
  }

  private validatedRequest(params: URLSearchParams, client: AuthorizationClient): { codeChallenge: string; scope: string; resource: string } {
    const responseType = required(params, 'response_type');
    if (responseType !== 'code') throw new OAuthError('unsupported_response_type', 'Only response_type=code is supported.');
    if (!client.responseTypes.includes('code') || !client.grantTypes.includes('authorization_code'))
      throw new OAuthError('unauthorized_client', 'This client is not registered for the authorization code grant.');
    const codeChallenge = single(params, 'code_challenge');
    if (codeChallenge === null) throw invalidRequest('code_challenge is required: this server needs PKCE (S256).');
    if ((single(params, 'code_challenge_method') ?? 'plain') !== 'S256') throw invalidRequest('code_challenge_method must be S256.');
    if (!codeChallengePattern.test(codeChallenge)) throw invalidRequest('code_challenge must be 43 to 128 characters of [A-Za-z0-9-._~].');
    const resource = single(params, 'resource') ?? this.resources[0]!;
    if (!this.resources.includes(resource)) throw new OAuthError('invalid_target', `resource must be the gateway-proxy's MCP endpoint (${this.resources[0]}).`);
    const requested = (single(params, 'scope', 1000) ?? '').split(' ').filter(Boolean);
    const granted = supportedScopes.filter((scope) => requested.length === 0 || requested.includes(scope));
    return { codeChallenge, scope: (granted.length > 0 ? granted : supportedScopes).join(' '), resource };
  }

  /** A request waiting for a decision, for the consent page; null when unknown, expired or decided. */
  async pending(id: string): Promise<PendingAuthorization | null> {
    const row = await requestStore.pending(this.options.db, id);
    if (!row) return null;
    const client = row.clientKind === 'registered' ? await this.options.clients.find(row.clientId).catch(() => null) : null;
    return {
      id: row.id,
      clientId: row.clientId,
      clientKind: row.clientKind,
      clientName: row.clientName,
      clientUri: client?.clientUri ?? null,
      redirectUri: row.redirectUri,
      redirectHost: hostOf(row.redirectUri),
      scopes: row.scope.split(' ').filter(Boolean),
      resource: row.resource,
      expiresAt: row.expiresAt,
    };
  }

  /**
   * The signed-in user's decision on the consent page: approved, a code for the client; denied, access_denied.
   * Either way the answer is where the browser goes next (the client's redirect URI). Audited.
   */
  async decide(id: string, approve: boolean, actor: AuditActor & { viewer: Viewer }): Promise<{ redirectTo: string }> {
    const code = approve ? newOpaqueToken('') : null;
    const row = await this.options.audit.change(
      actor,
      (decided: AuthorizationRequestRow) => ({
        action: approve ? 'oauth.consent-approve' : 'oauth.consent-deny',
        targetType: 'OAuthClient',
        targetId: decided.clientId,
        detail: {
          clientKind: decided.clientKind,
          clientName: decided.clientName,
          redirectHost: hostOf(decided.redirectUri),
          scope: decided.scope,
          resource: decided.resource,
        },
      }),
      async (tx) => {
        const decided = await requestStore.decide(tx, id, {
          userId: actor.viewer.userId,
          approved: approve,
          codeHash: code === null ? null : hashSecret(code),
          codeExpiresAt: code === null ? null : new Date(Date.now() + codeTtlMs),
        });
        if (!decided) throw new NotFoundError('This authorization request is unknown, has expired or was already answered: start again from the application.');
        return decided;
      },
    );
    const redirectTo = approve
      ? redirectWith(row.redirectUri, { code, state: row.state })
      : redirectWith(row.redirectUri, { error: 'access_denied', error_description: 'The user denied the request.', state: row.state });
    return { redirectTo };
  }

  /** The token endpoint (RFC 6749 §3.2): the authorization code and refresh token grants. */
  async token(form: URLSearchParams, presented: PresentedClient, actor: AuditActor): Promise<TokenAnswer> {
    const grantType = required(form, 'grant_type');
    if (grantType !== 'authorization_code' && grantType !== 'refresh_token')
      throw new OAuthError('unsupported_grant_type', 'grant_type must be authorization_code or refresh_token.');
    const client = await this.options.clients.authenticate(presented);
    if (!client.grantTypes.includes(grantType)) throw new OAuthError('unauthorized_client', `This client is not registered for the ${grantType} grant.`);
    const answer = grantType === 'authorization_code' ? await this.redeemCode(form, client, actor) : await this.refresh(form, client, actor);
    await this.options.clients.touch(client);
    return answer;
  }

  private async redeemCode(form: URLSearchParams, client: AuthorizationClient, actor: AuditActor): Promise<TokenAnswer> {
    const code = required(form, 'code');
    const verifier = required(form, 'code_verifier');
    const { db } = this.options;
    const row = await requestStore.byCodeHash(db, hashSecret(code));
    if (!row || !row.approved || !row.decidedBy || row.clientId !== client.clientId) throw invalidGrant('The authorization code is invalid.');
    if (row.codeUsedAt) return this.codeReplayed(row, actor);
    if (!row.codeExpiresAt || row.codeExpiresAt.getTime() <= Date.now()) throw invalidGrant('The authorization code has expired: authorize again.');
    const redirectUri = single(form, 'redirect_uri');
    if ((row.redirectUriGiven || redirectUri !== null) && redirectUri !== row.redirectUri)
      throw invalidGrant('redirect_uri does not match the one of the authorization request.');
    if (!codeVerifierPattern.test(verifier) || s256(verifier) !== row.codeChallenge) throw invalidGrant('code_verifier does not match the code challenge.');
    const resource = single(form, 'resource');
    if (resource !== null && resource !== row.resource) throw new OAuthError('invalid_target', 'resource differs from the one that was authorized.');

    const minted = await this.mint(row.decidedBy, client, row.resource, row.scope);
    const refreshToken = client.grantTypes.includes('refresh_token') ? newOpaqueToken('mcprf_') : null;
    try {
      await db.transaction(async (txDb) => {
        const tx = txDb as unknown as Database;
        const grant = await grantStore.insert(tx, {
          clientId: client.clientId,
          clientKind: client.kind,
          userId: row.decidedBy!,
          scope: row.scope,
          resource: row.resource,
        });
        if (!(await requestStore.spendCode(tx, row.id, grant.id))) throw new SpentConcurrently();
        if (refreshToken) await grantStore.insertRefreshToken(tx, { grantId: grant.id, tokenHash: hashSecret(refreshToken), expiresAt: this.refreshExpiry() });
      });
    } catch (error) {
      if (!(error instanceof SpentConcurrently)) throw error;
      return this.codeReplayed((await requestStore.byCodeHash(db, row.codeHash!)) ?? row, actor);
    }
    return this.answer(minted, row.scope, refreshToken);
  }

  /** RFC 6749 §4.1.2: a code used twice revokes what it gave (someone else may hold a copy). */
  private async codeReplayed(row: AuthorizationRequestRow, actor: AuditActor): Promise<never> {
    if (row.grantId) await grantStore.revoke(this.options.db, row.grantId);
    await this.options.audit.record(
      actor,
      { action: 'oauth.code-reuse', targetType: 'OAuthClient', targetId: row.clientId, detail: { user: row.decidedBy, grant: row.grantId } },
      'failure',
    );
    throw invalidGrant('The authorization code was already used: the tokens issued with it are revoked. Authorize again.');
  }

  private async refresh(form: URLSearchParams, client: AuthorizationClient, actor: AuditActor): Promise<TokenAnswer> {
    const presentedToken = required(form, 'refresh_token');
    const { db } = this.options;
    const found = await grantStore.refreshTokenByHash(db, hashSecret(presentedToken));
    if (!found || found.grant.clientId !== client.clientId) throw invalidGrant('The refresh token is invalid.');
    const { token, grant } = found;
    if (grant.revokedAt) throw invalidGrant('The refresh token was revoked: authorize again.');
    if (token.usedAt) return this.refreshReplayed(grant.id, grant.clientId, grant.userId, actor);
    if (token.expiresAt.getTime() <= Date.now()) throw invalidGrant('The refresh token has expired: authorize again.');
    const granted = grant.scope.split(' ').filter(Boolean);
    const asked = (single(form, 'scope', 1000) ?? '').split(' ').filter(Boolean);
    const extra = asked.find((scope) => !granted.includes(scope));
    if (extra !== undefined) throw new OAuthError('invalid_scope', `The scope "${extra.slice(0, 100)}" was not granted.`);
    const scope = asked.length > 0 ? asked.join(' ') : grant.scope;
    const resource = single(form, 'resource');
    if (resource !== null && resource !== grant.resource) throw new OAuthError('invalid_target', 'resource differs from the one that was authorized.');

    const minted = await this.mint(grant.userId, client, grant.resource, scope, grant.id);
    const next = newOpaqueToken('mcprf_');
    try {
      await db.transaction(async (txDb) => {
        const tx = txDb as unknown as Database;
        if (!(await grantStore.markRefreshTokenUsed(tx, token.id))) throw new SpentConcurrently();
        await grantStore.insertRefreshToken(tx, { grantId: grant.id, tokenHash: hashSecret(next), expiresAt: this.refreshExpiry() });
        await grantStore.touch(tx, grant.id);
      });
    } catch (error) {
      if (!(error instanceof SpentConcurrently)) throw error;
      return this.refreshReplayed(grant.id, grant.clientId, grant.userId, actor);
    }
    return this.answer(minted, scope, next);
  }

  /** A refresh token used twice: a copy exists elsewhere, so the grant ends for both holders. */
  private async refreshReplayed(grantId: string, clientId: string, userId: string, actor: AuditActor): Promise<never> {
    await grantStore.revoke(this.options.db, grantId);
    await this.options.audit.record(
      actor,
      { action: 'oauth.refresh-token-reuse', targetType: 'OAuthClient', targetId: clientId, detail: { user: userId, grant: grantId } },
      'failure',
    );
    throw invalidGrant('The refresh token was already used: the grant is revoked. Authorize again.');
  }

  /**
   * The applications a user authorized (their grants), newest first: a user's own; an admin's, anyone's (`userId`)
   * or everyone's (`everyone`). FORBIDDEN for another user's unless admin.
   */
  async grants(viewer: Viewer, filter: { userId?: string; everyone?: boolean; includeRevoked: boolean }): Promise<NamedGrantRow[]> {
    const someoneElse = filter.everyone === true || (filter.userId !== undefined && filter.userId !== viewer.userId);
    if (someoneElse && !roleAtLeast(viewer.role, 'admin')) throw new ForbiddenError("Only an admin may see other users' authorized applications.");
    const userId = filter.everyone ? undefined : (filter.userId ?? viewer.userId);
    return grantStore.list(this.options.db, { ...(userId ? { userId } : {}), includeRevoked: filter.includeRevoked, limit: 500 });
  }

  /**
   * Ends an application's access: its refresh tokens stop working at once, its access tokens when they expire (their
   * lifetime is short). Your own grant, or anyone's for an admin; NOT_FOUND otherwise. Audited.
   */
  async revokeGrant(id: string, actor: AuditActor & { viewer: Viewer }): Promise<NamedGrantRow> {
    const grant = await grantStore.byIdNamed(this.options.db, id);
    const mayRevoke = grant !== null && (grant.userId === actor.viewer.userId || roleAtLeast(actor.viewer.role, 'admin'));
    if (!grant || !mayRevoke) throw new NotFoundError(`There is no authorized application with id ${id}.`);
    if (grant.revokedAt) return grant;
    await this.options.audit.change(
      actor,
      {
        action: 'oauth.grant-revoke',
        targetType: 'OAuthClient',
        targetId: grant.clientId,
        detail: { grant: grant.id, user: grant.userId, clientName: grant.clientName },
      },
      (tx) => grantStore.revoke(tx, grant.id),
    );
    return { ...grant, revokedAt: new Date() };
  }

  /** RFC 7009: revokes the grant of a refresh token the client presents; anything else is ignored (200 either way). */
  async revoke(form: URLSearchParams, presented: PresentedClient): Promise<void> {
    const token = required(form, 'token');
    const client = await this.options.clients.authenticate(presented);
    const found = await grantStore.refreshTokenByHash(this.options.db, hashSecret(token));
    if (found && found.grant.clientId === client.clientId) await grantStore.revoke(this.options.db, found.grant.id);
  }

  private async mint(userId: string, client: AuthorizationClient, resource: string, scope: string, grantId?: string): Promise<MintedAccessToken> {
    const minted = await this.options.minter.mint({ userId, audience: resource, clientId: client.clientId, scope });
    if (minted) return minted;
    if (grantId) await grantStore.revoke(this.options.db, grantId);
    throw invalidGrant('The user who granted access can no longer sign in.');
  }

  private refreshExpiry(): Date {
    return new Date(Date.now() + this.options.settings.refreshTokenTtlSeconds * 1000);
  }

  private answer(minted: MintedAccessToken, scope: string, refreshToken: string | null): TokenAnswer {
    return {
      access_token: minted.token,
      token_type: 'Bearer',
      expires_in: Math.max(1, Math.floor((minted.expiresAt.getTime() - Date.now()) / 1000)),
      ...(refreshToken ? { refresh_token: refreshToken } : {}),
      scope,
    };
  }
}
