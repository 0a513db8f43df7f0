import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { UnauthenticatedError, type Viewer } from '@mcp-portal/kit';
import { SessionEventStore } from './event-store.ts';
import { isInitializeMessage } from './json-rpc-shapes.ts';
import type { McpCors } from './cors.ts';
import type { InboundAuth } from './inbound-auth.ts';
import type { RateLimit } from './rate-limit.ts';
import type { RequestGuard } from './request-guard.ts';
import { sendListChanges } from './list-changes.ts';
import { closeWhenStalled } from './stalled-streams.ts';
import { speaksStateless } from './stateless/protocol.ts';
import type { StatelessEndpoint } from './stateless/stateless-endpoint.ts';
import { createSessionServer, type SessionServerDeps } from './session-server.ts';
import { NodeStreamableHttpTransport } from './streamable-http-transport.ts';
import { authInfoFor } from './caller.ts';
import { sessionFilterOf } from './session-filter.ts';
import type { ToolCallAudit } from './tool-call-audit.ts';
import { callerOf, readRpcMessages, refusedToolCalls, sendRpcError, type RequestWithAuth } from './rpc-answers.ts';

export interface McpEndpointOptions extends SessionServerDeps {
  auth: InboundAuth;
  guard: RequestGuard;
  audit: ToolCallAudit;
  /** Requests per user and minute (429 beyond it); none without it. */
  rateLimit?: RateLimit;
  /** Clients of the stateless revision (2026-07-28); without it they are answered as stateful clients are. */
  stateless?: StatelessEndpoint;
  /** Largest request body (413 beyond it). */
  maxBodyBytes: number;
  /** A session without requests or open streams for this long is closed. */
  sessionIdleMs: number;
  /** Sessions one user may hold; opening one more closes their least recently used. */
  maxSessionsPerUser: number;
  /** CORS for the trusted origins (the portal's); without it no CORS headers are sent. */
  cors?: McpCors;
}

interface Session {
  id: string;
  /** The user who opened it: only their requests may use it. */
  userId: string;
  transport: NodeStreamableHttpTransport;
  server: Server;
  /** HTTP requests (streams included) under way. */
  open: number;
  lastSeen: number;
}

/**
 * `/mcp` over Streamable HTTP (POST messages, GET the server's stream, DELETE the session; `Mcp-Session-Id`)
 * with the SDK's server transport: one SDK server and transport per client session, bound to the user
 * who opened it. Every request is checked in this order: Host and Origin (403; a trusted origin's CORS
 * preflight is answered then), the bearer token (401),
 * the body size (413), the role for tools/call (403); then the session's transport handles it.
 */
export class McpEndpoint {
  private readonly sessions = new Map<string, Session>();
  private readonly sweeper: NodeJS.Timeout;
  private readonly stopListening: () => void;
  private closed = false;

  constructor(private readonly options: McpEndpointOptions) {
    this.stopListening = sendListChanges(options, () => this.sessions.values());
    this.sweeper = setInterval(() => this.sweep(), Math.min(60_000, Math.max(1_000, options.sessionIdleMs / 4)));
    this.sweeper.unref();
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { auth, logger } = this.options;
    const refusal = this.options.guard.refusal(req);
    if (refusal) return sendRpcError(res, 403, -32000, `Forbidden: ${refusal}`);
    if (this.options.cors?.apply(req, res)) return;
    if (req.method !== 'POST' && req.method !== 'GET' && req.method !== 'DELETE') {
      return sendRpcError(res, 405, -32000, 'Method not allowed: use POST, GET or DELETE.', { allow: 'POST, GET, DELETE' });
    }
    let viewer: Viewer;
    try {
      viewer = await auth.authenticate(req);
    } catch (error) {
      if (error instanceof UnauthenticatedError) return auth.challenge(req, res, error);
      logger.warn({ err: error }, 'could not verify a token at the gateway-proxy');
      return sendRpcError(res, 503, -32000, 'The token could not be verified now; try again.');
    }
    // Ending a session is never refused for being busy.
    if (req.method !== 'DELETE' && this.options.rateLimit && !(await this.options.rateLimit.admit(viewer, res))) return;
    const caller = callerOf(req, viewer);
    (req as RequestWithAuth).auth = authInfoFor(caller);

    let messages: JSONRPCMessage[] | undefined;
    if (req.method === 'POST') {
      const body = await readRpcMessages(req, res, this.options.maxBodyBytes);
      if (!body) return;
      messages = body.messages;
      if (await refusedToolCalls(body.messages, caller, this.options.audit, auth, res)) return;
      if (this.options.stateless && speaksStateless(req, body.parsed)) return this.options.stateless.handle(req, res, caller, body.parsed);
      if (!req.headers['mcp-session-id']) {
        if (!body.messages.some(isInitializeMessage)) {
          return sendRpcError(res, 400, -32000, 'Bad Request: Mcp-Session-Id header is required (send initialize first).');
        }
        return this.initialize(req, res, viewer, body.messages);
      }
    }
    if (typeof req.headers['mcp-session-id'] !== 'string') return sendRpcError(res, 400, -32000, 'Bad Request: Mcp-Session-Id header is required.');
    const session = this.sessionFor(req, viewer);
    if (!session) return sendRpcError(res, 404, -32001, 'Session not found');
    await this.serve(session, req, res, messages);
  }

