import { randomUUID } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import {
  ApiTokenExchanger,
  apolloHandler,
  createErrorFormatter,
  defaultShutdownGraceMs,
  type ForwardedHeaders,
  queryProtection,
  listen,
  sendJson,
  VerifiedTokens,
  type EventBus,
  type Logger,
  type RouteHandler,
  type RunningHttpServer,
  type TokenVerifier,
} from '@mcp-portal/kit';
import { tokenExchangePath, topics } from '@mcp-portal/schema';
import { authorizationServerPaths, jwksPath } from '@mcp-portal/schema/contract';
import { authPathPrefix, oauthClientMetadataPath, registrationPath, subgraphProxy } from './subgraph-proxy.ts';
import { routerContextFactory, type RouterContext } from './context.ts';
import { TrustedProxies } from './client-address.ts';
import { createGateway } from './gateway.ts';
import { routerHealth } from './health.ts';
import { mcpPortalMetadataHandler, mcpPortalMetadataPath } from './mcp-portal-metadata.ts';
import { defaultSubscriptionLimits, type QueryLimits, type SubscriptionLimits } from './settings.ts';
import { staticPortal } from './static-portal.ts';
import { gatewayProxyOriginOf, setBaseSecurityHeaders } from './security-headers.ts';
import { subgraphUrlsOf } from './supergraph.ts';
import { SubscriptionEngine } from './subscriptions/engine.ts';
import { attachSubscriptionServer } from './subscriptions/ws-server.ts';

export interface RouterOptions {
  supergraphSdl: string;
  /** Subgraph name → GraphQL URL, replacing the URLs written in the supergraph. */
  subgraphUrls: Record<string, string>;
  verifier: TokenVerifier;
  events: EventBus;
  /** Signs the client's address and request id for the subgraphs (a key derived from MCP_MASTER_KEY). */
  forwarding: ForwardedHeaders | null;
  /** Proxies whose X-Forwarded-* headers are believed (TRUSTED_PROXIES); default: none. */
  trustedProxies?: TrustedProxies;
  port: number;
  host: string;
  limits: QueryLimits;
  /** Defaults: defaultSubscriptionLimits. */
  subscriptionLimits?: Partial<SubscriptionLimits>;
  introspection: boolean;
  /** How long a stop waits for requests and subscription deliveries in flight (SHUTDOWN_GRACE_SECONDS); default 10 s. */
  shutdownGraceMs?: number;
  /** "Did you mean …?" hints in error messages (off in production: they reveal the schema). */
  fieldSuggestions: boolean;
  webDistDir: string;
  logger: Logger;
  /** The gateway-proxy's MCP endpoint, named at /.well-known/mcp-portal (null: not known, 404). */
  mcpEndpoint?: () => string | null;
}

export interface RunningRouter extends RunningHttpServer {
  graphqlUrl: string;
  wsUrl: string;
  engine: SubscriptionEngine;
}

