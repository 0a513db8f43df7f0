import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  assertRedisReachable,
  AuditLog,
  createCounterStore,
  loadSecretBox,
  createEventBus,
  externalIdentityUsers,
  InternalRequestKey,
  openDatabase,
  remoteTokenVerifier,
  ForwardedHeaders,
  PeerRegistry,
  ShutdownSteps,
  closeSharedConnections,
  type ConfiguredSubgraph,
  type CounterStore,
  type DatabaseHandle,
  type EventBus,
  type Logger,
  type RunningSubgraph,
  type SecretBox,
  type StartupNotice,
  type TokenVerifier,
} from '@mcp-portal/kit';
import { startGatewayProxy, type GatewayProxyTuning, type RunningGatewayProxy } from '@mcp-portal/gateway-proxy';
import { jwksPath, tokenExchangePath } from '@mcp-portal/schema/contract';
import { inProcessUpstreams, type ServersServices } from '@mcp-portal/servers';
import type { ConfigServices } from '@mcp-portal/config';
import type { DcrServices } from '@mcp-portal/dcr';
import type { ExecutorServices } from '@mcp-portal/executor';
import { startRouter, type RunningRouter, type QueryLimits, type SubscriptionLimits, type TrustedProxies } from '@mcp-portal/router';

export { readEmbeddedSettings, readPlatformOptions, type EmbeddedSettings } from './settings.ts';

export interface PlatformOptions {
  /** Real PostgreSQL; without it an embedded PGlite keeps its data in `dataDir`. */
  databaseUrl?: string;
  /** Real Redis; without it an in-memory bus serves this one process. */
  redisUrl?: string;
  dataDir: string;
  /** MCP_MASTER_KEY; without it one is generated into `dataDir` on first start. */
  masterKey?: string;
  channelPrefix: string;
  host: string;
  routerPort: number;
  gatewayProxyPort: number;
  /** Subgraphs on their standard ports (4001–4005) or on free ephemeral ports (tests). */
  subgraphPorts: 'standard' | 'ephemeral';
  supergraphSdl: string;
  limits: QueryLimits;
  subscriptionLimits?: Partial<SubscriptionLimits>;
  /** Proxies in front of the router whose X-Forwarded-* headers are believed (TRUSTED_PROXIES). */
  trustedProxies?: TrustedProxies;
  introspection: boolean;
  fieldSuggestions: boolean;
  /** How long a stop lets requests and deliveries in flight finish (SHUTDOWN_GRACE_SECONDS). */
  shutdownGraceMs?: number;
  webDistDir: string;
  logger: Logger;
  /** The subgraphs to start, auth first, each with its settings (readEmbeddedSettings). */
  subgraphs: readonly ConfiguredSubgraph[];
  /** The gateway-proxy's GATEWAY_PROXY_* settings. */
  gatewayProxy: GatewayProxyTuning;
  /** Where the portal is reached (MCP_PUBLIC_URL); default: the router's URL. */
  publicUrl?: string;
}

export interface RunningPlatform {
  router: RunningRouter;
  subgraphs: RunningSubgraph<unknown>[];
  gatewayProxy: RunningGatewayProxy;
  database: DatabaseHandle;
  events: EventBus;
  /** What the subgraphs ask to show a person once (the generated admin password). */
  startupNotices: StartupNotice[];
  /** Stops the gateway-proxy, the router and the subgraphs; `steps` names each part (one still running after 5 s is logged). */
  close(steps?: ShutdownSteps): Promise<void>;
}

/**
 * The whole platform in one process, over the same HTTP paths as production: five subgraphs on
 * loopback ports, the router in front of them, the gateway-proxy beside it.
 */
