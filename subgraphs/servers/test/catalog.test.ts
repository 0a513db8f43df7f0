import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, like } from 'drizzle-orm';
import { auditTables, serversTables } from '@mcp-portal/schema';
import type { Viewer } from '@mcp-portal/kit';
import { startSubgraphHarness, type SubgraphHarness } from '@mcp-portal/kit/testing';
import { serversSubgraph, type ServersServices } from '../src/index.ts';

const importTimeoutMs = 800;
const importMaxBytes = 64 * 1024;

let harness: SubgraphHarness<ServersServices>;
let operator: Viewer;
let operatorToken: string;
let viewerToken: string;
let adminToken: string;
let http: Server;
let baseUrl: string;

/** A catalog with two good entries and two bad ones; lines on the right. */
const teamCatalog = [
  'name: team', //                                                   1
  'displayName: Team catalog', //                                    2
  'registry:', //                                                    3
  '  team-notes:', //                                                4
  '    title: Team notes', //                                        5
  '    description: Shared notes for the team, as a memory graph.', // 6
  '    run:', //                                                     7
  '      package: "@modelcontextprotocol/server-memory"', //         8
  '    metadata: { category: team, tags: [notes, zebra-tag] }', //   9
  '  team-broken:', //                                               10
  '    image: mcp/broken', //                                        11
  '    secrets:', //                                                 12
  '      - name: broken.token', //                                   13
  '        env: 1BAD', //                                            14
  '  team-search:', //                                               15
  '    title: Team search', //                                       16
  '    image: mcp/team-search', //                                   17
  '    allowHosts: [search.example.com:443]', //                     18
  '    disableNetwork: false', //                                    19
  '  team-remote:', //                                               20
  '    type: remote', //                                             21
].join('\n');

type Response<T> = Awaited<ReturnType<SubgraphHarness<ServersServices>['request']>> & { data?: T };
const request = <T>(query: string, variables: Record<string, unknown> = {}, token?: string) =>
  harness.request<T>(query, variables, token) as Promise<Response<T>>;
const codeOf = (response: { errors?: { extensions?: { code?: string } }[] }) => response.errors?.[0]?.extensions?.code;

interface ImportReport {
  imported: number;
  entries: { name: string; source: string }[];
  replaced: string[];
  skipped: { name: string | null; line: number; column: number; path: string; message: string }[];
}
const importMutation = `mutation($yaml: String, $url: String) {
  importCatalog(yaml: $yaml, url: $url) { imported entries { name source } replaced skipped { name line column path message } }
}`;
const importCatalog = (variables: { yaml?: string; url?: string }, token = operatorToken) =>
  request<{ importCatalog: ImportReport }>(importMutation, variables, token);

interface PageResult {
  catalog: { entries: { name: string; source: string; title: string }[]; endCursor: string | null; hasNextPage: boolean; totalCount: number };
}
const pageQuery = `query($search: String, $first: Int, $after: String) {
  catalog(search: $search, first: $first, after: $after) { entries { name source title } endCursor hasNextPage totalCount }
}`;
const catalogPage = (variables: { search?: string; first?: number; after?: string | null }) => request<PageResult>(pageQuery, variables);

const entryFields =
  'name title description type source image run { command package bin args env { name value } } secrets { name env } configSchema disableNetwork allowHosts tags category';
const createMutation = `mutation($input: CreateCatalogEntryInput!) { createCatalogEntry(input: $input) { ${entryFields} } }`;
const updateMutation = `mutation($name: String!, $input: CatalogEntryInput!) { updateCatalogEntry(name: $name, input: $input) { ${entryFields} } }`;
const deleteMutation = 'mutation($name: String!) { deleteCatalogEntry(name: $name) { name source } }';
const entryQuery = `query($name: String!) { catalogEntry(name: $name) { ${entryFields} } }`;

async function auditRows(actionPrefix: string) {
  const { auditEvents } = auditTables;
  return harness.database.db
    .select()
    .from(auditEvents)
    .where(like(auditEvents.action, `${actionPrefix}%`))
    .orderBy(asc(auditEvents.occurredAt));
}

