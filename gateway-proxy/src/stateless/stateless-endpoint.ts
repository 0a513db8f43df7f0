import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  ErrorCode,
  isJSONRPCNotification,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  isJSONRPCErrorResponse,
  type ClientCapabilities,
  type JSONRPCRequest,
} from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '@mcp-portal/kit';
import { CatalogIndex } from '../catalog-index.ts';
import { ToolIndex } from '../tool-index.ts';
import { StatelessUpstreams } from '../upstream-2026/discovery.ts';
import { statelessDirectoryView } from '../upstream-2026/directory-view.ts';
import { forwardTo2026 } from '../upstream-2026/forward.ts';
import { UpstreamRequestStates } from '../upstream-2026/request-state.ts';
import { StatelessRoutes } from '../upstream-2026/routes.ts';
import { createSessionServer, type SessionServerDeps } from '../session-server.ts';
import { authInfoFor, type Caller } from '../caller.ts';
import { sessionFilterOf, type SessionFilter } from '../session-filter.ts';
import { Exchange, type ExchangeEvent } from './exchange.ts';
import { ListenStreams, type ListenFilter } from './listen-streams.ts';
import {
  capabilityFor,
  headerValue,
  metaKey,
  readRequestMeta,
  removedMethods,
  statefulParams,
  statelessErrorCode,
  statelessRevisions,
  type StatelessContext,
} from './protocol.ts';
import { StatelessResponder } from './responder.ts';
import type { SuspendedRequest, SuspendedRequests } from './suspended-requests.ts';

/** Requests the proxy carries to its session server; the ones marked may ask the client for input (MRTR). */
const forwarded = new Map<string, { mayRequestInput: boolean; cacheable: boolean }>([
  ['tools/list', { mayRequestInput: false, cacheable: true }],
  ['tools/call', { mayRequestInput: true, cacheable: false }],
  ['prompts/list', { mayRequestInput: false, cacheable: true }],
  ['prompts/get', { mayRequestInput: true, cacheable: false }],
  ['resources/list', { mayRequestInput: false, cacheable: true }],
  ['resources/templates/list', { mayRequestInput: false, cacheable: true }],
  ['resources/read', { mayRequestInput: true, cacheable: true }],
  ['completion/complete', { mayRequestInput: false, cacheable: false }],
]);

/** Capabilities that only the stateful revisions have (the stateless one replaced them). */
const statefulOnlyCapabilities = ['logging'];

export interface StatelessEndpointOptions extends SessionServerDeps {
  logger: Logger;
  suspended: SuspendedRequests;
  listens: ListenStreams;
  /** How long the requestState of a 2026-07-28 server's input_required result stays valid (default 5 minutes). */
  upstreamStateTtlMs?: number;
}

/** The indexes of what a 2026-07-28 client sees (servers that speak 2026-07-28 listed as they list to it), and where its requests go. */
interface StatelessView {
  deps: SessionServerDeps;
  routes: StatelessRoutes;
  /** subscriptions/listen streams: their list_changed follow these indexes. */
  listens: ListenStreams;
  close: () => void;
}

/**
 * `/mcp` for clients of the stateless revision (2026-07-28), in front of servers that speak 2025-11-25:
 * each POST is one request, validated against the revision's rules (its `_meta`, the MCP-Protocol-Version,
 * Mcp-Method and Mcp-Name headers), then carried through the same session server as a stateful client's
 * (see Exchange) and answered with the revision's result shapes (`resultType`, caching hints, serverInfo).
 * A server→client request during the call becomes an `input_required` result whose `requestState` lets
 * the client's retry continue the same upstream call; `subscriptions/listen` replaces the GET stream.
 */
export class StatelessEndpoint {
  private view: StatelessView | null = null;

  constructor(private readonly options: StatelessEndpointOptions) {}

