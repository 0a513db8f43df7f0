import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { PortalError } from './errors.ts';
import { startRelay, type Relay, type RelayEnd, type RelayOptions } from './gateway-relay.ts';

/** The port `docker mcp gateway run --transport sse|streaming` listens on by default (docker/mcp-gateway's). */
export const DEFAULT_LISTEN_PORT = 8811;

export type ListenTransport = 'sse' | 'streaming';

export interface ListenerOptions extends RelayOptions {
  transport: ListenTransport;
  host: string;
  port: number;
}

/** Where local clients connect: `/mcp` (Streamable HTTP) or `/sse` (its messages at `/messages`). */
export const listenPaths = { streaming: '/mcp', sse: '/sse', messages: '/messages' } as const;

interface LocalSession {
  transport: StreamableHTTPServerTransport | SSEServerTransport;
  relay: Relay;
}

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

function hostName(value: string): string {
  try {
    return new URL(`http://${value}`).hostname;
  } catch {
    return '';
  }
}

function isLoopback(host: string): boolean {
  return loopbackHosts.has(host) || host.startsWith('127.');
}

function sendError(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32000, message } }));
}

/**
 * `docker mcp gateway run --transport streaming|sse`: a local HTTP endpoint for MCP clients that connect to
 * a URL. Each client session gets its own SDK server transport (Streamable HTTP at /mcp, or HTTP+SSE at
 * /sse and /messages) relayed to its own gateway-proxy session with the CLI's token. Listening on loopback
 * (the default), requests whose Host or Origin is not a loopback name are refused (403): no web page can
 * reach it through DNS rebinding and borrow the token.
 */
export class GatewayListener {
  private readonly sessions = new Map<string, LocalSession>();
  private readonly server: Server;
  private fatal: (end: RelayEnd) => void = () => undefined;
  /** Settles when a relay ends with an error the whole command must stop for (a refused token). */
  readonly failed = new Promise<RelayEnd>((resolve) => (this.fatal = resolve));

  constructor(private readonly options: ListenerOptions) {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        options.warn(`local client: ${error instanceof Error ? error.message : String(error)}`);
        sendError(res, 500, 'Internal error');
      });
    });
  }

  /** The URL clients connect to, once listening. */
  get url(): string {
    const address = this.server.address();
    const port = address && typeof address === 'object' ? address.port : this.options.port;
    const host = this.options.host.includes(':') ? `[${this.options.host}]` : this.options.host;
    return `http://${host}:${port}${this.options.transport === 'sse' ? listenPaths.sse : listenPaths.streaming}`;
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          new PortalError(
            error.code === 'EADDRINUSE'
              ? `Port ${this.options.port} on ${this.options.host} is taken: pass --port.`
              : `Cannot listen on ${this.options.host}:${this.options.port}: ${error.message}`,
          ),
        ),
      );
      this.server.listen(this.options.port, this.options.host, resolve);
    });
  }

  async close(): Promise<void> {
    await Promise.all([...this.sessions.values()].map(async (session) => session.relay.stop()));
    await Promise.all([...this.sessions.values()].map((session) => session.relay.done));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private refusal(req: IncomingMessage): string | undefined {
    if (!isLoopback(hostName(this.options.host))) return undefined;
    const host = hostName(req.headers.host ?? '');
    if (!isLoopback(host)) return `Host ${req.headers.host ?? '(none)'} is not this machine`;
    const origin = req.headers.origin;
    if (origin && origin !== 'null') {
      let originHost = '';
      try {
        originHost = new URL(origin).hostname;
      } catch {
        // An unparsable Origin is refused below.
      }
      if (!isLoopback(originHost)) return `Origin ${origin} is not allowed`;
    }
    return undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refusal = this.refusal(req);
    if (refusal) return sendError(res, 403, `Forbidden: ${refusal}.`);
    const url = new URL(req.url ?? '/', 'http://local');
    if (this.options.transport === 'streaming' && url.pathname === listenPaths.streaming) return this.handleStreaming(req, res);
    if (this.options.transport === 'sse' && url.pathname === listenPaths.sse) return this.openSse(req, res);
    if (this.options.transport === 'sse' && url.pathname === listenPaths.messages) return this.postSse(req, res, url);
    sendError(res, 404, `Not found: the MCP endpoint is ${this.url}.`);
  }

  private relay(id: () => string, transport: LocalSession['transport']): LocalSession {
    const relay = startRelay(transport, this.options);
    const session: LocalSession = { transport, relay };
    void relay.done.then((end) => {
      if (this.sessions.get(id()) === session) this.sessions.delete(id());
      if (end.reason === 'error') this.fatal(end);
    });
    return session;
  }

  private async handleStreaming(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const id = req.headers['mcp-session-id'];
    if (typeof id === 'string') {
      const session = this.sessions.get(id);
      if (!session) return sendError(res, 404, 'Session not found');
      return (session.transport as StreamableHTTPServerTransport).handleRequest(req, res);
    }
    if (req.method !== 'POST') return sendError(res, 400, 'Bad Request: Mcp-Session-Id header is required (send initialize first).');
    let sessionId = '';
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (newId) => {
        sessionId = newId;
        this.sessions.set(newId, session);
      },
    });
    const session = this.relay(() => sessionId, transport);
    await transport.handleRequest(req, res);
    // A first request that was not an initialize opened no session.
    if (!transport.sessionId) session.relay.stop();
  }

  private async openSse(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET') return sendError(res, 405, 'Method not allowed: open the event stream with GET.');
    const transport = new SSEServerTransport(listenPaths.messages, res);
    const session = this.relay(() => transport.sessionId, transport);
    this.sessions.set(transport.sessionId, session);
    res.once('close', () => session.relay.stop());
  }

  private async postSse(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'POST') return sendError(res, 405, 'Method not allowed: post messages.');
    const session = this.sessions.get(url.searchParams.get('sessionId') ?? '');
    if (!session || !(session.transport instanceof SSEServerTransport)) return sendError(res, 404, 'Session not found');
    await session.transport.handlePostMessage(req, res);
  }
}
