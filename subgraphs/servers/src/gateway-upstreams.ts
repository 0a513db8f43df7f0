import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { ConflictError, NotFoundError, type EventBus } from '@mcp-portal/kit';
import { topics } from '@mcp-portal/schema';
import type { Supervisor } from './services/lifecycle/supervisor.ts';

/**
 * The running servers as the gateway-proxy in the same process sees them (its UpstreamDirectory): the
 * lifecycle's own MCP sessions, so a call through the proxy takes no extra hop. Tool calls use the
 * session's client with MCP_TOOL_CALL_TIMEOUT_SECONDS, and the client's cancellation (`signal`) reaches
 * the server as notifications/cancelled. The proxy hears of changes through the status announcements
 * (serverStatusChanged), which the lifecycle makes after each start, stop, failure and tool-list refresh.
 */
export interface InProcessUpstreams {
  list(): Promise<{ id: string; name: string; tools: readonly Tool[] }[]>;
  callTool(serverId: string, tool: string, args: Record<string, unknown>, options?: { signal?: AbortSignal }): Promise<CallToolResult>;
  onChange(listener: () => void): () => void;
  close(): Promise<void>;
}

export async function inProcessUpstreams(supervisor: Supervisor, events: EventBus): Promise<InProcessUpstreams> {
  const listeners = new Set<() => void>();
  const unsubscribe = await events.subscribe(topics.serverStatusChanged, () => {
    for (const listener of listeners) listener();
  });
  return {
    async list() {
      return supervisor.liveSessions().map((session) => ({ id: session.serverId, name: session.name, tools: session.tools }));
    },
    async callTool(serverId, tool, args, options) {
      const session = supervisor.liveSessions().find((candidate) => candidate.serverId === serverId);
      if (!session) throw new ConflictError('This server is not running any more (it stopped, failed or is restarting).');
      if (!session.tools.some((candidate) => candidate.name === tool)) throw new NotFoundError(`The server ${session.name} has no tool named "${tool}" any more.`);
      const result = await session.client.callTool({ name: tool, arguments: args }, undefined, { timeout: session.toolCallTimeoutMs, signal: options?.signal });
      return result as CallToolResult;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      await unsubscribe();
    },
  };
}
