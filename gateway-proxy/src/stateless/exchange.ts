import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import {
  LATEST_PROTOCOL_VERSION,
  isJSONRPCErrorResponse,
  isJSONRPCNotification,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  type JSONRPCMessage,
  type JSONRPCNotification,
  type JSONRPCRequest,
  type RequestId,
} from '@modelcontextprotocol/sdk/types.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { StatelessContext } from './protocol.ts';

/** What the session server produced for the request, in order. */
export type ExchangeEvent =
  | { kind: 'notification'; message: JSONRPCNotification }
  /** A server→client request (sampling, elicitation, roots) the client must answer before the result. */
  | { kind: 'input'; request: JSONRPCRequest }
  | { kind: 'result'; result: Record<string, unknown> }
  | { kind: 'error'; error: { code: number; message: string; data?: unknown } };

const ownRequestId = 'stateless';

/**
 * One stateless request carried through the proxy's own session server (the one every stateful client
 * session gets), over an in-memory transport: the gateway-proxy's routing, policy, audit and checks apply
 * unchanged. The exchange plays the client: it initializes the session server with 2025-11-25, declaring
 * every client capability (the stateless endpoint decides what the client itself declared), sets the
 * request's log level if it gave one, sends the request, and hands out what comes back as events. It
 * outlives one HTTP request when the server asks for input (sampling, elicitation, roots): the answers
 * of the client's retry are then passed back with `answer`.
 */
export class Exchange {
  private readonly queue: ExchangeEvent[] = [];
  private waiting: ((event: ExchangeEvent) => void) | null = null;
  private finished = false;
  /** What the session server answered to initialize: its capabilities and instructions. */
  offered: { capabilities: Record<string, unknown>; instructions?: string } = { capabilities: {} };

  private constructor(
    private readonly server: Server,
    private readonly transport: InMemoryTransport,
    private readonly authInfo: AuthInfo,
  ) {}

  static async open(server: Server, authInfo: AuthInfo, context: StatelessContext): Promise<Exchange> {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const exchange = new Exchange(server, clientSide, authInfo);
    const handshake = new Map<RequestId, (message: JSONRPCMessage) => void>();
    clientSide.onmessage = (message) => {
      if ((isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message)) && message.id !== undefined && handshake.has(message.id)) {
        handshake.get(message.id)?.(message);
        handshake.delete(message.id);
        return;
      }
      exchange.receive(message);
    };
    await server.connect(serverSide);
    await clientSide.start();
    const call = (id: string, method: string, params: Record<string, unknown>) =>
      new Promise<JSONRPCMessage>((resolve) => {
        handshake.set(id, resolve);
        void clientSide.send({ jsonrpc: '2.0', id, method, params }, { authInfo });
      });
    const answer = await call('initialize', 'initialize', {
      protocolVersion: LATEST_PROTOCOL_VERSION,
      capabilities: { sampling: {}, elicitation: { form: {}, url: {} }, roots: { listChanged: false } },
      clientInfo: context.clientInfo,
    });
    if (isJSONRPCErrorResponse(answer)) throw new Error(`the session server refused to initialize: ${answer.error.message}`);
    if (isJSONRPCResultResponse(answer)) {
      const { capabilities, instructions } = answer.result as { capabilities?: Record<string, unknown>; instructions?: string };
      exchange.offered = { capabilities: capabilities ?? {}, ...(instructions ? { instructions } : {}) };
    }
    await clientSide.send({ jsonrpc: '2.0', method: 'notifications/initialized' }, { authInfo });
    if (context.logLevel) await call('loglevel', 'logging/setLevel', { level: context.logLevel });
    return exchange;
  }

  /** Sends the client's request (its stateful form). */
  async send(method: string, params: Record<string, unknown> | undefined): Promise<void> {
    await this.transport.send({ jsonrpc: '2.0', id: ownRequestId, method, ...(params ? { params } : {}) }, { authInfo: this.authInfo });
  }

  /** Answers one of the server's input requests (with the client's result, or an error). */
  async answer(id: RequestId, outcome: { result: Record<string, unknown> } | { error: { code: number; message: string } }): Promise<void> {
    await this.transport.send({ jsonrpc: '2.0', id, ...outcome }, { authInfo: this.authInfo });
  }

  /** The next event; the result or error is the last. */
  next(): Promise<ExchangeEvent> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => (this.waiting = resolve));
  }

  /** An event already queued, without waiting (to gather input requests sent together). */
  poll(): ExchangeEvent | undefined {
    return this.queue.shift();
  }

  /** Puts a polled event back at the front. */
  putBack(event: ExchangeEvent): void {
    this.queue.unshift(event);
  }

  /** The client went away: the request is cancelled (the server passes the cancellation upstream). */
  async cancel(reason: string): Promise<void> {
    if (!this.finished) {
      await this.transport
        .send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: ownRequestId, reason } }, { authInfo: this.authInfo })
        .catch(() => undefined);
    }
    await this.close();
  }

  async close(): Promise<void> {
    this.finished = true;
    await this.server.close().catch(() => undefined);
  }

  private receive(message: JSONRPCMessage): void {
    let event: ExchangeEvent | undefined;
    if (isJSONRPCResultResponse(message) && message.id === ownRequestId) event = { kind: 'result', result: message.result };
    else if (isJSONRPCErrorResponse(message) && message.id === ownRequestId) event = { kind: 'error', error: message.error };
    else if (isJSONRPCRequest(message)) event = { kind: 'input', request: message };
    else if (isJSONRPCNotification(message)) event = { kind: 'notification', message };
    if (!event) return;
    if (event.kind === 'result' || event.kind === 'error') this.finished = true;
    const waiting = this.waiting;
    this.waiting = null;
    if (waiting) waiting(event);
    else this.queue.push(event);
  }
}
