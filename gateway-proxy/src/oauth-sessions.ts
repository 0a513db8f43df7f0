import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  CreateMessageRequestSchema,
  ElicitationCompleteNotificationSchema,
  ElicitRequestSchema,
  ErrorCode,
  ListRootsRequestSchema,
  McpError,
  ToolListChangedNotificationSchema,
  type ClientCapabilities,
  type CallToolResult,
  type CompleteRequest,
  type CompleteResult,
  type GetPromptResult,
  type Prompt,
  type ReadResourceResult,
  type Resource,
  type ResourceTemplate,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '@mcp-portal/kit';
import { AuthorizationRequired, authorizedFetch, type OAuthTarget, type RemoteAuthorizer } from '@mcp-portal/servers/remote-authorization';
import { proxyServerInfo } from './server-info.ts';
import type {
  ElicitationCompletion,
  UpstreamAuthorization,
  UpstreamCallOptions,
  UpstreamServer,
  UpstreamServerRequest,
  UpstreamServerRequestResult,
} from './upstreams.ts';

/** A listed server that signs in with OAuth and has no shared session. */
export type AuthorizingServer = UpstreamServer & { authorization: UpstreamAuthorization };

interface UserSession {
  client: Client;
  /** The remote server's own tools/list for this user (every page). */
  tools: Tool[];
  url: string;
  lastUsed: number;
}

/** A per-user server's prompts, resources and resource templates as its own lists give them to one user. */
export interface UserContent {
  prompts: Prompt[];
  resources: Resource[];
  templates: ResourceTemplate[];
}

/**
 * What a user's session declares it answers (as the lifecycle's sessions do, but roots without listChanged: a
 * client's roots changes are not told to per-user sessions): the requests are forwarded to the user's MCP client.
 */
const forwardedCapabilities: ClientCapabilities = { sampling: { tools: {} }, elicitation: { form: {}, url: {} }, roots: {} };

type ServerRequestListener = (request: UpstreamServerRequest) => Promise<UpstreamServerRequestResult>;

/** An error a server's request is answered with (the SDK answers with its code and message). */
const requestRefused = (code: number, message: string) => Object.assign(new Error(message), { code });

/** How long a tools/list waits for a user's session to open before it lists the entry's tools instead. */
const listWaitMs = 10_000;
/** How long after a failure to open it listings leave a user's session closed. */
const listRetryMs = 30_000;

const timeout = (ms: number) =>
  new Promise<null>((resolve) => {
    setTimeout(() => resolve(null), ms).unref();
  });

export interface UserSessionsOptions {
  authorizer: RemoteAuthorizer | null;
  /** The portal's URL: a server's page, where its users authorize it, is `<portalUrl>/servers/<id>`. */
  portalUrl: string;
  logger: Logger;
  /** A handshake or a call without an answer for this long fails (MCP_TOOL_CALL_TIMEOUT_SECONDS; default 60 s). */
  timeoutMs?: number;
  /** A user's session left unused this long is closed (default 10 minutes). */
  idleMs?: number;
}

/**
 * The gateway-proxy's MCP sessions with remote servers that sign in with OAuth for each user: one per (user,
 * server), every request carrying that user's own token (see authorizedFetch: refreshed before expiry, and once
 * after a 401 before the request is retried). A user without a token is told to authorize the server first,
 * with its page in the portal; no request leaves for them. A session is opened when the user lists or calls
 * the server's tools, and closed when unused, when the user's token is gone, or when the server goes.
 */
export class UserSessions {
  private readonly sessions = new Map<string, Promise<UserSession>>();
  private readonly timeoutMs: number;
  private readonly idleMs: number;
  private readonly sweeper: NodeJS.Timeout;
  private readonly toolListeners = new Set<(userId: string) => void>();
  /** When a per-user server last failed to open for a user, so that listings do not wait for it every time. */
  private readonly unreachableSince = new Map<string, number>();
  /** The last status of each (user, server) connection an event told of, so that a refresh changes nothing. */
  private readonly statuses = new Map<string, string>();
  /** The per-user OAuth servers as last listed (retain), by id. */
  private listed = new Map<string, AuthorizingServer>();
  /** Who answers the servers' sampling, elicitation and roots requests (the proxy's in-flight routing). */
  private serverRequestListener: ServerRequestListener | null = null;
  private readonly completionListeners = new Set<(completion: ElicitationCompletion) => void>();
  /** Per server, the users with requests under way on their own session with it (how many). */
  private readonly busy = new Map<string, Map<string, number>>();