export async function startPlatform(options: PlatformOptions): Promise<RunningPlatform> {
  const { logger } = options;
  // Before anything is written (the data directory, migrations, a first admin): an unreachable Redis stops the start.
  if (options.redisUrl) await assertRedisReachable(options.redisUrl);
  let pgliteDir: string | undefined;
  if (!options.databaseUrl) {
    pgliteDir = resolve(options.dataDir, 'pgdata');
    await mkdir(pgliteDir, { recursive: true });
  }
  const database = await openDatabase({ url: options.databaseUrl, dataDir: pgliteDir, logger });
  const events = createEventBus({ redisUrl: options.redisUrl, channelPrefix: options.channelPrefix, logger });
  const counters = createCounterStore({ redisUrl: options.redisUrl, keyPrefix: options.channelPrefix, logger });
  const secrets = await loadSecretBox({ masterKey: options.masterKey, dataDir: options.dataDir });
  const started: RunningSubgraph<unknown>[] = [];
  const closeStarted = async (steps: ShutdownSteps) => {
    for (const service of started.reverse()) await service.close(steps);
    await closeSharedConnections({ events, counters, database }, steps);
  };
  try {
    const [authSubgraph, ...others] = options.subgraphs;
    if (authSubgraph?.name !== 'auth') throw new Error('The auth subgraph is missing (it starts first).');
    const portFor = (defaultPort: number) => (options.subgraphPorts === 'standard' ? defaultPort : 0);
    const peers = new PeerRegistry();
    const deps = { database, events, counters, secrets, logger, peers };
    // The subgraphs apply the router's limits too, so one reached directly refuses what the router would.
    const protection = { limits: options.limits, introspection: options.introspection, fieldSuggestions: options.fieldSuggestions };
    const shutdownGraceMs = options.shutdownGraceMs;
    const auth = await authSubgraph.start(deps, { port: portFor(authSubgraph.defaultPort), host: options.host, protection, shutdownGraceMs });
    started.push(auth);
    peers.register(auth.name, auth.url);
    const verifier = remoteTokenVerifier(`${auth.url}${jwksPath}`);
    // One at a time: embedded PGlite is a single connection, and migrations must not interleave.
    for (const configured of others) {
      const subgraph = await configured.start(deps, { port: portFor(configured.defaultPort), host: options.host, verifier, protection, shutdownGraceMs });
      started.push(subgraph);
      peers.register(subgraph.name, subgraph.url);
    }
    // The gateway-proxy starts after the router (it needs the router's URL); the router names it once it runs.
    let mcpEndpoint: string | null = null;
    const router = await startRouter({
      mcpEndpoint: () => mcpEndpoint,
      supergraphSdl: options.supergraphSdl,
      subgraphUrls: Object.fromEntries(started.map((s) => [s.name, `${s.url}/graphql`])),
      verifier,
      events,
      forwarding: ForwardedHeaders.from(secrets),
      trustedProxies: options.trustedProxies,
      port: options.routerPort,
      host: options.host,
      limits: options.limits,
      subscriptionLimits: options.subscriptionLimits,
      introspection: options.introspection,
      fieldSuggestions: options.fieldSuggestions,
      shutdownGraceMs: options.shutdownGraceMs,
      webDistDir: options.webDistDir,
      logger,
    });
    const gatewayProxy = await startEmbeddedGatewayProxy(options, {
      servers: started.find((subgraph) => subgraph.name === 'servers') as RunningSubgraph<ServersServices> | undefined,
      config: started.find((subgraph) => subgraph.name === 'config') as RunningSubgraph<ConfigServices> | undefined,
      dcr: started.find((subgraph) => subgraph.name === 'dcr') as RunningSubgraph<DcrServices> | undefined,
      authUrl: auth.url,
      platformUrl: options.publicUrl || router.url,
      secretBox: secrets,
      verifier,
      database,
      events,
      counters,
    }).catch(async (error: unknown) => {
      await router.close();
      throw error;
    });
    mcpEndpoint = gatewayProxy.mcpUrl;
    // The executor's runs talk to this router, wherever it listens (unless MCP_EXECUTOR_ROUTER_URL names another).
    const executor = started.find((subgraph) => subgraph.name === 'executor') as RunningSubgraph<ExecutorServices> | undefined;
    executor?.services.executions.useRouter(router.url);
    // The platform's authorization server issues tokens for this proxy's MCP endpoint (RFC 8707), wherever it listens.
    const dcr = started.find((subgraph) => subgraph.name === 'dcr') as RunningSubgraph<DcrServices> | undefined;
    if (dcr && gatewayProxy.mcpUrl) dcr.services.authorization.protect(gatewayProxy.mcpUrl);
    return {
      router,
      subgraphs: started,
      gatewayProxy,
      database,
      events,
      startupNotices: started.flatMap((subgraph) => subgraph.startupNotices),
      async close(steps = new ShutdownSteps(logger)) {
        await gatewayProxy.close(steps);
        await steps.run('router', () => router.close());
        await closeStarted(steps);
      },
    };
  } catch (error) {
    await closeStarted(new ShutdownSteps(logger)).catch(() => undefined);
    throw error;
  }
}

