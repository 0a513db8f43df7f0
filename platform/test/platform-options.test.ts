import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, type Environment } from '@mcp-portal/kit';
import { defaultWebDistDir, loadSupergraph, readRouterSettings, SupergraphLoadError } from '@mcp-portal/router';
import { readPlatformOptions } from '../src/embedded.ts';

/** readPlatformOptions: what `npm start` (main.ts) and the CLI's local platform (launcher.ts) give startPlatform. */
const logger = createLogger('test-platform-options', 'silent');
let dir: string;
let supergraphPath: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mcp-platform-options-'));
  supergraphPath = join(dir, 'supergraph.graphql');
  await writeFile(supergraphPath, 'schema { query: Query }\ntype Query { hello: String }\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const read = (env: Environment) => readPlatformOptions(env, readRouterSettings(env), logger);

describe('readPlatformOptions', () => {
  it('takes every option from the settings it is given', async () => {
    const env: Environment = {
      DATABASE_URL: 'postgres://portal@db.example.test:5432/portal',
      REDIS_URL: 'redis://redis.example.test:6379',
      MCP_DATA_DIR: join(dir, 'data'),
      MCP_MASTER_KEY: 'a-master-key',
      MCP_CHANNEL_PREFIX: 'portal-a:',
      HOST: '0.0.0.0',
      PORT: '4400',
      GATEWAY_PROXY_PORT: '4500',
      SUBGRAPH_PORTS: 'standard',
      SUPERGRAPH_PATH: supergraphPath,
      GRAPHQL_MAX_DEPTH: '7',
      GRAPHQL_MAX_ALIASES: '3',
      GRAPHQL_MAX_TOKENS: '900',
      GRAPHQL_INTROSPECTION: 'false',
      GRAPHQL_FIELD_SUGGESTIONS: 'true',
      GRAPHQL_WS_MAX_SUBSCRIPTIONS_PER_USER: '9',
      SHUTDOWN_GRACE_SECONDS: '3',
      TRUSTED_PROXIES: '10.0.0.0/8',
      WEB_DIST_DIR: join(dir, 'web'),
      GATEWAY_PROXY_LIST_PAGE_SIZE: '25',
    };
    const options = await read(env);
    expect(options).toMatchObject({
      databaseUrl: env.DATABASE_URL,
      redisUrl: env.REDIS_URL,
      dataDir: env.MCP_DATA_DIR,
      masterKey: 'a-master-key',
      channelPrefix: 'portal-a:',
      host: '0.0.0.0',
      routerPort: 4400,
      gatewayProxyPort: 4500,
      subgraphPorts: 'standard',
      supergraphSdl: 'schema { query: Query }\ntype Query { hello: String }\n',
      limits: { maxDepth: 7, maxAliases: 3, maxTokens: 900 },
      subscriptionLimits: { maxPerUser: 9 },
      introspection: false,
      fieldSuggestions: true,
      shutdownGraceMs: 3000,
      webDistDir: env.WEB_DIST_DIR,
      gatewayProxy: { listPageSize: 25 },
      // The subgraphs are told the router's fixed port on this host.
      publicUrl: 'http://localhost:4400',
    });
    expect(options.logger).toBe(logger);
    expect(options.trustedProxies?.entries).toEqual(['10.0.0.0/8']);
    expect(options.subgraphs[0]?.name).toBe('auth');
  });

  it("gives the local platform's environment loopback, PGlite and in-memory events, the composed supergraph", async () => {
    // As launcher.ts builds it: no DATABASE_URL, REDIS_URL, MCP_MASTER_KEY or TRUSTED_PROXIES inherited.
    const dataDir = join(dir, 'local');
    const options = await read({ HOST: '127.0.0.1', PORT: '0', GATEWAY_PROXY_PORT: '0', SUBGRAPH_PORTS: 'ephemeral', MCP_DATA_DIR: dataDir });
    expect(options).toMatchObject({
      dataDir,
      host: '127.0.0.1',
      routerPort: 0,
      gatewayProxyPort: 0,
      subgraphPorts: 'ephemeral',
      webDistDir: defaultWebDistDir,
    });
    expect(options.databaseUrl).toBeUndefined();
    expect(options.redisUrl).toBeUndefined();
    expect(options.masterKey).toBeUndefined();
    expect(options.trustedProxies?.entries).toEqual([]);
    // A router on a free port is reached at its own URL once it listens.
    expect(options.publicUrl).toBeUndefined();
    expect(options.supergraphSdl).toBe(await loadSupergraph());
  });

  it('keeps MCP_PUBLIC_URL over the router address', async () => {
    const options = await read({ PORT: '4400', MCP_PUBLIC_URL: 'https://portal.example.test', SUPERGRAPH_PATH: supergraphPath });
    expect(options.publicUrl).toBe('https://portal.example.test');
  });

  it('fails on a supergraph that cannot be read', async () => {
    await expect(read({ SUPERGRAPH_PATH: join(dir, 'missing.graphql') })).rejects.toBeInstanceOf(SupergraphLoadError);
  });
});