  constructor(private readonly options: UserSessionsOptions) {
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.idleMs = options.idleMs ?? 10 * 60_000;
    this.sweeper = setInterval(() => this.closeIdle(), Math.min(this.idleMs, 60_000));
    this.sweeper.unref();
  }

  /** The user's tools of a per-user server, or null when they have not authorized it (or it cannot be reached). */
  async toolsFor(userId: string, server: AuthorizingServer): Promise<Tool[] | null> {
    return (await this.listingSession(userId, server, "could not list a per-user OAuth server's tools for a user"))?.tools ?? null;
  }

  /**
   * The user's prompts, resources and resource templates of a per-user server (its own lists, every page, with
   * their token), or null when they have not authorized it (or it cannot be reached): it then offers them none.
   */
  async contentFor(userId: string, server: AuthorizingServer): Promise<UserContent | null> {
    const session = await this.listingSession(userId, server, "could not list a per-user OAuth server's prompts and resources for a user");
    if (!session) return null;
    const { client } = session;
    const capabilities = client.getServerCapabilities();
    const options = { timeout: Math.min(this.timeoutMs, listWaitMs) };
    try {
      const [prompts, resources, templates] = await Promise.all([
        capabilities?.prompts ? allPages((cursor) => client.listPrompts(cursor, options).then((page) => ({ ...page, items: page.prompts }))) : [],
        capabilities?.resources ? allPages((cursor) => client.listResources(cursor, options).then((page) => ({ ...page, items: page.resources }))) : [],
        capabilities?.resources
          ? allPages((cursor) => client.listResourceTemplates(cursor, options).then((page) => ({ ...page, items: page.resourceTemplates })))
          : [],
      ]);
      return { prompts, resources, templates };
    } catch (error) {
      if (error instanceof AuthorizationRequired) await this.forget(userId, server.id);
      else this.options.logger.warn({ err: error, serverId: server.id }, "could not list a per-user OAuth server's prompts and resources for a user");
      return null;
    }
  }

  /** prompts/get with the user's own session; a missing authorization is an error saying to authorize it first. */
  getPrompt(
    userId: string,
    server: AuthorizingServer,
    name: string,
    args: Record<string, string>,
    options: UpstreamCallOptions = {},
  ): Promise<GetPromptResult> {
    return this.request(userId, server, 'get the prompt', (client) => client.getPrompt({ name, arguments: args }, this.requestOptions(options)));
  }

  /** resources/read with the user's own session; a missing authorization is an error saying to authorize it first. */
  readResource(userId: string, server: AuthorizingServer, uri: string, options: UpstreamCallOptions = {}): Promise<ReadResourceResult> {
    return this.request(userId, server, 'read the resource', (client) => client.readResource({ uri }, this.requestOptions(options)));
  }

  /** completion/complete with the user's own session; a missing authorization is an error saying to authorize it first. */
  complete(userId: string, server: AuthorizingServer, params: CompleteRequest['params'], options: UpstreamCallOptions = {}): Promise<CompleteResult> {
    return this.request(userId, server, 'ask for completions', (client) => client.complete(params, this.requestOptions(options)));
  }

  /**
   * Hands the sampling/createMessage, elicitation/create and roots/list requests of the users' sessions to
   * `listener` (one: a later call replaces it), as UpstreamDirectory.onServerRequest does: a request is forwarded
   * only while its user, and no other user, has a request under way on the server (the proxy then sends it to the
   * one MCP session with a request under way on it, which is theirs); otherwise it is refused (roots/list answers
   * no roots), never sent to another user's client.
   */
  onServerRequest(listener: ServerRequestListener): () => void {
    this.serverRequestListener = listener;
    return () => {
      if (this.serverRequestListener === listener) this.serverRequestListener = null;
    };
  }

  /** Reports the users' sessions' notifications/elicitation/complete. */
  onElicitationComplete(listener: (completion: ElicitationCompletion) => void): () => void {
    this.completionListeners.add(listener);
    return () => void this.completionListeners.delete(listener);
  }

  /** The per-user OAuth server of this id, as last listed. */
  serverOf(serverId: string): AuthorizingServer | undefined {
    return this.listed.get(serverId);
  }