  /** Closes every session (their streams end). */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    this.stopListening();
    await Promise.all([...this.sessions.values()].map((session) => this.end(session)));
  }

  private sessionFor(req: IncomingMessage, viewer: Viewer): Session | undefined {
    const id = req.headers['mcp-session-id'];
    if (typeof id !== 'string') return undefined;
    const session = this.sessions.get(id);
    // Another user's session id is answered like an unknown one.
    return session && session.userId === viewer.userId ? session : undefined;
  }

  private async initialize(req: IncomingMessage, res: ServerResponse, viewer: Viewer, messages: JSONRPCMessage[]): Promise<void> {
    if (this.closed) return sendRpcError(res, 503, -32000, 'The gateway-proxy is shutting down.');
    const filter = sessionFilterOf(req);
    if ('problem' in filter) return sendRpcError(res, 400, -32000, filter.problem);
    const server = createSessionServer(this.options, filter, viewer.userId);
    // What its SSE streams sent, for a client that resumes a cut stream with Last-Event-ID.
    const events = new SessionEventStore();
    const transport = new NodeStreamableHttpTransport({
      sessionIdGenerator: () => randomUUID(),
      eventStore: events,
      onsessioninitialized: (id) => {
        session.id = id;
        this.limitSessionsOf(viewer.userId);
        this.sessions.set(id, session);
      },
    });
    const session: Session = { id: '', userId: viewer.userId, transport, server, open: 0, lastSeen: Date.now() };
    server.onclose = () => {
      events.clear();
      if (this.sessions.get(session.id) === session) this.sessions.delete(session.id);
    };
    server.onerror = (error) => this.options.logger.debug({ err: error }, 'MCP session error');
    await server.connect(transport);
    await this.serve(session, req, res, messages);
    // An initialize the transport refused (a bad request) opened no session.
    if (!transport.sessionId) await server.close().catch(() => undefined);
  }

  private async serve(session: Session, req: IncomingMessage, res: ServerResponse, messages: JSONRPCMessage[] | undefined): Promise<void> {
    session.open += 1;
    res.once('close', () => {
      session.open = Math.max(0, session.open - 1);
      session.lastSeen = Date.now();
    });
    // A client that stops reading its stream does not hold what is sent to it in memory for ever.
    closeWhenStalled(res);
    await session.transport.handleRequest(req, res, messages);
  }

  private limitSessionsOf(userId: string): void {
    const own = [...this.sessions.values()].filter((session) => session.userId === userId);
    if (own.length < this.options.maxSessionsPerUser) return;
    const oldest = own.sort((a, b) => a.lastSeen - b.lastSeen)[0];
    if (oldest) void this.end(oldest);
  }

  private sweep(): void {
    const cutoff = Date.now() - this.options.sessionIdleMs;
    for (const session of this.sessions.values()) {
      if (session.open === 0 && session.lastSeen < cutoff) void this.end(session);
    }
  }

  private async end(session: Session): Promise<void> {
    this.sessions.delete(session.id);
    await session.server.close().catch((error: unknown) => this.options.logger.debug({ err: error }, 'closing an MCP session failed'));
  }
}
