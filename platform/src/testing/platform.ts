import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, remoteTokenVerifier, SecretBox, type Environment } from '@mcp-portal/kit';
import { closeInTime, createTestDatabase, testChannelPrefix, testRedisUrl } from '@mcp-portal/kit/testing';
import { readEmbeddedSettings, startPlatform, type RunningPlatform } from '../embedded.ts';
import { loadSupergraph, defaultWebDistDir, startRouter, type RouterOptions, type RunningRouter, type SubscriptionLimits } from '@mcp-portal/router';

export interface TestPlatform {
  platform: RunningPlatform;
  url: string;
  graphqlUrl: string;
  wsUrl: string;
  channelPrefix: string;
  admin: { email: string; password: string };
  /** Logs in as the admin through the router and returns the bearer token. */
  adminToken(): Promise<string>;
  /** POSTs an operation to the router. */
  request<T = unknown>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

export interface GraphQLResponse<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export async function graphqlRequest<T>(url: string, query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResponse<T>;
}

/**
 * The whole platform for a test: a fresh database on the real Postgres, the real Redis under a private
 * channel prefix (or PGlite and in-memory events with `embedded: true`), every port ephemeral.
 */
export async function startTestPlatform(options: {
  label: string;
  embedded?: boolean;
  routerPort?: number;
  subscriptionLimits?: Partial<SubscriptionLimits>;
  /**
   * The variables the subgraphs' and the gateway-proxy's settings are parsed from (the admin's are added); none
   * by default: a platform under test never reads the test process's environment.
   */
  env?: Environment;
}): Promise<TestPlatform> {
  const admin = { email: `admin-${randomBytes(3).toString('hex')}@example.test`, password: randomBytes(12).toString('base64url') };
  const env: Environment = { ...options.env, MCP_ADMIN_EMAIL: admin.email, MCP_ADMIN_PASSWORD: admin.password };
  // Where the router listens, which the subgraphs are told too (readEmbeddedSettings: their MCP_PUBLIC_URL).
  const router = { host: '127.0.0.1', routerPort: options.routerPort ?? 0 };
  const testDatabase = options.embedded ? null : await createTestDatabase(options.label, { migrated: true });
  const channelPrefix = testChannelPrefix(options.label);
  const dataDir = await mkdtemp(join(tmpdir(), `mcp-${options.label}-`));
  const platform = await startPlatform({
    ...router,
    ...readEmbeddedSettings(env, router),
    databaseUrl: testDatabase?.url,
    redisUrl: options.embedded ? undefined : testRedisUrl,
    dataDir,
    masterKey: SecretBox.generateKey(),
    channelPrefix,
    gatewayProxyPort: 0,
    subgraphPorts: 'ephemeral',
    // close() stops the proxy, the router and five subgraphs one after another, each letting requests in flight
    // finish within the grace: 10 s each by default, longer together than a test's after-all hook allows.
    shutdownGraceMs: 2_000,
    supergraphSdl: await loadSupergraph(),
    limits: { maxDepth: 12, maxAliases: 30, maxTokens: 5000 },
    subscriptionLimits: options.subscriptionLimits,
    introspection: true,
    fieldSuggestions: true,
    webDistDir: defaultWebDistDir,
    logger: createLogger(`test-${options.label}`, process.env.LOG_LEVEL ?? 'silent'),
  });
  const graphqlUrl = platform.router.graphqlUrl;
  return {
    platform,
    url: platform.router.url,
    graphqlUrl,
    wsUrl: platform.router.wsUrl,
    channelPrefix,
    admin,
    async adminToken() {
      const result = await graphqlRequest<{ login: { token: string } }>(
        graphqlUrl,
        'mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }',
        admin,
      );
      if (!result.data) throw new Error(`admin login failed: ${JSON.stringify(result.errors)}`);
      return result.data.login.token;
    },
    request: (query, variables, token) => graphqlRequest(graphqlUrl, query, variables, token),
    async close() {
      await closeInTime(`the test platform ${options.label}`, async (steps) => {
        await platform.close(steps);
        await steps.run('dropping the test database', () => testDatabase?.drop());
        await rm(dataDir, { recursive: true, force: true });
      });
    },
  };
}

/**
 * One more router over a test platform's subgraphs, with the test platform's settings; `options` replaces some of
 * them, and its `subgraphUrls` the URLs of the subgraphs it names (a gate in front of one, say).
 */
export async function startRouterOver(test: TestPlatform, options: Partial<RouterOptions> = {}): Promise<RunningRouter> {
  const subgraphUrls = Object.fromEntries(test.platform.subgraphs.map((sg) => [sg.name, `${sg.url}/graphql`]));
  const authUrl = test.platform.subgraphs.find((sg) => sg.name === 'auth')!.url;
  return startRouter({
    supergraphSdl: await loadSupergraph(),
    verifier: remoteTokenVerifier(`${authUrl}/.well-known/jwks.json`),
    events: test.platform.events,
    forwarding: null,
    port: 0,
    host: '127.0.0.1',
    limits: { maxDepth: 12, maxAliases: 30, maxTokens: 5000 },
    introspection: true,
    fieldSuggestions: true,
    webDistDir: defaultWebDistDir,
    logger: createLogger('test-another-router', 'silent'),
    ...options,
    subgraphUrls: { ...subgraphUrls, ...options.subgraphUrls },
  });
}