  /** Calls a tool with the user's own session; a missing authorization is the call's error result, saying what to do. */
  async callTool(
    userId: string,
    server: AuthorizingServer,
    tool: string,
    args: Record<string, unknown>,
    options: UpstreamCallOptions = {},
  ): Promise<CallToolResult> {
    if (server.authorization.connection !== 'user' || !this.options.authorizer)
      return this.authorizeFirst(server, new AuthorizationRequired(server.authorization.reason, 'missing'));
    try {
      const session = await this.session(userId, server);
      return await this.underway(
        userId,
        server.id,
        async () => (await session.client.callTool({ name: tool, arguments: args }, undefined, this.requestOptions(options))) as CallToolResult,
      );
    } catch (error) {
      if (!(error instanceof AuthorizationRequired)) throw error;
      await this.forget(userId, server.id);
      return this.authorizeFirst(server, error);
    }
  }

  /**
   * Calls `listener` with a user whose tools of a per-user server may have changed: their connection changed
   * (authorized, refreshed with other scopes, revoked), or the server said its tools changed.
   */
  onToolsChanged(listener: (userId: string) => void): () => void {
    this.toolListeners.add(listener);
    return () => void this.toolListeners.delete(listener);
  }

  /**
   * A connection changed (topics.oauthConnectionChanged; after every refresh too). When the user's status for the
   * server changed, their session is retired (a new authorization may list more tools; a revoked or expired one
   * sends nothing anyway) and their MCP sessions are told to list the tools again.
   */
  async connectionChanged(event: { serverId: string; userId: string | null }): Promise<void> {
    if (event.userId === null) return; // the team's: the lifecycle reconnects, and the directory reports it
    const key = `${event.userId}\n${event.serverId}`;
    const status = (await this.options.authorizer?.connection?.(event.serverId, { kind: 'user', userId: event.userId }).catch(() => null))?.status ?? null;
    const previous = this.statuses.get(key);
    if (status === null) this.statuses.delete(key);
    else this.statuses.set(key, status);
    if (status === previous) return;
    // Open, so authorized already (this proxy had not heard of it yet).
    if (status === 'authorized' && previous === undefined && this.sessions.has(key)) return;
    this.retire(key);
    this.toolsChanged(event.userId);
  }

  /** Closes the sessions of servers no longer listed as per-user OAuth servers (stopped, disabled, changed). */
  async retain(servers: readonly AuthorizingServer[]): Promise<void> {
    this.listed = new Map(servers.map((server) => [server.id, server]));
    const wanted = new Map(servers.map((server) => [server.id, server.authorization.url]));
    await Promise.all(
      [...this.sessions.keys()].map(async (key) => {
        const serverId = key.slice(key.indexOf('\n') + 1);
        const session = await this.sessions.get(key)?.catch(() => null);
        if (!wanted.has(serverId) || (session && session.url !== wanted.get(serverId))) await this.close(key);
      }),
    );
  }

  async closeAll(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.all([...this.sessions.keys()].map((key) => this.close(key)));
  }

  /**
   * What a call to a server the caller cannot call answers: an error result (the model sees it and can tell the
   * user) naming the server, why, and where to authorize it: its page in the portal, or the CLI.
   */
  authorizeFirst(server: UpstreamServer, why: AuthorizationRequired): CallToolResult {
    return { isError: true, content: [{ type: 'text', text: this.authorizeFirstText(server, why, 'call the tool') }] };
  }

  /** The same words for a prompt, a resource or a completion: a JSON-RPC error (invalid request) the client shows. */
  authorizeFirstError(server: UpstreamServer, why: AuthorizationRequired, again: string): McpError {
    return new McpError(ErrorCode.InvalidRequest, this.authorizeFirstText(server, why, again));
  }

  private authorizeFirstText(server: UpstreamServer, why: AuthorizationRequired, again: string): string {
    const page = `${this.options.portalUrl.replace(/\/+$/, '')}/servers/${encodeURIComponent(server.id)}`;
    const where = `at ${page} (or with docker mcp oauth authorize ${server.name})`;
    return server.authorization?.connection === 'team'
      ? `Authorize ${server.name} first: it signs in with OAuth with the team's connection, which is not authorized. An operator or admin authorizes it ${where}. ${why.message}`
      : why.kind === 'refused'
        ? `Authorize ${server.name} again: it refused your authorization. ${why.message} Authorize it ${where}, then ${again} again.`
        : `Authorize ${server.name} first: it signs in with OAuth, each user with their own authorization, and you have none that works. ${why.message} Authorize it ${where}, then ${again} again.`;
  }

