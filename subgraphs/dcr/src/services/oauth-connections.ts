import {
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  requireViewer,
  roleAtLeast,
  type AuditActor,
  type AuditEntry,
  type AuditLog,
  type Viewer,
} from '@mcp-portal/kit';
import type { RemoteEndpoint } from '@mcp-portal/servers/remote-endpoint';
import type { OAuthConnectionView, OAuthPrincipal, StartedAuthorization, UpstreamOAuthService } from '../upstream-oauth/contract.ts';

/** Where a server answers and how it signs in (the servers subgraph's RemoteEndpointSource). */
export interface RemoteEndpoints {
  of(serverId: string): Promise<RemoteEndpoint | null>;
}

/** A remote server whose endpoint signs in with OAuth, and whose connection the caller asks about. */
interface OAuthServer {
  endpoint: RemoteEndpoint & { url: string };
  mode: 'user' | 'team';
}

/** What the API shows of a connection nobody has started yet: the server needs it, the caller has none. */
export interface PendingConnection extends OAuthConnectionView {
  pending: true;
}

/**
 * The platform's OAuth connections to remote MCP servers as the API offers them: who may see, start, complete
 * or revoke which connection, clear refusals, and an audit row for every change (never a token). The OAuth
 * work itself is the UpstreamOAuthService's; where a server answers is the servers subgraph's.
 */
export class OAuthConnectionService {
  constructor(
    private readonly upstream: UpstreamOAuthService,
    private readonly endpoints: RemoteEndpoints,
    private readonly audit: AuditLog,
  ) {}

  /**
   * The connection a server's calls carry for the caller: their own for a per-user server, the team's for a
   * team server; a pending one (NEEDS_AUTHORIZATION) when the server signs in with OAuth and none exists yet;
   * null for a server that needs no OAuth.
   */
  async forServer(serverId: string, actor: AuditActor): Promise<OAuthConnectionView | null> {
    const viewer = requireViewer(actor.viewer);
    const endpoint = await this.endpoints.of(serverId);
    if (!endpoint?.url) return null;
    const mode = endpoint.oauth?.connection ?? 'user';
    const principal = principalFor(mode, viewer.userId);
    const stored = await this.upstream.connection(serverId, principal);
    if (stored) return stored;
    return endpoint.oauth ? pendingConnection(serverId, principal) : null;
  }

  /** The caller's own connections and the team's; an admin may ask for one user's, or everyone's (no userId). */
  async list(filter: { serverId?: string; userId?: string }, actor: AuditActor): Promise<OAuthConnectionView[]> {
    const viewer = requireViewer(actor.viewer);
    if (roleAtLeast(viewer.role, 'admin')) return this.upstream.connections(filter);
    if (filter.userId !== undefined && filter.userId !== viewer.userId) {
      throw new ForbiddenError("Only an admin may see another user's OAuth connections.");
    }
    const [own, all] = await Promise.all([
      this.upstream.connections({ serverId: filter.serverId, userId: viewer.userId }),
      filter.userId === undefined ? this.upstream.connections({ serverId: filter.serverId }) : Promise.resolve([]),
    ]);
    return [...own, ...all.filter((connection) => connection.principal.kind === 'team')];
  }

  /** One connection by id, when the caller may see it (their own, or a team one; any for an admin); else null. */
  async byId(id: string, actor: AuditActor): Promise<OAuthConnectionView | null> {
    const viewer = requireViewer(actor.viewer);
    const connection = this.upstream.connectionById
      ? await this.upstream.connectionById(id)
      : ((await this.upstream.connections({})).find((candidate) => candidate.id === id) ?? null);
    return connection && visibleTo(connection, viewer) ? connection : null;
  }

  /**
   * Starts the authorization of a remote server for the caller (a per-user server, any signed-in user) or for
   * the team (a team server, operator or admin); the caller's browser goes to the returned URL.
   */
  async authorize(serverId: string, scopes: string[] | undefined, actor: AuditActor): Promise<StartedAuthorization> {
    const viewer = requireViewer(actor.viewer);
    const entry: AuditEntry = { action: 'oauth.authorize', targetType: 'Server', targetId: serverId, detail: { scopes: scopes ?? [] } };
    try {
      const { endpoint, mode } = await this.oauthServer(serverId, viewer.userId);
      if (mode === 'team' && !roleAtLeast(viewer.role, 'operator')) {
        throw new ForbiddenError(`${endpoint.name} has one connection for the whole team: only an operator or admin may authorize it.`);
      }
      const principal = principalFor(mode, viewer.userId);
      const started = await this.upstream.startAuthorization({ serverId, serverUrl: endpoint.url, principal, userId: viewer.userId, scopes });
      await this.audit.record(actor, { ...entry, detail: { ...entry.detail, ...connectionDetail(started.connection) } }, 'success');
      return started;
    } catch (error) {
      await this.audit.failed(actor, entry, error);
      throw error;
    }
  }

