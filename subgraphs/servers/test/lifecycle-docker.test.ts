import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSubgraphHarness, waitUntil, type SubgraphHarness } from '@mcp-portal/kit/testing';
import { serversSubgraph, type ServersServices } from '../src/index.ts';
import { MANAGED_LABEL, SERVER_ID_LABEL } from '../src/runtime/index.ts';

/**
 * The lifecycle against a real Docker Engine API (podman's, from scripts/podman-engine.sh). Test files of
 * this package run one at a time, so this one may take the engine away mid-run; it brings it back after.
 */
const execFileAsync = promisify(execFile);
const engineScript = fileURLToPath(new URL('../../../scripts/podman-engine.sh', import.meta.url));
const image = 'localhost/mcp-portal/test-mcp-server:latest';

const catalog = `
registry:
  memory-box:
    title: Memory in a container
    image: ${image}
  missing-image:
    title: Image nobody built
    image: localhost/mcp-portal/does-not-exist:1
  exits-box:
    title: Exits at once
    image: ${image}
    command: ["/usr/local/bin/node", "-e", "console.error('boom in a box'); process.exit(4)"]
  memory-either:
    title: Memory, as an image or a process
    image: ${image}
    run: { package: "@modelcontextprotocol/server-memory" }
  memory-process:
    title: Memory, as a process only
    run: { package: "@modelcontextprotocol/server-memory" }
`;

let harness: SubgraphHarness<ServersServices>;
let docker: Docker;
let dockerHost: string;
let operator: string;
let orphanId: string;

async function engine(): Promise<string> {
  const { stdout } = await execFileAsync('bash', [engineScript], { timeout: 290_000, maxBuffer: 16 * 1024 * 1024 });
  const last = stdout.trim().split('\n').at(-1) ?? '';
  if (!last.startsWith('DOCKER_HOST=')) throw new Error(`scripts/podman-engine.sh printed no DOCKER_HOST: ${last}`);
  return last.slice('DOCKER_HOST='.length);
}