export async function startRouter(options: RouterOptions): Promise<RunningRouter> {
  const { logger } = options;
  const gateway = createGateway(options.supergraphSdl, options.subgraphUrls, options.forwarding);
  const trustedProxies = options.trustedProxies ?? TrustedProxies.none();
  let apiSchema: GraphQLSchema | undefined;
  gateway.gateway.onSchemaLoadOrUpdate(({ apiSchema: schema }) => {
    apiSchema = schema;
  });
  const protection = queryProtection<RouterContext>(options.limits, { fieldSuggestions: options.fieldSuggestions });
  const apollo = new ApolloServer<RouterContext>({
    gateway: gateway.gateway,
    plugins: protection.plugins,
    validationRules: protection.validationRules,
    parseOptions: protection.parseOptions,
    introspection: options.introspection,
    formatError: createErrorFormatter(logger, { passDownstreamErrors: true }),
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    // Shutdown is ours (onShutdown closes sockets, servers and pools in order); Apollo's own signal
    // handler would re-raise the signal mid-way.
    stopOnTerminationSignals: false,
  });
  await apollo.start();

  const engine = new SubscriptionEngine(
    options.events,
    async (query, variables, authorization) => {
      const response = await apollo.executeOperation(
        { query, variables },
        { contextValue: { viewer: null, authorization, requestId: randomUUID(), sourceIp: null } },
      );
      if (response.body.kind !== 'single') throw new Error('Incremental delivery is not used for subscription payloads.');
      return response.body.singleResult;
    },
    logger,
  );

  // The WebSocket endpoint attaches to the HTTP server once it listens; /health reads it through this.
  const live: { subscriptions?: ReturnType<typeof attachSubscriptionServer> } = {};
  const subgraphUrls = subgraphUrlsOf(options.supergraphSdl, options.subgraphUrls);
  const authUrl = subgraphUrls.auth;
  if (!authUrl) throw new Error('The supergraph names no auth subgraph.');
  const apiTokens = new ApiTokenExchanger(new URL(tokenExchangePath, authUrl).toString());
  const stopForgetting = await options.events.subscribe(topics.apiTokensRevoked, (event) => apiTokens.forget(event));
  // A client sends the same token with every query: its signature is checked once a minute at most.
  const graphql = apolloHandler(apollo, routerContextFactory(new VerifiedTokens(options.verifier), apiTokens, trustedProxies));
  const toAuth = subgraphProxy(authUrl, logger, {
    trustedProxies,
    forwarding: options.forwarding,
    unavailableMessage: 'Sign-in is unavailable right now: try again shortly.',
  });
  // The platform's Client ID Metadata Document and RFC 7591/7592 registration, served by the dcr subgraph on the
  // portal's (https) origin; the subgraph reads the client's address from the signed forwarded headers (its limits).
  const dcrRoutes: Record<string, RouteHandler> = {};
  if (subgraphUrls.dcr) {
    const toDcr = subgraphProxy(subgraphUrls.dcr, logger, {
      trustedProxies,
      forwarding: options.forwarding,
      unavailableMessage: "The platform's OAuth client metadata is unavailable right now: try again shortly.",
    });
    dcrRoutes[oauthClientMetadataPath] = (req, res, url) => {
      setBaseSecurityHeaders(res);
      return toDcr(req, res, url);
    };
    const toRegistration = subgraphProxy(subgraphUrls.dcr, logger, {
      trustedProxies,
      forwarding: options.forwarding,
      unavailableMessage: 'Client registration is unavailable right now: try again shortly.',
    });
    dcrRoutes[registrationPath] = dcrRoutes[`${registrationPath}/*`] = (req, res, url) => {
      setBaseSecurityHeaders(res);
      return toRegistration(req, res, url);
    };
    // The platform's authorization server for MCP clients of the gateway-proxy (its RFC 9728 metadata names this origin).
    const toAuthorizationServer = subgraphProxy(subgraphUrls.dcr, logger, {
      trustedProxies,
      forwarding: options.forwarding,
      unavailableMessage: 'The authorization server is unavailable right now: try again shortly.',
    });
    for (const path of Object.values(authorizationServerPaths)) {
      dcrRoutes[path] = (req, res, url) => {
        setBaseSecurityHeaders(res);
        return toAuthorizationServer(req, res, url);
      };
    }
  }
  // The public keys of the platform's tokens (the authorization server's metadata names them as its jwks_uri).
  dcrRoutes[jwksPath] = (req, res, url) => {
    setBaseSecurityHeaders(res);
    return toAuth(req, res, url);
  };
  const portal = staticPortal(options.webDistDir, () => gatewayProxyOriginOf(options.mcpEndpoint?.() ?? null));
  const http = await listen(
    {
      routes: {
        '/graphql': (req, res, url) => {
          setBaseSecurityHeaders(res);
          return graphql(req, res, url);
        },
        [mcpPortalMetadataPath]: mcpPortalMetadataHandler(options.mcpEndpoint ?? (() => null)),
        ...dcrRoutes,
        '/health': async (_req, res) => {
          setBaseSecurityHeaders(res);
          const report = await routerHealth(subgraphUrls, options.events);
          sendJson(res, report.status === 'ok' ? 200 : 503, {
            ...report,
            subscriptions: { ...engine.stats, connections: live.subscriptions?.connections ?? 0 },
          });
        },
      },
      fallback: (req, res, url) => {
        if (!url.pathname.startsWith(authPathPrefix)) return portal(req, res, url);
        setBaseSecurityHeaders(res);
        return toAuth(req, res, url);
      },
    },
    { port: options.port, host: options.host, logger },
  );
  const subscriptions = attachSubscriptionServer({
    httpServer: http.server,
    path: '/graphql',
    schema: () => {
      if (!apiSchema) throw new Error('The supergraph is not loaded yet.');
      return apiSchema;
    },
    verifier: options.verifier,
    apiTokens,
    engine,
    validationRules: protection.validationRules,
    fieldSuggestions: options.fieldSuggestions,
    maxTokens: options.limits.maxTokens,
    limits: { ...defaultSubscriptionLimits, ...options.subscriptionLimits },
    logger,
  });
  live.subscriptions = subscriptions;
  logger.info({ url: http.url }, 'router listening');

  return {
    server: http.server,
    port: http.port,
    url: http.url,
    graphqlUrl: `${http.url}/graphql`,
    wsUrl: `${http.url.replace(/^http/, 'ws')}/graphql`,
    engine,
    /**
     * A rolling deploy's stop: no new connections (HTTP or WebSocket) and no new events; the requests and
     * subscription deliveries already under way finish within the grace period; then the sockets close
     * (1001: subscribers reconnect to another replica) and only then the subgraph pools.
     */
    async close() {
      const deadline = Date.now() + (options.shutdownGraceMs ?? defaultShutdownGraceMs);
      http.stopAccepting();
      subscriptions.stopAccepting();
      await engine.stopIntake();
      const [requestsDone, deliveriesDone] = await Promise.all([http.idle(deadline), engine.idle(deadline)]);
      const drained = requestsDone && deliveriesDone;
      if (!drained) logger.warn({ requests: http.inFlight, deliveries: engine.inFlight }, 'shutdown grace period over: abandoning what is still running');
      await subscriptions.close();
      await stopForgetting();
      await engine.close();
      await http.close();
      await apollo.stop();
      await gateway.close({ abort: !drained, deadline });
    },
  };
}