  /**
   * What 2026-07-28 clients see: with a directory that says where servers are (httpEndpoint), indexes over
   * the 2026 view of the servers (see statelessDirectoryView), made at the first such request; else the
   * proxy's own.
   */
  private statelessView(): StatelessView | null {
    const { upstreams, logger } = this.options;
    if (this.view || !upstreams.httpEndpoint) return this.view;
    const servers = new StatelessUpstreams(upstreams, logger);
    const directory = statelessDirectoryView(upstreams, servers, logger);
    const index = new ToolIndex(directory, logger);
    const catalog = this.options.catalog ? new CatalogIndex(directory, logger) : undefined;
    // A first read, so that the first change is heard as one (see ToolIndex).
    void index.refresh().catch(() => undefined);
    void catalog?.refresh().catch(() => undefined);
    const { subscriptions } = this.options;
    this.view = {
      deps: { ...this.options, upstreams: directory, index, ...(catalog ? { catalog } : {}) },
      routes: new StatelessRoutes(servers, new UpstreamRequestStates(this.options.upstreamStateTtlMs ?? 5 * 60_000)),
      listens: new ListenStreams({ index, ...(catalog ? { catalog } : {}), ...(subscriptions ? { subscriptions } : {}), logger }),
      close: () => {
        this.view?.listens.close();
        index.close();
        catalog?.close();
      },
    };
    return this.view;
  }

  async handle(req: IncomingMessage, res: ServerResponse, caller: Caller, parsed: unknown): Promise<void> {
    const responder = new StatelessResponder(req, res);
    if (Array.isArray(parsed))
      return responder.error(400, null, ErrorCode.InvalidRequest, 'Invalid Request: a POST of the stateless revision carries exactly one JSON-RPC message.');
    if (isJSONRPCNotification(parsed) || isJSONRPCResultResponse(parsed) || isJSONRPCErrorResponse(parsed)) return responder.accepted();
    if (!isJSONRPCRequest(parsed)) return responder.error(400, null, ErrorCode.InvalidRequest, 'Invalid Request: not a JSON-RPC 2.0 request.');
    const request = parsed;
    const context = readRequestMeta(request);
    if ('invalid' in context) return responder.error(400, request.id, ErrorCode.InvalidParams, context.invalid);
    const mismatch = headerMismatch(req, request, context);
    if (mismatch) return responder.error(400, request.id, statelessErrorCode.headerMismatch, mismatch);
    if (!statelessRevisions.includes(context.protocolVersion)) {
      return responder.error(400, request.id, statelessErrorCode.unsupportedProtocolVersion, `Unsupported protocol version: ${context.protocolVersion}.`, {
        supported: [...statelessRevisions],
        requested: context.protocolVersion,
      });
    }
    const filter = sessionFilterOf(req);
    if ('problem' in filter) return responder.error(400, request.id, ErrorCode.InvalidParams, filter.problem);
    if (removedMethods.has(request.method)) {
      return responder.error(404, request.id, ErrorCode.MethodNotFound, `Method not found: ${request.method} is not part of MCP ${context.protocolVersion}.`);
    }
    if (request.method === 'server/discover') return this.discover(responder, request, caller, context, filter);
    if (request.method === 'subscriptions/listen') {
      const notifications = (request.params as { notifications?: ListenFilter } | undefined)?.notifications ?? {};
      return (this.statelessView()?.listens ?? this.options.listens).open(responder, request.id, notifications);
    }
    const shape = forwarded.get(request.method);
    if (!shape) return responder.error(404, request.id, ErrorCode.MethodNotFound, `Method not found: ${request.method}.`);
    const params = (request.params ?? {}) as Record<string, unknown>;
    const target = targetOf(request.method, params);
    const state = typeof params.requestState === 'string' ? params.requestState : undefined;
    const inputs = typeof params.inputResponses === 'object' && params.inputResponses !== null ? (params.inputResponses as Record<string, unknown>) : {};
    const view = this.statelessView();
    const deps = view?.deps ?? this.options;
    const routed = await view?.routes.routeOf(request.method, target, state, caller, filter.view(deps));
    if (routed && 'refused' in routed) return responder.error(400, request.id, ErrorCode.InvalidParams, routed.refused);
    if (routed && view) return forwardTo2026({ ...this.options, states: view.routes.states }, responder, request, caller, context, routed, shape.cacheable);

    let exchange: Exchange;
    let awaiting: SuspendedRequest['awaiting'] = new Map();
    if (state !== undefined && shape.mayRequestInput) {
      const resumed = this.options.suspended.resume(state, caller.viewer.userId, request.method, target);
      if ('refused' in resumed) return responder.error(400, request.id, ErrorCode.InvalidParams, resumed.refused);
      exchange = resumed.exchange;
      awaiting = resumed.awaiting;
      for (const [key, pending] of [...awaiting]) {
        const answer = inputs[key];
        if (typeof answer !== 'object' || answer === null) continue;
        awaiting.delete(key);
        await exchange.answer(pending.id, { result: answer as Record<string, unknown> });
      }
      // Answers missing: the same requests again (the client may have dropped one).
      if (awaiting.size > 0) return this.askForInput(responder, request, caller, exchange, awaiting);
    } else {
      exchange = await Exchange.open(createSessionServer(deps, filter), authInfoFor(caller), context);
      await exchange.send(request.method, statefulParams(params));
    }
    await this.pump(responder, request, caller, context, exchange, shape);
  }

