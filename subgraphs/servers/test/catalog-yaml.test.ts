import { describe, expect, it } from 'vitest';
import { describeEntry } from '../src/services/catalog-entry.ts';
import { fileEntryPolicy, type EntryPolicy } from '@mcp-portal/schema/catalog-format';
import { RunnablePackages } from '../src/services/runnable-packages.ts';
import { CatalogFormatError, formatIssue, parseCatalogYaml } from '../src/services/catalog-yaml.ts';
import { Catalog, CatalogLoadError } from '../src/services/catalog.ts';

const runnable = new RunnablePackages([
  { name: '@modelcontextprotocol/server-memory', bin: null },
  { name: '@example/not-installed', bin: null },
]);
const apiPolicy: EntryPolicy = { processes: 'runnable-packages', runnableProblem: (name, bin) => runnable.problem(name, bin) };

/** Line numbers are on the right; the tests below refer to them. */
const mixedCatalog = [
  'name: team', //                                          1
  'registry:', //                                           2
  '  good-one:', //                                         3
  '    title: Good', //                                     4
  '    image: mcp/good', //                                 5
  '  bad-image:', //                                        6
  '    title: Bad image', //                                7
  '    image: 42', //                                       8
  '  bad-tool:', //                                         9
  '    image: mcp/x', //                                    10
  '    tools:', //                                          11
  '      - name: fine', //                                  12
  '      - description: no name', //                        13
  '  Bad_Name:', //                                         14
  '    image: mcp/y', //                                    15
  '  missing-image:', //                                    16
  '    title: Nothing to run', //                           17
  '  remote-one:', //                                       18
  '    type: remote', //                                    19
  '    remote:', //                                         20
  '      url: ftp://example.com/mcp', //                    21
  '  good-two:', //                                         22
  '    run:', //                                            23
  '      package: "@modelcontextprotocol/server-memory"', // 24
].join('\n');

