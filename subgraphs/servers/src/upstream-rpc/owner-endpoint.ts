import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { McpError, type LoggingMessageNotification, type Progress } from '@modelcontextprotocol/sdk/types.js';
import { BodyTooLargeError, ConflictError, NotFoundError, readBody, sendJson, type EventBus, type InternalRequestKey, type Logger, type RouteHandler } from '@mcp-portal/kit';
import { topics, upstreamRpcPath, upstreamsPath } from '@mcp-portal/schema';
import { inProcessUpstreams, type InProcessUpstreams, type ToolPolicySource } from '../gateway-upstreams.ts';
import type { Leadership } from '../services/lifecycle/leadership.ts';
import type { Supervisor } from '../services/lifecycle/supervisor.ts';
import { ndjson, upstreamRpcBodySchema, upstreamRpcQuerySchema, type UpstreamRpcLine, type UpstreamRpcRequest } from './contract.ts';

/** The largest request carried (tool arguments); the gateway-proxy's own limit is 4 MiB by default. */
const maxBodyBytes = 64 * 1024 * 1024;
/** A blank line this often keeps a long call's answer from looking idle to the caller's HTTP client. */
const keepAliveMs = 30_000;

interface OpenCall {
  serverId: string;
  send(line: UpstreamRpcLine): void;
}

/**
 * The lifecycle owner's side of the internal upstream endpoint (contract.ts): gateway-proxies and the other
 * replicas reach the running servers' MCP sessions through it. Every request must be signed
 * (InternalRequestKey, checked before anything else is read); only the replica holding the lifecycle lease
 * answers, the others say 421 and name the owner. The calls go through the same in-process directory as the
 * gateway-proxy of `npm start` (one of its own, made at the first request: a replica nobody asks keeps none).
 * A server's log messages go to the oldest call under way on it; its prompts/resources list_changed is
 * announced on the event bus (serverContentChanged).
 */
export class UpstreamOwnerEndpoint {
  private directory: Promise<InProcessUpstreams> | null = null;
  private readonly calls: OpenCall[] = [];
  private stopWatching: (() => void)[] = [];

  constructor(
    private readonly key: InternalRequestKey,
    private readonly leadership: Leadership,
    private readonly supervisor: Supervisor,
    private readonly events: EventBus,
    private readonly logger: Logger,
    /** The tool policies listed with each server. */
    private readonly toolPolicies?: ToolPolicySource,
  ) {}

  routes(): Record<string, RouteHandler> {
    return { [upstreamsPath]: (req, res) => this.list(req, res), [upstreamRpcPath]: (req, res, url) => this.rpc(req, res, url) };
  }

  /** Requests being carried now. */
  get openCalls(): number {
    return this.calls.length;
  }

  async close(): Promise<void> {
    for (const stop of this.stopWatching) stop();
    this.stopWatching = [];
    const directory = this.directory;
    this.directory = null;
    await (await directory?.catch(() => null))?.close();
  }

  private async list(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET') return sendJson(res, 405, { error: 'method_not_allowed' });
    if (!this.key.verify(req)) return sendJson(res, 401, { error: 'unauthorized' });
    if (!this.leadership.isLeader) return this.misdirected(res);
    const directory = await this.open();
    res.setHeader('cache-control', 'no-store');
    sendJson(res, 200, { servers: await directory.list() });
  }

  private async rpc(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'method_not_allowed' });
    if (!this.key.verify(req)) return sendJson(res, 401, { error: 'unauthorized' });
    const query = upstreamRpcQuerySchema.safeParse(Object.fromEntries(url.searchParams));
    if (!query.success) return sendJson(res, 400, { error: 'invalid_request', message: 'serverId and digest are required.' });
    if (!this.leadership.isLeader) return this.misdirected(res);
    let text: string;
    try {
      text = await readBody(req, maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return sendJson(res, 413, { error: 'payload_too_large' });
      throw error;
    }
    // The signature covers the digest; the digest covers the body.
    if (createHash('sha256').update(text).digest('hex') !== query.data.digest) return sendJson(res, 401, { error: 'unauthorized', message: 'The body is not the one signed.' });
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return sendJson(res, 400, { error: 'invalid_request', message: 'The body is not JSON.' });
    }
    const body = upstreamRpcBodySchema.safeParse(json);
    if (!body.success) return sendJson(res, 400, { error: 'invalid_request', message: body.error.issues[0]?.message ?? 'invalid body' });
    const directory = await this.open();

    res.writeHead(200, { 'content-type': ndjson, 'cache-control': 'no-store' });
    res.flushHeaders();
    const aborted = new AbortController();
    res.once('close', () => aborted.abort());
    const call: OpenCall = { serverId: query.data.serverId, send: (line) => void (res.writableEnded || res.destroyed ? undefined : res.write(`${JSON.stringify(line)}\n`)) };
    this.calls.push(call);
    const keepAlive = setInterval(() => void (res.writableEnded || res.destroyed ? undefined : res.write('\n')), keepAliveMs);
    try {
      const onProgress = body.data.progress ? (progress: Progress) => call.send({ type: 'progress', progress }) : undefined;
      const result = await this.carry(directory, query.data.serverId, body.data.request, { signal: aborted.signal, onProgress });
      call.send({ type: 'result', result });
    } catch (error) {
      if (!aborted.signal.aborted) call.send({ type: 'error', error: this.failure(error, query.data.serverId, body.data.request.method) });
    } finally {
      clearInterval(keepAlive);
      this.calls.splice(this.calls.indexOf(call), 1);
      res.end();
    }
  }

  private async carry(
    directory: InProcessUpstreams,
    serverId: string,
    request: UpstreamRpcRequest,
    options: { signal: AbortSignal; onProgress?: (progress: Progress) => void },
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
    }
  }

  private failure(error: unknown, serverId: string, method: string): Extract<UpstreamRpcLine, { type: 'error' }>['error'] {
    if (error instanceof ConflictError) return { kind: 'not_running', message: error.message };
    if (error instanceof NotFoundError) return { kind: 'not_found', message: error.message };
    if (error instanceof McpError) {
      // McpError's message starts with "MCP error <code>: "; the client's McpError adds it again.
      return { kind: 'mcp', message: error.message.replace(/^MCP error -?\d+: /, ''), code: error.code, ...(error.data === undefined ? {} : { data: error.data }) };
    }
    this.logger.error({ err: error, serverId, method }, 'an upstream request failed');
    return { kind: 'failed', message: 'The request to the server failed.' };
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
        directory.onContentChange(() => {
          this.events.publish(topics.serverContentChanged, { at: new Date().toISOString() }).catch((error: unknown) => {
            this.logger.warn({ err: error }, 'could not announce a server\'s changed prompts or resources');
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