  /** The authorization server sent the caller's browser back with a code: exchanged for tokens, stored sealed. */
  async complete(input: { state: string; code: string; iss: string | null }, actor: AuditActor): Promise<OAuthConnectionView> {
    const viewer = requireViewer(actor.viewer);
    const entry: AuditEntry = { action: 'oauth.authorize-complete', targetType: 'Server', targetId: null, detail: { iss: input.iss } };
    try {
      const connection = await this.upstream.completeAuthorization({ ...input, userId: viewer.userId });
      await this.audit.record(actor, { ...entry, targetId: connection.serverId, detail: { ...entry.detail, ...connectionDetail(connection) } }, 'success');
      return connection;
    } catch (error) {
      await this.audit.failed(actor, entry, error);
      throw error;
    }
  }

  /**
   * Revokes a connection at its authorization server and erases its tokens: the caller's own; another user's
   * (userId) or the team's (a team server) only for an admin.
   */
  async revoke(serverId: string, userId: string | undefined, actor: AuditActor): Promise<OAuthConnectionView> {
    const viewer = requireViewer(actor.viewer);
    const entry: AuditEntry = { action: 'oauth.revoke', targetType: 'Server', targetId: serverId, detail: { user: userId ?? viewer.userId } };
    try {
      const { endpoint, mode } = await this.oauthServer(serverId, userId ?? viewer.userId);
      const principal = principalFor(mode, userId ?? viewer.userId);
      if (principal.kind === 'team' && !roleAtLeast(viewer.role, 'admin')) {
        throw new ForbiddenError(`${endpoint.name} has one connection for the whole team: only an admin may revoke it.`);
      }
      if (principal.kind === 'user' && principal.userId !== viewer.userId && !roleAtLeast(viewer.role, 'admin')) {
        throw new ForbiddenError("Only an admin may revoke another user's OAuth connection.");
      }
      const revoked = await this.upstream.revoke({ serverId, principal });
      if (!revoked) throw new NotFoundError(`There is no OAuth connection to ${endpoint.name} to revoke.`);
      await this.audit.record(actor, { ...entry, detail: connectionDetail(revoked) }, 'success');
      return revoked;
    } catch (error) {
      await this.audit.failed(actor, entry, error);
      throw error;
    }
  }

  /** A server was disabled: every connection to it is revoked (a system change, audited as such). */
  async revokeDisabledServer(serverId: string): Promise<void> {
    const actor: AuditActor = { viewer: null, requestId: `server-disabled:${serverId}`, sourceIp: null };
    const connections = await this.upstream.connections({ serverId });
    const live = connections.filter((connection) => connection.status !== 'revoked');
    if (live.length === 0) return;
    await this.upstream.revokeServer(serverId);
    await this.audit.record(
      actor,
      { action: 'oauth.revoke', targetType: 'Server', targetId: serverId, detail: { reason: 'server disabled', connections: live.map(connectionDetail) } },
      'success',
    );
  }

  /** The server as a remote endpoint that signs in with OAuth, or the refusal that says why it is not one. */
  private async oauthServer(serverId: string, userId: string): Promise<OAuthServer> {
    const endpoint = await this.endpoints.of(serverId);
    if (!endpoint) throw new NotFoundError('No such server.');
    const { url } = endpoint;
    if (!url) throw new InvalidInputError(`${endpoint.name} is not a remote server: it runs on this platform and signs in to nothing.`);
    const mode = endpoint.oauth?.connection ?? 'user';
    if (!endpoint.oauth && !(await this.upstream.connection(serverId, principalFor(mode, userId)))) {
      throw new InvalidInputError(
        `${endpoint.name} needs no OAuth: its catalog entry has no oauth block and it has not asked for authorization (no 401 from it yet).`,
      );
    }
    return { endpoint: { ...endpoint, url }, mode };
  }
}

function principalFor(mode: 'user' | 'team', userId: string): OAuthPrincipal {
  return mode === 'team' ? { kind: 'team' } : { kind: 'user', userId };
}

function visibleTo(connection: OAuthConnectionView, viewer: Viewer): boolean {
  return roleAtLeast(viewer.role, 'admin') || connection.principal.kind === 'team' || connection.principal.userId === viewer.userId;
}

function pendingConnection(serverId: string, principal: OAuthPrincipal): PendingConnection {
  return {
    pending: true,
    id: `${serverId}:${principal.kind === 'team' ? 'team' : principal.userId}`,
    serverId,
    principal,
    issuer: null,
    status: 'needs_authorization',
    scopes: [],
    expiresAt: null,
    lastError: null,
    authorizedBy: null,
    // Nothing is stored yet: it is as of now.
    updatedAt: new Date(),
  };
}

/** What an audit row says of a connection: never a token, a secret or the authorization URL (its state). */
function connectionDetail(connection: OAuthConnectionView): Record<string, unknown> {
  return {
    connection: connection.id,
    user: connection.principal.kind === 'team' ? null : connection.principal.userId,
    team: connection.principal.kind === 'team',
    status: connection.status,
    scopes: connection.scopes,
    issuer: connection.issuer,
  };
}
