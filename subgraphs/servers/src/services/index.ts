import { hostname } from 'node:os';
import { InternalRequestKey, type ServiceFactoryDeps } from '@mcp-portal/kit';
import { Catalog } from './catalog.ts';
import { CatalogRequirements } from './catalog-requirements.ts';
import { CatalogService } from './catalog-service.ts';
import { RunnablePackages } from './runnable-packages.ts';
import type { ServersSettings } from '../settings.ts';
import { ServerService } from './servers.ts';
import { startLifecycle, type Lifecycle } from './lifecycle/lifecycle.ts';
import { StatusRecorder } from './lifecycle/status-recorder.ts';
import { UpstreamOwnerClient } from '../upstream-rpc/owner-client.ts';
import { UpstreamOwnerEndpoint } from '../upstream-rpc/owner-endpoint.ts';
import { ToolPolicyService } from './tool-policies.ts';
import { InitialSettingsClient } from './initial-settings-client.ts';
import { RemoteAuthorizerClient } from './lifecycle/remote-authorizer-client.ts';

export interface ServersServices {
  catalog: CatalogService;
  /** What catalog entries need, and whether this platform can run them now. */
  requirements: CatalogRequirements;
  servers: ServerService;
  /** Which tools are disabled or admin-only (the gateway-proxy and callTool apply them). */
  toolPolicies: ToolPolicyService;
  lifecycle: Lifecycle;
  /** The running servers' sessions for gateway-proxies and the other replicas (answers while this replica leads). */
  upstreamOwner: UpstreamOwnerEndpoint;
  /** Where this replica tells others to reach it: MCP_SERVERS_INTERNAL_URL, else its listening URL. */
  internalUrl(listeningUrl: string): string;
  /** Verifies the requests other processes of this deployment sign (a server's settings spec). */
  internalKey: InternalRequestKey;
}

export async function createServersServices(
  { database, events, audit, logger, secrets, peers }: ServiceFactoryDeps,
  settings: ServersSettings,
): Promise<ServersServices> {
  const bundled = await Catalog.load(settings.MCP_CATALOG_PATH);
  const importLimits = {
    timeoutMs: settings.MCP_CATALOG_IMPORT_TIMEOUT_MS,
    maxBytes: settings.MCP_CATALOG_IMPORT_MAX_BYTES,
    allowHosts: settings.MCP_CATALOG_IMPORT_ALLOW_HOSTS,
    parseTimeoutMs: settings.MCP_CATALOG_IMPORT_PARSE_TIMEOUT_MS,
  };
  const runnable = RunnablePackages.from(bundled.list(), settings.MCP_RUNNABLE_PACKAGES);
  const catalog = new CatalogService(database.db, audit, bundled, importLimits, logger, runnable);
  const status = new StatusRecorder(database.db, events, logger);
  const lifecycle = await startLifecycle({ db: database.db, events, logger, secrets, peers, catalog, status, settings: settings.lifecycle });
  // On its own (docker-compose), beside a dcr subgraph (SUBGRAPH_DCR_URL, known from the start): the team OAuth
  // connections of remote servers come from it over signed requests. In one process the dcr subgraph starts after
  // this one and the platform gives the lifecycle its OAuth client directly (authorizeRemotesWith, which wins).
  if (peers?.urlOf('dcr')) {
    const supervisor = lifecycle.supervisor;
    const remoteAuthorizer: RemoteAuthorizerClient = new RemoteAuthorizerClient(secrets, peers, logger.child({ component: 'remote-authorizer' }), {
      // The dcr subgraph did not answer: the team servers waiting for it ask again (unless another client took over).
      onRetry: () => {
        if (supervisor.authorizesRemotesWith(remoteAuthorizer)) supervisor.authorizeRemotesWith(remoteAuthorizer);
      },
    });
    supervisor.authorizeRemotesWith(remoteAuthorizer);
  }
  const requirements = new CatalogRequirements(lifecycle.situation);
  const toolPolicies = new ToolPolicyService(database.db, audit, status);
  const internalKey = InternalRequestKey.from(secrets);
  const owner = { leadership: lifecycle.leadership, client: new UpstreamOwnerClient(database.db, internalKey) };
  const settingsClient = new InitialSettingsClient(secrets, peers, events, logger);
  const servers = new ServerService(
    database.db,
    audit,
    catalog,
    requirements,
    events,
    status,
    lifecycle.supervisor,
    owner,
    logger,
    toolPolicies,
    settingsClient,
  );
  return {
    catalog,
    requirements,
    servers,
    toolPolicies,
    lifecycle,
    upstreamOwner: new UpstreamOwnerEndpoint(internalKey, lifecycle.leadership, lifecycle.supervisor, events, logger, toolPolicies),
    internalUrl: (listeningUrl) => settings.MCP_SERVERS_INTERNAL_URL ?? reachableUrl(listeningUrl),
    internalKey,
  };
}

/** A URL listening on every interface names this host instead (what other containers of a network resolve). */
function reachableUrl(listeningUrl: string): string {
  const url = new URL(listeningUrl);
  if (url.hostname === '0.0.0.0' || url.hostname === '[::]') url.hostname = hostname();
  return url.origin;
}