beforeAll(async () => {
  dockerHost = await engine();
  docker = new Docker({ socketPath: dockerHost.replace(/^unix:\/\//, '') });
  // A container labelled as ours that no server owns: the lifecycle removes it when it takes over.
  const orphan = await docker.createContainer({
    Image: image,
    Labels: { [MANAGED_LABEL]: 'true', [SERVER_ID_LABEL]: '00000000-0000-4000-8000-000000000000' },
    HostConfig: { NetworkMode: 'none' },
  });
  orphanId = orphan.id;
  const dir = await mkdtemp(join(tmpdir(), 'mcp-lifecycle-docker-'));
  await writeFile(join(dir, 'catalog.yaml'), catalog);
  const env = {
    MCP_CATALOG_PATH: join(dir, 'catalog.yaml'),
    MCP_DATA_DIR: dir,
    MCP_RUNTIME: 'auto',
    DOCKER_HOST: dockerHost,
    MCP_HANDSHAKE_TIMEOUT_SECONDS: '20',
    MCP_HEALTH_INTERVAL_SECONDS: '1',
    MCP_MAX_RESTARTS: '1',
  };
  harness = await startSubgraphHarness(serversSubgraph, { env });
  operator = await harness.tokens.tokenFor(harness.tokens.viewer('operator'));
  await waitUntil(
    'the lifecycle lease',
    () => harness.subgraph.services.lifecycle.supervisor.isActive,
    (active) => active,
  );
}, 300_000);

afterAll(async () => {
  await harness?.close();
  await engine().catch(() => undefined); // leave the engine answering for the next run
});

const gql = <T>(query: string, variables: Record<string, unknown> = {}) => harness.request<T>(query, variables, operator);

async function enable(name: string): Promise<string> {
  const result = await gql<{ enableServer: { id: string } }>('mutation($n: String!) { enableServer(name: $n) { id } }', { n: name });
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data.enableServer.id;
}

interface View {
  status: string;
  lastError: string | null;
  runtime: string | null;
  tools: { name: string }[];
}

async function until(id: string, predicate: (s: View) => boolean, timeout = 30_000): Promise<View> {
  let last: View | undefined;
  await expect
    .poll(
      async () => {
        last = (await gql<{ server: View }>('query($id: ID!) { server(id: $id) { status lastError runtime tools { name } } }', { id })).data!.server;
        return predicate(last);
      },
      { timeout, interval: 200 },
    )
    .toBe(true);
  return last!;
}

const containersOf = (serverId: string) => docker.listContainers({ all: true, filters: { label: [`${SERVER_ID_LABEL}=${serverId}`] } });

describe('server lifecycle in containers (Docker Engine API through podman)', () => {
  it('removes a leftover container labelled as ours when it takes over', async () => {
    await expect.poll(async () => (await docker.listContainers({ all: true, filters: { id: [orphanId] } })).length, { timeout: 10_000 }).toBe(0);
  });

  it('reports that image entries can run here, as containers, with the engine the lifecycle found', async () => {
    const result = await gql<{
      catalog: { entries: { name: string; requirements: { kind: string }[]; runnability: { canRun: boolean; runtime: string | null } }[] };
    }>('{ catalog(first: 500) { entries { name requirements { kind } runnability { canRun runtime } } } }');
    const entries = new Map(result.data!.catalog.entries.map((e) => [e.name, e]));
    expect(entries.get('memory-box')?.runnability).toEqual({ canRun: true, runtime: 'DOCKER' });
    expect(entries.get('memory-box')?.requirements).toEqual([{ kind: 'CONTAINER_ENGINE' }]);
    expect(entries.get('memory-either')?.runnability).toEqual({ canRun: true, runtime: 'DOCKER' });
    expect(entries.get('memory-process')?.runnability).toEqual({ canRun: true, runtime: 'PROCESS' });
  });

  it('runs an image entry as a hardened container and talks MCP to it', async () => {
    const id = await enable('memory-box');
    const running = await until(id, (s) => s.status === 'RUNNING');
    expect(running.runtime).toBe('DOCKER');
    expect(running.tools.map((t) => t.name)).toContain('read_graph');
    const [container] = await containersOf(id);
    const details = await docker.getContainer(container!.Id).inspect();
    expect(details.HostConfig.ReadonlyRootfs).toBe(true);
    expect(details.HostConfig.NetworkMode).toBe('none');
    expect(details.HostConfig.SecurityOpt).toContain('no-new-privileges');
    expect(details.Config.User).toBe('65534:65534');
    const call = await gql<{ callTool: { text: string } }>('mutation($s: ID!) { callTool(serverId: $s, name: "read_graph") { text } }', { s: id });
    expect(call.data?.callTool.text).toContain('entities');
  });

  it('an image that is not there ends FAILED with a clear reason and leaves no container', async () => {
    const id = await enable('missing-image');
    const failed = await until(id, (s) => s.status === 'FAILED');
    expect(failed.lastError).toContain('localhost/mcp-portal/does-not-exist:1');
    expect(await containersOf(id)).toEqual([]);
  });

  it('a container that exits at once ends FAILED with its exit code and stderr, and is removed', async () => {
    const id = await enable('exits-box');
    const failed = await until(id, (s) => s.status === 'FAILED');
    expect(failed.lastError).toContain('code 4');
    expect(failed.lastError).toContain('boom in a box');
    expect(await containersOf(id)).toEqual([]);
  });

  it('stopping removes the container', async () => {
    const id = (await gql<{ servers: { id: string; name: string }[] }>('{ servers { id name } }')).data!.servers.find((s) => s.name === 'memory-box')!.id;
    await gql('mutation($id: ID!) { stopServer(id: $id) { id } }', { id });
    await until(id, (s) => s.status === 'STOPPED');
    expect(await containersOf(id)).toEqual([]);
  });

  it('when the engine goes away mid-run the server ends FAILED saying so, and recovers once it is back', async () => {
    const id = (await gql<{ servers: { id: string; name: string }[] }>('{ servers { id name } }')).data!.servers.find((s) => s.name === 'memory-box')!.id;
    await gql('mutation($id: ID!) { startServer(id: $id) { id } }', { id });
    await until(id, (s) => s.status === 'RUNNING');
    await execFileAsync('pkill', ['-f', `podman system service --time=0 ${dockerHost}`]).catch(() => undefined);
    const failed = await until(id, (s) => s.status === 'FAILED' && /container engine|closed its MCP connection/.test(s.lastError ?? ''), 30_000);
    expect(failed.lastError).toBeTruthy();
    await engine();
    await gql('mutation($id: ID!) { startServer(id: $id) { id } }', { id });
    await until(id, (s) => s.status === 'RUNNING', 60_000);
  });

  it('leaves no container of its servers behind when the subgraph stops', async () => {
    const ids = (await gql<{ servers: { id: string }[] }>('{ servers { id } }')).data!.servers.map((s) => s.id);
    await harness.subgraph.services.lifecycle.close();
    for (const id of ids) expect(await containersOf(id)).toEqual([]);
  });
});