describe('parseCatalogYaml', () => {
  it('keeps the good entries and reports each bad one at the line and column of its first problem', () => {
    const parsed = parseCatalogYaml(mixedCatalog, fileEntryPolicy);
    expect(parsed.entries.map((entry) => entry.name)).toEqual(['good-one', 'good-two']);
    expect(parsed.skipped).toEqual([
      { name: 'bad-image', line: 8, column: 5, path: 'registry.bad-image.image', message: expect.stringMatching(/expected string/) },
      { name: 'bad-tool', line: 13, column: 9, path: 'registry.bad-tool.tools[1].name', message: expect.stringMatching(/expected string/) },
      { name: 'Bad_Name', line: 14, column: 3, path: 'registry.Bad_Name', message: expect.stringMatching(/lower-case letters/) },
      { name: 'missing-image', line: 16, column: 3, path: 'registry.missing-image', message: 'a server entry needs an image or a run command' },
      { name: 'remote-one', line: 21, column: 7, path: 'registry.remote-one.remote.url', message: 'must be an http or https URL' },
    ]);
    expect(formatIssue('catalog.yaml', parsed.skipped[0]!)).toMatch(/^catalog\.yaml:8:5: registry\.bad-image\.image: /);
  });

  it('counts the further problems of an entry in its message', () => {
    const parsed = parseCatalogYaml('registry:\n  two-problems:\n    image: 1\n    title: [x]\n', fileEntryPolicy);
    expect(parsed.skipped).toEqual([
      expect.objectContaining({ line: 3, column: 5, path: 'registry.two-problems.image', message: expect.stringMatching(/\(and 1 more problem\)$/) }),
    ]);
  });

  it('reads Docker catalog fields into the entry', () => {
    const docker = [
      'registry:',
      '  github-official:',
      '    name: github-official',
      '    title: GitHub Official',
      '    type: server',
      '    image: ghcr.io/github/github-mcp-server',
      '    readme: https://example.com/readme.md',
      '    secrets:',
      '      - name: github.personal_access_token',
      '        env: GITHUB_PERSONAL_ACCESS_TOKEN',
      '    env:',
      '      - name: GITHUB_TOOLSETS',
      '        value: all',
      '      - name: PORT',
      '        value: 8080',
      '    oauth:',
      '      providers:',
      '        - provider: github',
      '          secret: github.personal_access_token',
      '          env: GITHUB_PERSONAL_ACCESS_TOKEN',
      '    disableNetwork: false',
      '    allowHosts: [api.github.com:443]',
      '    config:',
      '      - name: github',
      '        type: object',
      '        properties: { owner: { type: string } }',
      '    tools:',
      '      - name: get_me',
      '        description: who am I',
      '    metadata: { category: devops, tags: [github], license: MIT, pulls: 1200 }',
      '    policy: { decision: allow }',
    ].join('\n');
    const parsed = parseCatalogYaml(docker, apiPolicy);
    expect(parsed.skipped).toEqual([]);
    const [found] = parsed.entries;
    const entry = describeEntry(found!.name, found!.document, 'imported');
    expect(entry).toMatchObject({
      name: 'github-official',
      title: 'GitHub Official',
      image: 'ghcr.io/github/github-mcp-server',
      readme: 'https://example.com/readme.md',
      secrets: [{ name: 'github.personal_access_token', env: 'GITHUB_PERSONAL_ACCESS_TOKEN', example: null }],
      env: [
        { name: 'GITHUB_TOOLSETS', value: 'all' },
        { name: 'PORT', value: '8080' },
      ],
      oauth: { providers: [{ provider: 'github', secret: 'github.personal_access_token', env: 'GITHUB_PERSONAL_ACCESS_TOKEN' }], scopes: [] },
      disableNetwork: false,
      allowHosts: ['api.github.com:443'],
      configSchema: [{ name: 'github', type: 'object', properties: { owner: { type: 'string' } } }],
      tools: ['get_me'],
      category: 'devops',
      tags: ['github'],
      license: 'MIT',
      run: null,
    });
    expect(found!.document).not.toHaveProperty('policy');
  });

  it('accepts the older list form of oauth', () => {
    const parsed = parseCatalogYaml(
      'registry:\n  linear:\n    type: remote\n    remote: { url: "https://mcp.linear.app/mcp" }\n    oauth:\n      - provider: linear\n',
      fileEntryPolicy,
    );
    expect(describeEntry('linear', parsed.entries[0]!.document, 'bundled').oauth).toEqual({
      providers: [{ provider: 'linear', secret: null, env: null }],
      scopes: [],
      connection: 'user',
    });
  });

  it("reads an oauth block's connection mode: user unless it says team, nothing else", () => {
    const entry = (oauth: string) =>
      parseCatalogYaml(`registry:\n  wiki:\n    type: remote\n    remote: { url: "https://wiki.example/mcp" }\n    oauth: ${oauth}\n`, fileEntryPolicy);
    expect(entry('{ connection: team }').entries[0]!.document.oauth).toEqual({ providers: [], scopes: [], connection: 'team' });
    expect(entry('{ scopes: [read] }').entries[0]!.document.oauth).toEqual({ providers: [], scopes: ['read'], connection: 'user' });
    const refused = entry('{ connection: everyone }');
    expect(refused.entries).toEqual([]);
    expect(refused.skipped[0]?.path).toBe('registry.wiki.oauth');
  });

  it('lets entries from the API run allowed, installed npm packages only, and no entry set loader variables', () => {
    const text = [
      'registry:',
      '  shell:', //                                   2
      '    run: { command: bash, args: [-c, id] }', // 3
      '  missing-package:', //                         4
      '    run:', //                                   5
      '      package: "@example/not-installed"', //    6
      '  preload:', //                                 7
      '    run:', //                                   8
      '      package: "@modelcontextprotocol/server-memory"',
      '      env:', //                                 10
      '        NODE_OPTIONS: --require /tmp/x.js', //  11
      '  memory:',
      '    run: { package: "@modelcontextprotocol/server-memory", env: { MEMORY_FILE_PATH: /tmp/m.jsonl } }',
      '  tsx:', //                                     14
      '    run: { package: tsx, args: [--eval, "process.exit(0)"] }', // 15
      '  other-bin:', //                               16
      '    run: { package: "@modelcontextprotocol/server-memory", bin: other }', // 17
    ].join('\n');
    const parsed = parseCatalogYaml(text, apiPolicy);
    expect(parsed.entries.map((entry) => entry.name)).toEqual(['memory']);
    expect(parsed.skipped.map(({ name, line, column, path }) => ({ name, line, column, path }))).toEqual([
      { name: 'shell', line: 3, column: 5, path: 'registry.shell.run.package' },
      { name: 'missing-package', line: 6, column: 7, path: 'registry.missing-package.run.package' },
      { name: 'preload', line: 11, column: 9, path: 'registry.preload.run.env.NODE_OPTIONS' },
      { name: 'tsx', line: 15, column: 12, path: 'registry.tsx.run.package' },
      { name: 'other-bin', line: 17, column: 60, path: 'registry.other-bin.run.bin' },
    ]);
    expect(parsed.skipped.find((issue) => issue.name === 'tsx')?.message).toMatch(/tsx is not on the list of runnable packages/);
    expect(parsed.skipped.find((issue) => issue.name === 'missing-package')?.message).toMatch(/not installed with the servers subgraph/);
    // The deployer's own file may run any command, but sets no loader variable either.
    expect(parseCatalogYaml(text, fileEntryPolicy).skipped.map((issue) => issue.path)).toEqual(['registry.preload.run.env.NODE_OPTIONS']);
  });

  it('refuses text that is not a catalog as a whole, with its position', () => {
    expect(() => parseCatalogYaml('registry:\n  a: [\n', fileEntryPolicy)).toThrow(CatalogFormatError);
    expect(() => parseCatalogYaml('- just\n- a list\n', fileEntryPolicy)).toThrow(/a catalog is a map/);
    expect(() => parseCatalogYaml('name: x\nregistry: 3\n', fileEntryPolicy)).toThrow(/^2:1: registry: must be a map/);
    expect(() => parseCatalogYaml('registry:\n  a: {image: x}\n  a: {image: y}\n', fileEntryPolicy)).toThrow(/^3:3: not valid YAML: Map keys must be unique/);
  });

  it('leaves out an entry that expands too many aliases', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]'];
    const text = [
      ...bomb,
      'registry:',
      '  bomb:',
      '    image: x',
      '    config: [{ a: *c, b: *c, c: *c, d: *c, e: *c, f: *c, g: *c, h: *c, i: *c, j: *c }]',
      '  fine:',
      '    image: y',
    ].join('\n');
    const parsed = parseCatalogYaml(text, fileEntryPolicy);
    expect(parsed.entries.map((entry) => entry.name)).toEqual(['fine']);
    expect(parsed.skipped[0]).toMatchObject({ name: 'bomb', line: 5, column: 3 });
  });
});

describe('the bundled catalog file', () => {
  it('stops the start with every bad line listed', () => {
    expect(() => Catalog.parse(mixedCatalog, 'my-catalog.yaml')).toThrow(CatalogLoadError);
    expect(() => Catalog.parse(mixedCatalog, 'my-catalog.yaml')).toThrow(/my-catalog\.yaml:8:5: registry\.bad-image\.image: [\s\S]*my-catalog\.yaml:21:7: /);
  });
});
