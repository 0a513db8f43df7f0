import type { IncomingMessage, ServerResponse } from 'node:http';
import { topics } from '@mcp-portal/schema';
import {
  ApiTokenExchanger,
  entraAccessTokenVerifier,
  healthHandler,
  issuerRoutedVerifier,
  listen,
  sendJson,
  ShutdownSteps,
  type AuditLog,
  type CounterStore,
  type EntraApiSettings,
  type EventBus,
  type ExternalIdentityLookup,
  type Logger,
  type RouteHandler,
  type RunningHttpServer,
  type TokenVerifier,
} from '@mcp-portal/kit';
import { CatalogIndex } from './catalog-index.ts';
import { InboundAuth, mcpPath, protectedResourceMetadataPath } from './inbound-auth.ts';
import { InFlightRequests } from './in-flight.ts';
import { UrlElicitations } from './url-elicitations.ts';
import type { KnownSecret } from './known-secrets.ts';
import { McpCors } from './cors.ts';
import { McpEndpoint } from './mcp-endpoint.ts';
import { metricsPath, ProxyMetrics } from './metrics.ts';
import { RateLimit } from './rate-limit.ts';
import { RequestGuard } from './request-guard.ts';
import { ResourceSubscriptions } from './resource-subscriptions.ts';
import { ListenStreams } from './stateless/listen-streams.ts';
import { StatelessEndpoint } from './stateless/stateless-endpoint.ts';
import { SuspendedRequests } from './stateless/suspended-requests.ts';
import { startSecretGuard } from './secret-guard.ts';
import { SseEndpoint, sseMessagesPath, ssePath } from './sse-endpoint.ts';
import { ToolCallAudit } from './tool-call-audit.ts';
import { ToolIndex } from './tool-index.ts';
import type { UpstreamDirectory } from './upstreams.ts';
import type { RemoteAuthorizer as RemoteAuthorizer } from '@mcp-portal/servers/remote-authorization';
import { UserSessions } from './oauth-sessions.ts';
import { oauthUpstreams } from './oauth-upstreams.ts';

export interface GatewayProxyOptions {
  port: number;
  host: string;
  logger: Logger;
  /** What /mcp needs (main.ts and `npm start` always give it). Without it /mcp answers 501 saying why. */
  mcp?: GatewayProxyMcpOptions;
}

export interface GatewayProxyMcpOptions {
  /** The running servers and their tools (in `npm start`: the servers subgraph in the same process; on its own: remoteUpstreams). */
  upstreams: UpstreamDirectory;
  /** Verifies the platform's access JWTs (the auth subgraph's JWKS). */
  verifier: TokenVerifier;
  /** The auth subgraph's API token exchange endpoint (`POST /token/exchange`). */
  tokenExchangeUrl: string;
  /** For `apiTokensRevoked` (forget exchanged tokens at once), as the router does. */
  events: EventBus;
  /** Writes the tool.call rows (the kit's audit writer on the platform's database). */
  audit: AuditLog;
  /** Caps refused-call rows per actor and minute (shared with the subgraphs' refused changes). */
  counters: CounterStore;
  /** The platform's public URL: the portal (a trusted Origin) and the authorization server. */
  platformUrl: string;
  /** Where clients reach the proxy; default: its listening address. */
  publicUrl?: string;
  /** Default 4 MiB. */
  maxBodyBytes?: number;
  /** Default 30 minutes. */
  sessionIdleMs?: number;
  /** Default 32. */
  maxSessionsPerUser?: number;
  /** Items per page of the list answers (tools, prompts, resources, templates); default 100. */
  listPageSize?: number;
  /** Refuse tool calls whose arguments or results carry a secret (GATEWAY_PROXY_BLOCK_SECRETS); default true. */
  blockSecrets?: boolean;
  /** The plaintext values of the servers' secrets, to refuse them too (read again on `secretsChanged`). */
  knownSecrets?: () => Promise<readonly KnownSecret[]>;
  /** Lets any client bearing it read /metrics (GATEWAY_PROXY_METRICS_TOKEN); without it, loopback clients only. */
  metricsToken?: string;
  /** Requests per user and minute at /mcp and /sse, counted in `counters`; default 600, 0: no limit. */
  rateLimitPerMinute?: number;
  /**
   * The platform's OAuth client towards remote MCP servers (the dcr subgraph's UpstreamOAuthService): servers
   * that sign in with OAuth per user are called with each caller's own token. Without it their calls are
   * answered "authorize it first" and say that this proxy cannot.
   */
  upstreamOAuth?: RemoteAuthorizer;
  /**
   * How long a call on a per-user OAuth server's session (and its handshake) waits for an answer
   * (MCP_TOOL_CALL_TIMEOUT_SECONDS, as the servers subgraph's calls); default 60 s.
   */
  toolCallTimeoutMs?: number;
  /**
   * With the DCR bridge's azure backend, MCP clients are Entra applications holding Entra access tokens for the
   * gateway's API: they are accepted too, as the platform user linked to the token's object id.
   */
  entra?: { settings: EntraApiSettings; users: ExternalIdentityLookup };
}

