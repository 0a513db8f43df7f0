import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { Domain } from '@mcp-portal/schema';
import type { DatabaseHandle } from './db.ts';
import type { EventBus } from './pubsub.ts';
import type { CounterStore } from './counters.ts';
import type { SecretBox } from './crypto/secret-box.ts';
import type { Logger } from './logger.ts';
import type { PeerDirectory } from './peers.ts';
import type { StartupNotice } from './startup-notice.ts';
import type { KitContext } from './builder.ts';
import { AuditLog } from './audit.ts';
import { viewerFromAuthorization, type TokenVerifier } from './auth/tokens.ts';
import { VerifiedTokens } from './auth/verified-tokens.ts';
import { createErrorFormatter } from './errors.ts';
import { apolloHandler } from './http/apollo-handler.ts';
import { abortedWhenClientLeaves } from './http/client-left.ts';
import { listen, type RouteHandler, type RunningHttpServer } from './http/server.ts';
import { healthHandler } from './http/health.ts';
import { sourceIpOf } from './http/source-ip.ts';
import { ForwardedHeaders } from './http/forwarded.ts';
import { deniedChangesPlugin } from './denied-changes.ts';
import type { Environment } from './config.ts';
import { defaultShutdownGraceMs } from './shutdown.ts';
import { ShutdownSteps } from './shutdown-steps.ts';
import { queryProtection, readGraphqlProtection, type GraphqlProtection } from './limits.ts';

export interface ServiceDeps {
  database: DatabaseHandle;
  events: EventBus;
  counters: CounterStore;
  /** Seals secrets before they are stored (envelope encryption under the master key). */
  secrets: SecretBox;
  logger: Logger;
  /** The other subgraphs, for the few requests that go between them (signed, see InternalRequestKey). */
  peers?: PeerDirectory;
}

/** What a subgraph's services are built from: the shared deps plus its own audit log. */
export interface ServiceFactoryDeps extends ServiceDeps {
  audit: AuditLog;
}

export interface SubgraphContext<Services> extends KitContext {
  services: Services;
}

/**
 * What a subgraph package exports: the same shape for all five. Its settings are parsed once by whoever
 * starts it (readSettings, from the environment an entry point hands over) and passed to createServices.
 */
export interface SubgraphDefinition<Services, Settings = undefined> {
  name: Domain;
  defaultPort: number;
  schema: () => GraphQLSchema;
  /** Parses this subgraph's own variables (zod); a bad value throws a ConfigError naming it. */
  readSettings: (env: Environment) => Settings;
  createServices: (deps: ServiceFactoryDeps, settings: Settings) => Promise<Services>;
  /** Extra HTTP endpoints besides /graphql and /health (JWKS, RFC 7591 registration, …). */
  routes?: (services: Services) => Record<string, RouteHandler>;
  /** Called once the subgraph listens, with its URL (what it tells its peers, say). */
  listening?: (services: Services, url: string) => Promise<void>;
  /** Stops background work the services started (timers), before the database closes; `steps` names its parts. */
  stop?: (services: Services, steps: ShutdownSteps) => Promise<void>;
  /** The auth subgraph verifies with its own keys; the others use the JWKS it publishes. */
  tokenVerifier?: (services: Services) => TokenVerifier;
  /** What a person must see once after this start (printed by whoever started the subgraph). */
  startupNotices?: (services: Services) => StartupNotice[];
}

export interface RunningSubgraph<Services> extends Omit<RunningHttpServer, 'close'> {
  name: Domain;
  /** Stops: requests in flight may finish within the shutdown grace, then background work stops; `steps` names each part. */
  close(steps?: ShutdownSteps): Promise<void>;
  services: Services;
  startupNotices: StartupNotice[];
}

export interface StartOptions<Settings> {
  port: number;
  host: string;
  /** The subgraph's own settings (its definition's readSettings). */
  settings: Settings;
  verifier?: TokenVerifier;
  /** Query limits, introspection and field suggestions (GRAPHQL_*, as the router reads them); default: the defaults. */
  protection?: GraphqlProtection;
  /** How long close() lets requests in flight finish (SHUTDOWN_GRACE_SECONDS); default: 10 s. */
  shutdownGraceMs?: number;
}

/** Where and how a configured subgraph starts: everything but its own settings, which it carries. */
export type PlacementOptions = Omit<StartOptions<unknown>, 'settings'>;

