import { describe, expect, it } from 'vitest';
import { aggregate, type ServerContent } from '../src/catalog-index.ts';
import { paginate } from '../src/pagination.ts';

const server = (name: string, content: Partial<ServerContent> = {}): ServerContent => ({
  id: `id-${name}`,
  name,
  prompts: [],
  resources: [],
  templates: [],
  ...content,
});

describe('aggregating prompts and resources', () => {
  it("names prompts by the tools' rule: bare when unique, <server>__<prompt> on every server that shares one", () => {
    const snapshot = aggregate([server('b', { prompts: [{ name: 'greet' }, { name: 'solo' }] }), server('a', { prompts: [{ name: 'greet', title: 'Hi' }] })]);
    expect(snapshot.prompts.map((prompt) => prompt.name)).toEqual(['a__greet', 'b__greet', 'solo']);
    expect(snapshot.prompts[0]).toEqual({ name: 'a__greet', title: 'Hi', _meta: { 'io.mcp-portal/server': 'a' } });
    expect(snapshot.promptRoutes.get('a__greet')).toEqual({ serverId: 'id-a', server: 'a', name: 'greet' });
  });

  it('leaves out a URI two servers list, naming them, and routes the others and template matches', () => {
    const snapshot = aggregate([
      server('one', {
        resources: [
          { uri: 'file:///shared', name: 'x' },
          { uri: 'one://only', name: 'o', icons: [{ src: 'https://example.test/i.png' }] },
        ],
        templates: [{ uriTemplate: 'one://item/{id}', name: 't' }],
      }),
      server('two', { resources: [{ uri: 'file:///shared', name: 'y' }] }),
    ]);
    expect(snapshot.resources).toEqual([
      { uri: 'one://only', name: 'o', icons: [{ src: 'https://example.test/i.png' }], _meta: { 'io.mcp-portal/server': 'one' } },
    ]);
    expect(snapshot.sharedUris.get('file:///shared')).toEqual(['one', 'two']);
    expect(snapshot.resourceRoutes.get('one://only')).toEqual({ serverId: 'id-one', server: 'one' });
    expect(snapshot.templates).toEqual([{ uriTemplate: 'one://item/{id}', name: 't', _meta: { 'io.mcp-portal/server': 'one' } }]);
    expect(snapshot.templateRoutes[0]?.template.match('one://item/42')).toEqual({ id: '42' });
  });
});

describe('paginate', () => {
  it('pages with an opaque cursor that only its own list accepts', () => {
    const items = Array.from({ length: 7 }, (_, i) => i);
    const first = paginate(items, 'tools', undefined, 3);
    expect(first.page).toEqual([0, 1, 2]);
    const second = paginate(items, 'tools', first.nextCursor, 3);
    const third = paginate(items, 'tools', second.nextCursor, 3);
    expect([second.page, third.page, third.nextCursor]).toEqual([[3, 4, 5], [6], undefined]);
    expect(() => paginate(items, 'prompts', first.nextCursor, 3)).toThrow(expect.objectContaining({ code: -32602 }));
    expect(() => paginate(items, 'tools', 'garbage', 3)).toThrow(expect.objectContaining({ code: -32602 }));
  });
});
