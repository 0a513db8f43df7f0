import { createHash, randomBytes } from 'node:crypto';
import {
  auth,
  discoverOAuthServerInfo,
  extractWWWAuthenticateParams,
  refreshAuthorization,
  registerClient,
  selectClientAuthMethod,
  type OAuthDiscoveryState,
} from '@modelcontextprotocol/sdk/client/auth.js';
import type { AuthorizationServerMetadata, OAuthClientInformationMixed, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { topics } from '@mcp-portal/schema';
import { AddressRefusedError, type EventBus, type Logger, type SecretBox } from '@mcp-portal/kit';
import { bridgesIssuer, isBridgedClient, type RegistrationBridge } from './bridge.ts';
import { FlowClientProvider, preRegisteredClient, sameIssuer, sealContexts, storedClient } from './client-provider.ts';
import type {
  AccessTokenResult,
  CompleteAuthorizationInput,
  OAuthConnectionView,
  OAuthPrincipal,
  OAuthTarget,
  StartAuthorizationInput,
  StartedAuthorization,
  UnauthorizedOutcome,
  UpstreamOAuthService,
} from './contract.ts';
import { OAuthFlowError, OAuthStateError, OAuthStateOwnerError } from './errors.ts';
import { guardedFetch } from './guarded-fetch.ts';
import type { UpstreamOAuthSettings } from './settings.ts';
import type { ConnectionPatch, ConnectionRecord, DiscoveryRecord, UpstreamOAuthStore } from './store.ts';

export interface UpstreamOAuthServiceDeps {
  store: UpstreamOAuthStore;
  /** Seals tokens, client secrets and PKCE verifiers (the platform's secrets envelope). */
  secrets: SecretBox;
  settings: UpstreamOAuthSettings;
  /** Where topics.oauthConnectionChanged is published (none: nothing is published). */
  events?: Pick<EventBus, 'publish'>;
  logger?: Logger;
  /** The fetch under the address guard (tests may pass their own). */
  fetch?: FetchLike;
  /** The clock, in milliseconds (tests may move it). */
  now?: () => number;
  /**
   * The DCR bridge (the dcr subgraph's registration service): registers the client at an authorization server
   * without a registration endpoint whose issuer is in settings.bridgeIssuers. None: such a server needs a
   * pre-registered client (MCP_OAUTH_CLIENTS).
   */
  bridge?: RegistrationBridge;
}

/** The tokens as sealed in a connection: what the authorization server answered, with when and how they came. */
interface StoredTokens {
  access_token: string;
  token_type: string;
  refresh_token?: string;
  scope?: string;
  /** When the access token expires (ms since the epoch), when the server said. */
  expires_at?: number;
  obtained_at: number;
  /** How: a refresh after a 401 is not followed by another refresh if its token is refused too (no loop). */
  obtained_by: 'authorization' | 'refresh' | 'refresh_after_401';
}

/** A 401 for a token refreshed after a 401 this recently is not answered with another refresh (no loop). */
const freshRefreshMs = 30_000;

/** The lock under which a bridged client of an issuer is registered or torn down (never a connection's id). */
const bridgeLockKey = (issuer: string) => `dcr-bridge-client:${issuer}`;
const hashState = (state: string) => createHash('sha256').update(state).digest('base64url');
const scopesOf = (text: string | undefined) => (text ?? '').split(/\s+/).filter(Boolean);
const union = (...lists: string[][]) => [...new Set(lists.flat())];
const stringList = (value: unknown) => (Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined);
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 500);

export function viewOf(record: ConnectionRecord): OAuthConnectionView {
  return {
    id: record.id,
    serverId: record.serverId,
    principal: record.principal,
    issuer: record.issuer,
    status: record.status,
    scopes: record.scopes,
    expiresAt: record.expiresAt,
    lastError: record.lastError,
    authorizedBy: record.authorizedBy,
    updatedAt: record.updatedAt,
  };
}

