import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { parse } from 'yaml';
import { domains } from '@mcp-portal/schema';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const composeFile = `${repoRoot}docker-compose.yml`;

/** A service runs its package's build (`npm run build`: src/main.ts → dist/main.js) with plain node, no tsx. */
function expectBuiltEntryPoint(service: ComposeService, packageDir: string): void {
  expect(service.command).toEqual(['node', `${packageDir}/dist/main.js`]);
  expect(existsSync(`${repoRoot}${packageDir}/src/main.ts`)).toBe(true);
}

interface ComposeService {
  image?: string;
  command?: string[];
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition: string }>;
  cap_drop?: string[];
}

it('docker-compose.yml is valid and describes postgres:17, redis:8, every subgraph, the router and the gateway-proxy', async () => {
  // Debian's docker-compose validates and renders the file; no engine is needed for `config`.
  const { stdout } = await run('docker-compose', ['-f', composeFile, 'config']);
  const rendered = parse(stdout) as { services: Record<string, ComposeService> };
  expect(Object.keys(rendered.services).sort()).toEqual(['gateway-proxy', 'postgres', 'redis', 'router', ...domains].sort());
  expect(rendered.services.postgres?.image).toBe('postgres:17');
  expect(rendered.services.redis?.image).toBe('redis:8');
  for (const domain of domains) {
    const service = rendered.services[domain]!;
    expectBuiltEntryPoint(service, `subgraphs/${domain}`);
    expect(service.environment?.DATABASE_URL).toMatch(/^postgres:\/\/.+@postgres:5432\//);
    expect(service.cap_drop).toEqual(['ALL']);
    expect(service.environment?.APOLLO_TELEMETRY_DISABLED).toBe('true');
    expect(rendered.services.router?.environment?.[`SUBGRAPH_${domain.toUpperCase()}_URL`]).toBe(`http://${domain}:${service.environment?.PORT}/graphql`);
    expect(rendered.services.router?.depends_on?.[domain]?.condition).toBe('service_healthy');
  }
  expectBuiltEntryPoint(rendered.services.router!, 'router');
  expect(rendered.services.router?.environment?.APOLLO_TELEMETRY_DISABLED).toBe('true');
  // The servers subgraph on its own: its servers' configuration from the config subgraph, the team OAuth tokens of remote servers from the dcr subgraph.
  const servers = rendered.services.servers!;
  expect(servers.environment?.SUBGRAPH_CONFIG_URL).toBe(`http://config:${rendered.services.config?.environment?.PORT}/graphql`);
  expect(servers.environment?.SUBGRAPH_DCR_URL).toBe(`http://dcr:${rendered.services.dcr?.environment?.PORT}/graphql`);
  // The gateway-proxy on its own: the lifecycle owner through the database, the config subgraph for the secret values it refuses.
  const proxy = rendered.services['gateway-proxy']!;
  expectBuiltEntryPoint(proxy, 'gateway-proxy');
  expect(proxy.environment?.DATABASE_URL).toBe(rendered.services.servers?.environment?.DATABASE_URL);
  expect(proxy.environment?.SUBGRAPH_CONFIG_URL).toBe(`http://config:${rendered.services.config?.environment?.PORT}/graphql`);
  for (const peer of ['auth', 'servers', 'config']) expect(proxy.depends_on?.[peer]?.condition).toBe('service_healthy');
  expect(proxy.cap_drop).toEqual(['ALL']);
  for (const [name, service] of Object.entries(rendered.services)) expect(service.command ?? [], name).not.toContain('tsx');
});

it('the Dockerfile runs the built services on Node 22 with production dependencies only, the router in an image of its own', () => {
  const dockerfile = readFileSync(`${repoRoot}Dockerfile`, 'utf8');
  const stages = dockerfile.split(/^FROM /m).slice(1);
  expect(stages.map((stage) => stage.split('\n')[0])).toEqual([
    'node:22-bookworm-slim AS build',
    'node:22-bookworm-slim AS run-base',
    'run-base AS router',
    'run-base',
  ]);
  const [, base, router, runtime] = stages as [string, string, string, string];
  expect(base).toMatch(/^ENV NODE_ENV=production /m);
  expect(base).not.toMatch(/^RUN /m);
  for (const stage of [router, runtime]) {
    expect(stage).toMatch(/^RUN npm ci --omit=dev /m);
    expect(stage).toMatch(/^COPY --from=build \/app\/router\/dist router\/dist$/m);
    expect(stage).toMatch(/^COPY --from=build \/app\/web\/dist web\/dist$/m);
    expect(stage).toMatch(/^CMD \["node", "router\/dist\/main\.js"\]$/m);
    expect(stage).not.toMatch(/tsx/);
  }
  // The router's image: its own workspace's dependencies, and no subgraph's, platform's or gateway-proxy's code.
  expect(router).toMatch(/^RUN npm ci [^\n]*--workspace @mcp-portal\/router \\$/m);
  expect(router.match(/--workspace/g)).toHaveLength(1);
  expect(router).not.toMatch(/COPY --from=build \/app\/(subgraphs\/(auth|servers|config|executor|dcr)|platform|gateway-proxy)\/dist/);
});

it('docker-compose.yml builds the router from its own stage', async () => {
  const { stdout } = await run('docker-compose', ['-f', composeFile, 'config']);
  const rendered = parse(stdout) as { services: Record<string, ComposeService & { build?: { target?: string } }> };
  expect(rendered.services.router?.build?.target).toBe('router');
  for (const domain of domains) expect(rendered.services[domain]?.build?.target).toBeUndefined();
});
