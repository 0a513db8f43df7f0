import { z } from 'zod';
import {
  assertRedisReachable,
  AuditLog,
  closeSharedConnections,
  ConfigError,
  createCounterStore,
  createEventBus,
  emptyAsUndefined,
  externalIdentityUsers,
  InternalRequestKey,
  loadSecretBox,
  openDatabase,
  optionalString,
  optionalUrl,
  port,
  readSettings,
  remoteTokenVerifier,
  sharedSettings,
  ShutdownSteps,
  type EntraApiSettings,
  type Environment,
  type Logger,
} from '@mcp-portal/kit';
import { jwksPath, tokenExchangePath } from '@mcp-portal/schema/contract';
import { createUpstreamOAuth, upstreamOAuthSettingsFrom, upstreamOAuthSettingsShape } from '@mcp-portal/dcr/upstream-oauth';
import { UpstreamOwnerClient } from '@mcp-portal/servers/upstream-owner';
import { startGatewayProxy, type RunningGatewayProxy } from './proxy.ts';
import { remoteKnownSecrets } from './remote-known-secrets.ts';
import { remoteUpstreams } from './remote-upstreams.ts';
import { readGatewayProxyTuning } from './settings.ts';

/**
 * What the proxy on its own needs besides its tuning (gatewayProxySettings): the platform it fronts, and the
 * MCP_OAUTH_* settings of the platform's OAuth client towards remote MCP servers (issue 13), which it runs
 * itself to call per-user OAuth servers with each caller's token (set them as for the dcr subgraph).
 */
export const standaloneSettings = {
  ...upstreamOAuthSettingsShape,
  HOST: sharedSettings.HOST,
  PORT: port(4100),
  DATABASE_URL: z.string().url({ message: "the gateway-proxy on its own needs DATABASE_URL (the platform's database: the lifecycle lease, audit rows)" }),
  REDIS_URL: sharedSettings.REDIS_URL,
  MCP_CHANNEL_PREFIX: sharedSettings.MCP_CHANNEL_PREFIX,
  /** The subgraphs' key: the proxy signs its internal requests with it. */
  MCP_MASTER_KEY: sharedSettings.MCP_MASTER_KEY,
  /** The auth subgraph's JWKS; its token exchange is on the same origin. */
  AUTH_JWKS_URL: optionalUrl.default(`http://127.0.0.1:4001${jwksPath}`),
  /** The portal (the router): a trusted Origin, and the authorization server clients are sent to. */
  MCP_PUBLIC_URL: optionalUrl.default('http://127.0.0.1:4000'),
  /**
   * The config subgraph (its GraphQL URL, as the router is told): the proxy reads the servers' secret
   * values from its signed internal endpoint to refuse calls that carry one. Without it only well-known
   * credential patterns are refused.
   */
  SUBGRAPH_CONFIG_URL: optionalUrl,
  /**
   * With the DCR bridge's azure backend (the dcr subgraph's settings of the same names), MCP clients registered as
   * Entra applications call with Entra access tokens for the gateway's API: accepted for the users linked to them.
   */
  MCP_DCR_BACKEND: z.preprocess(emptyAsUndefined, z.enum(['local', 'azure']).default('local')),
  MCP_DCR_AZURE_TENANT_ID: optionalString,
  MCP_DCR_AZURE_API_APP_ID: optionalString,
  MCP_DCR_AZURE_AUTHORITY_HOST: optionalUrl.default('https://login.microsoftonline.com'),
};

/**
 * The gateway-proxy as its own process (docker-compose): /mcp in front of the servers that the servers
 * subgraph's lifecycle owner runs, reached through its signed internal endpoint; tokens verified like the
 * router does (JWKS, API token exchange at the auth subgraph); audit rows on the platform's database.
 */
export async function startStandaloneGatewayProxy(logger: Logger, env: Environment): Promise<RunningGatewayProxy> {
  const settings = readSettings(standaloneSettings, env);
  const tuning = readGatewayProxyTuning(env);
  if (settings.REDIS_URL) await assertRedisReachable(settings.REDIS_URL);
  const database = await openDatabase({ url: settings.DATABASE_URL, logger });
  const events = createEventBus({ redisUrl: settings.REDIS_URL, channelPrefix: settings.MCP_CHANNEL_PREFIX, logger });
  const counters = createCounterStore({ redisUrl: settings.REDIS_URL, keyPrefix: settings.MCP_CHANNEL_PREFIX, logger });
  const closeShared = (steps = new ShutdownSteps(logger)) => closeSharedConnections({ events, counters, database }, steps);
  try {
    const secrets = await loadSecretBox({ masterKey: settings.MCP_MASTER_KEY });
    const key = InternalRequestKey.from(secrets);
    const owner = new UpstreamOwnerClient(database.db, key);
    // The dcr subgraph's OAuth client over the same tables: the connections users authorize in the portal.
    const upstreamOAuth = createUpstreamOAuth({ database, secrets, events, settings: upstreamOAuthSettingsFrom(settings), logger });
    const configUrl = settings.SUBGRAPH_CONFIG_URL;
    const entra = entraSettingsOf(settings);
    if (!configUrl)
      logger.warn(
        `SUBGRAPH_CONFIG_URL is not set: the gateway-proxy refuses well-known credential patterns in calls, but not the secret values stored on the platform.`,
      );
    const proxy = await startGatewayProxy({
      port: settings.PORT,
      host: settings.HOST,
      logger,
      mcp: {
        // The proxy closes it when it stops (or fails to start).
        upstreams: await remoteUpstreams(owner, events, logger),
        verifier: remoteTokenVerifier(settings.AUTH_JWKS_URL),
        tokenExchangeUrl: new URL(tokenExchangePath, settings.AUTH_JWKS_URL).toString(),
        events,
        audit: new AuditLog(database.db, events, 'gateway-proxy', logger),
        counters,
        platformUrl: new URL(settings.MCP_PUBLIC_URL).origin,
        upstreamOAuth,
        ...(configUrl ? { knownSecrets: remoteKnownSecrets(configUrl, key, () => owner.list()) } : {}),
        ...(entra ? { entra: { settings: entra, users: externalIdentityUsers(key, new URL(settings.AUTH_JWKS_URL).origin) } } : {}),
        ...tuning,
      },
    });
    return {
      ...proxy,
      get sessions() {
        return proxy.sessions;
      },
      async close(steps = new ShutdownSteps(logger)) {
        await proxy.close(steps);
        await closeShared(steps);
      },
    };
  } catch (error) {
    await closeShared();
    throw error;
  }
}

/** The Entra tenant and API whose access tokens are accepted, with the azure backend; a ConfigError when it lacks one. */
function entraSettingsOf(settings: z.infer<z.ZodObject<typeof standaloneSettings>>): EntraApiSettings | null {
  if (settings.MCP_DCR_BACKEND !== 'azure') return null;
  if (!settings.MCP_DCR_AZURE_TENANT_ID || !settings.MCP_DCR_AZURE_API_APP_ID)
    throw new ConfigError(
      'MCP_DCR_BACKEND=azure needs MCP_DCR_AZURE_TENANT_ID and MCP_DCR_AZURE_API_APP_ID for the gateway-proxy too (the Entra tokens it accepts).',
    );
  return { authorityHost: settings.MCP_DCR_AZURE_AUTHORITY_HOST, tenantId: settings.MCP_DCR_AZURE_TENANT_ID, apiAppId: settings.MCP_DCR_AZURE_API_APP_ID };
}
