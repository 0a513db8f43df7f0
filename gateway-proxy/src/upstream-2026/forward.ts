import { performance } from 'node:perf_hooks';
import {
  CallToolResultSchema,
  ErrorCode,
  GetPromptResultSchema,
  LoggingLevelSchema,
  ReadResourceResultSchema,
  type JSONRPCRequest,
  type LoggingLevel,
} from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '@mcp-portal/kit';
import { blockedOutcome, type SecretGuard } from '../secret-guard.ts';
import { rpcErrorOf, RpcError } from '../rpc-error.ts';
import type { Caller } from '../caller.ts';
import { metaKey, type StatelessContext } from '../stateless/protocol.ts';
import type { StatelessResponder } from '../stateless/responder.ts';
import type { ToolCallAudit } from '../tool-call-audit.ts';
import type { ToolRoute } from '../tool-names.ts';
import type { UpstreamHttpEndpoint } from '../upstreams.ts';
import type { UpstreamRequestStates } from './request-state.ts';
import { send2026, WireFailure, type WireAnswer } from './wire.ts';

export interface ForwardDeps {
  secrets?: SecretGuard;
  audit: ToolCallAudit;
  logger: Logger;
  states: UpstreamRequestStates;
}

/** A request of a 2026-07-28 client that goes to a server speaking 2026-07-28, and where. */
export interface ForwardTarget {
  endpoint: UpstreamHttpEndpoint;
  /** The server and its own name of the tool or prompt (or the URI) the client named. */
  route: ToolRoute;
  /** The tool, prompt or URI as the client named it (what the requestState is bound to). */
  target: string;
  /** The server's own requestState from the round before (unwrapped from the proxy's). */
  serverState?: string;
}

const severity = (level: string) => LoggingLevelSchema.options.indexOf(level as LoggingLevel);

/**
 * Forwards one tools/call, prompts/get or resources/read of a 2026-07-28 client to a server that speaks
 * 2026-07-28, as a request of the proxy's own (see send2026) carrying the client's capabilities, info and
 * log level, and answers the client with what the server answered: its result (the proxy's resultType,
 * serverInfo and caching hints, as for every stateless answer), its `input_required` result with the
 * server's inputRequests and a requestState of the proxy's wrapping the server's (UpstreamRequestStates),
 * or its error with its code, data and (4xx) HTTP status. Progress goes on when the request asked for it,
 * log messages when it set a level (at or above it). The same secret checks apply as through the session
 * server (plus the client's input responses and the server's input requests), and a tools/call gets the
 * same audit row as any other call (one per round).
 */
