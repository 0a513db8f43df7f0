import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode, McpError, type LoggingMessageNotification, type Progress } from '@modelcontextprotocol/sdk/types.js';
import {
  BodyTooLargeError,
  ConflictError,
  NotFoundError,
  readBody,
  sendJson,
  type EventBus,
  type InternalRequestKey,
  type Logger,
  type RouteHandler,
} from '@mcp-portal/kit';
import { topics, upstreamAnswerPath, upstreamRpcPath, upstreamsPath } from '@mcp-portal/schema';
import { inProcessUpstreams, type InProcessUpstreams, type ToolPolicySource } from '../gateway-upstreams.ts';
import type { Leadership } from '../services/lifecycle/leadership.ts';
import type { Supervisor } from '../services/lifecycle/supervisor.ts';
import {
  ndjson,
  upstreamAnswerBodySchema,
  upstreamAnswerQuerySchema,
  upstreamRpcBodySchema,
  upstreamRpcQuerySchema,
  type UpstreamRpcLine,
  type UpstreamRpcRequest,
} from './contract.ts';
import { OwnerServerRequests, type CarriedCall } from './owner-server-requests.ts';
import { OwnerSubscriptions } from './owner-subscriptions.ts';

/** The largest request carried (tool arguments); the gateway-proxy's own limit is 4 MiB by default. */
const maxBodyBytes = 64 * 1024 * 1024;
/** A blank line this often keeps a long call's answer from looking idle to the caller's HTTP client. */
const keepAliveMs = 30_000;
/** The largest answer to a server's request (a sampled message with an image, say). */
const maxAnswerBytes = 16 * 1024 * 1024;

/**
 * The lifecycle owner's side of the internal upstream endpoint (contract.ts): gateway-proxies and the other
 * replicas reach the running servers' MCP sessions through it. Every request must be signed
 * (InternalRequestKey, checked before anything else is read); only the replica holding the lifecycle lease
 * answers, the others say 421 and name the owner. The calls go through the same in-process directory as the
 * gateway-proxy of `npm start` (one of its own, made at the first request: a replica nobody asks keeps none).
 * A server's log messages go to the oldest call under way on it; its prompts/resources list_changed is
 * announced on the event bus (serverContentChanged). Its sampling, elicitation and roots requests stream to
 * the caller with calls under way on it, whose answer comes back signed to `upstreamAnswerPath`
 * (owner-server-requests.ts); callers' resource subscriptions are held in owner-subscriptions.ts.
 */
export class UpstreamOwnerEndpoint {
  private directory: Promise<InProcessUpstreams> | null = null;
  private readonly calls: CarriedCall[] = [];
  private stopWatching: (() => void)[] = [];
  private readonly serverRequests = new OwnerServerRequests(() => this.calls);
  private readonly subscriptions: OwnerSubscriptions;
  /** Names this owner in the connections it lists, so that a connection of another owner is never taken for one of its own. */
  private readonly instance = randomUUID();

  constructor(
    private readonly key: InternalRequestKey,
    private readonly leadership: Leadership,
    private readonly supervisor: Supervisor,
    private readonly events: EventBus,
    private readonly logger: Logger,
    /** The tool policies listed with each server. */
    private readonly toolPolicies?: ToolPolicySource,
  ) {
    this.subscriptions = new OwnerSubscriptions(() => this.open(), events, logger);
  }

  routes(): Record<string, RouteHandler> {
    return {
      [upstreamsPath]: (req, res) => this.list(req, res),
      [upstreamRpcPath]: (req, res, url) => this.rpc(req, res, url),
      [upstreamAnswerPath]: (req, res, url) => this.answer(req, res, url),
    };
  }

  /** Requests being carried now. */
  get openCalls(): number {
    return this.calls.length;
  }

  /** Servers' requests streamed to callers and not answered yet. */
  get pendingServerRequests(): number {
    return this.serverRequests.pending;
  }

  /** The URIs callers hold subscribed on a server. */
  subscribedResources(serverId: string): string[] {
    return this.subscriptions.subscribedOn(serverId);
  }

  async close(): Promise<void> {
    this.subscriptions.close();
    for (const stop of this.stopWatching) stop();
    this.stopWatching = [];
    const directory = this.directory;
    this.directory = null;
    await (await directory?.catch(() => null))?.close();
  }

