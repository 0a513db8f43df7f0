import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import {
  ElicitationCompleteNotificationSchema,
  ErrorCode,
  LoggingMessageNotificationSchema,
  McpError,
  PromptListChangedNotificationSchema,
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
  type CallToolResult,
  type CompleteRequest,
  type CompleteResult,
  type GetPromptResult,
  type LoggingMessageNotification,
  type Progress,
  type Prompt,
  type ReadResourceResult,
  type Resource,
  type ResourceTemplate,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { ConflictError, NotFoundError, type EventBus, type ToolPolicy } from '@mcp-portal/kit';
import { topics } from '@mcp-portal/schema';
import type { ServerRequestListener } from './services/lifecycle/server-requests.ts';
import type { LiveSession, Supervisor } from './services/lifecycle/supervisor.ts';

interface CallOptions {
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
}

/**
 * The running servers as the gateway-proxy in the same process sees them (its UpstreamDirectory): the
 * lifecycle's own MCP sessions, so a call through the proxy takes no extra hop. Tool calls use the
 * session's client with MCP_TOOL_CALL_TIMEOUT_SECONDS, and the client's cancellation (`signal`) reaches
 * the server as notifications/cancelled. The proxy hears of changes through the status announcements
 * (serverStatusChanged), which the lifecycle makes after each start, stop, failure and tool-list refresh.
 * Prompts, resources and resource templates are read from the session when asked for (every page), and
 * a server's own prompts/resources list_changed and log messages (notifications/message) are passed on,
 * and its sampling, elicitation and roots requests go to the one onServerRequest listener.
 */
/**
 * Set on a listed server that signs in with OAuth and has no session of the lifecycle's (see the lifecycle's
 * AwaitingAuthorization): each user's calls carry their own token (`user`), or the team's connection is not
 * authorized yet (`team`). Its tools are those its catalog entry names.
 */
export interface UpstreamAuthorization {
  connection: 'user' | 'team';
  url: string;
  transport: 'streamable-http' | 'sse';
  reason: string;
}

export interface InProcessUpstreams {
  list(): Promise<{ id: string; name: string; tools: readonly Tool[]; toolPolicies: ToolPolicy[]; authorization?: UpstreamAuthorization }[]>;
  callTool(serverId: string, tool: string, args: Record<string, unknown>, options?: CallOptions): Promise<CallToolResult>;
  onChange(listener: () => void): () => void;
  listPrompts(serverId: string): Promise<Prompt[]>;
  getPrompt(serverId: string, name: string, args: Record<string, string>, options?: CallOptions): Promise<GetPromptResult>;
  listResources(serverId: string): Promise<Resource[]>;
  listResourceTemplates(serverId: string): Promise<ResourceTemplate[]>;
  readResource(serverId: string, uri: string, options?: CallOptions): Promise<ReadResourceResult>;
  onContentChange(listener: () => void): () => void;
  onLog(listener: (message: { serverId: string; params: LoggingMessageNotification['params'] }) => void): () => void;
  onServerRequest(listener: ServerRequestListener): () => void;
  rootsChanged(serverId: string): Promise<void>;
  httpEndpoint(serverId: string): Promise<{ url: string; headers: Record<string, string>; connection: string; timeoutMs: number } | { unavailable: string }>;
  complete(serverId: string, params: CompleteRequest['params'], options?: CallOptions): Promise<CompleteResult>;
  subscribeResource(serverId: string, uri: string): Promise<void>;
  unsubscribeResource(serverId: string, uri: string): Promise<void>;
  onResourceUpdated(listener: (update: { serverId: string; uri: string }) => void): () => void;
  onElicitationComplete(listener: (completion: { serverId: string; elicitationId: string }) => void): () => void;
  close(): Promise<void>;
}

/** What one directory does with a session's notifications. */
interface SessionWatcher {
  changed(): void;
  logged(message: { serverId: string; params: LoggingMessageNotification['params'] }): void;
  updated(update: { serverId: string; uri: string }): void;
  elicitationCompleted(completion: { serverId: string; elicitationId: string }): void;
}

/**
 * A client's notification handlers, set once, pass each notification to every directory watching it: the
 * gateway-proxy of `npm start` and the internal upstream endpoint may both have one on the same sessions.
 */
const watchersOf = new WeakMap<Client, Set<SessionWatcher>>();

/** Adds `watcher` to the session's; false when it was there already. */
function watch(session: LiveSession, watcher: SessionWatcher): boolean {
  let watchers = watchersOf.get(session.client);
  if (!watchers) {
    const all = new Set<SessionWatcher>();
    watchers = all;
    watchersOf.set(session.client, all);
    const changed = () => {
      for (const each of all) each.changed();
    };
    session.client.setNotificationHandler(PromptListChangedNotificationSchema, changed);
    session.client.setNotificationHandler(ResourceListChangedNotificationSchema, changed);
    session.client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => {
      for (const each of all) each.logged({ serverId: session.serverId, params: notification.params });
    });
    session.client.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => {
      for (const each of all) each.updated({ serverId: session.serverId, uri: notification.params.uri });
    });
    session.client.setNotificationHandler(ElicitationCompleteNotificationSchema, (notification) => {
      for (const each of all) each.elicitationCompleted({ serverId: session.serverId, elicitationId: notification.params.elicitationId });
    });
  }
  if (watchers.has(watcher)) return false;
  watchers.add(watcher);
  return true;
}

