/**
 * The one-process platform (`npm start`'s entry point) in its own process on spare ports with a temporary
 * data folder, driven through GraphQL the way a user would: sign in, add a catalog entry, enable it, create an
 * API token. Shared by the gateway-proxy's conformance run and benchmark.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { createTestDatabase, freePort, testRedisUrl, waitForHttp, waitUntil, type TestDatabase } from '@mcp-portal/kit/testing';
import { graphqlRequest, runTs, type ServiceProcess } from '@mcp-portal/platform/testing';

export interface BenchPlatform {
  process: ServiceProcess;
  /** The router's GraphQL endpoint. */
  graphqlUrl: string;
  /** The gateway-proxy's MCP endpoint. */
  mcpUrl: string;
  adminToken: string;
  gql<T>(query: string, variables: Record<string, unknown>, schema: z.ZodType<T>, token?: string): Promise<T>;
  /** Creates (or replaces) a custom catalog entry reaching a Streamable HTTP server at `url`. */
  addRemoteEntry(name: string, url: string): Promise<void>;
  /** Enables an entry and waits for it to be RUNNING; returns the server's id. */
  enable(name: string): Promise<string>;
  disable(id: string): Promise<void>;
  /** An API token of the admin (operator rights and more). */
  apiToken(): Promise<string>;
  /** A new operator account's access JWT (the proxy holds at most 32 sessions per user). */
  operatorJwt(): Promise<string>;
  stop(): Promise<void>;
}

const errorsSchema = z.array(z.object({ message: z.string() })).optional();

/**
 * Starts the platform. `database: 'embedded'` is `npm start` with no `DATABASE_URL` (PGlite in the data folder,
 * events in memory); `'postgres'` uses the real PostgreSQL and Redis of the test setup, as a deployment would.
 */
export async function startBenchPlatform(options: {
  database: 'embedded' | 'postgres';
  env?: Record<string, string>;
  /** A folder for CPU profiles of the platform's process: each SIGUSR2 to it starts or stops one (gateway-proxy-cpu-profile.mjs). */
  profileDir?: string | undefined;
}): Promise<BenchPlatform> {
  const dataDir = await mkdtemp(join(tmpdir(), 'mcp-bench-'));
  const database: TestDatabase | null = options.database === 'postgres' ? await createTestDatabase('bench-gateway-proxy') : null;
  const port = await freePort();
  const proxyPort = await freePort();
  const admin = { email: 'bench@example.test', password: randomBytes(12).toString('base64url') };
  const env: Record<string, string> = {
    MCP_DATA_DIR: dataDir,
    MCP_ADMIN_EMAIL: admin.email,
    MCP_ADMIN_PASSWORD: admin.password,
    SUBGRAPH_PORTS: 'ephemeral',
    MCP_RUNTIME: 'process',
    GATEWAY_PROXY_PORT: String(proxyPort),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
    LOG_FORMAT: 'json',
    ...(options.profileDir
      ? { NODE_OPTIONS: `--import ${join(import.meta.dirname, 'gateway-proxy-cpu-profile.mjs')}`, MCP_BENCH_PROFILE_DIR: resolve(options.profileDir) }
      : {}),
    ...options.env,
  };
  if (database) Object.assign(env, { DATABASE_URL: database.url, REDIS_URL: testRedisUrl, MCP_CHANNEL_PREFIX: `bench:${randomBytes(4).toString('hex')}:` });
  else for (const name of ['DATABASE_URL', 'REDIS_URL'] as const) delete process.env[name];
  const child = runTs('platform/src/main.ts', env, ['--port', String(port)]);
  const stop = async () => {
    await child.stop();
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForHttp(`http://127.0.0.1:${port}/health`, 120_000);
    await waitForHttp(`http://127.0.0.1:${proxyPort}/health`, 30_000);
  } catch (error) {
    process.stderr.write(child.output());
    await stop();
    throw error;
  }
  const graphqlUrl = `http://127.0.0.1:${port}/graphql`;
  async function gql<T>(query: string, variables: Record<string, unknown>, schema: z.ZodType<T>, token?: string): Promise<T> {
    const result = z.object({ data: schema.nullish(), errors: errorsSchema }).parse(await graphqlRequest(graphqlUrl, query, variables, token));
    if (!result.data) throw new Error(`GraphQL: ${result.errors?.map((e) => e.message).join('; ') ?? 'no data'}`);
    return result.data;
  }
  const login = (email: string, password: string) =>
    gql(
      'mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }',
      { email, password },
      z.object({ login: z.object({ token: z.string() }) }),
    ).then((data) => data.login.token);
  const adminToken = await login(admin.email, admin.password);
  const statusOf = (id: string) =>
    gql(
      'query($id: ID!) { server(id: $id) { status lastError } }',
      { id },
      z.object({ server: z.object({ status: z.string(), lastError: z.string().nullish() }) }),
      adminToken,
    );

  return {
    process: child,
    graphqlUrl,
    mcpUrl: `http://127.0.0.1:${proxyPort}/mcp`,
    adminToken,
    gql,
    async addRemoteEntry(name, url) {
      const entry = { title: name, description: `${name} (benchmark)`, type: 'REMOTE', remote: { url, transportType: 'streamable-http' } };
      await gql(
        'mutation($input: CreateCatalogEntryInput!) { createCatalogEntry(input: $input) { name } }',
        { input: { name, entry } },
        z.unknown(),
        adminToken,
      );
    },
    async enable(name) {
      const enabled = await gql(
        'mutation($name: String!) { enableServer(name: $name) { id } }',
        { name },
        z.object({ enableServer: z.object({ id: z.string() }) }),
        adminToken,
      );
      const id = enabled.enableServer.id;
      const { server } = await waitUntil(
        `${name} to run`,
        () => statusOf(id),
        (state) => state.server.status === 'RUNNING' || state.server.status === 'FAILED',
        {
          timeoutMs: 120_000,
        },
      );
      if (server.status === 'FAILED') throw new Error(`${name} failed to start: ${server.lastError ?? ''}`);
      return id;
    },
    async disable(id) {
      await gql('mutation($id: ID!) { disableServer(id: $id) { id } }', { id }, z.unknown(), adminToken);
    },
    async apiToken() {
      const created = await gql(
        'mutation { createApiToken(name: "gateway-proxy bench", role: OPERATOR) { token } }',
        {},
        z.object({ createApiToken: z.object({ token: z.string() }) }),
        adminToken,
      );
      return created.createApiToken.token;
    },
    async operatorJwt() {
      const user = { email: `bench-${randomBytes(5).toString('hex')}@example.test`, password: randomBytes(12).toString('base64url') };
      await gql(
        'mutation($email: String!, $password: String!) { createUser(email: $email, password: $password, role: OPERATOR) { id } }',
        user,
        z.unknown(),
        adminToken,
      );
      return login(user.email, user.password);
    },
    stop,
  };
}