/** Serves fixed routes; `/slow` never answers, `/big` streams past the import cap without a content-length. */
function startCatalogHost(): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url === '/team.yaml') {
      res.writeHead(200, { 'content-type': 'application/yaml' }).end(teamCatalog);
    } else if (req.url === '/big-declared.yaml') {
      res.writeHead(200, { 'content-type': 'application/yaml', 'content-length': String(importMaxBytes + 1) });
      res.end('#'.repeat(importMaxBytes + 1));
    } else if (req.url === '/big-streamed.yaml') {
      res.writeHead(200, { 'content-type': 'application/yaml' });
      const chunk = `# ${'x'.repeat(1022)}\n`;
      for (let i = 0; i < 100; i++) res.write(chunk);
      res.end();
    } else if (req.url === '/slow.yaml') {
      res.writeHead(200, { 'content-type': 'application/yaml' });
      res.write('registry:\n'); // then nothing more until the client gives up
    } else {
      res.writeHead(404).end('not here');
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  const env = {
    MCP_CATALOG_IMPORT_TIMEOUT_MS: String(importTimeoutMs),
    MCP_CATALOG_IMPORT_MAX_BYTES: String(importMaxBytes),
    // The catalog host of these tests is on loopback, which imports reach only through the allow-list.
    MCP_CATALOG_IMPORT_ALLOW_HOSTS: '127.0.0.1',
  };
  harness = await startSubgraphHarness(serversSubgraph, { env });
  operator = harness.tokens.viewer('operator');
  operatorToken = await harness.tokens.tokenFor(operator);
  viewerToken = await harness.tokens.tokenFor(harness.tokens.viewer('viewer'));
  adminToken = await harness.tokens.tokenFor(harness.tokens.viewer('admin'));
  http = await startCatalogHost();
  baseUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(async () => {
  http?.closeAllConnections();
  await new Promise((resolve) => http?.close(resolve));
  await harness?.close();
});

describe('importing a catalog', () => {
  it('imports the good entries and reports each bad one with its line, leaving it out whole', async () => {
    const result = await importCatalog({ yaml: teamCatalog });
    expect(result.errors).toBeUndefined();
    const report = result.data!.importCatalog;
    expect(report.imported).toBe(2);
    expect(report.entries).toEqual([
      { name: 'team-notes', source: 'IMPORTED' },
      { name: 'team-search', source: 'IMPORTED' },
    ]);
    expect(report.replaced).toEqual([]);
    expect(report.skipped).toEqual([
      {
        name: 'team-broken',
        line: 14,
        column: 9,
        path: 'registry.team-broken.secrets[0].env',
        message: expect.stringMatching(/variable names are upper-case letters/),
      },
      { name: 'team-remote', line: 20, column: 3, path: 'registry.team-remote.remote', message: 'a remote entry needs remote.url' },
    ]);

    const notes = await request<{ catalogEntry: Record<string, unknown> }>(entryQuery, { name: 'team-notes' });
    expect(notes.data?.catalogEntry).toMatchObject({
      title: 'Team notes',
      source: 'IMPORTED',
      type: 'SERVER',
      image: null,
      run: { command: 'node', package: '@modelcontextprotocol/server-memory', bin: null, args: [], env: [] },
      tags: ['notes', 'zebra-tag'],
      category: 'team',
    });
    const search = await request<{ catalogEntry: Record<string, unknown> }>(entryQuery, { name: 'team-search' });
    expect(search.data?.catalogEntry).toMatchObject({ allowHosts: ['search.example.com:443'], disableNetwork: false });
    const broken = await request<{ catalogEntry: unknown }>(entryQuery, { name: 'team-broken' });
    expect(broken.data?.catalogEntry).toBeNull();

    const [row] = (await auditRows('catalog.import')).filter((r) => r.outcome === 'success');
    expect(row).toMatchObject({
      actorId: operator.userId,
      targetType: 'Catalog',
      subgraph: 'servers',
      detail: {
        source: 'yaml',
        imported: ['team-notes', 'team-search'],
        skipped: [
          { name: 'team-broken', line: 14 },
          { name: 'team-remote', line: 20 },
        ],
      },
    });
  });

  it('imports from an http URL, replacing entries of the same name', async () => {
    const result = await importCatalog({ url: `${baseUrl}/team.yaml` });
    expect(result.errors).toBeUndefined();
    expect(result.data?.importCatalog).toMatchObject({ imported: 2, replaced: ['team-notes', 'team-search'], skipped: [{ line: 14 }, { line: 20 }] });
    const page = await catalogPage({ search: 'team-', first: 500 });
    expect(page.data?.catalog.entries.map((e) => e.name)).toEqual(['team-notes', 'team-search']);
  });

  it('refuses a URL that is too large, too slow, missing or not http(s), with BAD_USER_INPUT (one message for any fetch failure) and an audit row', async () => {
    const cases: [string, RegExp][] = [
      [`${baseUrl}/big-declared.yaml`, /could not be imported: no catalog came back from it within 0\.8 s and 65536 bytes/],
      [`${baseUrl}/big-streamed.yaml`, /could not be imported: no catalog came back from it within 0\.8 s and 65536 bytes/],
      [`${baseUrl}/slow.yaml`, /could not be imported: no catalog came back from it within 0\.8 s and 65536 bytes/],
      [`${baseUrl}/missing.yaml`, /could not be imported: no catalog came back from it within 0\.8 s and 65536 bytes/],
      ['file:///etc/passwd', /Only http and https URLs can be imported, not file/],
      ['ftp://127.0.0.1/catalog.yaml', /Only http and https URLs can be imported, not ftp/],
      ['not a url', /is not a URL/],
    ];
    for (const [url, message] of cases) {
      const started = Date.now();
      const result = await importCatalog({ url });
      expect({ url, code: codeOf(result) }).toEqual({ url, code: 'BAD_USER_INPUT' });
      expect(result.errors?.[0]?.message).toMatch(message);
      expect(Date.now() - started).toBeLessThan(importTimeoutMs + 2_000);
    }
    const failures = (await auditRows('catalog.import')).filter((row) => row.outcome === 'failure');
    expect(failures.map((row) => (row.detail as { source: string }).source)).toEqual(cases.map(([url]) => url));
  });

  it('keeps credentials of a URL out of messages and the audit log', async () => {
    const port = (http.address() as AddressInfo).port;
    const withQuery = await importCatalog({ url: `http://127.0.0.1:${port}/missing.yaml?token=s3cret-token` });
    expect(withQuery.errors?.[0]?.message).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/missing\\.yaml\\?… could not be imported`));
    expect(withQuery.errors?.[0]?.message).not.toContain('s3cret');
    const withUser = await importCatalog({ url: `http://reader:s3cret-pass@127.0.0.1:${port}/team.yaml` });
    expect(codeOf(withUser)).toBe('BAD_USER_INPUT');
    expect(withUser.errors?.[0]?.message).toBe('A catalog URL may not carry a user name or password.');
    const rows = (await auditRows('catalog.import')).slice(-2);
    expect(rows.map((row) => (row.detail as { source: string }).source)).toEqual([
      `http://127.0.0.1:${port}/missing.yaml?…`,
      `http://127.0.0.1:${port}/team.yaml`,
    ]);
    expect(JSON.stringify(rows)).not.toContain('s3cret');
  });

  it('refuses text that is not a catalog, too much text, and both or neither of yaml and url', async () => {
    const notYaml = await importCatalog({ yaml: 'registry:\n  a: [\n' });
    expect(codeOf(notYaml)).toBe('BAD_USER_INPUT');
    expect(notYaml.errors?.[0]?.message).toMatch(/^Not an MCP catalog: \d+:\d+: not valid YAML/);
    expect(codeOf(await importCatalog({ yaml: `# ${'x'.repeat(importMaxBytes)}\nregistry: {}\n` }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await importCatalog({ yaml: teamCatalog, url: `${baseUrl}/team.yaml` }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await importCatalog({}))).toBe('BAD_USER_INPUT');
  });

  it('is for operators and admins only', async () => {
    expect(codeOf(await importCatalog({ yaml: teamCatalog }, viewerToken))).toBe('FORBIDDEN');
    expect(codeOf(await request(importMutation, { yaml: teamCatalog }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await importCatalog({ yaml: 'registry: {}' }, adminToken))).toBeUndefined();
  });
});

describe('custom catalog entries', () => {
  const input = {
    name: 'team-wiki',
    entry: {
      title: 'Team wiki',
      description: 'Reads the team wiki.',
      image: 'mcp/team-wiki',
      secrets: [{ name: 'wiki.token', env: 'WIKI_TOKEN' }],
      configSchema: { type: 'object', properties: { space: { type: 'string' } } },
      allowHosts: ['wiki.example.com:443'],
      tags: ['docs'],
    },
  };

  it('creates, updates and deletes an entry, each change audited', async () => {
    const created = await request<{ createCatalogEntry: Record<string, unknown> }>(createMutation, { input }, operatorToken);
    expect(created.errors).toBeUndefined();
    expect(created.data?.createCatalogEntry).toMatchObject({
      name: 'team-wiki',
      source: 'CUSTOM',
      type: 'SERVER',
      secrets: [{ name: 'wiki.token', env: 'WIKI_TOKEN' }],
      configSchema: [{ type: 'object', properties: { space: { type: 'string' } } }],
      disableNetwork: false,
      tags: ['docs'],
    });
    const again = await request(createMutation, { input }, operatorToken);
    expect(codeOf(again)).toBe('CONFLICT');

    const updated = await request<{ updateCatalogEntry: Record<string, unknown> }>(
      updateMutation,
      { name: 'team-wiki', input: { title: 'Team wiki (process)', run: { package: '@modelcontextprotocol/server-everything', args: ['stdio'] } } },
      adminToken,
    );
    expect(updated.errors).toBeUndefined();
    // An update replaces the whole entry.
    expect(updated.data?.updateCatalogEntry).toMatchObject({
      title: 'Team wiki (process)',
      image: null,
      secrets: [],
      run: { command: 'node', package: '@modelcontextprotocol/server-everything', args: ['stdio'] },
    });
    expect(codeOf(await request(updateMutation, { name: 'nobody-here', input: { image: 'x' } }, operatorToken))).toBe('NOT_FOUND');
    expect(codeOf(await request(updateMutation, { name: 'github', input: { image: 'x' } }, operatorToken))).toBe('NOT_FOUND');

    const deleted = await request<{ deleteCatalogEntry: { name: string } }>(deleteMutation, { name: 'team-wiki' }, operatorToken);
    expect(deleted.data?.deleteCatalogEntry).toEqual({ name: 'team-wiki', source: 'CUSTOM' });
    expect((await request<{ catalogEntry: unknown }>(entryQuery, { name: 'team-wiki' })).data?.catalogEntry).toBeNull();
    expect(codeOf(await request(deleteMutation, { name: 'team-wiki' }, operatorToken))).toBe('NOT_FOUND');
    expect(codeOf(await request(deleteMutation, { name: 'github' }, operatorToken))).toBe('NOT_FOUND');

    const rows = (await auditRows('catalog.')).filter((row) => row.targetId === 'team-wiki');
    expect(rows.map((row) => [row.action, row.outcome])).toEqual([
      ['catalog.create', 'success'],
      ['catalog.create', 'failure'],
      ['catalog.update', 'success'],
      ['catalog.delete', 'success'],
      ['catalog.delete', 'failure'],
    ]);
    expect(rows[0]).toMatchObject({ actorId: operator.userId, targetType: 'CatalogEntry', detail: { name: 'team-wiki', overridesBundled: false } });
    expect(rows[1]?.detail).toMatchObject({ code: 'CONFLICT' });
  });

  it('validates the input at the edge with BAD_USER_INPUT', async () => {
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ ...input, name: 'Bad Name' }, /lower-case letters/],
      [{ ...input, name: 'x'.repeat(64) }, /at most 63/],
      [{ ...input, entry: { ...input.entry, title: 't'.repeat(201) } }, /\(title\): must be at most 200 characters/],
      [{ ...input, entry: { ...input.entry, tags: ['x'.repeat(101)] } }, /\(tags\[0\]\)/],
      [{ ...input, entry: { ...input.entry, image: undefined } }, /needs an image or a run command/],
      [{ ...input, entry: { run: { command: 'bash', args: ['-c', 'id'] } } }, /\(run\.package\)/],
      [{ ...input, entry: { run: { package: '@example/not-installed' } } }, /@example\/not-installed is not on the list of runnable packages/],
      [{ ...input, entry: { run: { package: 'tsx', args: ['--eval', 'process.exit(0)'] } } }, /\(run\.package\): tsx is not on the list of runnable packages/],
      [{ ...input, entry: { run: { package: '@modelcontextprotocol/server-memory', bin: 'other' } } }, /\(run\.bin\): only the default bin/],
      [
        { ...input, entry: { run: { package: '@modelcontextprotocol/server-memory', env: [{ name: 'NODE_OPTIONS', value: '--require /tmp/x.js' }] } } },
        /NODE_OPTIONS may not be set/,
      ],
      [{ ...input, entry: { run: { package: '@modelcontextprotocol/server-memory', env: [{ name: 'LD_DEBUG', value: 'all' }] } } }, /LD_DEBUG may not be set/],
      [
        { ...input, entry: { ...input.entry, env: [{ name: 'NODE_OPTIONS', value: '--import=data:text/javascript,0' }] } },
        /\(env\[0\]\.name\): NODE_OPTIONS may not be set/,
      ],
      [{ ...input, entry: { ...input.entry, env: [{ name: 'LD_PRELOAD', value: '/tmp/x.so' }] } }, /LD_PRELOAD may not be set/],
      [{ ...input, entry: { ...input.entry, env: [{ name: 'NODE_PATH', value: '/tmp' }] } }, /NODE_PATH may not be set/],
      [{ ...input, entry: { ...input.entry, secrets: [{ name: 'x', env: 'NODE_OPTIONS' }] } }, /\(secrets\[0\]\.env\): NODE_OPTIONS may not be set/],
      [{ ...input, entry: { type: 'REMOTE', remote: { url: 'javascript:alert(1)' } } }, /\(remote\.url\): must be an http or https URL/],
    ];
    for (const [variables, message] of bad) {
      const result = await request(createMutation, { input: variables }, operatorToken);
      expect({ variables, code: codeOf(result) }).toEqual({ variables, code: 'BAD_USER_INPUT' });
      expect(result.errors?.[0]?.message).toMatch(message);
    }
    expect((await auditRows('catalog.create')).filter((row) => row.targetId === 'bad name')).toEqual([]);
  });

  it('refuses changes to viewers and anonymous callers', async () => {
    expect(codeOf(await request(createMutation, { input: { ...input, name: 'viewer-made' } }, viewerToken))).toBe('FORBIDDEN');
    expect(codeOf(await request(updateMutation, { name: 'team-notes', input: { image: 'x' } }, viewerToken))).toBe('FORBIDDEN');
    expect(codeOf(await request(deleteMutation, { name: 'team-notes' }, viewerToken))).toBe('FORBIDDEN');
    expect(codeOf(await request(createMutation, { input: { ...input, name: 'anonymous-made' } }))).toBe('UNAUTHENTICATED');
    expect((await request<{ catalogEntry: unknown }>(entryQuery, { name: 'viewer-made' })).data?.catalogEntry).toBeNull();
  });

  it('overrides a bundled entry of the same name, which comes back when the custom one is deleted', async () => {
    const override = { name: 'fetch', entry: { title: 'Fetch (our proxy)', image: 'registry.example.com/mcp/fetch', tags: ['web'] } };
    const created = await request(createMutation, { input: override }, operatorToken);
    expect(created.errors).toBeUndefined();
    const fetched = await request<{ catalogEntry: { title: string; source: string; image: string } }>(entryQuery, { name: 'fetch' });
    expect(fetched.data?.catalogEntry).toMatchObject({ title: 'Fetch (our proxy)', source: 'CUSTOM', image: 'registry.example.com/mcp/fetch' });
    const listed = (await catalogPage({ first: 500 })).data!.catalog.entries.filter((entry) => entry.name === 'fetch');
    expect(listed).toEqual([{ name: 'fetch', source: 'CUSTOM', title: 'Fetch (our proxy)' }]);
    // The override's own text is what search sees: the bundled description no longer matches.
    expect((await catalogPage({ search: 'extracts its contents', first: 500 })).data?.catalog.entries.map((e) => e.name)).not.toContain('fetch');

    const audit = (await auditRows('catalog.create')).find((row) => row.targetId === 'fetch');
    expect(audit?.detail).toMatchObject({ overridesBundled: true });

    await request(deleteMutation, { name: 'fetch' }, operatorToken);
    const restored = await request<{ catalogEntry: { title: string; source: string } }>(entryQuery, { name: 'fetch' });
    expect(restored.data?.catalogEntry).toMatchObject({ title: 'Fetch', source: 'BUNDLED' });
  });

  it('refuses to delete an entry that is enabled as a server, with CONFLICT', async () => {
    const created = await request(createMutation, { input: { name: 'time', entry: { title: 'Time (pinned)', image: 'mcp/time:1.0' } } }, operatorToken);
    expect(created.errors).toBeUndefined();
    const enabled = await request<{ enableServer: { id: string } }>(
      'mutation { enableServer(name: "time", start: false) { id catalogEntry { title } } }',
      {},
      operatorToken,
    );
    expect(enabled.errors).toBeUndefined();

    const refused = await request(deleteMutation, { name: 'time' }, operatorToken);
    expect(codeOf(refused)).toBe('CONFLICT');
    expect(refused.errors?.[0]?.message).toMatch(/enabled as a server/);
    const still = await request<{ catalogEntry: { title: string } }>(entryQuery, { name: 'time' });
    expect(still.data?.catalogEntry.title).toBe('Time (pinned)');
    const failure = (await auditRows('catalog.delete')).find((row) => row.targetId === 'time');
    expect(failure).toMatchObject({ outcome: 'failure', detail: { code: 'CONFLICT' } });

    await request('mutation($id: ID!) { disableServer(id: $id) { id } }', { id: enabled.data!.enableServer.id }, operatorToken);
    expect((await request(deleteMutation, { name: 'time' }, operatorToken)).errors).toBeUndefined();
  });
});

describe('enabling while deleting', () => {
  it('holds the entry for an enabling transaction: a concurrent delete waits, then sees the server', async () => {
    const created = await request(createMutation, { input: { name: 'race-entry', entry: { image: 'mcp/race' } } }, operatorToken);
    expect(created.errors).toBeUndefined();
    let pendingDelete: Promise<Response<unknown>> | undefined;
    await harness.database.db.transaction(async (tx) => {
      const entry = await harness.subgraph.services.catalog.getForEnable('race-entry', tx);
      expect(entry?.origin).toBe('custom');
      const deleting = request(deleteMutation, { name: 'race-entry' }, operatorToken);
      pendingDelete = deleting;
      const early = await Promise.race([deleting.then(() => 'finished'), new Promise((resolve) => setTimeout(resolve, 300, 'waiting'))]);
      expect(early).toBe('waiting');
      await tx.insert(serversTables.servers).values({ catalogName: 'race-entry', enabledBy: operator.userId });
    });
    expect(codeOf((await pendingDelete)!)).toBe('CONFLICT');
  });
});

describe('Query.catalog', () => {
  it('pages through bundled and custom entries in name order, each once', async () => {
    const everything = (await catalogPage({ first: 500 })).data!.catalog;
    expect(everything.hasNextPage).toBe(false);
    expect(everything.totalCount).toBe(everything.entries.length);
    const names = everything.entries.map((entry) => entry.name);
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBe(names.length);
    expect(everything.entries.map((entry) => entry.source)).toEqual(expect.arrayContaining(['BUNDLED', 'IMPORTED']));

    const walked: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page: PageResult['catalog'] = (await catalogPage({ first: 2, after })).data!.catalog;
      pages++;
      expect(pages).toBeLessThanOrEqual(names.length); // a cursor that does not advance fails here, not by timeout
      expect(page.totalCount).toBe(everything.totalCount);
      expect(page.entries.length).toBeLessThanOrEqual(2);
      walked.push(...page.entries.map((entry) => entry.name));
      if (!page.hasNextPage) break;
      expect(page.entries).toHaveLength(2);
      after = page.endCursor;
    }
    expect(walked).toEqual(names);
    expect(pages).toBe(Math.ceil(names.length / 2));
  });

  it('searches name, title, description and tags of both kinds of entries, case-insensitively', async () => {
    const names = async (search: string) => (await catalogPage({ search, first: 500 })).data?.catalog.entries.map((entry) => entry.name);
    expect(await names('ZEBRA')).toEqual(['team-notes']); // a tag of an imported entry
    expect(await names('memory graph')).toEqual(['team-notes']); // its description
    expect(await names('knowledge-graph')).toEqual(['memory']); // a tag of a bundled entry
    expect(await names('Timezone')).toEqual(['time']);
    expect(await names('%')).toEqual([]); // LIKE wildcards match themselves
    expect(await names('team_')).toEqual([]);
    const counted = (await catalogPage({ search: 'team', first: 1 })).data!.catalog;
    expect(counted).toMatchObject({ totalCount: 2, hasNextPage: true, entries: [{ name: 'team-notes' }] });
  });

  it('rejects a foreign cursor and page sizes out of range', async () => {
    expect(codeOf(await catalogPage({ first: 2, after: 'bm90LWEtY3Vyc29y' }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await catalogPage({ first: 0 }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await catalogPage({ first: 501 }))).toBe('BAD_USER_INPUT');
  });
});
