import type { ServerResponse } from 'node:http';
import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  SUPPORTED_PROTOCOL_VERSIONS,
  DEFAULT_NEGOTIATED_PROTOCOL_VERSION,
  type JSONRPCMessage,
  type MessageExtraInfo,
  type RequestId,
} from '@modelcontextprotocol/sdk/types.js';
import type { SessionEventStore } from './event-store.ts';
import { isAnswerMessage, isInitializeMessage, isRequestMessage } from './json-rpc-shapes.ts';
import { sendRpcError, type RequestWithAuth } from './rpc-answers.ts';

export interface NodeStreamableHttpOptions {
  sessionIdGenerator: () => string;
  /** Keeps what the SSE streams sent, for clients that resume with Last-Event-ID. */
  eventStore: SessionEventStore;
  onsessioninitialized: (sessionId: string) => void;
  /** Interval of `: keepalive` comments on open SSE streams. */
  keepAliveMs?: number;
}

interface OpenStream {
  res: ServerResponse;
  /** Request ids answered on this stream (none for the GET stream). */
  requestIds: RequestId[];
  /** Events already sent again by a replay (not to be sent twice). */
  replayed?: Set<string>;
  keepAlive?: NodeJS.Timeout;
  /**
   * A POST stream whose answer form is not chosen yet (see openingHoldMs): its headers are not written, and
   * `resumable` says whether it gets a priming event when it becomes an SSE stream.
   */
  undecided?: { resumable: boolean };
  /** What is held back to go out with the stream's first event (its priming event). */
  pending: string;
  opening?: NodeJS.Timeout;
  /** Writes to the stream (after what was held back). */
  write(text: string): void;
  /** Ends the stream, with `finalEvent` as its last write. */
  end(finalEvent?: string): void;
}

const standaloneStreamId = '_GET_stream';
const maxBatchSize = 100;
const firstRevisionWithPriming = '2025-11-25';
/**
 * How long the answer to a POST with one request may wait before its form is chosen: answered within it with
 * nothing before the answer, it goes out as one `application/json` body (one write, no SSE for the client to
 * parse, nothing kept for replay); otherwise (a notification or request comes first, the wait ends, or a batch)
 * it becomes an SSE stream with its priming event, as the SDK's transport always answers.
 */
const openingHoldMs = 10;
const sseHeaders = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};

/**
 * The server side of MCP's Streamable HTTP transport written on Node's own request and response, for the
 * SDK's `Server`: the same wire behaviour as the SDK's `StreamableHTTPServerTransport` (406/415/400/404/409
 * answers, priming events for 2025-11-25 clients, one SSE stream per POST with requests that closes after
 * its last answer, the GET stream, Last-Event-ID replay, DELETE) without converting every request and
 * response to web streams and back, and without validating again what the endpoint has validated already:
 * `handleRequest` takes the POST body's messages as `readRpcMessages` checked them.
 */
export class NodeStreamableHttpTransport implements Transport {
  sessionId?: string;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;

  private readonly streams = new Map<string, OpenStream>();
  private readonly streamOfRequest = new Map<RequestId, string>();
  private readonly answers = new Map<RequestId, JSONRPCMessage>();
  private readonly resumable = new Set<string>();
  private streamSequence = 0;
  private initialized = false;
  private closed = false;

  constructor(private readonly options: NodeStreamableHttpOptions) {}

