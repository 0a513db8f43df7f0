import { mkdir } from 'node:fs/promises';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError, ToolListChangedNotificationSchema, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { AppError, ConflictError, InvalidInputError, NotFoundError, type Database, type Logger } from '@mcp-portal/kit';
import type { ServerLifecycleEvent, ServerRuntime, ServerToolRecord } from '@mcp-portal/schema';
import { connectMcpClient, type ContainerRuntime } from '../../runtime/index.ts';
import { serverStore, type ServerRow } from '../../store/servers.ts';
import type { CatalogService } from '../catalog-service.ts';
import type { LaunchConfigSource } from './launch-config.ts';
import { launchPlanFor, type LaunchPlan, type LaunchSettings } from './launch-plan.ts';
import type { LogWriter } from './log-writer.ts';
import { asksForAuthorization, AuthorizationRequired, authorizedFetch, type RemoteAuthorizer, type RemoteConnectionMode } from '../../remote-authorization.ts';
import { forwardedClientCapabilities, ServerRequestRelay } from './server-requests.ts';
import type { StatusRecorder } from './status-recorder.ts';

export interface SupervisorSettings {
  launch: Omit<LaunchSettings, 'dockerAvailable'>;
  handshakeTimeoutMs: number;
  healthIntervalMs: number;
  healthTimeoutMs: number;
  /** Failed pings in a row before an unhealthy server is restarted. */
  restartAfterFailedPings: number;
  /** Automatic restarts before a server is left failed (a manual start resets the count). */
  maxRestarts: number;
  stopTimeoutMs: number;
  toolCallTimeoutMs: number;
}

export interface Runtimes {
  process: ContainerRuntime;
  docker: ContainerRuntime | null;
}

/** One running (or starting) server, as the lifecycle leader tracks it. */
interface Managed {
  serverId: string;
  name: string;
  kind: ServerRuntime;
  runtime: ContainerRuntime | null;
  instanceId: string | null;
  client: Client | null;
  closeClient: (() => Promise<void>) | null;
  /** Aborted to cancel a start in progress, and to end the log follower. */
  abort: AbortController;
  stopping: boolean;
  failedPings: number;
  healthTimer: NodeJS.Timeout | null;
  /** From its last tools/list, to refuse an unknown tool without a round trip. */
  toolNames: Set<string>;
  /** Its last tools/list as the server sent it (null until read), for the gateway-proxy. */
  tools: Tool[] | null;
  /** Where a remote server is reached (null for the runtimes' own), for the gateway-proxy. */
  remote: RemoteEndpoint | null;
  /** Set while a remote server that signs in with OAuth has no session (per-user, or a team connection not authorized yet). */
  awaiting: AwaitingAuthorization | null;
}

/** A remote server's URL and transport, as the lifecycle connects to it. */
export interface RemoteEndpoint {
  url: string;
  transport: 'sse' | 'streamable-http';
  /** Set when its session carries the team's OAuth token (a request made without the lifecycle's session would lack it). */
  oauth?: 'team';
}

/**
 * A remote server that signs in with OAuth and is available without a session of the lifecycle's: each user's
 * calls carry their own token (connection `user`: the gateway-proxy holds a session per user), or the team's
 * connection is not authorized yet (`team`: the lifecycle connects once it is). Listed for the gateway-proxy,
 * whose MCP clients see its tools and are told to authorize it when they call one.
 */
export interface AwaitingAuthorization extends RemoteEndpoint {
  serverId: string;
  name: string;
  connection: RemoteConnectionMode;
  /** The tools its catalog entry names (the server's own list needs a token), as tools/list shows them. */
  tools: readonly Tool[];
  /** Why it has no session, for people. */
  reason: string;
}

/** A server running on this replica, with its live MCP session (see Supervisor.liveSessions). */
export interface LiveSession {
  serverId: string;
  name: string;
  client: Client;
  /** Its last tools/list, complete (schemas, annotations, icons, _meta). */
  tools: readonly Tool[];
  /** MCP_TOOL_CALL_TIMEOUT_SECONDS, as callTool applies it. */
  toolCallTimeoutMs: number;
  /** Set for a remote server (see Managed.remote). */
  remote?: RemoteEndpoint;
}

/** The server stopped being wanted while it was starting. */
class StartCancelled extends Error {}