function discoveryStateOf(discovery: DiscoveryRecord): OAuthDiscoveryState {
  return {
    authorizationServerUrl: discovery.authorizationServerUrl,
    authorizationServerMetadata: discovery.authorizationServerMetadata as AuthorizationServerMetadata,
    ...(discovery.resourceMetadata ? { resourceMetadata: discovery.resourceMetadata as OAuthDiscoveryState['resourceMetadata'] } : {}),
    ...(discovery.resourceMetadataUrl ? { resourceMetadataUrl: discovery.resourceMetadataUrl } : {}),
  };
}

/**
 * The platform's OAuth client towards remote MCP servers over any store (see contract.ts). The SDK's auth() runs
 * the start (client identity, PKCE, scope selection, resource) and the code exchange, with discovery done and
 * checked here first; this adds the issuer check, RFC 9207, single-use state bound to its user, sealing, the address
 * guard on every request, refresh with rotation under a per-connection lock, step-up limits and RFC 7009 revocation.
 */
export function createUpstreamOAuthService(deps: UpstreamOAuthServiceDeps): UpstreamOAuthService {
  const { store, secrets: box, settings, events, logger } = deps;
  const now = deps.now ?? Date.now;
  const fetchFn = guardedFetch({ allowHosts: settings.allowHosts, resolve: settings.resolve, fetch: deps.fetch });

  const publish = async (record: ConnectionRecord) => {
    if (!events) return;
    try {
      await events.publish(topics.oauthConnectionChanged, {
        id: record.id,
        serverId: record.serverId,
        userId: record.principal.kind === 'user' ? record.principal.userId : null,
      });
    } catch (error) {
      logger?.warn({ err: error, connection: record.id }, 'oauthConnectionChanged was not published');
    }
  };

  const update = async (record: ConnectionRecord, patch: ConnectionPatch) => {
    const updated = await store.updateConnection(record.id, patch);
    await publish(updated);
    return updated;
  };

  const openTokens = (record: ConnectionRecord): StoredTokens | null => {
    if (!record.sealedTokens || !record.issuer) return null;
    return JSON.parse(box.open(record.sealedTokens, sealContexts.tokens(record.id, record.issuer))) as StoredTokens;
  };

  const tokensPatch = (
    record: ConnectionRecord,
    issuer: string,
    tokens: OAuthTokens,
    obtainedBy: StoredTokens['obtained_by'],
    requested: string[],
  ): ConnectionPatch => {
    const obtainedAt = now();
    const stored: StoredTokens = {
      access_token: tokens.access_token,
      token_type: tokens.token_type,
      ...(tokens.refresh_token ? { refresh_token: tokens.refresh_token } : {}),
      ...(tokens.scope ? { scope: tokens.scope } : {}),
      ...(tokens.expires_in !== undefined ? { expires_at: obtainedAt + tokens.expires_in * 1000 } : {}),
      obtained_at: obtainedAt,
      obtained_by: obtainedBy,
    };
    return {
      issuer,
      sealedTokens: box.seal(JSON.stringify(stored), sealContexts.tokens(record.id, issuer)),
      status: 'authorized',
      scopes: tokens.scope ? scopesOf(tokens.scope) : requested,
      expiresAt: stored.expires_at === undefined ? null : new Date(stored.expires_at),
      lastError: null,
    };
  };

  /** An unauthenticated request to the MCP endpoint: its 401's WWW-Authenticate names the metadata and the scope. */
  /**
   * The server's 401 challenge (its resource metadata URL and scope), asked without a token: to `initialize`, and
   * when a server lets that through, to `tools/list` (in the session it opened, if it did): servers that protect
   * only their operations challenge there, with the scope the operations need.
   */
  const challengeOf = async (serverUrl: string) => {
    const post = (body: Record<string, unknown>, sessionId: string | null) =>
      fetchFn(serverUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'mcp-protocol-version': LATEST_PROTOCOL_VERSION,
          ...(sessionId ? { 'mcp-session-id': sessionId } : {}),
        },
        body: JSON.stringify({ jsonrpc: '2.0', ...body }),
      });
    const initialized = await post(
      {
        id: 0,
        method: 'initialize',
        params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'mcp-portal', version: '1' } },
      },
      null,
    );
    await initialized.body?.cancel();
    if (initialized.status === 401) return extractWWWAuthenticateParams(initialized);
    // Asked even when initialize failed: a server of the stateless revision (2026-07-28) has no initialize.
    const listed = await post({ id: 1, method: 'tools/list', params: {} }, initialized.headers.get('mcp-session-id'));
    await listed.body?.cancel();
    return listed.status === 401 ? extractWWWAuthenticateParams(listed) : {};
  };

  /** RFC 9728 then RFC 8414 / OpenID discovery (the SDK's), the metadata's issuer checked against where it was found. */
  const discover = async (serverUrl: string): Promise<{ discovery: DiscoveryRecord; issuer: string; challengeScope?: string }> => {
    const challenge = await challengeOf(serverUrl);
    // The SDK parses OpenID metadata strictly (revocation_endpoint and RFC 9207's flag would be dropped): the
    // documents are kept as they came, and merged under what the SDK parsed.
    const documents: Record<string, unknown>[] = [];
    const keepingMetadata: FetchLike = async (url, init) => {
      const response = await fetchFn(url, init);
      if (response.ok && /\/\.well-known\/(oauth-authorization-server|openid-configuration)/.test(String(url))) {
        const document: unknown = await response
          .clone()
          .json()
          .catch(() => null);
        if (document && typeof document === 'object') documents.push(document as Record<string, unknown>);
      }
      return response;
    };
    const info = await discoverOAuthServerInfo(serverUrl, {
      ...(challenge.resourceMetadataUrl ? { resourceMetadataUrl: challenge.resourceMetadataUrl } : {}),
      fetchFn: keepingMetadata,
    });
    const parsed = info.authorizationServerMetadata;
    const raw = documents.find((document) => document['issuer'] === parsed?.issuer && document['token_endpoint'] === parsed?.token_endpoint);
    const metadata = parsed && { ...raw, ...parsed };
    if (!metadata) throw new OAuthFlowError(`No authorization server metadata was found for ${info.authorizationServerUrl} (RFC 8414 or OpenID discovery).`);
    if (!sameIssuer(metadata.issuer, info.authorizationServerUrl)) {
      throw new OAuthFlowError(`The authorization server metadata names the issuer ${metadata.issuer}, not ${info.authorizationServerUrl} where it was found.`);
    }
    return {
      issuer: metadata.issuer,
      ...(challenge.scope ? { challengeScope: challenge.scope } : {}),
      discovery: {
        authorizationServerUrl: info.authorizationServerUrl,
        authorizationServerMetadata: { ...metadata },
        ...(info.resourceMetadata ? { resourceMetadata: { ...info.resourceMetadata } } : {}),
        ...(challenge.resourceMetadataUrl ? { resourceMetadataUrl: challenge.resourceMetadataUrl.href } : {}),
        ...(challenge.scope ? { challengeScope: challenge.scope } : {}),
      },
    };
  };

  /**
   * RFC 7591 registration, when there is neither a pre-registered client, nor a stored one, nor CIMD: as the SDK's
   * auth() would register, but for every scope the authorization server lists (a registration is shared by every
   * user of the platform, and a client registered for the first user's scope could not step up to more).
   */
  const registerIfNeeded = async (provider: FlowClientProvider, discovery: DiscoveryRecord, scope: string | undefined) => {
    if (await provider.clientInformation()) return;
    const metadata = discovery.authorizationServerMetadata as AuthorizationServerMetadata;
    if (metadata.client_id_metadata_document_supported === true && provider.clientMetadataUrl) return;
    const offered = metadata.scopes_supported;
    const registrationScope = offered ? union(offered, scopesOf(scope)).join(' ') : undefined;
    const issuer = discovery.authorizationServerUrl;
    if (!metadata.registration_endpoint && deps.bridge && bridgesIssuer(settings.bridgeIssuers, issuer)) {
      const bridge = deps.bridge;
      // One registration per issuer, even when several users start at once (each would be an app registration).
      await store.withConnectionLock(bridgeLockKey(issuer), async () => {
        if (await provider.clientInformation()) return;
        const information = await bridge.register({ ...provider.clientMetadata, ...(registrationScope ? { scope: registrationScope } : {}) });
        try {
          await provider.saveClientInformation({ ...information, issuer });
        } catch (error) {
          // Not stored: nothing would ever tear it down.
          await bridge.remove(information).catch(() => undefined);
          throw error;
        }
      });
      return;
    }
    const information = await registerClient(discovery.authorizationServerUrl, {
      metadata,
      clientMetadata: provider.clientMetadata,
      ...(registrationScope ? { scope: registrationScope } : {}),
      fetchFn,
    });
    await provider.saveClientInformation({ ...information, issuer: discovery.authorizationServerUrl });
  };

  const flowError = (error: unknown) => {
    if (error instanceof OAuthFlowError) return error;
    if (error instanceof AddressRefusedError) return new OAuthFlowError(`${error.message}.`);
    return new OAuthFlowError(`The authorization failed: ${messageOf(error)}`);
  };

  /** The client the tokens were obtained with (for a refresh or a revocation). */
  const clientFor = async (issuer: string): Promise<OAuthClientInformationMixed | undefined> =>
    preRegisteredClient(settings, issuer) ?? (await storedClient(store, box, issuer, null));

  const notAuthorizedMessage = (record: ConnectionRecord | null): string => {
    const why: Record<string, string> = {
      needs_authorization: 'is not authorized yet',
      expired: 'has expired',
      revoked: 'was revoked',
      failed: `failed${record?.lastError ? ` (${record.lastError})` : ''}`,
      authorized: 'has no token',
    };
    return `Authorize this server first: its connection ${record ? why[record.status] : 'is not authorized yet'}.`;
  };

  const needsAuthorization = (record: ConnectionRecord | null): AccessTokenResult => ({
    needsAuthorization: true,
    connection: record ? viewOf(record) : null,
    message: notAuthorizedMessage(record),
  });

  const expire = (record: ConnectionRecord, reason: string) => update(record, { status: 'expired', sealedTokens: null, lastError: reason.slice(0, 500) });

  /**
   * A new access token from the refresh token, under the connection's lock: a caller that waited finds the token
   * another one refreshed (refresh-token rotation: the old refresh token no longer works). A failure → EXPIRED.
   */
  const refresh = (
    connectionId: string,
    staleAccessToken: string | null,
    obtainedBy: 'refresh' | 'refresh_after_401',
  ): Promise<{ token: string; record: ConnectionRecord } | { record: ConnectionRecord | null }> =>
    store.withConnectionLock(connectionId, async () => {
      const record = await store.connectionById(connectionId);
      if (!record || record.status !== 'authorized') return { record };
      const tokens = openTokens(record);
      if (!tokens) return { record };
      const expiring = tokens.expires_at !== undefined && tokens.expires_at - settings.refreshSkewMs <= now();
      if (staleAccessToken !== null && tokens.access_token !== staleAccessToken && !expiring) return { token: tokens.access_token, record };
      if (!tokens.refresh_token) return { record: await expire(record, 'The access token expired and the authorization server gave no refresh token.') };
      const discovery = record.discovery;
      const issuer = record.issuer;
      const clientInformation = issuer ? await clientFor(issuer) : undefined;
      if (!discovery || !issuer || !clientInformation) return { record: await expire(record, 'The client the token was issued to is no longer known.') };
      try {
        const fresh = await refreshAuthorization(discovery.authorizationServerUrl, {
          metadata: discovery.authorizationServerMetadata as AuthorizationServerMetadata,
          clientInformation,
          refreshToken: tokens.refresh_token,
          ...(discovery.resource ? { resource: discovery.resource } : {}),
          fetchFn,
        });
        const updated = await update(record, tokensPatch(record, issuer, fresh, obtainedBy, record.scopes));
        return { token: fresh.access_token, record: updated };
      } catch (error) {
        logger?.info({ connection: record.id, err: messageOf(error) }, 'an OAuth refresh failed');
        return { record: await expire(record, `The refresh failed: ${messageOf(error)}`) };
      }
    });

  /** RFC 7009, best effort: the refresh token first (it revokes the grant at most servers), then the access token. */
  const revokeAtServer = async (record: ConnectionRecord) => {
    const tokens = openTokens(record);
    const metadata = record.discovery?.authorizationServerMetadata;
    const endpoint = metadata?.['revocation_endpoint'];
    if (!tokens || !metadata || typeof endpoint !== 'string' || !record.issuer) return;
    const client = await clientFor(record.issuer);
    if (!client) return;
    const methods = stringList(metadata['revocation_endpoint_auth_methods_supported']) ?? stringList(metadata['token_endpoint_auth_methods_supported']) ?? [];
    const method = selectClientAuthMethod(client, methods);
    for (const [token, hint] of [
      [tokens.refresh_token, 'refresh_token'],
      [tokens.access_token, 'access_token'],
    ] as const) {
      if (!token) continue;
      const body = new URLSearchParams({ token, token_type_hint: hint });
      const headers = new Headers({ 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' });
      if (method === 'client_secret_basic' && client.client_secret) {
        headers.set(
          'authorization',
          `Basic ${Buffer.from(`${encodeURIComponent(client.client_id)}:${encodeURIComponent(client.client_secret)}`).toString('base64')}`,
        );
      } else {
        body.set('client_id', client.client_id);
        if (method === 'client_secret_post' && client.client_secret) body.set('client_secret', client.client_secret);
      }
      try {
        const response = await fetchFn(endpoint, { method: 'POST', headers, body });
        await response.body?.cancel();
        if (!response.ok) logger?.info({ connection: record.id, status: response.status }, 'the authorization server refused a token revocation');
      } catch (error) {
        logger?.info({ connection: record.id, err: messageOf(error) }, 'a token revocation failed');
      }
    }
  };

  /**
   * A client the bridge registered for this issuer is torn down through it (RFC 7592 deletion: the Entra app
   * registration, its service principal and vault secret) once no connection holds tokens issued to it: the client
   * is shared by every connection of the issuer, so the last revocation removes it. Best effort: a failure is
   * logged and the client kept, for the next revocation to try again; the revocation itself stands.
   */
  const releaseBridgedClient = async (issuer: string) => {
    const bridge = deps.bridge;
    if (!bridge) return;
    try {
      await store.withConnectionLock(bridgeLockKey(issuer), async () => {
        const client = await storedClient(store, box, issuer, null);
        if (!isBridgedClient(client)) return;
        const inUse = (await store.connections({})).some(
          (connection) => connection.status === 'authorized' && connection.issuer !== null && sameIssuer(connection.issuer, issuer),
        );
        if (inUse) return;
        await bridge.remove(client);
        await store.deleteClient(issuer);
      });
    } catch (error) {
      logger?.warn({ issuer, err: messageOf(error) }, 'the client registered through the DCR bridge was not removed');
    }
  };

  const revokeRecord = async (record: ConnectionRecord) => {
    const revoked = await store.withConnectionLock(record.id, async () => {
      const current = (await store.connectionById(record.id)) ?? record;
      await revokeAtServer(current);
      return update(current, { status: 'revoked', sealedTokens: null, expiresAt: null, lastError: null, stepUps: 0 });
    });
    if (revoked.issuer) await releaseBridgedClient(revoked.issuer);
    return revoked;
  };

  return {
    async startAuthorization(input: StartAuthorizationInput): Promise<StartedAuthorization> {
      let record = await store.ensureConnection(input.serverId, input.principal, input.serverUrl);
      try {
        const { discovery, issuer, challengeScope } = await discover(input.serverUrl);
        const granted = record.status === 'authorized' ? record.scopes : [];
        const stepUp = record.status === 'needs_authorization' && record.stepUps > 0 ? record.scopes : [];
        const requested = union(granted, stepUp, input.scopes ?? []);
        const scope = requested.length > 0 ? union(requested, scopesOf(challengeScope)).join(' ') : challengeScope;
        const state = randomBytes(32).toString('base64url');
        const provider = new FlowClientProvider({
          settings,
          store,
          box,
          discovery: discoveryStateOf(discovery),
          redirectUrl: settings.redirectUrl,
          state,
          ...(deps.bridge ? { bridge: deps.bridge } : {}),
        });
        await registerIfNeeded(provider, discovery, scope);
        const result = await auth(provider, {
          serverUrl: input.serverUrl,
          ...(scope ? { scope } : {}),
          ...(discovery.resourceMetadataUrl ? { resourceMetadataUrl: new URL(discovery.resourceMetadataUrl) } : {}),
          fetchFn,
        });
        const authorizationUrl = provider.authorizationUrl;
        const codeVerifier = provider.savedCodeVerifier;
        if (result !== 'REDIRECT' || !authorizationUrl || !codeVerifier) throw new OAuthFlowError('The authorization could not be started.');
        const stateHash = hashState(state);
        const resource = authorizationUrl.searchParams.get('resource');
        await store.saveState({
          stateHash,
          connectionId: record.id,
          userId: input.userId,
          issuer,
          sealedCodeVerifier: box.seal(codeVerifier, sealContexts.codeVerifier(stateHash)),
          redirectUri: settings.redirectUrl,
          resource,
          scopes: scopesOf(authorizationUrl.searchParams.get('scope') ?? undefined),
          discovery: { ...discovery, ...(resource ? { resource } : {}) },
          expiresAt: new Date(now() + settings.stateTtlMs),
        });
        if (record.status === 'failed') record = await update(record, { status: 'needs_authorization', lastError: null, stepUps: 0 });
        return { authorizationUrl: authorizationUrl.href, connection: viewOf(record) };
      } catch (error) {
        const failure = flowError(error);
        await update(record, { status: record.status === 'authorized' ? 'authorized' : 'failed', lastError: failure.message });
        throw failure;
      }
    },

    async completeAuthorization(input: CompleteAuthorizationInput): Promise<OAuthConnectionView> {
      // Taken only by the user who started it: another user's attempt is refused and leaves it for them.
      const pending = await store.takeState(hashState(input.state), input.userId);
      if (!pending) throw new OAuthStateError('This authorization is unknown or was completed already: start it again.');
      if (pending === 'startedByAnotherUser') throw new OAuthStateOwnerError('This authorization was started by another user.');
      if (pending.expiresAt.getTime() < now()) throw new OAuthStateError('This authorization took too long: start it again.');
      const record = await store.connectionById(pending.connectionId);
      if (!record) throw new OAuthStateError('The connection of this authorization no longer exists.');
      const fail = async (failure: OAuthFlowError): Promise<never> => {
        await update(record, { status: record.status === 'authorized' ? 'authorized' : 'failed', lastError: failure.message });
        throw failure;
      };
      const metadata = pending.discovery.authorizationServerMetadata as AuthorizationServerMetadata;
      // RFC 9207: the issuer on the redirect must be the one the flow started with; a server that says it sends one must.
      if (input.iss !== null && input.iss !== metadata.issuer) {
        return fail(new OAuthFlowError(`The authorization response came from ${input.iss}, not from ${metadata.issuer} (RFC 9207).`));
      }
      if (input.iss === null && pending.discovery.authorizationServerMetadata['authorization_response_iss_parameter_supported'] === true) {
        return fail(new OAuthFlowError(`The authorization response has no iss, which ${metadata.issuer} promises (RFC 9207).`));
      }
      const provider = new FlowClientProvider({
        settings,
        store,
        box,
        discovery: discoveryStateOf(pending.discovery),
        redirectUrl: pending.redirectUri,
        codeVerifier: box.open(pending.sealedCodeVerifier, sealContexts.codeVerifier(pending.stateHash)),
        ...(deps.bridge ? { bridge: deps.bridge } : {}),
      });
      try {
        await auth(provider, { serverUrl: record.serverUrl, authorizationCode: input.code, fetchFn });
      } catch (error) {
        return fail(flowError(error));
      }
      const tokens = provider.savedTokens;
      if (!tokens?.access_token) return fail(new OAuthFlowError('The authorization server answered without an access token.'));
      return viewOf(
        await store.withConnectionLock(record.id, () =>
          update(record, {
            ...tokensPatch(record, pending.issuer, tokens, 'authorization', pending.scopes),
            authorizedBy: input.userId,
            discovery: pending.discovery,
          }),
        ),
      );
    },

    async accessToken(target: OAuthTarget): Promise<AccessTokenResult> {
      const record = await store.connection(target.serverId, target.principal);
      if (!record || record.status !== 'authorized') return needsAuthorization(record);
      const tokens = openTokens(record);
      if (!tokens || !record.issuer) return needsAuthorization(record);
      if (tokens.expires_at === undefined || tokens.expires_at - settings.refreshSkewMs > now()) {
        return { token: tokens.access_token, issuer: record.issuer, connection: viewOf(record) };
      }
      const refreshed = await refresh(record.id, tokens.access_token, 'refresh');
      if ('token' in refreshed && refreshed.record.issuer)
        return { token: refreshed.token, issuer: refreshed.record.issuer, connection: viewOf(refreshed.record) };
      return needsAuthorization(refreshed.record);
    },

    async handleUnauthorized(target: OAuthTarget, response: Response, rejectedToken?: string): Promise<UnauthorizedOutcome> {
      const record = await store.connection(target.serverId, target.principal);
      if (!record) {
        const created = await store.ensureConnection(target.serverId, target.principal, target.serverUrl);
        return { retry: false, connection: viewOf(created), message: notAuthorizedMessage(created) };
      }
      const challenge = extractWWWAuthenticateParams(response);
      if (response.status === 403 && challenge.error === 'insufficient_scope') {
        if (record.stepUps >= settings.stepUpLimit) {
          const failed = await update(record, {
            status: 'failed',
            lastError: `The server asked for more scopes (${challenge.scope ?? 'unnamed'}) after ${record.stepUps} step-ups.`,
          });
          return { retry: false, connection: viewOf(failed), message: `The connection to ${target.serverId} failed: ${failed.lastError}` };
        }
        const wider = union(record.scopes, scopesOf(challenge.scope));
        const stepped = await update(record, {
          status: 'needs_authorization',
          scopes: wider,
          stepUps: record.stepUps + 1,
          ...(record.discovery ? { discovery: { ...record.discovery, ...(challenge.scope ? { challengeScope: challenge.scope } : {}) } } : {}),
        });
        return { retry: false, connection: viewOf(stepped), message: `Authorize this server again: it needs the scopes ${wider.join(' ')}.` };
      }
      if (response.status !== 401) {
        return { retry: false, connection: viewOf(record), message: `The server refused the request (HTTP ${response.status}).` };
      }
      const tokens = record.status === 'authorized' ? openTokens(record) : null;
      if (!tokens) return { retry: false, connection: viewOf(record), message: notAuthorizedMessage(record) };
      const justRefreshed = tokens.obtained_by === 'refresh_after_401' && now() - tokens.obtained_at < freshRefreshMs;
      if (justRefreshed && (rejectedToken === undefined || rejectedToken === tokens.access_token)) {
        const expired = await expire(record, 'The server refused a token that was just refreshed.');
        return { retry: false, connection: viewOf(expired), message: notAuthorizedMessage(expired) };
      }
      const refreshed = await refresh(record.id, rejectedToken ?? tokens.access_token, 'refresh_after_401');
      if ('token' in refreshed) return { retry: true, token: refreshed.token };
      const after = refreshed.record ?? record;
      return { retry: false, connection: viewOf(after), message: notAuthorizedMessage(after) };
    },

    async revoke(target: Pick<OAuthTarget, 'serverId' | 'principal'>): Promise<OAuthConnectionView | null> {
      const record = await store.connection(target.serverId, target.principal);
      return record ? viewOf(await revokeRecord(record)) : null;
    },

    async revokeServer(serverId: string): Promise<void> {
      for (const record of await store.connections({ serverId })) await revokeRecord(record);
    },

    async connections(filter: { serverId?: string; userId?: string }): Promise<OAuthConnectionView[]> {
      return (await store.connections(filter)).map(viewOf);
    },

    async connection(serverId: string, principal: OAuthPrincipal): Promise<OAuthConnectionView | null> {
      const record = await store.connection(serverId, principal);
      return record ? viewOf(record) : null;
    },
  };
}