/** A subgraph with its settings parsed, ready to start (the one-process platform starts a list of them). */
export interface ConfiguredSubgraph<Services = unknown> {
  name: Domain;
  defaultPort: number;
  start(deps: ServiceDeps, options: PlacementOptions): Promise<RunningSubgraph<Services>>;
}

/** Parses the subgraph's settings from `env` now (a bad value throws a ConfigError naming it), to start it later. */
export function configureSubgraph<Services, Settings>(definition: SubgraphDefinition<Services, Settings>, env: Environment): ConfiguredSubgraph<Services> {
  const settings = definition.readSettings(env);
  return {
    name: definition.name,
    defaultPort: definition.defaultPort,
    start: (deps, options) => startSubgraph(definition, deps, { ...options, settings }),
  };
}

export async function startSubgraph<Services, Settings>(
  definition: SubgraphDefinition<Services, Settings>,
  deps: ServiceDeps,
  options: StartOptions<Settings>,
): Promise<RunningSubgraph<Services>> {
  const logger = deps.logger.child({ subgraph: definition.name });
  await deps.database.migrate('audit');
  await deps.database.migrate(definition.name);
  const audit = new AuditLog(deps.database.db, deps.events, definition.name, logger);
  const services = await definition.createServices({ ...deps, logger, audit }, options.settings);
  const tokenVerifier = definition.tokenVerifier?.(services) ?? options.verifier;
  if (!tokenVerifier) throw new Error(`Subgraph ${definition.name} needs a token verifier (AUTH_JWKS_URL).`);
  // The router sends every subgraph the client's token: each checks it, once a minute at most.
  const verifier = new VerifiedTokens(tokenVerifier);

  // The router's limits apply here too: a subgraph reached directly refuses the same abusive queries.
  const { limits, introspection, fieldSuggestions } = options.protection ?? readGraphqlProtection({});
  const shutdownGraceMs = options.shutdownGraceMs ?? defaultShutdownGraceMs;
  const protection = queryProtection<SubgraphContext<Services>>(limits, { fieldSuggestions });
  const apollo = new ApolloServer<SubgraphContext<Services>>({
    schema: definition.schema(),
    formatError: createErrorFormatter(logger),
    includeStacktraceInErrorResponses: false,
    validationRules: protection.validationRules,
    parseOptions: protection.parseOptions,
    introspection,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    // Shutdown is ours (onShutdown closes sockets, servers and pools in order); Apollo's own signal
    // handler would re-raise the signal mid-way.
    stopOnTerminationSignals: false,
    plugins: [ApolloServerPluginInlineTraceDisabled(), ...protection.plugins, deniedChangesPlugin(audit, deps.counters, logger)],
  });
  await apollo.start();

  const createContext = async (req: IncomingMessage, res: ServerResponse): Promise<SubgraphContext<Services>> => {
    const verified = await viewerFromAuthorization(verifier, req.headers.authorization);
    const requestId = typeof req.headers['x-request-id'] === 'string' ? req.headers['x-request-id'] : randomUUID();
    return { viewer: verified?.viewer ?? null, requestId, sourceIp: sourceIpOf(req), services, signal: abortedWhenClientLeaves(res) };
  };
  const graphql = apolloHandler(apollo, createContext);
  // Every request first loses the forwarded headers the router did not sign (client address, host, request id).
  const forwarded = ForwardedHeaders.from(deps.secrets);
  const trusting =
    (handler: RouteHandler): RouteHandler =>
    (req, res, url) => {
      forwarded.sanitize(req);
      return handler(req, res, url);
    };
  const routes: Record<string, RouteHandler> = {
    '/health': healthHandler({ postgres: () => deps.database.ping(), pubsub: () => deps.events.ping() }),
    '/graphql': graphql,
    ...definition.routes?.(services),
  };
  const http = await listen(
    {
      routes: Object.fromEntries(Object.entries(routes).map(([path, handler]) => [path, trusting(handler)])),
      fallback: trusting(graphql),
    },
    { port: options.port, host: options.host, logger },
  );
  logger.info({ url: http.url }, 'subgraph listening');
  await definition.listening?.(services, http.url);
  return {
    ...http,
    name: definition.name,
    services,
    startupNotices: definition.startupNotices?.(services) ?? [],
    async close(steps = new ShutdownSteps(logger)) {
      const name = definition.name;
      await steps.run(`${name}: requests in flight`, () => http.close(shutdownGraceMs));
      await steps.run(`${name}: GraphQL server`, () => apollo.stop());
      await steps.run(`${name}: background work`, () => definition.stop?.(services, steps));
    },
  };
}