  close(): void {
    this.options.suspended.close();
    this.options.listens.close();
    this.view?.close();
  }

  private async discover(
    responder: StatelessResponder,
    request: JSONRPCRequest,
    caller: Caller,
    context: StatelessContext,
    filter: SessionFilter,
  ): Promise<void> {
    const exchange = await Exchange.open(createSessionServer(this.options, filter), authInfoFor(caller), context);
    await exchange.close();
    const capabilities = { ...exchange.offered.capabilities };
    for (const name of statefulOnlyCapabilities) delete capabilities[name];
    responder.result(request.id, {
      supportedVersions: [...statelessRevisions],
      capabilities,
      ...(exchange.offered.instructions ? { instructions: exchange.offered.instructions } : {}),
      ...cachingHints,
    });
  }

  /** Passes on what the session server sends until the answer, or until it asks the client for input. */
  private async pump(
    responder: StatelessResponder,
    request: JSONRPCRequest,
    caller: Caller,
    context: StatelessContext,
    exchange: Exchange,
    shape: { mayRequestInput: boolean; cacheable: boolean },
  ): Promise<void> {
    let settled = false;
    responder.onClientGone(() => {
      if (!settled) void exchange.cancel('The client closed its connection.');
    });
    for (;;) {
      const event = await exchange.next();
      if (event.kind === 'notification') {
        const method = event.message.method;
        // Only what belongs to this request: its progress and (with a log level set) its log messages.
        if (method === 'notifications/progress' || (method === 'notifications/message' && context.logLevel)) responder.notify(event.message);
        continue;
      }
      if (event.kind === 'result') {
        settled = true;
        await exchange.close();
        return responder.result(request.id, { ...event.result, ...(shape.cacheable ? cachingHints : {}) });
      }
      if (event.kind === 'error') {
        settled = true;
        await exchange.close();
        return responder.error(200, request.id, event.error.code, event.error.message, event.error.data);
      }
      const inputs: Extract<ExchangeEvent, { kind: 'input' }>[] = [];
      for (const input of [event, ...this.queuedInputs(exchange)]) {
        const automatic = automaticAnswer(input.request.method, context.capabilities);
        if (automatic) await exchange.answer(input.request.id, automatic);
        else inputs.push(input);
      }
      if (inputs.length === 0) continue;
      const missing = missingCapabilities(inputs, context.capabilities);
      if (!shape.mayRequestInput || Object.keys(missing).length > 0) {
        settled = true;
        for (const input of inputs) {
          await exchange.answer(input.request.id, {
            error: { code: statelessErrorCode.missingClientCapability, message: 'The client did not declare the capability this request needs.' },
          });
        }
        await exchange.cancel("The client cannot answer the server's request.");
        if (!shape.mayRequestInput)
          return responder.error(
            200,
            request.id,
            ErrorCode.InternalError,
            `The server asked the client for input during ${request.method}, which cannot carry input requests.`,
          );
        return responder.error(
          400,
          request.id,
          statelessErrorCode.missingClientCapability,
          'Missing required client capability: the server needs it to answer this request.',
          {
            requiredCapabilities: missing,
          },
        );
      }
      const awaiting: SuspendedRequest['awaiting'] = new Map();
      for (const input of inputs) {
        awaiting.set(`input-${String(input.request.id)}`, {
          id: input.request.id,
          request: { method: input.request.method, ...(input.request.params ? { params: input.request.params } : {}) },
        });
      }
      settled = true;
      return this.askForInput(responder, request, caller, exchange, awaiting);
    }
  }

