import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '@mcp-portal/platform/testing';
import type { CatalogEntryView, CatalogEntryListItem, ImportCatalogMutation } from '../src/lib/operations.ts';
import { expectOneErrorLine, runCli, tempDockerConfig } from './helpers.ts';

const SPAWN_TIMEOUT = 120_000;

/** Line numbers on the right: the CLI must print the bad entry's. */
const catalogYaml = [
  'registry:', //                                          1
  '  cli-notes:', //                                       2
  '    title: CLI notes', //                               3
  '    description: Notes kept by the memory server.', //  4
  '    run:', //                                           5
  '      package: "@modelcontextprotocol/server-memory"', // 6
  '    metadata: { category: team, tags: [notes] }', //    7
  '  cli-broken:', //                                      8
  '    image: mcp/broken', //                              9
  '    allowHosts: host-not-a-list', //                    10
].join('\n');

describe('docker mcp catalog', () => {
  let platform: TestPlatform;
  let config: string;
  let scratch: string;
  let adminToken: string;
  let catalogHost: Server;
  let catalogUrl: string;
  /** No login at all: the catalog is public. */
  const anonymous = (args: string[]) => runCli(args, { env: { DOCKER_CONFIG: config, DOCKER_MCP_URL: platform.url } });
  const asAdmin = (args: string[]) => runCli(args, { env: { DOCKER_CONFIG: config, DOCKER_MCP_URL: platform.url, DOCKER_MCP_TOKEN: adminToken } });

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'cli-catalog-'));
    // The embedded default: no container engine answers (nothing listens here), whatever this machine has.
    // Imports reach no internal address unless allowed: this test's catalog host listens on loopback.
    platform = await startTestPlatform({
      label: 'cli-catalog',
      env: { DOCKER_HOST: `unix://${join(scratch, 'no-engine.sock')}`, MCP_CATALOG_IMPORT_ALLOW_HOSTS: '127.0.0.1' },
    });
    config = await tempDockerConfig();
    adminToken = await platform.adminToken();
    catalogHost = createServer((req, res) => {
      if (req.url === '/remote.yaml')
        res.writeHead(200, { 'content-type': 'application/yaml' }).end('registry:\n  cli-remote-import:\n    image: mcp/remote-import\n');
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => catalogHost.listen(0, '127.0.0.1', resolve));
    catalogUrl = `http://127.0.0.1:${(catalogHost.address() as AddressInfo).port}`;
  }, 120_000);

  afterAll(async () => {
    catalogHost?.closeAllConnections();
    await new Promise((resolve) => catalogHost?.close(resolve));
    await platform?.close();
    if (config) await rm(config, { recursive: true, force: true });
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('lists the bundled catalog without a login, as a table or JSON, and searches it', { timeout: SPAWN_TIMEOUT }, async () => {
    const json = await anonymous(['catalog', 'ls', '--json']);
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const entries = JSON.parse(json.stdout) as CatalogEntryListItem[];
    expect(entries.find((entry) => entry.name === 'github')).toEqual({
      name: 'github',
      title: 'GitHub',
      description: expect.any(String),
      type: 'SERVER',
      category: 'devops',
      source: 'BUNDLED',
      requirements: [
        { kind: 'NETWORK', name: 'api.github.com:443', detail: 'Reaches api.github.com:443 over the network.' },
        {
          kind: 'SECRET',
          name: 'github.personal_access_token',
          detail: 'The secret github.personal_access_token (given to it as GITHUB_PERSONAL_ACCESS_TOKEN): set it on the server once it is enabled.',
        },
      ],
      runnability: { canRun: true, runtime: 'PROCESS', reason: null },
    });
    expect(entries.map((entry) => entry.name)).toEqual([...entries.map((entry) => entry.name)].sort());
    // Every bundled entry runs on the embedded default.
    expect(entries.filter((entry) => !entry.runnability.canRun)).toEqual([]);

    const table = await anonymous(['catalog', 'ls']);
    expect(table.code).toBe(0);
    const [header, ...rows] = table.stdout.trim().split('\n');
    expect(header).toMatch(/^NAME\s+TYPE\s+SOURCE\s+CATEGORY\s+RUNS HERE\s+NEEDS\s+TITLE$/);
    expect(rows).toHaveLength(entries.length);
    expect(rows.find((row) => row.startsWith('linear '))).toMatch(/^linear\s+REMOTE\s+BUNDLED\s+productivity\s+remote\s+network, oauth\s+Linear \(remote\)$/);
    expect(rows.find((row) => row.startsWith('github '))).toMatch(/^github\s+SERVER\s+BUNDLED\s+devops\s+process\s+network, secret\s+GitHub$/);
    expect(rows.find((row) => row.startsWith('time '))).toMatch(/^time\s+SERVER\s+BUNDLED\s+productivity\s+process\s+-\s+Time$/);

    const searched = JSON.parse((await anonymous(['catalog', 'ls', '--search', 'GITHUB', '--json'])).stdout) as CatalogEntryListItem[];
    expect(searched.map((entry) => entry.name)).toEqual(['github']);
  });

  it('shows one entry, as text or JSON, and says so in one line when there is none', { timeout: SPAWN_TIMEOUT }, async () => {
    const json = await anonymous(['catalog', 'show', 'github', '--json']);
    expect(json.code).toBe(0);
    const github = JSON.parse(json.stdout) as CatalogEntryView;
    expect(github).toMatchObject({
      name: 'github',
      image: 'mcp/github',
      secrets: [{ name: 'github.personal_access_token', env: 'GITHUB_PERSONAL_ACCESS_TOKEN', example: 'ghp_xxxxxxxxxxxxxxxxxxxx', description: null }],
      run: { command: 'node', package: '@modelcontextprotocol/server-github' },
      allowHosts: ['api.github.com:443'],
      requirements: [{ kind: 'NETWORK' }, { kind: 'SECRET', name: 'github.personal_access_token' }],
      runnability: { canRun: true, runtime: 'PROCESS', reason: null },
    });
    const githubText = await anonymous(['catalog', 'show', 'github']);
    expect(githubText.stdout).toMatch(/^Runs here:\s+yes, as a local process$/m);
    expect(githubText.stdout).toMatch(
      /^Needs:\s+Reaches api\.github\.com:443 over the network\.\n\s+The secret github\.personal_access_token \(given to it as GITHUB_PERSONAL_ACCESS_TOKEN\): set it/m,
    );

    const memory = await anonymous(['catalog', 'show', 'memory']);
    expect(memory.code).toBe(0);
    expect(memory.stdout).toMatch(/^Name:\s+memory$/m);
    expect(memory.stdout).toMatch(/^Type:\s+SERVER \(bundled\)$/m);
    expect(memory.stdout).toMatch(/^Run:\s+node @modelcontextprotocol\/server-memory$/m);
    expect(memory.stdout).toMatch(/^Tools:\s+create_entities, read_graph, search_nodes$/m);

    const missing = await anonymous(['catalog', 'show', 'no-such-server']);
    expect(missing.code).toBe(1);
    expect(expectOneErrorLine(missing.stderr)).toBe('Error: There is no catalog entry named "no-such-server": see `docker mcp catalog ls`.');
  });

  it('imports a file, printing the count and each skipped entry with its line', { timeout: SPAWN_TIMEOUT }, async () => {
    const file = join(scratch, 'team-catalog.yaml');
    await writeFile(file, catalogYaml);
    const result = await asAdmin(['catalog', 'import', file]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toEqual([
      'Imported 1 entry: cli-notes',
      'Skipped 1 entry:',
      `${file}:10:5: registry.cli-broken.allowHosts: Invalid input: expected array, received string`,
    ]);

    const again = await asAdmin(['catalog', 'import', file]);
    expect(again.code).toBe(0);
    expect(again.stdout.trim().split('\n').slice(0, 2)).toEqual(['Imported 1 entry: cli-notes', 'Replacing entries of the same name: cli-notes']);

    const listed = JSON.parse((await anonymous(['catalog', 'ls', '--search', 'cli-', '--json'])).stdout) as CatalogEntryListItem[];
    expect(listed.map(({ name, source }) => ({ name, source }))).toEqual([{ name: 'cli-notes', source: 'IMPORTED' }]);
    const shown = await anonymous(['catalog', 'show', 'cli-notes']);
    expect(shown.stdout).toMatch(/^Type:\s+SERVER \(imported\)$/m);
  });

  it('imports from a URL the router fetches, with --json', { timeout: SPAWN_TIMEOUT }, async () => {
    const result = await asAdmin(['catalog', 'import', `${catalogUrl}/remote.yaml`, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as ImportCatalogMutation['importCatalog'];
    expect(report).toMatchObject({ imported: 1, entries: [{ name: 'cli-remote-import', source: 'IMPORTED' }], replaced: [], skipped: [] });

    // Image only, and no container engine answers: the list and the entry say it cannot run here, and why.
    const listed = await anonymous(['catalog', 'ls', '--search', 'cli-remote-import']);
    expect(listed.stdout.trim().split('\n')[1]).toMatch(/^cli-remote-import\s+SERVER\s+IMPORTED\s+-\s+no\s+container engine\s+cli-remote-import$/);
    const shown = await anonymous(['catalog', 'show', 'cli-remote-import']);
    expect(shown.stdout).toMatch(
      /^Runs here:\s+no: cli-remote-import needs a container engine \(a Docker Engine API at DOCKER_HOST\): it runs only as the container image mcp\/remote-import, and none answers\./m,
    );
    expect(shown.stdout).toMatch(/^Needs:\s+Runs only as the container image mcp\/remote-import: needs a container engine/m);
    const enable = await asAdmin(['server', 'enable', 'cli-remote-import']);
    expect(enable.code).toBe(1);
    expect(expectOneErrorLine(enable.stderr)).toMatch(/cli-remote-import needs a container engine .* pick an entry that runs as a local process\./);

    const missing = await asAdmin(['catalog', 'import', `${catalogUrl}/missing.yaml`]);
    expect(missing.code).toBe(1);
    expect(expectOneErrorLine(missing.stderr)).toMatch(/could not be imported/);
  });

  it('refuses an import without a login, with too low a role, or of a file that is not there, in one error line', { timeout: SPAWN_TIMEOUT }, async () => {
    const file = join(scratch, 'viewer.yaml');
    await writeFile(file, catalogYaml);
    const anonymousImport = await anonymous(['catalog', 'import', file]);
    expect(anonymousImport.code).toBe(1);
    expect(expectOneErrorLine(anonymousImport.stderr)).toMatch(/docker mcp login/);

    const created = await platform.request<{ createApiToken: { token: string } }>(
      'mutation { createApiToken(name: "catalog-viewer", role: VIEWER) { token } }',
      {},
      adminToken,
    );
    const viewerEnv = { DOCKER_CONFIG: config, DOCKER_MCP_URL: platform.url, DOCKER_MCP_TOKEN: created.data!.createApiToken.token };
    const forbidden = await runCli(['catalog', 'import', file], { env: viewerEnv });
    expect(forbidden.code).toBe(1);
    expect(expectOneErrorLine(forbidden.stderr)).toMatch(/may not use Mutation\.importCatalog/);

    const notThere = await asAdmin(['catalog', 'import', join(scratch, 'nope.yaml')]);
    expect(notThere.code).toBe(1);
    expect(expectOneErrorLine(notThere.stderr)).toMatch(/Cannot read .*nope\.yaml: no such file\./);
  });
});