export async function forwardTo2026(
  deps: ForwardDeps,
  responder: StatelessResponder,
  request: JSONRPCRequest,
  caller: Caller,
  context: StatelessContext,
  forward: ForwardTarget,
  cacheable: boolean,
): Promise<void> {
  const { route } = forward;
  const method = request.method;
  const isToolCall = method === 'tools/call';
  const started = performance.now();
  const params = (request.params ?? {}) as Record<string, unknown>;
  const { requestState: _clientState, _meta: clientMeta, ...rest } = params;
  const ownMeta = Object.fromEntries(
    Object.entries(typeof clientMeta === 'object' && clientMeta !== null ? clientMeta : {}).filter(([key]) => !Object.values<string>(metaKey).includes(key)),
  );
  const progressToken = ownMeta.progressToken;
  const upstreamParams: Record<string, unknown> = {
    ...rest,
    ...(method === 'resources/read' ? {} : { name: route.tool }),
    ...(Object.keys(ownMeta).length > 0 ? { _meta: ownMeta } : {}),
    ...(forward.serverState !== undefined ? { requestState: forward.serverState } : {}),
  };
  const record = { serverId: route.serverId, server: route.server, tool: route.tool };
  const aborted = new AbortController();
  let settled = false;
  responder.onClientGone(() => {
    if (!settled) aborted.abort();
  });
  let answer: WireAnswer;
  try {
    await checkRequest(deps.secrets, method, route, params);
    answer = await send2026(
      forward.endpoint,
      method,
      upstreamParams,
      { capabilities: context.capabilities, clientInfo: context.clientInfo, ...(context.logLevel ? { logLevel: context.logLevel } : {}) },
      {
        signal: aborted.signal,
        name: route.tool,
        onNotification: (notification) => {
          const wanted =
            (notification.method === 'notifications/progress' && progressToken !== undefined && notification.params?.progressToken === progressToken) ||
            (notification.method === 'notifications/message' &&
              context.logLevel !== undefined &&
              severity(String(notification.params?.level)) >= severity(context.logLevel));
          if (wanted) responder.notify({ jsonrpc: '2.0', method: notification.method, ...(notification.params ? { params: notification.params } : {}) });
        },
      },
    );
    if ('result' in answer) await checkResult(deps.secrets, method, route, answer.result);
  } catch (error) {
    settled = true;
    if (aborted.signal.aborted) {
      if (isToolCall) deps.audit.called(caller, { ...record, durationMs: performance.now() - started, outcome: { error: 'Cancelled by the client.' } });
      return;
    }
    const failure =
      error instanceof WireFailure
        ? new RpcError(ErrorCode.InternalError, `The server ${route.server} did not answer ${method} for ${route.tool}: ${error.message}.`)
        : rpcErrorOf(error, route, deps.logger, isToolCall ? 'tool' : method === 'prompts/get' ? 'prompt' : 'resource');
    if (isToolCall)
      deps.audit.called(caller, { ...record, durationMs: performance.now() - started, outcome: { error: failure.message, ...blockedOutcome(error) } });
    return responder.error(200, request.id, failure.code, failure.message, failure.data);
  }
  settled = true;
  const durationMs = performance.now() - started;
  if ('error' in answer) {
    if (isToolCall) deps.audit.called(caller, { ...record, durationMs, outcome: { error: answer.error.message } });
    return responder.error(
      answer.status >= 400 && answer.status < 500 ? answer.status : 200,
      request.id,
      answer.error.code,
      answer.error.message,
      answer.error.data,
    );
  }
  const { resultType, requestState: serverState, ...result } = answer.result;
  if (isToolCall) deps.audit.called(caller, { ...record, durationMs, outcome: { isError: result.isError === true } });
  if (resultType === 'input_required') {
    const requestState = deps.states.seal(
      route.serverId,
      { userId: caller.viewer.userId, method, target: forward.target },
      typeof serverState === 'string' ? serverState : undefined,
    );
    return responder.result(request.id, { ...result, requestState }, 'input_required');
  }
  return responder.result(request.id, { ...result, ...(cacheable ? cachingHints : {}) });
}

/** The caching hints of the proxy's answers (see stateless-endpoint.ts): what a client may see depends on it and changes with the servers. */
const cachingHints = { ttlMs: 0, cacheScope: 'private' } as const;

/** What the client sends the server, checked for secrets as the session server checks it: a tool's or prompt's arguments, and the client's input responses. */
async function checkRequest(secrets: SecretGuard | undefined, method: string, route: ToolRoute, params: Record<string, unknown>): Promise<void> {
  if (!secrets) return;
  if (method === 'tools/call') await secrets.checkArguments(route, params.arguments ?? {});
  if (method === 'prompts/get')
    await secrets.checkPromptArguments(
      { serverId: route.serverId, server: route.server, name: route.tool },
      (params.arguments ?? {}) as Record<string, string>,
    );
  if (params.inputResponses !== undefined) await secrets.checkArguments(route, { inputResponses: params.inputResponses });
}

/** What the server answers, checked for secrets as the session server checks it (a malformed result is refused); the input requests of an input_required one like a tool's result. */
async function checkResult(secrets: SecretGuard | undefined, method: string, route: ToolRoute, result: Record<string, unknown>): Promise<void> {
  if (!secrets) return;
  if (result.resultType === 'input_required') {
    await secrets.checkResult(route, { content: [], structuredContent: { inputRequests: result.inputRequests } });
    return;
  }
  const malformed = () => new RpcError(ErrorCode.InternalError, `The server ${route.server} answered ${method} for ${route.tool} with a malformed result.`);
  if (method === 'tools/call') {
    const parsed = CallToolResultSchema.safeParse(result);
    if (!parsed.success) throw malformed();
    await secrets.checkResult(route, parsed.data);
  } else if (method === 'prompts/get') {
    const parsed = GetPromptResultSchema.safeParse(result);
    if (!parsed.success) throw malformed();
    await secrets.checkPromptResult({ serverId: route.serverId, server: route.server, name: route.tool }, parsed.data);
  } else {
    const parsed = ReadResourceResultSchema.safeParse(result);
    if (!parsed.success) throw malformed();
    await secrets.checkResource(route, route.tool, parsed.data);
  }
}