  async start(): Promise<void> {}

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const stream of [...this.streams.values()]) stream.end();
    this.streams.clear();
    this.answers.clear();
    this.resumable.clear();
    this.onclose?.();
  }

  async handleRequest(req: RequestWithAuth, res: ServerResponse, messages?: JSONRPCMessage[]): Promise<void> {
    if (this.closed) return sendRpcError(res, 404, -32001, 'Session not found');
    if (req.method === 'POST') return this.handlePost(req, res, messages ?? []);
    if (req.method === 'GET') return this.handleGet(req, res);
    if (req.method === 'DELETE') return this.handleDelete(req, res);
    sendRpcError(res, 405, -32000, 'Method not allowed.', { allow: 'GET, POST, DELETE' });
  }

  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    const isAnswer = isAnswerMessage(message);
    const requestId = isAnswer ? message.id : options?.relatedRequestId;
    if (requestId === undefined) {
      if (isAnswer) throw new Error('Cannot send a response on a standalone SSE stream unless resuming a previous client request');
      this.sendOn(standaloneStreamId, message, false);
      return;
    }
    const streamId = this.streamOfRequest.get(requestId);
    if (streamId === undefined) throw new Error(`No connection established for request ID: ${String(requestId)}`);
    if (!isAnswer) {
      this.sendOn(streamId, message, false);
      return;
    }
    this.answers.set(requestId, message);
    const requestIds = this.streams.get(streamId)?.requestIds ?? this.requestIdsOf(streamId);
    const complete = requestIds.every((id) => this.answers.has(id));
    // The last answer ends the stream in the same write.
    const delivered = this.sendOn(streamId, message, complete);
    if (!complete) return;
    for (const id of requestIds) {
      this.answers.delete(id);
      this.streamOfRequest.delete(id);
    }
    const wasResumable = this.resumable.delete(streamId);
    // The client's stream was cut: a client that can resume reads the answer from the event store.
    if (!delivered && !this.closed && !wasResumable) throw new Error(`No connection established for request ID: ${String(requestId)}`);
  }

  private async handlePost(req: RequestWithAuth, res: ServerResponse, messages: JSONRPCMessage[]): Promise<void> {
    const accept = req.headers.accept ?? '';
    if (!accept.includes('application/json') || !accept.includes('text/event-stream')) {
      return sendRpcError(res, 406, -32000, 'Not Acceptable: Client must accept both application/json and text/event-stream');
    }
    if (!isJsonContentType(req.headers['content-type'])) {
      return sendRpcError(res, 415, -32000, 'Unsupported Media Type: Content-Type must be application/json');
    }
    if (messages.length > maxBatchSize) return sendRpcError(res, 400, -32600, `Invalid Request: Batch must not exceed ${maxBatchSize} messages`);
    const initialize = messages.find(isInitializeMessage);
    if (initialize) {
      if (this.initialized) return sendRpcError(res, 400, -32600, 'Invalid Request: Server already initialized');
      if (messages.length > 1) return sendRpcError(res, 400, -32600, 'Invalid Request: Only one initialization request is allowed');
      this.sessionId = this.options.sessionIdGenerator();
      this.initialized = true;
      this.options.onsessioninitialized(this.sessionId);
    } else if (!this.acceptsSessionOf(req, res)) {
      return;
    }
    const extra: MessageExtraInfo = { authInfo: req.auth, requestInfo: { headers: req.headers } };
    const requests = messages.filter(isRequestMessage);
    if (requests.length === 0) {
      res.writeHead(202).end();
      for (const message of messages) this.onmessage?.(message, extra);
      return;
    }
    const revision = initialize ? initialize.params.protocolVersion : (headerOf(req, 'mcp-protocol-version') ?? DEFAULT_NEGOTIATED_PROTOCOL_VERSION);
    const streamId = `post-${++this.streamSequence}`;
    const stream = this.open(
      streamId,
      res,
      requests.map((request) => request.id),
    );
    for (const request of requests) this.streamOfRequest.set(request.id, streamId);
    const resumable = revision >= firstRevisionWithPriming;
    stream.undecided = { resumable };
    if (requests.length > 1) this.becomeSse(streamId, stream);
    this.holdOpening(streamId, stream);
    for (const message of messages) {
      const closing =
        resumable && isRequestMessage(message)
          ? { closeSSEStream: () => this.closeStreamOf(message.id), closeStandaloneSSEStream: () => this.streams.get(standaloneStreamId)?.end() }
          : {};
      this.onmessage?.(message, { ...extra, ...closing });
    }
  }

  private async handleGet(req: RequestWithAuth, res: ServerResponse): Promise<void> {
    if (!(req.headers.accept ?? '').includes('text/event-stream')) {
      return sendRpcError(res, 406, -32000, 'Not Acceptable: Client must accept text/event-stream');
    }
    if (!this.acceptsSessionOf(req, res)) return;
    const lastEventId = headerOf(req, 'last-event-id');
    if (lastEventId) return this.replay(lastEventId, res);
    if (this.streams.has(standaloneStreamId)) return sendRpcError(res, 409, -32000, 'Conflict: Only one SSE stream is allowed per session');
    this.writeSseHead(res);
    this.keepAlive(this.open(standaloneStreamId, res, []));
  }

  private async replay(lastEventId: string, res: ServerResponse): Promise<void> {
    const store = this.options.eventStore;
    const streamId = await store.getStreamIdForEventId(lastEventId);
    if (!streamId) return sendRpcError(res, 400, -32000, 'Invalid event ID format');
    if (this.streams.has(streamId)) return sendRpcError(res, 409, -32000, 'Conflict: Stream already has an active connection');
    this.writeSseHead(res);
    const replayed = new Set<string>();
    await store.replayEventsAfter(lastEventId, {
      send: async (eventId, message) => {
        if (res.writableEnded || res.destroyed) return;
        res.write(sseEvent(JSON.stringify(message), eventId));
        replayed.add(eventId);
      },
    });
    if (this.closed || res.destroyed) return void res.end();
    this.streams.get(streamId)?.end();
    const stream = this.open(streamId, res, this.requestIdsOf(streamId));
    stream.replayed = replayed;
    this.resumable.add(streamId);
    this.keepAlive(stream);
  }

  private async handleDelete(req: RequestWithAuth, res: ServerResponse): Promise<void> {
    if (!this.acceptsSessionOf(req, res)) return;
    res.writeHead(200).end();
    await this.close();
  }

  /** Checks the session id and the protocol version header; answers and returns false when they are wrong. */
  private acceptsSessionOf(req: RequestWithAuth, res: ServerResponse): boolean {
    if (!this.initialized) {
      sendRpcError(res, 400, -32000, 'Bad Request: Server not initialized');
      return false;
    }
    const sessionId = headerOf(req, 'mcp-session-id');
    if (!sessionId) {
      sendRpcError(res, 400, -32000, 'Bad Request: Mcp-Session-Id header is required');
      return false;
    }
    if (sessionId !== this.sessionId) {
      sendRpcError(res, 404, -32001, 'Session not found');
      return false;
    }
    const revision = headerOf(req, 'mcp-protocol-version');
    if (revision !== undefined && !SUPPORTED_PROTOCOL_VERSIONS.includes(revision)) {
      sendRpcError(res, 400, -32000, `Bad Request: Unsupported protocol version: ${revision} (supported versions: ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')})`);
      return false;
    }
    return true;
  }

  /**
   * Writes the message to its stream when open (ending the stream after it when `last`): the whole answer of an
   * undecided POST as JSON, anything else as an SSE event kept for replay. False when the stream is gone.
   */
  private sendOn(streamId: string, message: JSONRPCMessage, last: boolean): boolean {
    const data = JSON.stringify(message);
    const stream = this.streams.get(streamId);
    if (stream?.undecided) {
      if (last) return this.answerAsJson(stream, data);
      this.becomeSse(streamId, stream);
    }
    const eventId = this.options.eventStore.storeEventNow(streamId, message, data);
    if (!stream) return false;
    const event = stream.replayed?.has(eventId) ? undefined : sseEvent(data, eventId);
    if (last) stream.end(event);
    else if (event !== undefined && !stream.res.writableEnded) {
      stream.write(event);
      if (streamId !== standaloneStreamId) this.resumable.add(streamId);
    }
    return true;
  }

  /** The one answer of an undecided POST as its `application/json` body. */
  private answerAsJson(stream: OpenStream, data: string): boolean {
    stream.undecided = undefined;
    const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) };
    if (this.sessionId !== undefined) headers['mcp-session-id'] = this.sessionId;
    if (!stream.res.headersSent && !stream.res.writableEnded) stream.res.writeHead(200, headers);
    stream.end(data);
    return true;
  }

  /** Chooses SSE for an undecided POST: its headers, and its priming event held back to go out with what comes next. */
  private becomeSse(streamId: string, stream: OpenStream): void {
    if (!stream.undecided) return;
    const { resumable } = stream.undecided;
    stream.undecided = undefined;
    if (!stream.res.headersSent && !stream.res.writableEnded) stream.res.writeHead(200, this.sseHeaders());
    if (!resumable) return;
    const primingId = this.options.eventStore.storeEventNow(streamId, {} as JSONRPCMessage);
    stream.pending = `id: ${primingId}\ndata: \n\n`;
    this.resumable.add(streamId);
  }

  private open(streamId: string, res: ServerResponse, requestIds: RequestId[]): OpenStream {
    const held = () => {
      const text = stream.pending;
      stream.pending = '';
      if (stream.opening) clearTimeout(stream.opening);
      stream.opening = undefined;
      return text;
    };
    const stream: OpenStream = {
      res,
      requestIds,
      pending: '',
      write: (text) => {
        if (!res.writableEnded) res.write(held() + text);
      },
      end: (finalEvent = '') => {
        forget();
        if (!res.writableEnded) res.end(held() + finalEvent);
      },
    };
    const forget = () => {
      if (stream.opening) clearTimeout(stream.opening);
      if (stream.keepAlive) clearInterval(stream.keepAlive);
      if (this.streams.get(streamId) === stream) this.streams.delete(streamId);
    };
    res.once('close', forget);
    this.streams.set(streamId, stream);
    return stream;
  }

  /** After openingHoldMs, an answer still undecided becomes an SSE stream, whose headers and priming event go out then; then keeps it alive. */
  private holdOpening(streamId: string, stream: OpenStream): void {
    stream.opening = setTimeout(() => {
      stream.opening = undefined;
      if (stream.res.writableEnded) return;
      this.becomeSse(streamId, stream);
      if (stream.pending) stream.write('');
      else stream.res.flushHeaders();
      this.keepAlive(stream);
    }, openingHoldMs);
    stream.opening.unref();
  }

  private keepAlive(stream: OpenStream): void {
    const interval = this.options.keepAliveMs ?? 15_000;
    if (this.closed || !(interval > 0)) return;
    stream.keepAlive = setInterval(() => {
      if (!stream.res.writableEnded) stream.res.write(': keepalive\n\n');
    }, interval);
    stream.keepAlive.unref();
  }

  private closeStreamOf(requestId: RequestId): void {
    const streamId = this.streamOfRequest.get(requestId);
    const stream = streamId === undefined ? undefined : this.streams.get(streamId);
    if (!stream) return;
    // A client told to reconnect needs the priming event's id to resume from.
    this.becomeSse(streamId!, stream);
    stream.end();
  }

  private writeSseHead(res: ServerResponse): void {
    res.writeHead(200, this.sseHeaders());
    res.flushHeaders();
  }

  private sseHeaders(): Record<string, string> {
    return this.sessionId === undefined ? sseHeaders : { ...sseHeaders, 'mcp-session-id': this.sessionId };
  }

  /** The requests answered on a stream, when the stream itself is gone (cut, or being replaced by a replay). */
  private requestIdsOf(streamId: string): RequestId[] {
    return [...this.streamOfRequest].filter(([, id]) => id === streamId).map(([id]) => id);
  }
}

function sseEvent(data: string, eventId: string): string {
  return `event: message\nid: ${eventId}\ndata: ${data}\n\n`;
}

function headerOf(req: RequestWithAuth, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function isJsonContentType(value: string | undefined): boolean {
  return value !== undefined && value.split(';', 1)[0]!.trim().toLowerCase() === 'application/json';
}
