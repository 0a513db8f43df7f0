import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSubgraphHarness, type SubgraphHarness } from '@mcp-portal/kit/testing';
import { serversSubgraph, type ServersServices } from '../src/index.ts';
import { Catalog } from '../src/services/catalog.ts';
import { CatalogRequirements } from '../src/services/catalog-requirements.ts';
import type { RuntimeSituation } from '../src/services/lifecycle/launch-plan.ts';

const catalog = Catalog.parse(
  `
registry:
  image-only:
    title: Image only
    image: mcp/image-only
  both:
    title: Image and package
    image: mcp/memory
    run: { package: "@modelcontextprotocol/server-memory" }
  package-only:
    title: Package only
    run: { package: "@modelcontextprotocol/server-memory" }
  not-installed:
    title: Package nobody installed
    image: mcp/not-installed
    run: { package: "@example/not-installed" }
  program:
    title: A program on PATH
    run: { command: ${JSON.stringify(process.execPath)}, args: ["--version"] }
  missing-program:
    title: A program nobody installed
    run: { command: mcp-portal-no-such-program, args: ["{{tool.mode}}"] }
  remote:
    title: Remote with OAuth
    type: remote
    remote: { transport_type: streamable-http, url: "https://mcp.example.test/mcp" }
    oauth:
      - provider: example
  networked:
    title: Reaches two hosts, with a secret and configuration
    image: mcp/networked
    run:
      package: "@modelcontextprotocol/server-memory"
      env: { TARGET: "{{networked.url}}", MODE: "{{networked.mode}}" }
    env: [{ name: TARGET, value: "{{networked.url}}" }]
    allowHosts: [api.example.test:443, uploads.example.test:443]
    secrets:
      - { name: networked.token, env: NETWORKED_TOKEN }
  offline:
    title: No network even with hosts
    image: mcp/offline
    allowHosts: [api.example.test:443]
    disableNetwork: true
`,
  'test catalog',
);

const entry = (name: string) => {
  const found = catalog.get(name);
  if (!found) throw new Error(`no entry ${name}`);
  return found;
};

const withEngine: RuntimeSituation = { preference: 'auto', dockerAvailable: true };
const withoutEngine: RuntimeSituation = { preference: 'auto', dockerAvailable: false };
const forcedProcess: RuntimeSituation = { preference: 'process', dockerAvailable: false };
const forcedDockerWithoutEngine: RuntimeSituation = { preference: 'docker', dockerAvailable: false };
const forcedDockerWithEngine: RuntimeSituation = { preference: 'docker', dockerAvailable: true };

const runnability = (situation: RuntimeSituation, name: string) => new CatalogRequirements(situation).runnability(entry(name));

describe('runnability: the lifecycle’s runtime decision, before anything is enabled', () => {
  it('with a container engine, image entries run as containers and process-only ones as processes', () => {
    expect(runnability(withEngine, 'image-only')).toEqual({ canRun: true, runtime: 'docker', reason: null });
    expect(runnability(withEngine, 'both')).toEqual({ canRun: true, runtime: 'docker', reason: null });
    expect(runnability(withEngine, 'package-only')).toEqual({ canRun: true, runtime: 'process', reason: null });
    // The image is used, so the missing package does not matter here.
    expect(runnability(withEngine, 'not-installed')).toEqual({ canRun: true, runtime: 'docker', reason: null });
  });

  it('without an engine, image-only entries cannot run and say what they need', () => {
    const imageOnly = runnability(withoutEngine, 'image-only');
    expect(imageOnly).toMatchObject({ canRun: false, runtime: null });
    expect(imageOnly.reason).toBe(
      'image-only needs a container engine (a Docker Engine API at DOCKER_HOST): it runs only as the container image mcp/image-only, and none answers. Install or start Docker (or set DOCKER_HOST) and restart the platform, or pick an entry that runs as a local process.',
    );
    expect(runnability(withoutEngine, 'both')).toEqual({ canRun: true, runtime: 'process', reason: null });
    expect(runnability(withoutEngine, 'program')).toEqual({ canRun: true, runtime: 'process', reason: null });
  });

  it('a process entry must find its npm package or program here', () => {
    expect(runnability(withoutEngine, 'not-installed')).toEqual({
      canRun: false,
      runtime: null,
      reason:
        'not-installed cannot run as a local process here: @example/not-installed is not installed: add it with npm install -w @mcp-portal/servers @example/not-installed.',
    });
    expect(runnability(withEngine, 'missing-program')).toEqual({
      canRun: false,
      runtime: null,
      reason: 'missing-program cannot run as a local process here: The program mcp-portal-no-such-program is not installed here (not found on PATH).',
    });
  });

  it('MCP_RUNTIME forces the runtime', () => {
    expect(runnability(forcedProcess, 'both')).toEqual({ canRun: true, runtime: 'process', reason: null });
    expect(runnability(forcedProcess, 'image-only').reason).toContain(
      'image-only runs only as the container image mcp/image-only, and MCP servers run as local processes here (MCP_RUNTIME=process)',
    );
    expect(runnability(forcedDockerWithEngine, 'both')).toEqual({ canRun: true, runtime: 'docker', reason: null });
    const forced = runnability(forcedDockerWithoutEngine, 'both');
    expect(forced).toMatchObject({ canRun: false, runtime: null });
    expect(forced.reason).toContain('MCP_RUNTIME=docker runs it as the container image mcp/memory, and none answers');
    // An entry without an image runs as a process whatever MCP_RUNTIME says.
    expect(runnability(forcedDockerWithoutEngine, 'package-only')).toEqual({ canRun: true, runtime: 'process', reason: null });
  });

  it('a remote entry needs no runtime', () => {
    for (const situation of [withEngine, withoutEngine, forcedProcess, forcedDockerWithoutEngine]) {
      expect(runnability(situation, 'remote')).toEqual({ canRun: true, runtime: 'remote', reason: null });
    }
  });
});

