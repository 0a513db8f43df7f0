import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JSONRPCNotification, RequestId } from '@modelcontextprotocol/sdk/types.js';
import { proxyServerInfo } from '../server-info.ts';
import { metaKey } from './protocol.ts';

/**
 * Writes the answer to one stateless POST: a JSON body with the status the revision requires, or — once a
 * notification of the request (progress, a log message) has to go out first, and the client accepts it —
 * an SSE stream that carries the notifications and then the answer. Every result names its `resultType`
 * and the proxy (`_meta["io.modelcontextprotocol/serverInfo"]`).
 */
export class StatelessResponder {
  private streaming = false;
  private readonly acceptsStream: boolean;

  constructor(
    req: IncomingMessage,
    private readonly res: ServerResponse,
  ) {
    this.acceptsStream = String(req.headers.accept ?? '').includes('text/event-stream');
  }

  get ended(): boolean {
    return this.res.writableEnded;
  }

  accepted(): void {
    this.res.writeHead(202).end();
  }

  onClientGone(listener: () => void): void {
    this.res.once('close', () => {
      if (!this.res.writableFinished) listener();
    });
  }

  /** A notification before the answer; dropped for a client that only accepts JSON. */
  notify(message: JSONRPCNotification): void {
    if (!this.acceptsStream || this.ended) return;
    this.startStream();
    this.res.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
  }

  /** Opens an SSE stream for a long-lived answer (subscriptions/listen). */
  startStream(): void {
    if (this.streaming) return;
    this.streaming = true;
    this.res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive' });
    this.res.flushHeaders();
  }

  /** Writes a comment line (keeps idle connections open through proxies). */
  keepAlive(): void {
    if (this.streaming && !this.ended) this.res.write(': keep-alive\n\n');
  }

  result(id: RequestId, result: Record<string, unknown>, resultType: 'complete' | 'input_required' = 'complete'): void {
    const meta = typeof result._meta === 'object' && result._meta !== null ? result._meta : {};
    this.finish(200, {
      jsonrpc: '2.0',
      id,
      result: { ...result, resultType, _meta: { ...meta, [metaKey.serverInfo]: { name: proxyServerInfo.name, version: proxyServerInfo.version } } },
    });
  }

  error(status: number, id: RequestId | null, code: number, message: string, data?: unknown): void {
    this.finish(status, { jsonrpc: '2.0', id, error: { code, message, ...(data === undefined ? {} : { data }) } });
  }

  private finish(status: number, message: unknown): void {
    if (this.ended) return;
    const body = JSON.stringify(message);
    if (this.streaming) {
      this.res.end(`event: message\ndata: ${body}\n\n`);
      return;
    }
    this.res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    this.res.end(body);
  }
}
