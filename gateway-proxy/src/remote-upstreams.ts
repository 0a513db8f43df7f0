import { ErrorCode, type LoggingMessageNotification } from '@modelcontextprotocol/sdk/types.js';
import { topics } from '@mcp-portal/schema';
import type { EventBus, Logger } from '@mcp-portal/kit';
import {
  subscriptionTtlMs,
  type OwnerCallOptions,
  type StreamedServerRequest,
  type UpstreamListItem,
  type UpstreamOwnerClient,
} from '@mcp-portal/servers/upstream-owner';
import type {
  ElicitationCompletion,
  UpstreamCallOptions,
  UpstreamDirectory,
  UpstreamLogMessage,
  UpstreamServerRequest,
  UpstreamServerRequestResult,
} from './upstreams.ts';

type ServerRequestListener = (request: UpstreamServerRequest) => Promise<UpstreamServerRequestResult>;

/**
 * The running servers of a separate servers subgraph (the gateway-proxy on its own): every request goes to
 * the replica holding the lifecycle lease, through its signed internal endpoint (`owner`). Changes arrive on
 * the event bus: serverStatusChanged (a server started, stopped, failed or refreshed its tools),
 * serverContentChanged (its prompts or resources) and serverResourceUpdated (a subscribed resource). A
 * server's log messages, and its sampling, elicitation and roots requests, come with the requests under way
 * on it, which is where the proxy delivers them anyway; the answer to a server's request goes back signed
 * (see the servers subgraph's upstream-rpc/contract.ts). The owner holds this proxy's resource
 * subscriptions while they are renewed: every third of subscriptionTtlMs, and those on a server as soon as
 * it runs (again), which tells a new owner after a hand-over.
 */
export async function remoteUpstreams(owner: UpstreamOwnerClient, events: EventBus, logger?: Logger): Promise<UpstreamDirectory> {
  const listeners = new Set<() => void>();
  const contentListeners = new Set<() => void>();
  const logListeners = new Set<(message: UpstreamLogMessage) => void>();
  const updateListeners = new Set<(update: { serverId: string; uri: string }) => void>();
  const completionListeners = new Set<(completion: ElicitationCompletion) => void>();
  let serverRequestListener: ServerRequestListener | null = null;
  /** `serverId \n uri` of what this proxy subscribed to, renewed on the owner. */
  const subscribed = new Map<string, { serverId: string; uri: string }>();
  const renew = (serverId?: string) => {
    for (const held of subscribed.values()) {
      if (serverId !== undefined && held.serverId !== serverId) continue;
      owner
        .subscribeResource(held.serverId, held.uri)
        .catch((error: unknown) => logger?.debug({ err: error, serverId: held.serverId }, 'could not renew a resource subscription on the lifecycle owner'));
    }
  };
  const unsubscribe = [
    await events.subscribe(topics.serverStatusChanged, (event) => {
      if (event.status === 'running') renew(event.id);
      for (const listener of listeners) listener();
    }),
    await events.subscribe(topics.serverContentChanged, () => {
      for (const listener of contentListeners) listener();
    }),
    await events.subscribe(topics.serverResourceUpdated, (update) => {
      for (const listener of updateListeners) listener(update);
    }),
    await events.subscribe(topics.serverElicitationCompleted, (completion) => {
      for (const listener of completionListeners) listener(completion);
    }),
  ];
  const renewal = setInterval(() => renew(), subscriptionTtlMs / 3);
  renewal.unref();
  const answer =
    (serverId: string) =>
    async (request: StreamedServerRequest, signal: AbortSignal): Promise<Record<string, unknown>> => {
      // Refused the way the servers subgraph refuses it with no listener (see its server-requests.ts).
      if (!serverRequestListener)
        throw Object.assign(new Error(`No MCP client is connected through the MCP Portal's gateway-proxy to answer ${request.method}.`), {
          code: ErrorCode.MethodNotFound,
        });
      return { ...(await serverRequestListener({ ...request, serverId, signal })) };
    };
  const callOptions = (serverId: string, options: UpstreamCallOptions = {}): OwnerCallOptions => ({
    ...options,
    onLog: (params: LoggingMessageNotification['params']) => {
      for (const listener of logListeners) listener({ serverId, params });
    },
    onServerRequest: answer(serverId),
  });
  const subscription = <T>(set: Set<T>, listener: T) => {
    set.add(listener);
    return () => void set.delete(listener);
  };
  /** Where the remote servers of the last list answer HTTP (the owner lists it with each server). */
  let endpoints = new Map<string, UpstreamListItem['http']>();
  const list = async () => {
    const servers = await owner.list();
    endpoints = new Map(servers.map((server) => [server.id, server.http]));
    return servers;
  };
  return {
    list,
    async httpEndpoint(serverId) {
      if (!endpoints.has(serverId)) await list();
      const http = endpoints.get(serverId);
      if (!http)
        return { unavailable: endpoints.has(serverId) ? 'It runs as a local process or container (stdio), not at an HTTP endpoint.' : 'It is not running.' };
      // The lifecycle connects to remote servers without headers of its own (OAuth towards them is issue 13).
      return { ...http, headers: {} };
    },
    callTool: (serverId, tool, args, options) => owner.callTool(serverId, tool, args, callOptions(serverId, options)),
    listPrompts: (serverId) => owner.listPrompts(serverId),
    getPrompt: (serverId, name, args, options) => owner.getPrompt(serverId, name, args, callOptions(serverId, options)),
    listResources: (serverId) => owner.listResources(serverId),
    listResourceTemplates: (serverId) => owner.listResourceTemplates(serverId),
    readResource: (serverId, uri, options) => owner.readResource(serverId, uri, callOptions(serverId, options)),
    complete: (serverId, params, options) => owner.complete(serverId, params, callOptions(serverId, options)),
    async subscribeResource(serverId, uri) {
      await owner.subscribeResource(serverId, uri);
      subscribed.set(`${serverId}\n${uri}`, { serverId, uri });
    },
    async unsubscribeResource(serverId, uri) {
      subscribed.delete(`${serverId}\n${uri}`);
      await owner.unsubscribeResource(serverId, uri);
    },
    onResourceUpdated: (listener) => subscription(updateListeners, listener),
    onElicitationComplete: (listener) => subscription(completionListeners, listener),
    onServerRequest(listener) {
      serverRequestListener = listener;
      return () => {
        if (serverRequestListener === listener) serverRequestListener = null;
      };
    },
    rootsChanged: (serverId) => owner.rootsChanged(serverId),
    onChange: (listener) => subscription(listeners, listener),
    onContentChange: (listener) => subscription(contentListeners, listener),
    onLog: (listener) => subscription(logListeners, listener),
    async close() {
      clearInterval(renewal);
      listeners.clear();
      contentListeners.clear();
      logListeners.clear();
      updateListeners.clear();
      completionListeners.clear();
      serverRequestListener = null;
      // The owner lets this proxy's subscriptions expire; unsubscribing them now frees the servers sooner.
      await Promise.all([...subscribed.values()].map(({ serverId, uri }) => owner.unsubscribeResource(serverId, uri).catch(() => undefined)));
      subscribed.clear();
      for (const stop of unsubscribe) await stop();
    },
  };
}