  /**
   * The user's session for a listing: null, without waiting, when they have not authorized the server (their
   * session is closed then) or it could not be reached lately; null after listWaitMs while it opens.
   */
  private async listingSession(userId: string, server: AuthorizingServer, failure: string): Promise<UserSession | null> {
    if (server.authorization.connection !== 'user' || !this.options.authorizer) return null;
    const target = this.targetOf(userId, server);
    if ('needsAuthorization' in (await this.options.authorizer.accessToken(target))) {
      await this.forget(userId, server.id);
      return null;
    }
    const key = `${userId}\n${server.id}`;
    // A server that could not be reached is not tried again by every listing for a while (a call still tries).
    if (!this.sessions.has(key) && Date.now() - (this.unreachableSince.get(key) ?? -Infinity) < listRetryMs) return null;
    try {
      const session = await Promise.race([this.session(userId, server), timeout(listWaitMs)]);
      if (session) this.unreachableSince.delete(key);
      return session;
    } catch (error) {
      if (!(error instanceof AuthorizationRequired)) {
        this.unreachableSince.set(key, Date.now());
        this.options.logger.warn({ err: error, serverId: server.id }, failure);
      }
      return null;
    }
  }

  /** A request on the user's own session; a missing or refused authorization throws authorizeFirstError. */
  private async request<T>(userId: string, server: AuthorizingServer, again: string, send: (client: Client) => Promise<T>): Promise<T> {
    if (server.authorization.connection !== 'user' || !this.options.authorizer)
      throw this.authorizeFirstError(server, new AuthorizationRequired(server.authorization.reason, 'missing'), again);
    try {
      const session = await this.session(userId, server);
      return await this.underway(userId, server.id, () => send(session.client));
    } catch (error) {
      if (!(error instanceof AuthorizationRequired)) throw error;
      await this.forget(userId, server.id);
      throw this.authorizeFirstError(server, error, again);
    }
  }

  /** Counts a request of the user on the server while it runs (see forwardServerRequest). */
  private async underway<T>(userId: string, serverId: string, run: () => Promise<T>): Promise<T> {
    const users = this.busy.get(serverId) ?? new Map<string, number>();
    this.busy.set(serverId, users);
    users.set(userId, (users.get(userId) ?? 0) + 1);
    try {
      return await run();
    } finally {
      const left = (users.get(userId) ?? 1) - 1;
      if (left > 0) users.set(userId, left);
      else users.delete(userId);
      if (users.size === 0 && this.busy.get(serverId) === users) this.busy.delete(serverId);
    }
  }

  /**
   * A user's session's request to its client: to the listener while this user alone has requests under way on
   * the server, since the proxy's routing cannot tell users apart (it sends it to the one MCP session with a
   * request under way on the server).
   */
  private forwardServerRequest(userId: string, request: UpstreamServerRequest): Promise<UpstreamServerRequestResult> {
    const users = this.busy.get(request.serverId);
    const alone = users !== undefined && users.has(userId) && users.size === 1;
    if (!alone && request.method === 'roots/list') return Promise.resolve({ roots: [] });
    if (!alone)
      return Promise.reject(
        requestRefused(
          ErrorCode.InvalidRequest,
          users?.has(userId)
            ? `Other users have requests under way on this server too, so the gateway-proxy cannot tell whose client should answer ${request.method}: it is sent to none.`
            : `No request of this user is under way on this server, so no client can answer ${request.method}; send it while handling a client's request.`,
        ),
      );
    const listener = this.serverRequestListener;
    if (!listener)
      return Promise.reject(
        requestRefused(ErrorCode.MethodNotFound, `No MCP client is connected through the MCP Portal's gateway-proxy to answer ${request.method}.`),
      );
    return listener(request);
  }