export interface RunningGatewayProxy extends Omit<RunningHttpServer, 'close'> {
  /** Stops: MCP sessions end, the last calls' audit rows are written, then the upstreams and the listener close. */
  close(steps?: ShutdownSteps): Promise<void>;
  /** The MCP endpoint's public URL, or null when /mcp is not served. */
  mcpUrl: string | null;
  /** Connected MCP sessions. */
  readonly sessions: number;
}

const standaloneMessage = 'This gateway-proxy was started without its MCP options (the servers to reach, token verification): it serves /health only.';

/** How long a stateless request waits for the client's answers to the server's input requests, and how many may wait per user. */
const suspendedRequestMs = 5 * 60_000;
const maxSuspendedPerUser = 16;

function listenUrl(host: string, port: number): string {
  const name = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return `http://${name.includes(':') ? `[${name}]` : name}:${port}`;
}

/**
 * The MCP gateway-proxy: one MCP endpoint (`/mcp`, Streamable HTTP) in front of every running server, with
 * RFC 9728 protected resource metadata at `/.well-known/oauth-protected-resource[/mcp]`, and `/health`.
 */
export async function startGatewayProxy(options: GatewayProxyOptions): Promise<RunningGatewayProxy> {
  const { logger } = options;
  // Remote servers that sign in with OAuth per user are called with each caller's token (see oauth-upstreams.ts).
  const userSessions = options.mcp
    ? new UserSessions({
        authorizer: options.mcp.upstreamOAuth ?? null,
        portalUrl: options.mcp.platformUrl,
        logger,
        ...(options.mcp.toolCallTimeoutMs !== undefined ? { timeoutMs: options.mcp.toolCallTimeoutMs } : {}),
      })
    : undefined;
  const mcp = options.mcp && userSessions ? { ...options.mcp, upstreams: oauthUpstreams(options.mcp.upstreams, userSessions) } : undefined;
  // Routes are fixed before listening; what needs the port (an ephemeral one in tests) is made after.
  const live: { endpoint?: McpEndpoint; stateless?: StatelessEndpoint; sse?: SseEndpoint; auth?: InboundAuth; audit?: ToolCallAudit } = {};
  const notServed: RouteHandler = (_req, res) => sendJson(res, 501, { error: 'not_implemented', message: standaloneMessage });
  const metadata =
    (forRoot: boolean): RouteHandler =>
    (req, res) => {
      if (!live.auth) return notServed(req, res, new URL('/', 'http://localhost'));
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'method_not_allowed' });
      // Public metadata: browser-based clients read it across origins.
      res.setHeader('access-control-allow-origin', '*');
      sendJson(res, 200, live.auth.metadata(forRoot));
    };
  const metrics = new ProxyMetrics(() => (live.endpoint?.sessionCount ?? 0) + (live.sse?.sessionCount ?? 0));
  const index = mcp ? new ToolIndex(mcp.upstreams, logger) : null;
  const catalog = mcp ? new CatalogIndex(mcp.upstreams, logger) : null;
  const inFlight = new InFlightRequests();
  const subscriptions = mcp ? new ResourceSubscriptions(mcp.upstreams, logger) : null;
  const stopLogs = mcp?.upstreams.onLog?.((message) => inFlight.deliverLog(message)) ?? (() => undefined);
  const stopRequests = mcp?.upstreams.onServerRequest?.((request) => inFlight.forward(request)) ?? (() => undefined);
  const urlElicitations = new UrlElicitations(logger);
  const stopCompletions = mcp?.upstreams.onElicitationComplete?.((completion) => urlElicitations.completed(completion)) ?? (() => undefined);
  const http = await listen(
    {
      routes: {
        '/health': healthHandler(mcp ? { upstreams: () => mcp.upstreams.list() } : {}),
        [metricsPath]: metrics.handler(mcp?.metricsToken),
        [mcpPath]: (req: IncomingMessage, res: ServerResponse, url: URL) => (live.endpoint ? live.endpoint.handle(req, res) : notServed(req, res, url)),
        [ssePath]: (req: IncomingMessage, res: ServerResponse, url: URL) => (live.sse ? live.sse.handleStream(req, res) : notServed(req, res, url)),
        [sseMessagesPath]: (req: IncomingMessage, res: ServerResponse, url: URL) =>
          live.sse ? live.sse.handleMessage(req, res, url) : notServed(req, res, url),
        [protectedResourceMetadataPath]: metadata(true),
        [`${protectedResourceMetadataPath}${mcpPath}`]: metadata(false),
      },
      fallback: (_req, res) => sendJson(res, 404, { error: 'not_found', message: `The MCP endpoint is ${mcpPath}.` }),
    },
    options,
  ).catch(async (error: unknown) => {
    // The port is taken, say: the directory it was given is closed all the same.
    index?.close();
    catalog?.close();
    subscriptions?.close();
    stopLogs();
    stopRequests();
    stopCompletions();
    await mcp?.upstreams.close?.();
    throw error;
  });
  let stopForgetting: () => Promise<void> = async () => undefined;
  let stopSecretGuard: () => Promise<void> = async () => undefined;
  if (mcp && index && catalog) {
    try {
      const publicUrl = (mcp.publicUrl ?? listenUrl(options.host, http.port)).replace(/\/+$/, '');
      const apiTokens = new ApiTokenExchanger(mcp.tokenExchangeUrl);
      stopForgetting = await mcp.events.subscribe(topics.apiTokensRevoked, (event) => apiTokens.forget(event));
      if (userSessions) {
        const stopOAuthEvents = await mcp.events.subscribe(topics.oauthConnectionChanged, (event) => void userSessions.connectionChanged(event));
        const stopTokens = stopForgetting;
        stopForgetting = async () => {
          await stopTokens();
          await stopOAuthEvents();
        };
      }
      const verifier = mcp.entra ? issuerRoutedVerifier(mcp.verifier, entraAccessTokenVerifier(mcp.entra.settings, mcp.entra.users)) : mcp.verifier;
      live.auth = new InboundAuth({ verifier, apiTokens, publicUrl, authorizationServer: mcp.platformUrl });
      const secretGuard = await startSecretGuard({
        enabled: mcp.blockSecrets ?? true,
        load: mcp.knownSecrets,
        events: mcp.events,
        logger,
        maxBodyBytes: mcp.maxBodyBytes ?? 4 * 1024 * 1024,
      });
      stopSecretGuard = secretGuard.stop;
      await index.refresh();
      await catalog.refresh();
      live.audit = new ToolCallAudit(mcp.audit, mcp.counters, logger, metrics);
      const shared = {
        index,
        catalog,
        inFlight,
        urlElicitations,
        ...(subscriptions ? { subscriptions } : {}),
        listPageSize: mcp.listPageSize ?? 100,
        upstreams: mcp.upstreams,
        auth: live.auth,
        guard: new RequestGuard({ publicUrl, host: options.host, port: http.port, trustedOrigins: [mcp.platformUrl] }),
        audit: live.audit,
        ...(secretGuard.guard ? { secrets: secretGuard.guard } : {}),
        rateLimit: new RateLimit(mcp.counters, mcp.rateLimitPerMinute ?? 600, logger),
        ...(userSessions ? { userSessions } : {}),
        logger,
        maxBodyBytes: mcp.maxBodyBytes ?? 4 * 1024 * 1024,
        maxSessionsPerUser: mcp.maxSessionsPerUser ?? 32,
      };
      // Clients of the stateless revision (2026-07-28) on the same /mcp, through the same session server.
      live.stateless = new StatelessEndpoint({
        ...shared,
        suspended: new SuspendedRequests(suspendedRequestMs, maxSuspendedPerUser),
        listens: new ListenStreams({ index, catalog, ...(subscriptions ? { subscriptions } : {}), logger }),
      });
      live.endpoint = new McpEndpoint({
        ...shared,
        stateless: live.stateless,
        sessionIdleMs: mcp.sessionIdleMs ?? 30 * 60_000,
        // The portal calls tools from the browser.
        cors: new McpCors([mcp.platformUrl]),
      });
      // The legacy HTTP+SSE transport: same checks, same session server.
      live.sse = new SseEndpoint(shared);
      logger.info({ url: http.url, mcp: live.auth.resource }, 'gateway-proxy listening');
    } catch (error) {
      index.close();
      catalog.close();
      subscriptions?.close();
      stopLogs();
      stopRequests();
      stopCompletions();
      await stopForgetting();
      await stopSecretGuard();
      await mcp.upstreams.close?.();
      await http.close();
      throw error;
    }
  } else {
    logger.warn({ url: http.url }, standaloneMessage);
  }
  return {
    server: http.server,
    port: http.port,
    url: http.url,
    mcpUrl: live.auth?.resource ?? null,
    get sessions() {
      return (live.endpoint?.sessionCount ?? 0) + (live.sse?.sessionCount ?? 0);
    },
    async close(steps = new ShutdownSteps(logger)) {
      live.stateless?.close();
      await steps.run('gateway-proxy: MCP sessions', () => live.endpoint?.close());
      await steps.run('gateway-proxy: SSE sessions', () => live.sse?.close());
      // The rows of the last calls, before the database goes.
      await steps.run('gateway-proxy: audit rows', () => live.audit?.flush());
      index?.close();
      catalog?.close();
      subscriptions?.close();
      stopLogs();
      stopRequests();
      stopCompletions();
      await stopForgetting();
      await stopSecretGuard();
      await steps.run('gateway-proxy: upstreams', () => mcp?.upstreams.close?.());
      await steps.run('gateway-proxy: connections', () => http.close());
    },
  };
}