  /** Input requests the server sent together with the first (e.g. from a Promise.all), already queued. */
  private queuedInputs(exchange: Exchange): Extract<ExchangeEvent, { kind: 'input' }>[] {
    const inputs: Extract<ExchangeEvent, { kind: 'input' }>[] = [];
    for (let event = exchange.poll(); event; event = exchange.poll()) {
      if (event.kind === 'input') inputs.push(event);
      else {
        exchange.putBack(event);
        break;
      }
    }
    return inputs;
  }

  private askForInput(
    responder: StatelessResponder,
    request: JSONRPCRequest,
    caller: Caller,
    exchange: Exchange,
    awaiting: SuspendedRequest['awaiting'],
  ): void {
    const params = (request.params ?? {}) as Record<string, unknown>;
    const requestState = this.options.suspended.suspend({
      exchange,
      userId: caller.viewer.userId,
      method: request.method,
      target: targetOf(request.method, params),
      awaiting,
    });
    const inputRequests = Object.fromEntries([...awaiting].map(([key, pending]) => [key, pending.request]));
    responder.result(request.id, { inputRequests, requestState }, 'input_required');
  }
}

/** The caching hints of the revision: lists and reads may change at any time (a server starts, a policy changes) and depend on the caller. */
const cachingHints = { ttlMs: 0, cacheScope: 'private' } as const;

/** What Mcp-Name names for a method (tools/call and prompts/get: the name; resources/read: the URI). */
function targetOf(method: string, params: Record<string, unknown>): string {
  if (method === 'tools/call' || method === 'prompts/get') return typeof params.name === 'string' ? params.name : '';
  if (method === 'resources/read') return typeof params.uri === 'string' ? params.uri : '';
  return '';
}

/** Why the headers disagree with the body, if they do (MCP-Protocol-Version always; Mcp-Method and Mcp-Name when sent). */
function headerMismatch(req: IncomingMessage, request: JSONRPCRequest, context: StatelessContext): string | undefined {
  const version = headerValue(req, 'mcp-protocol-version');
  if (version !== context.protocolVersion) {
    return `Header mismatch: MCP-Protocol-Version is ${version === undefined ? 'missing' : `"${version}"`}, but _meta["${metaKey.protocolVersion}"] is "${context.protocolVersion}".`;
  }
  const method = headerValue(req, 'mcp-method');
  if (method !== undefined && method !== request.method) return `Header mismatch: Mcp-Method is "${method}", but the request's method is "${request.method}".`;
  const name = headerValue(req, 'mcp-name');
  const target = targetOf(request.method, request.params ?? {});
  if (name !== undefined && target !== '' && name !== target) return `Header mismatch: Mcp-Name is "${name}", but the request names "${target}".`;
  return undefined;
}

/**
 * What the proxy answers for the client without asking it: a server's ping; roots/list from a client that
 * declared no roots (it has none to offer, as a stateful client without the capability); a request that is
 * not one the revision lets a client answer.
 */
function automaticAnswer(
  method: string,
  declared: ClientCapabilities,
): { result: Record<string, unknown> } | { error: { code: number; message: string } } | undefined {
  if (method === 'ping') return { result: {} };
  if (method === 'roots/list' && !declared.roots) return { result: { roots: [] } };
  if (capabilityFor(method) === undefined)
    return { error: { code: ErrorCode.MethodNotFound, message: `A client of MCP 2026-07-28 does not answer ${method}.` } };
  return undefined;
}

function missingCapabilities(inputs: Extract<ExchangeEvent, { kind: 'input' }>[], declared: ClientCapabilities): Record<string, object> {
  const missing: Record<string, object> = {};
  for (const input of inputs) {
    // automaticAnswer has already answered every method that needs no capability.
    const capability = capabilityFor(input.request.method);
    if (capability !== undefined && !declared[capability]) missing[capability] = {};
  }
  return missing;
}