/** A name for each live MCP session (one per start of a server), so that what is learnt of a connection ends with it. */
const connectionIds = new WeakMap<Client, string>();
let connectionCount = 0;
function connectionOf(client: Client): string {
  let id = connectionIds.get(client);
  if (!id) connectionIds.set(client, (id = `c${++connectionCount}`));
  return id;
}

/** Where the directory reads the tool policies it lists with each server (the servers subgraph's ToolPolicyService). */
export interface ToolPolicySource {
  byServer(): Promise<Map<string, ToolPolicy[]>>;
}

export async function inProcessUpstreams(supervisor: Supervisor, events: EventBus, toolPolicies?: ToolPolicySource): Promise<InProcessUpstreams> {
  const listeners = new Set<() => void>();
  const contentListeners = new Set<() => void>();
  const logListeners = new Set<(message: { serverId: string; params: LoggingMessageNotification['params'] }) => void>();
  const updateListeners = new Set<(update: { serverId: string; uri: string }) => void>();
  const completionListeners = new Set<(completion: { serverId: string; elicitationId: string }) => void>();
  /** What the proxy subscribed to, per server: subscribed again on the session of a restarted server. */
  const subscribed = new Map<string, Set<string>>();
  let stopServerRequests = () => {};
  const watcher: SessionWatcher = {
    changed: () => {
      for (const listener of contentListeners) listener();
    },
    logged: (message) => {
      for (const listener of logListeners) listener(message);
    },
    updated: (update) => {
      for (const listener of updateListeners) listener(update);
    },
    elicitationCompleted: (completion) => {
      for (const listener of completionListeners) listener(completion);
    },
  };
  /** The running sessions; a client seen for the first time passes its notifications to this directory too. */
  const sessions = (): LiveSession[] => {
    const live = supervisor.liveSessions();
    for (const session of live) {
      if (!watch(session, watcher)) continue;
      for (const uri of subscribed.get(session.serverId) ?? []) {
        session.client.subscribeResource({ uri }).catch(() => undefined);
      }
    }
    return live;
  };
  const unsubscribe = await events.subscribe(topics.serverStatusChanged, () => {
    sessions();
    for (const listener of listeners) listener();
  });
  const sessionOf = (serverId: string): LiveSession => {
    const session = sessions().find((candidate) => candidate.serverId === serverId);
    if (!session) throw new ConflictError('This server is not running any more (it stopped, failed or is restarting).');
    return session;
  };
  const requestOptions = (session: LiveSession, options?: CallOptions): RequestOptions => ({
    timeout: session.toolCallTimeoutMs,
    signal: options?.signal,
    ...(options?.onProgress ? { onprogress: options.onProgress } : {}),
  });
  /** Every page of one of the server's lists ([] when it lacks the capability). */
  const all = async <T>(
    session: LiveSession,
    capable: boolean,
    page: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor?: string }>,
  ): Promise<T[]> => {
    if (!capable) return [];
    const items: T[] = [];
    const seen = new Set<string>();
    let cursor: string | undefined;
    do {
      let answer: { items: T[]; nextCursor?: string };
      try {
        answer = await page(cursor);
      } catch (error) {
        // A server that advertises resources without templates (or the like) simply has none.
        if (error instanceof McpError && error.code === ErrorCode.MethodNotFound) return items;
        throw error;
      }
      items.push(...answer.items);
      // A server that repeats a cursor would loop forever.
      if (answer.nextCursor !== undefined && seen.has(answer.nextCursor)) break;
      if (answer.nextCursor !== undefined) seen.add(answer.nextCursor);
      cursor = answer.nextCursor;
    } while (cursor !== undefined);
    return items;
  };
  return {
    async list() {
      const policies = (await toolPolicies?.byServer()) ?? new Map<string, ToolPolicy[]>();
      const running = sessions().map((session) => ({
        id: session.serverId,
        name: session.name,
        tools: session.tools,
        toolPolicies: policies.get(session.serverId) ?? [],
      }));
      const awaiting = supervisor.awaitingAuthorization().map((server) => ({
        id: server.serverId,
        name: server.name,
        tools: server.tools,
        toolPolicies: policies.get(server.serverId) ?? [],
        authorization: { connection: server.connection, url: server.url, transport: server.transport, reason: server.reason },
      }));
      return [...running, ...awaiting];
    },
    async callTool(serverId, tool, args, options) {
      const awaiting = supervisor.awaitingAuthorization().find((server) => server.serverId === serverId);
      // The gateway-proxy's OAuth layer calls such a server itself; without one, the caller learns why it cannot.
      if (awaiting) throw new McpError(ErrorCode.InvalidRequest, `${awaiting.name} signs in with OAuth: ${awaiting.reason}`);
      const session = sessionOf(serverId);
      if (!session.tools.some((candidate) => candidate.name === tool))
        throw new NotFoundError(`The server ${session.name} has no tool named "${tool}" any more.`);
      const result = await session.client.callTool({ name: tool, arguments: args }, undefined, requestOptions(session, options));
      return result as CallToolResult;
    },
    async listPrompts(serverId) {
      const session = sessionOf(serverId);
      return all(session, Boolean(session.client.getServerCapabilities()?.prompts), async (cursor) => {
        const answer = await session.client.listPrompts(cursor ? { cursor } : undefined, requestOptions(session));
        return { items: answer.prompts, nextCursor: answer.nextCursor };
      });
    },
    async getPrompt(serverId, name, args, options) {
      const session = sessionOf(serverId);
      return session.client.getPrompt({ name, arguments: args }, requestOptions(session, options));
    },
    async listResources(serverId) {
      const session = sessionOf(serverId);
      return all(session, Boolean(session.client.getServerCapabilities()?.resources), async (cursor) => {
        const answer = await session.client.listResources(cursor ? { cursor } : undefined, requestOptions(session));
        return { items: answer.resources, nextCursor: answer.nextCursor };
      });
    },
    async listResourceTemplates(serverId) {
      const session = sessionOf(serverId);
      return all(session, Boolean(session.client.getServerCapabilities()?.resources), async (cursor) => {
        const answer = await session.client.listResourceTemplates(cursor ? { cursor } : undefined, requestOptions(session));
        return { items: answer.resourceTemplates, nextCursor: answer.nextCursor };
      });
    },
    async readResource(serverId, uri, options) {
      const session = sessionOf(serverId);
      return session.client.readResource({ uri }, requestOptions(session, options));
    },
    async complete(serverId, params, options) {
      const session = sessionOf(serverId);
      return session.client.complete(params, requestOptions(session, options));
    },
    async subscribeResource(serverId, uri) {
      const session = sessionOf(serverId);
      if (!session.client.getServerCapabilities()?.resources?.subscribe) {
        throw new McpError(ErrorCode.MethodNotFound, `The server ${session.name} does not offer resource subscriptions.`);
      }
      await session.client.subscribeResource({ uri }, requestOptions(session));
      subscribed.set(serverId, (subscribed.get(serverId) ?? new Set()).add(uri));
    },
    async unsubscribeResource(serverId, uri) {
      const uris = subscribed.get(serverId);
      uris?.delete(uri);
      if (uris?.size === 0) subscribed.delete(serverId);
      const session = sessions().find((candidate) => candidate.serverId === serverId);
      if (session?.client.getServerCapabilities()?.resources?.subscribe) await session.client.unsubscribeResource({ uri }, requestOptions(session));
    },
    onResourceUpdated(listener) {
      updateListeners.add(listener);
      return () => updateListeners.delete(listener);
    },
    onElicitationComplete(listener) {
      completionListeners.add(listener);
      return () => completionListeners.delete(listener);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onContentChange(listener) {
      contentListeners.add(listener);
      return () => contentListeners.delete(listener);
    },
    onLog(listener) {
      logListeners.add(listener);
      return () => logListeners.delete(listener);
    },
    onServerRequest(listener) {
      // One listener per directory: a later call replaces it.
      stopServerRequests();
      stopServerRequests = supervisor.serverRequests.listen(listener);
      return stopServerRequests;
    },
    async httpEndpoint(serverId) {
      const session = sessionOf(serverId);
      if (!session.remote) return { unavailable: `${session.name} runs as a local process or container (stdio), not at an HTTP endpoint.` };
      if (session.remote.transport !== 'streamable-http') return { unavailable: `${session.name} speaks the legacy HTTP+SSE transport.` };
      if (session.remote.oauth)
        return { unavailable: `${session.name} signs in with OAuth: its requests carry the team's token through the lifecycle's session.` };
      // A remote server the lifecycle reaches without OAuth: no headers of its own.
      return { url: session.remote.url, headers: {}, connection: connectionOf(session.client), timeoutMs: session.toolCallTimeoutMs };
    },
    async rootsChanged(serverId) {
      await sessionOf(serverId).client.sendRootsListChanged();
    },
    async close() {
      listeners.clear();
      contentListeners.clear();
      logListeners.clear();
      stopServerRequests();
      updateListeners.clear();
      completionListeners.clear();
      for (const session of supervisor.liveSessions()) watchersOf.get(session.client)?.delete(watcher);
      await unsubscribe();
    },
  };
}