/**
 * The gateway-proxy beside the router, serving /mcp in front of the servers this process runs: it reaches
 * them through the servers subgraph's lifecycle in process (their own MCP sessions), verifies tokens like
 * the router (JWKS, API token exchange at the auth subgraph) and writes its audit rows to the same database.
 */
async function startEmbeddedGatewayProxy(
  options: PlatformOptions,
  peers: {
    servers: RunningSubgraph<ServersServices> | undefined;
    config: RunningSubgraph<ConfigServices> | undefined;
    /** The platform's OAuth client towards remote MCP servers (issue 13); without the dcr subgraph, none. */
    dcr: RunningSubgraph<DcrServices> | undefined;
    authUrl: string;
    platformUrl: string;
    /** Signs the internal requests to the auth subgraph. */
    secretBox: SecretBox;
    verifier: TokenVerifier;
    database: DatabaseHandle;
    events: EventBus;
    counters: CounterStore;
  },
): Promise<RunningGatewayProxy> {
  if (!peers.servers) throw new Error('The servers subgraph is missing.');
  if (!peers.config) throw new Error('The config subgraph is missing.');
  const logger = options.logger.child({ component: 'gateway-proxy' });
  const servers = peers.servers.services.servers;
  const secrets = peers.config.services.secrets;
  // Remote servers that sign in with OAuth: the lifecycle connects team servers with the team's token, the
  // gateway-proxy calls per-user servers with each caller's own.
  const upstreamOAuth = peers.dcr?.services.upstream;
  const azure = peers.dcr?.services.authorization.azure ?? null;
  if (upstreamOAuth) peers.servers.services.lifecycle.supervisor.authorizeRemotesWith(upstreamOAuth);
  return startGatewayProxy({
    port: options.gatewayProxyPort,
    host: options.host,
    logger,
    mcp: {
      // The proxy closes it when it stops (or fails to start).
      upstreams: await inProcessUpstreams(peers.servers.services.lifecycle.supervisor, peers.events, peers.servers.services.toolPolicies),
      verifier: peers.verifier,
      tokenExchangeUrl: new URL(tokenExchangePath, peers.authUrl).toString(),
      events: peers.events,
      audit: new AuditLog(peers.database.db, peers.events, 'gateway-proxy', logger),
      counters: peers.counters,
      platformUrl: peers.platformUrl,
      ...(upstreamOAuth ? { upstreamOAuth } : {}),
      // The DCR bridge's azure backend: MCP clients are Entra applications calling with Entra tokens for the API.
      ...(azure ? { entra: { settings: azure, users: externalIdentityUsers(InternalRequestKey.from(peers.secretBox), peers.authUrl) } } : {}),
      // The secrets' plaintext from the config subgraph in this process, named `<server>.<secret>`.
      knownSecrets: async () => {
        const [values, names] = await Promise.all([secrets.allOpenedValues(), servers.list()]);
        const nameOf = new Map(names.map((server) => [server.id, server.catalogName]));
        return values.map((secret) => ({ label: `${nameOf.get(secret.serverId) ?? secret.serverId}.${secret.name}`, value: secret.value }));
      },
      ...options.gatewayProxy,
    },
  });
}

export function pgliteDataDir(dataDir: string): string {
  return join(resolve(dataDir), 'pgdata');
}