  private async list(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET') return sendJson(res, 405, { error: 'method_not_allowed' });
    if (!(await this.admitted(req, res))) return;
    const directory = await this.open();
    res.setHeader('cache-control', 'no-store');
    const servers = await directory.list();
    const withEndpoints = await Promise.all(
      servers.map(async (server) => {
        // A server that signs in with OAuth is listed with its authorization and no endpoint: its callers reach it themselves.
        if (server.authorization) return server;
        const endpoint = await directory.httpEndpoint(server.id).catch((error: unknown) => ({ unavailable: String(error) }));
        return 'unavailable' in endpoint
          ? server
          : { ...server, http: { url: endpoint.url, connection: `${this.instance}:${endpoint.connection}`, timeoutMs: endpoint.timeoutMs } };
      }),
    );
    sendJson(res, 200, { servers: withEndpoints });
  }

  private async rpc(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'method_not_allowed' });
    if (!this.key.authentic(req)) return sendJson(res, 401, { error: 'unauthorized' });
    const query = upstreamRpcQuerySchema.safeParse(Object.fromEntries(url.searchParams));
    if (!query.success) return sendJson(res, 400, { error: 'invalid_request', message: 'serverId and digest are required.' });
    if (!(await this.admitted(req, res))) return;
    const json = await this.signedJson(req, res, query.data.digest, maxBodyBytes);
    if (json === undefined) return;
    const body = upstreamRpcBodySchema.safeParse(json);
    if (!body.success) return sendJson(res, 400, { error: 'invalid_request', message: body.error.issues[0]?.message ?? 'invalid body' });
    const directory = await this.open();

    res.writeHead(200, { 'content-type': ndjson, 'cache-control': 'no-store' });
    res.flushHeaders();
    const aborted = new AbortController();
    const ended = new AbortController();
    res.once('close', () => aborted.abort());
    const call: CarriedCall = {
      serverId: query.data.serverId,
      ...(body.data.caller ? { caller: body.data.caller } : {}),
      ...(body.data.answerKeyDigest ? { answerKeyDigest: body.data.answerKeyDigest } : {}),
      ended: AbortSignal.any([aborted.signal, ended.signal]),
      send: (line) => void (res.writableEnded || res.destroyed ? undefined : res.write(`${JSON.stringify(line)}\n`)),
    };
    this.calls.push(call);
    const keepAlive = setInterval(() => void (res.writableEnded || res.destroyed ? undefined : res.write('\n')), keepAliveMs);
    try {
      const onProgress = body.data.progress ? (progress: Progress) => call.send({ type: 'progress', progress }) : undefined;
      const result = await this.carry(directory, query.data.serverId, body.data.request, { signal: aborted.signal, onProgress, caller: body.data.caller });
      call.send({ type: 'result', result });
    } catch (error) {
      if (!aborted.signal.aborted) call.send({ type: 'error', error: this.failure(error, query.data.serverId, body.data.request.method) });
    } finally {
      clearInterval(keepAlive);
      this.calls.splice(this.calls.indexOf(call), 1);
      // The server's requests still waiting on this call are cancelled (the caller is told before the end).
      ended.abort();
      res.end();
    }
  }

  /** A caller's answer to a server's request streamed on one of its calls. */
  private async answer(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'method_not_allowed' });
    if (!this.key.verify(req)) return sendJson(res, 401, { error: 'unauthorized' });
    const query = upstreamAnswerQuerySchema.safeParse(Object.fromEntries(url.searchParams));
    if (!query.success) return sendJson(res, 400, { error: 'invalid_request', message: 'digest is required.' });
    const json = await this.signedJson(req, res, query.data.digest, maxAnswerBytes);
    if (json === undefined) return;
    const body = upstreamAnswerBodySchema.safeParse(json);
    if (!body.success) return sendJson(res, 400, { error: 'invalid_request', message: body.error.issues[0]?.message ?? 'invalid body' });
    // One answer for an unknown id and for a wrong key: which ids wait is not told.
    if (!this.serverRequests.answer(body.data))
      return sendJson(res, 404, {
        error: 'not_found',
        message: 'No request with this id waits for an answer from this caller (it was answered, cancelled, or its call ended).',
      });
    sendJson(res, 200, {});
  }

  /** The body, when it is the signed one (its digest) and JSON; otherwise the refusal is sent and undefined returned. */
  private async signedJson(req: IncomingMessage, res: ServerResponse, digest: string, limit: number): Promise<unknown> {
    let text: string;
    try {
      text = await readBody(req, limit);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return sendJson(res, 413, { error: 'payload_too_large' });
      throw error;
    }
    // The signature covers the digest; the digest covers the body.
    if (createHash('sha256').update(text).digest('hex') !== digest)
      return sendJson(res, 401, { error: 'unauthorized', message: 'The body is not the one signed.' });
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return sendJson(res, 400, { error: 'invalid_request', message: 'The body is not JSON.' });
    }
  }

  private async carry(
    directory: InProcessUpstreams,
    serverId: string,
    request: UpstreamRpcRequest,
    options: { signal: AbortSignal; onProgress?: (progress: Progress) => void; caller: string | undefined },
  ): Promise<Record<string, unknown>> {
    switch (request.method) {
      case 'tools/call':
        return directory.callTool(serverId, request.params.name, request.params.arguments ?? {}, options);
      case 'prompts/get':
        return directory.getPrompt(serverId, request.params.name, request.params.arguments ?? {}, options);
      case 'prompts/list':
        return { prompts: await directory.listPrompts(serverId) };
      case 'resources/list':
        return { resources: await directory.listResources(serverId) };
      case 'resources/templates/list':
        return { resourceTemplates: await directory.listResourceTemplates(serverId) };
      case 'resources/read':
        return directory.readResource(serverId, request.params.uri, options);
      case 'completion/complete':
        return directory.complete(serverId, request.params, options);
      case 'resources/subscribe':
        await this.subscriptions.subscribe(callerOf(options.caller), serverId, request.params.uri);
        return {};
      case 'resources/unsubscribe':
        await this.subscriptions.unsubscribe(callerOf(options.caller), serverId, request.params.uri);
        return {};
      case 'notifications/roots/list_changed':
        await directory.rootsChanged(serverId);
        return {};
    }
  }

  private failure(error: unknown, serverId: string, method: string): Extract<UpstreamRpcLine, { type: 'error' }>['error'] {
    if (error instanceof ConflictError) return { kind: 'not_running', message: error.message };
    if (error instanceof NotFoundError) return { kind: 'not_found', message: error.message };
    if (error instanceof McpError) {
      // McpError's message starts with "MCP error <code>: "; the client's McpError adds it again.
      return {
        kind: 'mcp',
        message: error.message.replace(/^MCP error -?\d+: /, ''),
        code: error.code,
        ...(error.data === undefined ? {} : { data: error.data }),
      };
    }
    this.logger.error({ err: error, serverId, method }, 'an upstream request failed');
    return { kind: 'failed', message: 'The request to the server failed.' };
  }

  /**
   * Whether a signed request may go on here: answered 401 when it is not signed by this deployment or was
   * accepted before (a replay), 421 naming the owner on a replica that does not run the lifecycle. A
   * misdirected request is not accepted, so that the client may send it again as it was.
   */
  private async admitted(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    if (!this.key.authentic(req)) {
      sendJson(res, 401, { error: 'unauthorized' });
      return false;
    }
    if (!this.leadership.isLeader) {
      await this.misdirected(res);
      return false;
    }
    if (!this.key.verify(req)) {
      sendJson(res, 401, { error: 'unauthorized' });
      return false;
    }
    return true;
  }

  private async misdirected(res: ServerResponse): Promise<void> {
    const owner = await this.leadership.owner().catch(() => null);
    sendJson(res, 421, { error: 'not_owner', message: 'This replica does not run the server lifecycle.', owner: owner?.internalUrl ?? null });
  }

  /** The in-process directory, made once, with its log messages and content changes passed on. */
  private open(): Promise<InProcessUpstreams> {
    this.directory ??= inProcessUpstreams(this.supervisor, this.events, this.toolPolicies).then((directory) => {
      this.stopWatching.push(
        directory.onLog((message) => this.deliverLog(message)),
        directory.onServerRequest(this.serverRequests.listener),
        directory.onResourceUpdated((update) => this.subscriptions.updated(update)),
        directory.onElicitationComplete((completion) => {
          this.events.publish(topics.serverElicitationCompleted, completion).catch((error: unknown) => {
            this.logger.warn({ err: error, serverId: completion.serverId }, "could not announce a server's completed URL elicitation");
          });
        }),
        directory.onContentChange(() => {
          this.events.publish(topics.serverContentChanged, { at: new Date().toISOString() }).catch((error: unknown) => {
            this.logger.warn({ err: error }, "could not announce a server's changed prompts or resources");
          });
        }),
      );
      return directory;
    });
    return this.directory;
  }

  private deliverLog(message: { serverId: string; params: LoggingMessageNotification['params'] }): void {
    this.calls.find((call) => call.serverId === message.serverId)?.send({ type: 'log', params: message.params });
  }
}

/** Subscriptions are held per caller: a request without one cannot hold any. */
function callerOf(caller: string | undefined): string {
  if (!caller) throw new McpError(ErrorCode.InvalidRequest, "A resource subscription through the lifecycle owner needs the caller's id.");
  return caller;
}
