import { useCallback, useEffect, useState } from 'react';
import type { ErrorLike } from '@apollo/client';
import { useApolloClient } from '@apollo/client/react';
import { useGatewayEndpoints } from '../gateway-endpoints.ts';
import { parseRecentCalls, recentCallsKey, withRecentCall, type RecentToolCall, type ToolCallVia } from '../recent-tool-calls.ts';
import { errorMessage } from './errors.ts';
import { useSession } from './hooks.ts';
import { session } from './session.ts';
import { CallToolDocument } from './tool-call-documents.ts';
import type { ToolProgress } from '../gateway-tool-call.ts';

/** Which way this page's tool calls go: the gateway-proxy when the platform runs one, else GraphQL callTool. */
export type ToolCallPath = { kind: 'loading' } | { kind: 'gateway-proxy'; mcpEndpoint: string } | { kind: 'graphql'; reason: string };

export interface ToolCallResult {
  isError: boolean;
  content: unknown;
  structuredContent: unknown;
  /** The whole answer as it came (the MCP result, or callTool's fields). */
  raw: unknown;
}

export type ToolCallOutcome =
  { ok: true; result: ToolCallResult; durationMs: number; via: ToolCallVia } | { ok: false; message: string; durationMs: number | null; via: ToolCallVia };

export interface ToolCallOptions {
  /** Aborting it cancels the call. */
  signal?: AbortSignal;
  /** Progress the tool reports (through the gateway-proxy only). */
  onProgress?: (progress: ToolProgress) => void;
}

export interface ToolCaller {
  path: ToolCallPath;
  /** Calls a tool of the server; never throws (a failure, a cancellation included, is an outcome with its message). */
  call(tool: string, args: Record<string, unknown>, options?: ToolCallOptions): Promise<ToolCallOutcome>;
}

const cancelled = (via: ToolCallVia): ToolCallOutcome => ({ ok: false, message: 'Cancelled: the call was stopped before it answered.', durationMs: null, via });

function pathOf(endpoints: ReturnType<typeof useGatewayEndpoints>): ToolCallPath {
  switch (endpoints.status) {
    case 'loading':
      return { kind: 'loading' };
    case 'served':
      return { kind: 'gateway-proxy', mcpEndpoint: endpoints.endpoints.mcpEndpoint };
    case 'not-served':
      return { kind: 'graphql', reason: 'this platform runs no gateway-proxy' };
    case 'error':
      return { kind: 'graphql', reason: `the gateway-proxy's address could not be read (${endpoints.message})` };
  }
}

/**
 * Tool calls of one server from its page, as the signed-in user: through the gateway-proxy's /mcp with the
 * session's access token (the SDK's client, loaded on the first call), or GraphQL `callTool` when there is
 * no gateway-proxy. Either way the platform records the call in the audit log.
 */
export function useToolCaller(server: { id: string; name: string }): ToolCaller {
  const client = useApolloClient();
  const path = pathOf(useGatewayEndpoints());
  const mcpEndpoint = path.kind === 'gateway-proxy' ? path.mcpEndpoint : null;
  const loading = path.kind === 'loading';

  const call = useCallback(
    async (tool: string, args: Record<string, unknown>, options: ToolCallOptions = {}): Promise<ToolCallOutcome> => {
      if (loading)
        return { ok: false, message: 'The page is still looking for the gateway-proxy: try again in a moment.', durationMs: null, via: 'gateway-proxy' };
      if (mcpEndpoint) {
        const { callThroughGateway, GatewayCallError } = await import('../gateway-tool-call.ts');
        try {
          const token = await session.freshToken();
          if (!token) return { ok: false, message: 'You are signed out: sign in again.', durationMs: null, via: 'gateway-proxy' };
          const { result, durationMs } = await callThroughGateway({ mcpEndpoint, token, server: server.name, tool, arguments: args, ...options });
          const toolResult = { isError: result.isError === true, content: result.content, structuredContent: result.structuredContent ?? null, raw: result };
          return { ok: true, result: toolResult, durationMs, via: 'gateway-proxy' };
        } catch (error) {
          if (options.signal?.aborted) return cancelled('gateway-proxy');
          const message = error instanceof GatewayCallError ? error.message : 'The call failed.';
          return { ok: false, message, durationMs: null, via: 'gateway-proxy' };
        }
      }
      const started = performance.now();
      try {
        const answer = await client.mutate({
          mutation: CallToolDocument,
          variables: { serverId: server.id, name: tool, arguments: args },
          fetchPolicy: 'no-cache',
          ...(options.signal ? { context: { fetchOptions: { signal: options.signal } } } : {}),
        });
        const durationMs = Math.round(performance.now() - started);
        const result = answer.data?.callTool;
        if (!result) return { ok: false, message: 'The API answered without a result.', durationMs, via: 'graphql' };
        return { ok: true, result: { ...result, raw: result }, durationMs, via: 'graphql' };
      } catch (error) {
        if (options.signal?.aborted) return cancelled('graphql');
        return {
          ok: false,
          message: errorMessage(error as ErrorLike) ?? 'The call failed.',
          durationMs: Math.round(performance.now() - started),
          via: 'graphql',
        };
      }
    },
    [client, loading, mcpEndpoint, server.id, server.name],
  );

  return { path, call };
}

function readStored(key: string | null): RecentToolCall[] {
  if (!key) return [];
  try {
    return parseRecentCalls(localStorage.getItem(key));
  } catch {
    return [];
  }
}

/** This browser's recent tool calls of a server by the signed-in user (localStorage), newest first. */
export function useRecentToolCalls(serverId: string): { calls: RecentToolCall[]; add(call: RecentToolCall): void } {
  const userId = useSession().user?.id ?? null;
  const key = userId ? recentCallsKey(userId, serverId) : null;
  const [state, setState] = useState(() => ({ key, calls: readStored(key) }));
  const calls = state.key === key ? state.calls : readStored(key);
  if (state.key !== key) setState({ key, calls });

  // Another tab's calls show here too.
  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (key && event.key === key) setState({ key, calls: parseRecentCalls(event.newValue) });
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [key]);

  const add = useCallback(
    (call: RecentToolCall) => {
      if (!key) return;
      setState((current) => {
        const next = withRecentCall(current.key === key ? current.calls : readStored(key), call);
        try {
          localStorage.setItem(key, JSON.stringify(next));
        } catch {
          // Storage full or unavailable: the list lives until the page is left.
        }
        return { key, calls: next };
      });
    },
    [key],
  );

  return { calls, add };
}
