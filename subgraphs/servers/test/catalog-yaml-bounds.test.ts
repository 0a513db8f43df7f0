import { describe, expect, it } from 'vitest';
import { fileEntryPolicy } from '@mcp-portal/schema/catalog-format';
import { CatalogFormatError, parseCatalogYaml, parseCatalogYamlOffThread } from '../src/services/catalog-yaml.ts';
import { Catalog, CatalogLoadError } from '../src/services/catalog.ts';
import { aliasAmplified, billionLaughs } from './yaml-documents.ts';

describe('bounded YAML', () => {
  it('refuses the alias-amplified document as a whole, naming the bound', () => {
    let error: unknown;
    try {
      parseCatalogYaml(aliasAmplified(), fileEntryPolicy);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CatalogFormatError);
    expect((error as Error).message).toMatch(/^\d+:\d+: the catalog has more than 10000 YAML aliases/);
  });

  it('refuses a billion-laughs document, where a few aliases expand without end', () => {
    const parsed = parseCatalogYaml(billionLaughs(), fileEntryPolicy);
    expect(parsed.entries).toEqual([]);
    expect(parsed.skipped).toEqual([
      { name: 'laughs', line: 12, column: 3, path: 'registry.laughs', message: expect.stringMatching(/aliases expand to more than 1000 nodes/) },
    ]);
  });

  it('refuses a document whose aliases, spread over many entries, expand past the bound', () => {
    const lines = [
      'defaults: &d [a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x]',
      'registry:',
    ];
    for (let i = 0; i < 300; i++) lines.push(`  e${i}:`, '    image: x', `    tags: [${new Array(8).fill('*d').join(', ')}]`);
    expect(() => parseCatalogYaml(lines.join('\n'), fileEntryPolicy)).toThrow(/aliases of the catalog expand to more than 100000 nodes/);
  });

  it('still reads the aliases a catalog uses sensibly, anchors outside the registry included', () => {
    const text = [
      'x-env: &env [{ name: LOG_LEVEL, value: info }, { name: REGION, value: eu }]',
      'registry:',
      '  one:',
      '    image: &image mcp/one',
      '    env: *env',
      '  two:',
      '    image: *image',
      '    env: *env',
      '    tags: &tags [a, b]',
      '    metadata: { tags: *tags }',
    ].join('\n');
    const parsed = parseCatalogYaml(text, fileEntryPolicy);
    expect(parsed.skipped).toEqual([]);
    expect(parsed.entries.map(({ name, document }) => ({ name, image: document.image, env: document.env }))).toEqual([
      {
        name: 'one',
        image: 'mcp/one',
        env: [
          { name: 'LOG_LEVEL', value: 'info' },
          { name: 'REGION', value: 'eu' },
        ],
      },
      {
        name: 'two',
        image: 'mcp/one',
        env: [
          { name: 'LOG_LEVEL', value: 'info' },
          { name: 'REGION', value: 'eu' },
        ],
      },
    ]);
  });

  it('leaves out an entry with an alias to a node that contains it', () => {
    const text = ['registry:', '  loop:', '    image: x', '    config: &c [{ again: *c }]', '  fine:', '    image: y'].join('\n');
    const parsed = parseCatalogYaml(text, fileEntryPolicy);
    expect(parsed.entries.map((entry) => entry.name)).toEqual(['fine']);
    expect(parsed.skipped).toEqual([{ name: 'loop', line: 2, column: 3, path: 'registry.loop', message: 'the alias *c is inside the node it names' }]);
  });

  it('refuses a document nested deeper than 64 levels, without overflowing the stack', () => {
    const deep = (levels: number) => ['registry:', '  deep:', '    image: x', `    config: ${'['.repeat(levels)}x${']'.repeat(levels)}`].join('\n');
    expect(parseCatalogYaml(deep(50), fileEntryPolicy).skipped.map((issue) => issue.path)).toEqual(['registry.deep.config[0]']);
    expect(() => parseCatalogYaml(deep(80), fileEntryPolicy)).toThrow(/^4:\d+: the catalog is nested deeper than 64 levels/);
    expect(() => parseCatalogYaml(deep(100_000), fileEntryPolicy)).toThrow(CatalogFormatError);
  });

  it('holds the bundled catalog file to the same bounds', () => {
    expect(() => Catalog.parse(aliasAmplified(), 'bundled.yaml')).toThrow(CatalogLoadError);
    expect(() => Catalog.parse(aliasAmplified(), 'bundled.yaml')).toThrow(
      /^bundled\.yaml is not a valid MCP catalog: bundled\.yaml:\d+:\d+: the catalog has more than 10000 YAML aliases/,
    );
  });
});

describe('parseCatalogYamlOffThread', () => {
  it('reads a catalog in a worker thread, with the same result as on the calling thread', async () => {
    const text = ['x: &x mcp/shared', 'registry:', '  good:', '    image: *x', '  bad:', '    image: 42', '  Bad_Name:', '    image: y'].join('\n');
    expect(await parseCatalogYamlOffThread(text, fileEntryPolicy, { timeoutMs: 20_000 })).toEqual(parseCatalogYaml(text, fileEntryPolicy));
  });

  it('reports a document that is not a catalog as the same CatalogFormatError', async () => {
    await expect(parseCatalogYamlOffThread('registry:\n  a: [\n', fileEntryPolicy, { timeoutMs: 20_000 })).rejects.toThrow(CatalogFormatError);
    await expect(parseCatalogYamlOffThread(aliasAmplified(), fileEntryPolicy, { timeoutMs: 20_000 })).rejects.toThrow(/more than 10000 YAML aliases/);
  });

  it('gives up on a document it cannot read within its time limit', async () => {
    await expect(parseCatalogYamlOffThread(aliasAmplified(50, 10), fileEntryPolicy, { timeoutMs: 1 })).rejects.toThrow(/could not be read within 0\.001 s/);
  });
});