  private requestOptions(options: UpstreamCallOptions): { timeout: number; signal?: AbortSignal; onprogress?: UpstreamCallOptions['onProgress'] } {
    return {
      timeout: this.timeoutMs,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onprogress: options.onProgress } : {}),
    };
  }

  private toolsChanged(userId: string): void {
    for (const listener of this.toolListeners) listener(userId);
  }

  private targetOf(userId: string, server: AuthorizingServer): OAuthTarget {
    return { serverId: server.id, serverUrl: server.authorization.url, principal: { kind: 'user', userId } };
  }

  private session(userId: string, server: AuthorizingServer): Promise<UserSession> {
    const key = `${userId}\n${server.id}`;
    let session = this.sessions.get(key);
    if (!session) {
      session = this.open(userId, server);
      this.sessions.set(key, session);
      // A session that could not open is not kept: the next request tries again.
      session.catch(() => {
        if (this.sessions.get(key) === session) this.sessions.delete(key);
      });
    }
    return session.then((opened) => {
      opened.lastUsed = Date.now();
      return opened;
    });
  }

  private async open(userId: string, server: AuthorizingServer): Promise<UserSession> {
    const authorizer = this.options.authorizer;
    if (!authorizer) throw new AuthorizationRequired('This gateway-proxy has no OAuth client for remote servers.', 'missing');
    const url = new URL(server.authorization.url);
    const authorized = authorizedFetch(authorizer, this.targetOf(userId, server));
    // The SSE transport's stream (an EventSource) turns what its fetch throws into an SseError: the missing or
    // refused authorization is kept here so that opening fails with it all the same.
    let refused: AuthorizationRequired | undefined;
    const fetch: typeof authorized = async (input, init) => {
      try {
        return await authorized(input, init);
      } catch (error) {
        if (error instanceof AuthorizationRequired) refused = error;
        throw error;
      }
    };
    const transport = server.authorization.transport === 'sse' ? new SSEClientTransport(url, { fetch }) : new StreamableHTTPClientTransport(url, { fetch });
    const client = new Client(proxyServerInfo, { capabilities: forwardedCapabilities });
    const key = `${userId}\n${server.id}`;
    const serverId = server.id;
    client.setRequestHandler(CreateMessageRequestSchema, (request, extra) =>
      this.forwardServerRequest(userId, { serverId, signal: extra.signal, method: 'sampling/createMessage', params: request.params }),
    );
    client.setRequestHandler(ElicitRequestSchema, (request, extra) =>
      this.forwardServerRequest(userId, { serverId, signal: extra.signal, method: 'elicitation/create', params: request.params }),
    );
    client.setRequestHandler(ListRootsRequestSchema, (request, extra) =>
      this.forwardServerRequest(userId, { serverId, signal: extra.signal, method: 'roots/list', params: request.params }),
    );
    client.setNotificationHandler(ElicitationCompleteNotificationSchema, (notification) => {
      for (const listener of this.completionListeners) listener({ serverId, elicitationId: notification.params.elicitationId });
    });
    try {
      await client.connect(transport, { timeout: this.timeoutMs });
      const tools = client.getServerCapabilities()?.tools
        ? await allPages((cursor) => client.listTools(cursor, { timeout: this.timeoutMs }).then((page) => ({ ...page, items: page.tools })))
        : [];
      if (client.getServerCapabilities()?.tools?.listChanged) {
        client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
          // Listed again when next asked for, by a new session.
          void this.sessions.get(key)?.then((current) => {
            if (current.client !== client) return;
            this.retire(key);
            this.toolsChanged(userId);
          });
        });
      }
      // The remote server ended the session (or its stream failed for good): the next request opens a new one.
      client.onclose = () => {
        void this.sessions.get(key)?.then((current) => {
          if (current.client === client) this.sessions.delete(key);
        });
      };
      return { client, tools, url: server.authorization.url, lastUsed: Date.now() };
    } catch (error) {
      await client.close().catch(() => undefined);
      throw refused ?? error;
    }
  }

  private async forget(userId: string, serverId: string): Promise<void> {
    await this.close(`${userId}\n${serverId}`);
  }

  private async close(key: string): Promise<void> {
    const session = this.sessions.get(key);
    if (!session) return;
    this.sessions.delete(key);
    const opened = await session.catch(() => null);
    await opened?.client.close().catch(() => undefined);
  }

  /** The next request opens a new session; this one is closed once the calls under way on it had their time. */
  private retire(key: string): void {
    const session = this.sessions.get(key);
    if (!session) return;
    this.sessions.delete(key);
    const closing = setTimeout(() => void session.then((opened) => opened.client.close()).catch(() => undefined), this.timeoutMs);
    closing.unref();
  }

  private closeIdle(): void {
    const now = Date.now();
    for (const [key, session] of this.sessions) {
      void session.then((opened) => (now - opened.lastUsed > this.idleMs ? this.close(key) : undefined)).catch(() => undefined);
    }
  }
}

/** Every page of a list (a cursor seen before ends it). */
async function allPages<T>(list: (params: { cursor: string } | undefined) => Promise<{ items: T[]; nextCursor?: string | undefined }>): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await list(cursor !== undefined ? { cursor } : undefined);
    items.push(...page.items);
    cursor = page.nextCursor !== undefined && !seen.has(page.nextCursor) ? page.nextCursor : undefined;
    if (cursor !== undefined) seen.add(cursor);
  } while (cursor !== undefined);
  return items;
}
