import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { UnauthenticatedError, type Viewer } from '@mcp-portal/kit';
import type { InboundAuth } from './inbound-auth.ts';
import type { RateLimit } from './rate-limit.ts';
import type { RequestGuard } from './request-guard.ts';
import { sendListChanges, type ListeningSession } from './list-changes.ts';
import { closeWhenStalled } from './stalled-streams.ts';
import { createSessionServer, type SessionServerDeps } from './session-server.ts';
import { authInfoFor } from './caller.ts';
import { sessionFilterOf } from './session-filter.ts';
import type { ToolCallAudit } from './tool-call-audit.ts';
import { callerOf, readRpcMessages, refusedToolCalls, sendRpcError, type RequestWithAuth } from './rpc-answers.ts';

/** The legacy HTTP+SSE transport (MCP 2024-11-05): the client opens its event stream here… */
export const ssePath = '/sse';
/** …and posts its messages here, with `?sessionId=` from the stream's `endpoint` event. */
export const sseMessagesPath = '/messages';

export interface SseEndpointOptions extends SessionServerDeps {
  auth: InboundAuth;
  guard: RequestGuard;
  audit: ToolCallAudit;
  /** Requests per user and minute (429 beyond it); none without it. */
  rateLimit?: RateLimit;
  /** Largest message body (413 beyond it). */
  maxBodyBytes: number;
  /** Streams one user may hold open; opening one more closes their oldest. */
  maxSessionsPerUser: number;
}

interface SseSession {
  userId: string;
  transport: SSEServerTransport;
  server: Server;
  opened: number;
}

/**
 * `GET /sse` and `POST /messages?sessionId=…`, the HTTP+SSE transport older clients speak, with the SDK's
 * SSEServerTransport. Each stream is one client session with its own session server (the same aggregation
 * as /mcp), bound to the user who opened it; it ends when the stream closes. Every request passes the same
 * checks as /mcp, in the same order: Host and Origin (403), the bearer token (401), the body size (413), the
 * role for tools/call (403).
 */
export class SseEndpoint {
  private readonly sessions = new Map<string, SseSession>();
  private readonly stopListening: () => void;
  private closed = false;

  constructor(private readonly options: SseEndpointOptions) {
    this.stopListening = sendListChanges(options, () => this.listeningSessions());
  }

  private *listeningSessions(): Iterable<ListeningSession> {
    for (const [id, session] of this.sessions) yield { id, server: session.server };
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  /** `GET /sse`: opens a session and its event stream (first event: `endpoint`). */
  async handleStream(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET') return sendRpcError(res, 405, -32000, 'Method not allowed: open the event stream with GET.', { allow: 'GET' });
    const viewer = await this.admit(req, res);
    if (!viewer) return;
    if (this.closed) return sendRpcError(res, 503, -32000, 'The gateway-proxy is shutting down.');
    const filter = sessionFilterOf(req);
    if ('problem' in filter) return sendRpcError(res, 400, -32000, filter.problem);
    const transport = new SSEServerTransport(sseMessagesPath, res);
    const server = createSessionServer(this.options, filter, viewer.userId);
    const session: SseSession = { userId: viewer.userId, transport, server, opened: Date.now() };
    this.limitSessionsOf(viewer.userId);
    this.sessions.set(transport.sessionId, session);
    server.onclose = () => {
      if (this.sessions.get(transport.sessionId) === session) this.sessions.delete(transport.sessionId);
    };
    server.onerror = (error) => this.options.logger.debug({ err: error }, 'MCP session error (SSE)');
    res.once('close', () => void server.close().catch(() => undefined));
    closeWhenStalled(res);
    await server.connect(transport);
  }

  /** `POST /messages?sessionId=…`: one client message for the session of that stream. */
  async handleMessage(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'POST') return sendRpcError(res, 405, -32000, 'Method not allowed: post messages.', { allow: 'POST' });
    const viewer = await this.admit(req, res);
    if (!viewer) return;
    const caller = callerOf(req, viewer);
    const id = url.searchParams.get('sessionId');
    if (!id) return sendRpcError(res, 400, -32000, 'Bad Request: the sessionId query parameter is required (from the endpoint event of GET /sse).');
    const session = this.sessions.get(id);
    // Another user's session id is answered like an unknown one.
    if (!session || session.userId !== viewer.userId) return sendRpcError(res, 404, -32001, 'Session not found');

    const body = await readRpcMessages(req, res, this.options.maxBodyBytes);
    if (!body) return;
    if (await refusedToolCalls(body.messages, caller, this.options.audit, this.options.auth, res)) return;
    (req as RequestWithAuth).auth = authInfoFor(caller);
    await session.transport.handlePostMessage(req, res, body.parsed);
  }

  /** Ends every stream. */
  async close(): Promise<void> {
    this.closed = true;
    this.stopListening();
    const open = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(open.map((session) => session.server.close().catch(() => undefined)));
  }

  /** The verified caller, or null once a refusal (403, 401, 503) has been sent. */
  private async admit(req: IncomingMessage, res: ServerResponse): Promise<Viewer | null> {
    const refusal = this.options.guard.refusal(req);
    if (refusal) {
      sendRpcError(res, 403, -32000, `Forbidden: ${refusal}`);
      return null;
    }
    try {
      const viewer = await this.options.auth.authenticate(req);
      if (this.options.rateLimit && !(await this.options.rateLimit.admit(viewer, res))) return null;
      return viewer;
    } catch (error) {
      if (error instanceof UnauthenticatedError) this.options.auth.challenge(req, res, error);
      else {
        this.options.logger.warn({ err: error }, 'could not verify a token at the gateway-proxy');
        sendRpcError(res, 503, -32000, 'The token could not be verified now; try again.');
      }
      return null;
    }
  }

  private limitSessionsOf(userId: string): void {
    const own = [...this.sessions.entries()].filter(([, session]) => session.userId === userId);
    if (own.length < this.options.maxSessionsPerUser) return;
    const oldest = own.sort(([, a], [, b]) => a.opened - b.opened)[0];
    if (!oldest) return;
    this.sessions.delete(oldest[0]);
    void oldest[1].server.close().catch(() => undefined);
  }
}
