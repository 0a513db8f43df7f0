import type { LoggingMessageNotification } from '@modelcontextprotocol/sdk/types.js';
import { topics } from '@mcp-portal/schema';
import type { EventBus } from '@mcp-portal/kit';
import type { OwnerCallOptions, UpstreamOwnerClient } from '@mcp-portal/servers/upstream-owner';
import type { UpstreamCallOptions, UpstreamDirectory, UpstreamLogMessage } from './upstreams.ts';

/**
 * The running servers of a separate servers subgraph (the gateway-proxy on its own): every request goes to
 * the replica holding the lifecycle lease, through its signed internal endpoint (`owner`). Changes arrive on
 * the event bus: serverStatusChanged (a server started, stopped, failed or refreshed its tools) and
 * serverContentChanged (its prompts or resources). A server's log messages come with the requests under way
 * on it, which is where the proxy delivers them anyway.
 */
export async function remoteUpstreams(owner: UpstreamOwnerClient, events: EventBus): Promise<UpstreamDirectory> {
  const listeners = new Set<() => void>();
  const contentListeners = new Set<() => void>();
  const logListeners = new Set<(message: UpstreamLogMessage) => void>();
  const unsubscribe = [
    await events.subscribe(topics.serverStatusChanged, () => {
      for (const listener of listeners) listener();
    }),
    await events.subscribe(topics.serverContentChanged, () => {
      for (const listener of contentListeners) listener();
    }),
  ];
  const callOptions = (serverId: string, options: UpstreamCallOptions = {}): OwnerCallOptions => ({
    ...options,
    onLog: (params: LoggingMessageNotification['params']) => {
      for (const listener of logListeners) listener({ serverId, params });
    },
  });
  const subscription = <T>(set: Set<T>, listener: T) => {
    set.add(listener);
    return () => void set.delete(listener);
  };
  return {
    list: () => owner.list(),
    callTool: (serverId, tool, args, options) => owner.callTool(serverId, tool, args, callOptions(serverId, options)),
    listPrompts: (serverId) => owner.listPrompts(serverId),
    getPrompt: (serverId, name, args, options) => owner.getPrompt(serverId, name, args, callOptions(serverId, options)),
    listResources: (serverId) => owner.listResources(serverId),
    listResourceTemplates: (serverId) => owner.listResourceTemplates(serverId),
    readResource: (serverId, uri, options) => owner.readResource(serverId, uri, callOptions(serverId, options)),
    complete: (serverId, params, options) => owner.complete(serverId, params, callOptions(serverId, options)),
    onChange: (listener) => subscription(listeners, listener),
    onContentChange: (listener) => subscription(contentListeners, listener),
    onLog: (listener) => subscription(logListeners, listener),
    async close() {
      listeners.clear();
      contentListeners.clear();
      logListeners.clear();
      for (const stop of unsubscribe) await stop();
    },
  };
}
