import { hostname } from 'node:os';
import { InternalRequestKey, optionalUrl, readSettings, type ServiceFactoryDeps } from '@mcp-portal/kit';
import { z } from 'zod';
import { bundledCatalogPath, Catalog } from './catalog.ts';
import { CatalogRequirements } from './catalog-requirements.ts';
import { CatalogService } from './catalog-service.ts';
import { allowHostsSetting } from './catalog-fetch-guard.ts';
import { parseRunnablePackages, RunnablePackages, RunnablePackagesSettingError } from './runnable-packages.ts';
import { ServerService } from './servers.ts';
import { startLifecycle, type Lifecycle } from './lifecycle/lifecycle.ts';
import { StatusRecorder } from './lifecycle/status-recorder.ts';
import { UpstreamOwnerClient } from '../upstream-rpc/owner-client.ts';
import { UpstreamOwnerEndpoint } from '../upstream-rpc/owner-endpoint.ts';
import { ToolPolicyService } from './tool-policies.ts';
import { InitialSettingsClient } from './initial-settings-client.ts';

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

const runnablePackagesSetting = z
  .string()
  .optional()
  .transform((value, ctx) => {
    try {
      return parseRunnablePackages(value);
    } catch (error) {
      if (!(error instanceof RunnablePackagesSettingError)) throw error;
      ctx.addIssue({ code: 'custom', message: error.message });
      return z.NEVER;
    }
  });

export async function createServersServices({ database, events, audit, logger, secrets, peers }: ServiceFactoryDeps): Promise<ServersServices> {
  const settings = readSettings({
    MCP_CATALOG_PATH: z.string().default(bundledCatalogPath),
    MCP_CATALOG_IMPORT_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
    MCP_CATALOG_IMPORT_MAX_BYTES: z.coerce.number().int().min(1024).max(64 * 1024 * 1024).default(5 * 1024 * 1024),
    MCP_CATALOG_IMPORT_ALLOW_HOSTS: allowHostsSetting,
    MCP_CATALOG_IMPORT_PARSE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
    MCP_RUNNABLE_PACKAGES: runnablePackagesSetting,
    MCP_SERVERS_INTERNAL_URL: optionalUrl,
  });
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
  const lifecycle = await startLifecycle({ db: database.db, events, logger, secrets, peers, catalog, status });
  const requirements = new CatalogRequirements(lifecycle.situation);
  const toolPolicies = new ToolPolicyService(database.db, audit, status);
  const internalKey = InternalRequestKey.from(secrets);
  const owner = { leadership: lifecycle.leadership, client: new UpstreamOwnerClient(database.db, internalKey) };
  const settingsClient = new InitialSettingsClient(secrets, peers, events, logger);
  const servers = new ServerService(database.db, audit, catalog, requirements, events, status, lifecycle.supervisor, owner, logger, toolPolicies, settingsClient);
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