describe('requirements: what an entry cannot run without', () => {
  const requirements = (name: string) => new CatalogRequirements(withoutEngine).of(entry(name));

  it('a container engine only when the image is the only way it runs; a program only when a command is', () => {
    expect(requirements('image-only')).toEqual([
      {
        kind: 'container-engine',
        name: 'mcp/image-only',
        detail: 'Runs only as the container image mcp/image-only: needs a container engine (a Docker Engine API at DOCKER_HOST).',
      },
    ]);
    expect(requirements('both')).toEqual([]);
    expect(requirements('program').map((r) => [r.kind, r.name])).toEqual([['program', process.execPath]]);
    expect(requirements('missing-program').map((r) => [r.kind, r.name])).toEqual([
      ['program', 'mcp-portal-no-such-program'],
      ['config', 'tool.mode'],
    ]);
  });

  it('network access, secrets and the configuration values its templates use', () => {
    expect(requirements('networked')).toEqual([
      {
        kind: 'network',
        name: 'api.example.test:443, uploads.example.test:443',
        detail: 'Reaches api.example.test:443, uploads.example.test:443 over the network.',
      },
      {
        kind: 'secret',
        name: 'networked.token',
        detail: 'The secret networked.token (given to it as NETWORKED_TOKEN): set it on the server once it is enabled.',
      },
      { kind: 'config', name: 'networked.url', detail: 'The configuration value networked.url: set it on the server once it is enabled.' },
      { kind: 'config', name: 'networked.mode', detail: 'The configuration value networked.mode: set it on the server once it is enabled.' },
    ]);
    expect(requirements('offline').map((r) => r.kind)).toEqual(['container-engine']);
  });

  it('a remote entry needs the network and, when it says so, an OAuth sign-in', () => {
    expect(requirements('remote')).toEqual([
      { kind: 'network', name: 'https://mcp.example.test', detail: 'Connects to https://mcp.example.test over the network.' },
      { kind: 'oauth', name: 'example', detail: 'Signs in to example with OAuth.' },
    ]);
  });
});

interface EntryView {
  name: string;
  requirements: { kind: string; name: string | null; detail: string }[];
  runnability: { canRun: boolean; runtime: string | null; reason: string | null };
}
const entryFields = 'name requirements { kind name detail } runnability { canRun runtime reason }';