const activeStatuses = new Set(['starting', 'running', 'unhealthy', 'stopping']);
const restartDelayMs = (attempt: number) => Math.min(60_000, 1_000 * 2 ** Math.max(0, attempt - 1));

/** The tools a catalog entry names (`tools: [{name, description}]`), as tools/list would show them. */
function declaredTools(tools: readonly { name: string; description?: string | undefined }[]): Tool[] {
  return tools.map((tool) => ({ name: tool.name, ...(tool.description ? { description: tool.description } : {}), inputSchema: { type: 'object' } }));
}

function messageOf(error: unknown): string {
  if (error instanceof AppError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * Brings every enabled server towards its desired state (running or stopped) on the replica that leads
 * the lifecycle: starts it through a runtime (container, local process) or connects to it (remote),
 * completes the MCP handshake, reads its tools, pings it on an interval, restarts it with a backoff when
 * it dies or stops answering, and records each transition. Work on one server is serialised.
 */
export class Supervisor {
  private readonly managed = new Map<string, Managed>();
  private readonly chains = new Map<string, Promise<void>>();
  private readonly restartTimers = new Map<string, NodeJS.Timeout>();
  private active = false;
  /** Aborted when this replica stops leading: a start under way ends there instead of finishing first. */
  private deactivation = new AbortController();
  /** The servers' sampling, elicitation and roots requests, for the gateway-proxy in this process to answer. */
  readonly serverRequests = new ServerRequestRelay();
  /** The platform's OAuth client (the dcr subgraph's), for the team connections of remote servers; none: they wait. */
  private authorizer: RemoteAuthorizer | null = null;

  constructor(
    private readonly db: Database,
    private readonly catalog: CatalogService,
    private readonly config: LaunchConfigSource,
    private readonly runtimes: Runtimes,
    private readonly status: StatusRecorder,
    private readonly logs: LogWriter,
    private readonly settings: SupervisorSettings,
    private readonly logger: Logger,
  ) {}

  get isActive(): boolean {
    return this.active;
  }

  /** Becomes the leader: removes instances nobody owns any more and reconciles every server. */
  async activate(): Promise<void> {
    this.active = true;
    if (this.deactivation.signal.aborted) this.deactivation = new AbortController();
    const rows = await serverStore(this.db).list();
    const known = new Set(rows.map((row) => row.id));
    for (const runtime of [this.runtimes.docker, this.runtimes.process]) {
      if (!runtime) continue;
      for (const instance of await runtime.list().catch(() => [])) {
        this.logger.info(
          { instance: instance.id, serverId: instance.serverId, known: known.has(instance.serverId) },
          'removing an instance left by an earlier run',
        );
        await runtime.remove(instance.id).catch((error: unknown) => this.logger.warn({ err: error }, 'could not remove an old instance'));
      }
    }
    for (const row of rows) {
      if (activeStatuses.has(row.status) && row.desiredState === 'stopped')
        await this.status.transition(row.id, 'stopped', { instanceId: null, stoppedAt: new Date() });
      // Not awaited: each server starts in its own queue (which logs its failures), and leading waits for none of them.
      void this.request(row.id);
    }
  }

  /** Stops leading: stops every instance (their desired state stays, so the next leader starts them again). */
  async deactivate(): Promise<void> {
    this.active = false;
    this.deactivation.abort();
    for (const timer of this.restartTimers.values()) clearTimeout(timer);
    this.restartTimers.clear();
    await Promise.all(
      [...this.managed.keys()].map((serverId) =>
        this.enqueue(serverId, () => this.stopInstance(serverId, { record: true, reason: 'the servers subgraph is shutting down' })),
      ),
    );
    await Promise.all([...this.chains.values()]);
    await this.logs.flush();
  }

  /** Brings one server towards its desired state (after a mutation, an event or a timer). */
  request(serverId: string, action: ServerLifecycleEvent['action'] = 'reconcile'): Promise<void> {
    if (!this.active) return Promise.resolve();
    const managed = this.managed.get(serverId);
    // A stop, restart or removal must not wait for a start that may hang until its handshake timeout.
    if (managed && action !== 'reconcile' && !managed.client) managed.abort.abort();
    return this.enqueue(serverId, async () => {
      if (action === 'remove') return this.stopInstance(serverId, { record: false, reason: 'disabled' });
      if (action === 'restart' || action === 'update')
        await this.stopInstance(serverId, { record: true, reason: action === 'update' ? 'updating' : 'restarting' });
      await this.reconcile(serverId);
    });
  }

  /** Calls a tool through the live MCP session of a running server; aborting `signal` cancels the server's request. */
  async callTool(serverId: string, name: string, args: Record<string, unknown>, signal?: AbortSignal): Promise<CallToolResult> {
    const managed = this.managed.get(serverId);
    if (managed?.awaiting)
      throw new ConflictError(
        managed.awaiting.connection === 'user'
          ? `${managed.name} signs in with OAuth for each user: call its tools through the gateway-proxy (MCP), with your own authorization.`
          : `${managed.name} signs in with OAuth and its team connection is not authorized yet: authorize it on the server's page first.`,
      );
    if (!managed?.client) throw new ConflictError('This server is not running (or runs on another replica of the servers subgraph): start it first.');
    if (!managed.toolNames.has(name)) throw new NotFoundError(`The server ${managed.name} has no tool named "${name}".`);
    try {
      return (await managed.client.callTool({ name, arguments: args }, undefined, {
        timeout: this.settings.toolCallTimeoutMs,
        ...(signal ? { signal } : {}),
      })) as CallToolResult;
    } catch (error) {
      if (error instanceof McpError) throw new InvalidInputError(`${managed.name} refused the call to ${name}: ${error.message}`);
      throw error;
    }
  }

  /**
   * The servers running on this replica whose tools were read, with their MCP sessions: for the
   * gateway-proxy in the same process. Changes are announced like any status change (serverStatusChanged),
   * after this reflects them.
   */
  liveSessions(): LiveSession[] {
    const sessions: LiveSession[] = [];
    for (const managed of this.managed.values()) {
      if (!managed.client || !managed.tools || managed.stopping) continue;
      sessions.push({
        serverId: managed.serverId,
        name: managed.name,
        client: managed.client,
        tools: managed.tools,
        toolCallTimeoutMs: this.settings.toolCallTimeoutMs,
        ...(managed.remote ? { remote: managed.remote } : {}),
      });
    }
    return sessions;
  }

  /**
   * The remote servers that sign in with OAuth and have no session of the lifecycle's (see AwaitingAuthorization),
   * for the gateway-proxy in the same process.
   */
  awaitingAuthorization(): AwaitingAuthorization[] {
    return [...this.managed.values()].flatMap((managed) => (managed.awaiting && !managed.stopping ? [managed.awaiting] : []));
  }

  /**
   * Gives the lifecycle the platform's OAuth client: remote servers whose team connection waits for it
   * connect again with it (the platform calls this once the dcr subgraph runs).
   */
  authorizeRemotesWith(authorizer: RemoteAuthorizer): void {
    this.authorizer = authorizer;
    for (const managed of this.managed.values()) if (managed.awaiting?.connection === 'team') void this.authorizationChanged(managed.serverId);
  }

  /** Whether the lifecycle's OAuth client is this one (the last given to authorizeRemotesWith). */
  authorizesRemotesWith(authorizer: RemoteAuthorizer): boolean {
    return this.authorizer === authorizer;
  }

  /**
   * A server's team OAuth connection changed (authorized, refreshed, revoked, expired): a server waiting for it
   * connects once it is authorized, and one connected with it reconnects (and waits) once it no longer is. A mere
   * refresh changes nothing: calls under way keep their session.
   */
  async authorizationChanged(serverId: string): Promise<void> {
    const managed = this.managed.get(serverId);
    if (!this.active || !managed) return;
    const waiting = managed.awaiting?.connection === 'team';
    const connected = managed.remote?.oauth === 'team';
    if (!waiting && !connected) return;
    // undefined: the authorizer cannot say (then a waiting server tries, and a connected one finds out on its next request).
    const status = this.authorizer?.connection ? ((await this.authorizer.connection(serverId, { kind: 'team' }).catch(() => null))?.status ?? null) : undefined;
    if (connected && status !== null && (status === undefined || status === 'authorized')) return;
    if (waiting && status !== undefined && status !== 'authorized') return;
    await this.enqueue(serverId, async () => {
      if (this.managed.get(serverId) !== managed || managed.stopping) return;
      await this.stopInstance(serverId, { record: false, reason: 'its OAuth connection changed' });
      await this.reconcile(serverId);
    });
  }

  private enqueue(serverId: string, work: () => Promise<void>): Promise<void> {
    const next = (this.chains.get(serverId) ?? Promise.resolve())
      .then(work)
      .catch((error: unknown) => this.logger.error({ err: error, serverId }, 'server lifecycle step failed'));
    this.chains.set(serverId, next);
    void next.then(() => {
      if (this.chains.get(serverId) === next) this.chains.delete(serverId);
    });
    return next;
  }

  private async reconcile(serverId: string): Promise<void> {
    if (!this.active) return;
    const row = await serverStore(this.db).byId(serverId);
    const managed = this.managed.get(serverId);
    if (!row) {
      if (managed) await this.stopInstance(serverId, { record: false, reason: 'disabled' });
      return;
    }
    if (row.desiredState === 'stopped') {
      if (managed) await this.stopInstance(serverId, { record: true, reason: 'stopped' });
      else if (row.status !== 'stopped' && row.status !== 'failed')
        await this.status.transition(serverId, 'stopped', { instanceId: null, stoppedAt: new Date() });
      return;
    }
    if (managed) return;
    await this.start(row);
  }

  /** Starts a server; when this replica stops leading meanwhile, the start ends where it is (see deactivate). */
  private async start(row: ServerRow): Promise<void> {
    const abort = new AbortController();
    const deactivation = this.deactivation.signal;
    const cancel = () => abort.abort();
    deactivation.addEventListener('abort', cancel, { once: true });
    try {
      await this.startCancellably(row, abort);
    } finally {
      deactivation.removeEventListener('abort', cancel);
    }
  }

  private async startCancellably(row: ServerRow, abort: AbortController): Promise<void> {
    const entry = await this.catalog.get(row.catalogName);
    let plan: LaunchPlan;
    try {
      if (!entry) throw new NotFoundError(`The catalog no longer has an entry named ${row.catalogName}.`);
      const config = await this.config.valuesOf(row.id, abort.signal);
      plan = launchPlanFor(row.id, entry, { ...this.settings.launch, dockerAvailable: this.runtimes.docker !== null }, config);
    } catch (error) {
      if (abort.signal.aborted) return; // nothing started yet; the server stays wanted for the next leader
      this.note(row.id, `cannot start: ${messageOf(error)}`);
      await this.status.transition(row.id, 'failed', { lastError: messageOf(error), instanceId: null });
      return;
    }
    const runtime = plan.kind === 'docker' ? this.runtimes.docker : plan.kind === 'process' ? this.runtimes.process : null;
    const managed: Managed = {
      serverId: row.id,
      name: row.catalogName,
      kind: plan.kind,
      runtime,
      instanceId: null,
      client: null,
      closeClient: null,
      abort,
      stopping: false,
      failedPings: 0,
      healthTimer: null,
      toolNames: new Set(),
      tools: null,
      remote: plan.kind === 'remote' ? { url: plan.url.toString(), transport: plan.transport } : null,
      awaiting: null,
    };
    this.managed.set(row.id, managed);
    this.note(
      row.id,
      `starting (${plan.kind === 'remote' ? `remote ${plan.url.origin}` : plan.kind === 'docker' ? `container ${plan.spec.image ?? ''}` : 'local process'})`,
    );
    await this.status.transition(row.id, 'starting', { lastError: null, runtime: plan.kind, instanceId: null });
    try {
      if (plan.kind === 'remote') {
        const awaiting = await this.connectRemote(managed, plan, entry?.oauth?.connection ?? null, declaredTools(entry?.document.tools ?? []));
        if (awaiting) return await this.awaitAuthorization(managed, awaiting);
      } else await this.launch(managed, plan);
      if (abort.signal.aborted) throw new StartCancelled();
      await this.refreshTools(managed);
      const now = new Date();
      await this.status.transition(row.id, 'running', { startedAt: now, lastHealthAt: now, stoppedAt: null });
      this.note(row.id, 'running');
      this.scheduleHealth(managed);
    } catch (error) {
      if (error instanceof StartCancelled || abort.signal.aborted) return; // the stop that cancelled it records the outcome
      this.note(row.id, `failed to start: ${messageOf(error)}`);
      await this.discard(managed);
      await this.status.transition(row.id, 'failed', { lastError: messageOf(error), instanceId: null, stoppedAt: new Date() });
    }
  }

  private async launch(managed: Managed, plan: Extract<LaunchPlan, { kind: 'docker' | 'process' }>): Promise<void> {
    const runtime = managed.runtime;
    if (!runtime) throw new Error('No runtime for this server.');
    if (plan.kind === 'process' && plan.spec.cwd) await mkdir(plan.spec.cwd, { recursive: true });
    // An instance of this server that could not be removed earlier (the engine was away) goes first.
    for (const stale of (await runtime.list()).filter((instance) => instance.serverId === managed.serverId)) {
      this.note(managed.serverId, `removing a leftover instance ${stale.id.slice(0, 12)}`);
      await runtime.remove(stale.id);
    }
    const instance = await runtime.start(plan.spec);
    managed.instanceId = instance.id;
    if (managed.abort.signal.aborted) throw new StartCancelled();
    await serverStore(this.db).setStatus(managed.serverId, 'starting', { instanceId: instance.id });
    void this.followLogs(managed, runtime, instance.id);
    const cancelled = new Promise<never>((_resolve, reject) =>
      managed.abort.signal.addEventListener('abort', () => reject(new StartCancelled()), { once: true }),
    );
    const handshake = connectMcpClient(runtime, instance, {
      timeoutMs: this.settings.handshakeTimeoutMs,
      capabilities: forwardedClientCapabilities,
      beforeHandshake: (client) => this.serverRequests.attach(client, managed.serverId),
    });
    const connection = await Promise.race([handshake, cancelled]);
    managed.client = connection.client;
    managed.closeClient = connection.close;
    connection.client.onclose = () => void this.onConnectionClosed(managed);
  }

  /**
   * Connects to a remote server (with the team's token when its entry says its OAuth connection is the team's).
   * A server that signs in per user is not connected to, and one that asks for an authorization nobody gave
   * yet is left waiting for it: both are returned as AwaitingAuthorization rather than failing.
   */
  private async connectRemote(
    managed: Managed,
    plan: Extract<LaunchPlan, { kind: 'remote' }>,
    oauth: RemoteConnectionMode | null,
    tools: Tool[],
  ): Promise<AwaitingAuthorization | null> {
    const endpoint = { serverId: managed.serverId, name: managed.name, url: plan.url.toString(), transport: plan.transport, tools };
    if (oauth === 'user')
      return {
        ...endpoint,
        connection: 'user',
        reason: 'It signs in with OAuth for each user: every user authorizes it once, then calls it with their own token.',
      };
    const client = new Client({ name: 'mcp-portal', version: '0.1.0' }, { capabilities: forwardedClientCapabilities });
    this.serverRequests.attach(client, managed.serverId);
    const authorizer = oauth === 'team' ? this.authorizer : null;
    const fetch = authorizer
      ? authorizedFetch(authorizer, { serverId: managed.serverId, serverUrl: plan.url.toString(), principal: { kind: 'team' } })
      : undefined;
    const options = fetch ? { fetch } : {};
    const transport = plan.transport === 'sse' ? new SSEClientTransport(plan.url, options) : new StreamableHTTPClientTransport(plan.url, options);
    try {
      await client.connect(transport, { timeout: this.settings.handshakeTimeoutMs });
    } catch (error) {
      await client.close().catch(() => undefined);
      if (asksForAuthorization(error)) {
        const connection = oauth ?? 'user';
        const why =
          error instanceof AuthorizationRequired
            ? error.message
            : connection === 'team' && !authorizer
              ? 'This platform has no OAuth client for remote servers yet.'
              : `${plan.url.origin} asks for authorization (OAuth).`;
        return {
          ...endpoint,
          connection,
          reason:
            connection === 'team'
              ? `Its team OAuth connection is not authorized: ${why} An operator or admin authorizes it on the server's page.`
              : `${why} Every user authorizes it once, then calls it with their own token.`,
        };
      }
      throw new Error(`Cannot reach ${plan.url.toString()}: ${messageOf(error)}`);
    }
    managed.client = client;
    managed.closeClient = () => client.close();
    if (authorizer && managed.remote) managed.remote.oauth = 'team';
    client.onclose = () => void this.onConnectionClosed(managed);
    return null;
  }

  /** A remote server available without a session of its own: RUNNING with its entry's tools, no pings. */
  private async awaitAuthorization(managed: Managed, awaiting: AwaitingAuthorization): Promise<void> {
    if (managed.abort.signal.aborted) throw new StartCancelled();
    managed.awaiting = awaiting;
    managed.toolNames = new Set(awaiting.tools.map((tool) => tool.name));
    managed.tools = null;
    await serverStore(this.db).setTools(
      managed.serverId,
      awaiting.tools.map((tool) => ({ name: tool.name, ...(tool.description ? { description: tool.description } : {}), inputSchema: tool.inputSchema })),
    );
    const now = new Date();
    await this.status.transition(managed.serverId, 'running', { startedAt: now, lastHealthAt: now, stoppedAt: null });
    this.note(managed.serverId, `waiting for OAuth authorization: ${awaiting.reason}`);
  }

  private async followLogs(managed: Managed, runtime: ContainerRuntime, instanceId: string): Promise<void> {
    try {
      for await (const entry of runtime.logs(instanceId, { follow: true, signal: managed.abort.signal })) {
        this.logs.write(managed.serverId, entry.stream, entry.line, entry.at);
      }
    } catch (error) {
      if (!managed.abort.signal.aborted) this.logger.debug({ err: error, serverId: managed.serverId }, 'log follower ended');
    }
  }

  private async refreshTools(managed: Managed): Promise<void> {
    const client = managed.client;
    if (!client) return;
    const tools: ServerToolRecord[] = [];
    const listed: Tool[] = [];
    if (client.getServerCapabilities()?.tools) {
      let cursor: string | undefined;
      do {
        const page = await client.listTools(cursor ? { cursor } : undefined, { timeout: this.settings.handshakeTimeoutMs, signal: managed.abort.signal });
        for (const tool of page.tools) {
          listed.push(tool);
          tools.push({
            name: tool.name,
            ...(tool.title ? { title: tool.title } : {}),
            ...(tool.description ? { description: tool.description } : {}),
            inputSchema: tool.inputSchema,
            ...(tool.outputSchema ? { outputSchema: tool.outputSchema } : {}),
            ...(tool.annotations ? { annotations: tool.annotations } : {}),
          });
        }
        cursor = page.nextCursor;
      } while (cursor);
      client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
        void this.enqueue(managed.serverId, async () => {
          if (this.managed.get(managed.serverId) !== managed) return;
          await this.refreshTools(managed);
          const row = await serverStore(this.db).byId(managed.serverId);
          if (row) await this.status.announce(row);
        });
      });
    }
    managed.toolNames = new Set(tools.map((tool) => tool.name));
    managed.tools = listed;
    await serverStore(this.db).setTools(managed.serverId, tools);
  }

  private scheduleHealth(managed: Managed): void {
    managed.healthTimer = setTimeout(() => void this.enqueue(managed.serverId, () => this.checkHealth(managed)), this.settings.healthIntervalMs);
    managed.healthTimer.unref();
  }

  private async checkHealth(managed: Managed): Promise<void> {
    if (this.managed.get(managed.serverId) !== managed || !managed.client || managed.stopping) return;
    try {
      await managed.client.ping({ timeout: this.settings.healthTimeoutMs });
      const wasUnhealthy = managed.failedPings > 0;
      managed.failedPings = 0;
      if (wasUnhealthy) {
        this.note(managed.serverId, 'answers pings again');
        await this.status.transition(managed.serverId, 'running', { lastHealthAt: new Date(), lastError: null });
      } else await serverStore(this.db).setHealth(managed.serverId, new Date());
    } catch (error) {
      managed.failedPings += 1;
      const message = `did not answer a ping (${managed.failedPings} in a row): ${messageOf(error)}`;
      this.note(managed.serverId, message);
      if (managed.failedPings >= this.settings.restartAfterFailedPings) {
        await this.stopInstance(managed.serverId, { record: false, reason: 'unhealthy' });
        await this.afterUnexpectedEnd(managed.serverId, `${managed.name} stopped answering pings and was stopped.`);
        return;
      }
      await this.status.transition(managed.serverId, 'unhealthy', { lastError: message });
    }
    this.scheduleHealth(managed);
  }

  /** The MCP session ended without us stopping it: the server exited or the connection dropped. */
  private async onConnectionClosed(managed: Managed): Promise<void> {
    if (managed.stopping || this.managed.get(managed.serverId) !== managed) return;
    await this.enqueue(managed.serverId, async () => {
      if (managed.stopping || this.managed.get(managed.serverId) !== managed) return;
      let reason = `${managed.name} closed its MCP connection.`;
      if (managed.runtime && managed.instanceId) {
        const { runtime, instanceId } = managed;
        let state = await runtime.inspect(instanceId).catch(() => null);
        // The connection closes a moment before the runtime has seen the exit.
        for (let waited = 0; state?.state === 'running' && waited < 2_000; waited += 100) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          state = await runtime.inspect(instanceId).catch(() => null);
        }
        const tail: string[] = [];
        for await (const entry of managed.runtime.logs(managed.instanceId, { tail: 10 })) tail.push(entry.line);
        if (state?.state === 'exited')
          reason = `${managed.name} exited${state.exitCode === undefined ? '' : ` with code ${state.exitCode}`}${tail.length ? `; its last stderr lines:\n${tail.join('\n')}` : ''}`;
      }
      this.note(managed.serverId, reason.split('\n')[0] ?? reason);
      await this.discard(managed);
      await this.afterUnexpectedEnd(managed.serverId, reason);
    });
  }

  /** Marks the server failed and, while it is still wanted, restarts it after a backoff (up to maxRestarts). */
  private async afterUnexpectedEnd(serverId: string, reason: string): Promise<void> {
    const row = await this.status.transition(serverId, 'failed', { lastError: reason, instanceId: null, stoppedAt: new Date() });
    if (!row || row.desiredState !== 'running' || !this.active) return;
    if (row.restartCount >= this.settings.maxRestarts) {
      this.note(serverId, `gave up after ${row.restartCount} automatic restarts`);
      await this.status.transition(serverId, 'failed', {
        lastError: `${reason}\nGave up after ${row.restartCount} automatic restarts: start it again by hand.`,
      });
      return;
    }
    const attempt = row.restartCount + 1;
    const delay = restartDelayMs(attempt);
    this.note(serverId, `restarting in ${Math.round(delay / 1000)} s (automatic restart ${attempt} of ${this.settings.maxRestarts})`);
    await serverStore(this.db).setStatus(serverId, 'failed', { restartCount: attempt });
    const timer = setTimeout(() => {
      this.restartTimers.delete(serverId);
      void this.request(serverId);
    }, delay);
    timer.unref();
    this.restartTimers.set(serverId, timer);
  }

  /** Stops and removes the current instance; with `record`, the server's status follows (stopping → stopped). */
  private async stopInstance(serverId: string, options: { record: boolean; reason: string }): Promise<void> {
    const timer = this.restartTimers.get(serverId);
    if (timer) clearTimeout(timer);
    this.restartTimers.delete(serverId);
    const managed = this.managed.get(serverId);
    if (!managed) {
      if (options.record) {
        const row = await serverStore(this.db).byId(serverId);
        if (row && row.status !== 'stopped' && row.status !== 'failed')
          await this.status.transition(serverId, 'stopped', { instanceId: null, stoppedAt: new Date() });
      }
      return;
    }
    managed.stopping = true;
    if (options.record) await this.status.transition(serverId, 'stopping');
    this.note(serverId, `stopping (${options.reason})`);
    await this.discard(managed);
    if (options.record) await this.status.transition(serverId, 'stopped', { instanceId: null, stoppedAt: new Date(), lastError: null });
    this.note(serverId, 'stopped');
    if (!options.record) await this.logs.flush();
  }

  /** Ends the session, stops and removes the instance, forgets the server. */
  private async discard(managed: Managed): Promise<void> {
    managed.stopping = true;
    if (managed.healthTimer) clearTimeout(managed.healthTimer);
    await managed.closeClient?.().catch(() => undefined);
    managed.client = null;
    if (managed.runtime && managed.instanceId) {
      await managed.runtime.stop(managed.instanceId, { timeoutMs: this.settings.stopTimeoutMs }).catch(() => undefined);
      await managed.runtime
        .remove(managed.instanceId)
        .catch((error: unknown) => this.logger.warn({ err: error, serverId: managed.serverId }, 'could not remove an instance'));
    }
    managed.abort.abort();
    if (this.managed.get(managed.serverId) === managed) this.managed.delete(managed.serverId);
  }

  private note(serverId: string, line: string): void {
    this.logs.write(serverId, 'system', line);
  }
}
