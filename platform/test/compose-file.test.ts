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
    expect(rendered.services.router?.environment?.[`SUBGRAPH_${domain.toUpperCase()}_URL`]).toBe(
      `http://${domain}:${service.environment?.PORT}/graphql`,
    );
    expect(rendered.services.router?.depends_on?.[domain]?.condition).toBe('service_healthy');
  }
  expectBuiltEntryPoint(rendered.services.router!, 'router');
  expect(rendered.services.router?.environment?.APOLLO_TELEMETRY_DISABLED).toBe('true');
  // The gateway-proxy on its own: the lifecycle owner through the database, the config subgraph for the secret values it refuses.
  const proxy = rendered.services['gateway-proxy']!;
  expectBuiltEntryPoint(proxy, 'gateway-proxy');
  expect(proxy.environment?.DATABASE_URL).toBe(rendered.services.servers?.environment?.DATABASE_URL);
  expect(proxy.environment?.SUBGRAPH_CONFIG_URL).toBe(`http://config:${rendered.services.config?.environment?.PORT}/graphql`);
  for (const peer of ['auth', 'servers', 'config']) expect(proxy.depends_on?.[peer]?.condition).toBe('service_healthy');
  expect(proxy.cap_drop).toEqual(['ALL']);
  for (const [name, service] of Object.entries(rendered.services)) expect(service.command ?? [], name).not.toContain('tsx');
});

it('the Dockerfile runs the router\'s build on Node 22 with production dependencies only', () => {
  const dockerfile = readFileSync(`${repoRoot}Dockerfile`, 'utf8');
  const stages = dockerfile.split(/^FROM /m).slice(1);
  expect(stages.map((stage) => stage.split(/\s/)[0])).toEqual(['node:22-bookworm-slim', 'node:22-bookworm-slim']);
  const runtime = stages.at(-1)!;
  expect(runtime).toMatch(/^RUN npm ci --omit=dev /m);
  expect(runtime).toMatch(/^COPY --from=build \/app\/router\/dist router\/dist$/m);
  expect(runtime).toMatch(/^COPY --from=build \/app\/web\/dist web\/dist$/m);
  expect(runtime).toMatch(/^CMD \["node", "router\/dist\/main\.js"\]$/m);
  expect(runtime).not.toMatch(/tsx/);
});