describe('through the API, on the embedded default (no container engine answers)', () => {
  let harness: SubgraphHarness<ServersServices>;
  let operator: string;
  let scratch: string;
  const gql = <T>(query: string, variables: Record<string, unknown> = {}, token: string | undefined = operator) => harness.request<T>(query, variables, token);

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'mcp-requirements-'));
    const env = {
      MCP_DATA_DIR: scratch,
      MCP_RUNTIME: 'auto',
      // Nothing listens here: the lifecycle's detection finds no engine, as on a machine without Docker.
      DOCKER_HOST: `unix://${join(scratch, 'no-engine.sock')}`,
    };
    harness = await startSubgraphHarness(serversSubgraph, { env });
    operator = await harness.tokens.tokenFor(harness.tokens.viewer('operator'));
  });
  afterAll(async () => {
    await harness?.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('every bundled entry runs here: the npm equivalents as processes, the remote one without a runtime', async () => {
    const result = await gql<{ catalog: { entries: EntryView[] } }>(`{ catalog(first: 500) { entries { ${entryFields} } } }`, {}, undefined);
    expect(result.errors).toBeUndefined();
    const entries = new Map(result.data!.catalog.entries.map((e) => [e.name, e]));
    expect([...entries.keys()].sort()).toEqual(['everything', 'fetch', 'filesystem', 'github', 'linear', 'memory', 'time']);
    for (const [name, view] of entries) {
      expect(view.runnability, name).toEqual({ canRun: true, runtime: name === 'linear' ? 'REMOTE' : 'PROCESS', reason: null });
      expect(view.requirements.map((r) => r.kind)).not.toContain('CONTAINER_ENGINE');
    }
    expect(entries.get('fetch')?.requirements).toEqual([{ kind: 'NETWORK', name: '*', detail: 'Reaches any host on the internet.' }]);
    expect(entries.get('github')?.requirements.map((r) => [r.kind, r.name])).toEqual([
      ['NETWORK', 'api.github.com:443'],
      ['SECRET', 'github.personal_access_token'],
    ]);
    expect(entries.get('linear')?.requirements.map((r) => [r.kind, r.name])).toEqual([
      ['NETWORK', 'https://mcp.linear.app'],
      ['OAUTH', 'linear'],
    ]);
    expect(entries.get('time')?.requirements).toEqual([]);
  });

  it('an image-only entry cannot run: enabling it with a start, starting and restarting it are refused up front', async () => {
    const created = await gql<{ createCatalogEntry: EntryView }>(
      `mutation($input: CreateCatalogEntryInput!) { createCatalogEntry(input: $input) { ${entryFields} } }`,
      { input: { name: 'boxed', entry: { title: 'Boxed', image: 'mcp/boxed' } } },
    );
    expect(created.errors).toBeUndefined();
    expect(created.data?.createCatalogEntry.requirements.map((r) => r.kind)).toEqual(['CONTAINER_ENGINE']);
    expect(created.data?.createCatalogEntry.runnability).toMatchObject({ canRun: false, runtime: null });

    const refused = await gql('mutation { enableServer(name: "boxed") { id } }');
    expect(refused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(refused.errors?.[0]?.message).toBe(
      'boxed needs a container engine (a Docker Engine API at DOCKER_HOST): it runs only as the container image mcp/boxed, and none answers. Install or start Docker (or set DOCKER_HOST) and restart the platform, or pick an entry that runs as a local process.',
    );
    const servers = await gql<{ servers: { name: string }[] }>('{ servers { name } }');
    expect(servers.data?.servers.map((s) => s.name)).not.toContain('boxed');

    // Enabling without a start is allowed: nothing is launched, so nothing fails.
    const enabled = await gql<{ enableServer: { id: string; status: string } }>('mutation { enableServer(name: "boxed", start: false) { id status } }');
    expect(enabled.data?.enableServer.status).toBe('STOPPED');
    const id = enabled.data!.enableServer.id;
    for (const mutation of ['startServer', 'restartServer']) {
      const result = await gql(`mutation($id: ID!) { ${mutation}(id: $id) { status } }`, { id });
      expect(result.errors?.[0]?.extensions?.code, mutation).toBe('CONFLICT');
      expect(result.errors?.[0]?.message, mutation).toContain('boxed needs a container engine');
    }
    const server = await gql<{ server: { status: string; lastError: string | null } }>('query($id: ID!) { server(id: $id) { status lastError } }', { id });
    expect(server.data?.server).toEqual({ status: 'STOPPED', lastError: null });
  });
});

describe('through the API, with MCP_RUNTIME=docker and no engine answering', () => {
  let harness: SubgraphHarness<ServersServices>;
  let scratch: string;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'mcp-requirements-docker-'));
    const env = { MCP_DATA_DIR: scratch, MCP_RUNTIME: 'docker', DOCKER_HOST: `unix://${join(scratch, 'no-engine.sock')}` };
    harness = await startSubgraphHarness(serversSubgraph, { env });
  });
  afterAll(async () => {
    await harness?.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('entries with an image cannot run, the remote one still can', async () => {
    const result = await harness.request<{ catalog: { entries: EntryView[] } }>(`{ catalog(first: 500) { entries { ${entryFields} } } }`);
    const entries = new Map(result.data!.catalog.entries.map((e) => [e.name, e.runnability]));
    expect(entries.get('memory')).toMatchObject({ canRun: false, runtime: null });
    expect(entries.get('memory')?.reason).toContain('MCP_RUNTIME=docker runs it as the container image mcp/memory');
    expect(entries.get('linear')).toEqual({ canRun: true, runtime: 'REMOTE', reason: null });
  });
});
