import { describe, expect, it } from 'vitest';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { aggregateTools, routeOfPrefixedName, type UpstreamServer } from '../src/index.ts';

const tool = (name: string, extra: Partial<Tool> = {}): Tool => ({ name, inputSchema: { type: 'object' }, ...extra });
const server = (name: string, ...tools: Tool[]): UpstreamServer => ({ id: `id-${name}`, name, tools });

describe('the naming rule', () => {
  it("keeps unique names as they are, ordered by server name then by each server's own order", () => {
    const { tools, routes, clashes } = aggregateTools([server('time', tool('now')), server('memory', tool('read_graph'), tool('create_entities'))]);
    expect(tools.map((t) => t.name)).toEqual(['read_graph', 'create_entities', 'now']);
    expect(routes.get('now')).toEqual({ serverId: 'id-time', server: 'time', tool: 'now' });
    expect(clashes).toEqual([]);
  });

  it('prefixes every tool of a shared name with its server, whichever started first', () => {
    const a = server('alpha', tool('search'), tool('own'));
    const b = server('beta', tool('search'));
    for (const order of [
      [a, b],
      [b, a],
    ]) {
      const { tools, routes } = aggregateTools(order);
      expect(tools.map((t) => t.name)).toEqual(['alpha__search', 'own', 'beta__search']);
      expect(routes.get('beta__search')).toEqual({ serverId: 'id-beta', server: 'beta', tool: 'search' });
      expect(routes.has('search')).toBe(false);
    }
  });

  it("also prefixes a bare name that equals another tool's prefixed name", () => {
    const { tools } = aggregateTools([server('a', tool('x')), server('b', tool('x')), server('c', tool('a__x'))]);
    expect(tools.map((t) => t.name)).toEqual(['a__x', 'b__x', 'c__a__x']);
  });

  it('leaves out, and reports, tools whose prefixed names are still equal: never one hiding the other', () => {
    const { tools, clashes } = aggregateTools([server('a', tool('b__c')), server('z', tool('b__c')), server('a__b', tool('c')), server('y', tool('c'))]);
    // "b__c" and "c" are both shared, so all four are prefixed, and a/b__c and a__b/c both become "a__b__c".
    expect(tools.map((t) => t.name)).toEqual(['y__c', 'z__b__c']);
    expect(clashes).toEqual([
      {
        name: 'a__b__c',
        tools: [
          { server: 'a', tool: 'b__c' },
          { server: 'a__b', tool: 'c' },
        ],
      },
    ]);
  });

  it('keeps schemas, annotations, icons and _meta, and names the server in _meta', () => {
    const original = tool('echo', {
      title: 'Echo',
      description: 'Echoes',
      inputSchema: { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] },
      outputSchema: { type: 'object', properties: { text: { type: 'string' } } },
      annotations: { readOnlyHint: true, openWorldHint: false },
      icons: [{ src: 'https://example.test/echo.png', mimeType: 'image/png' }],
      _meta: { 'com.example/x': 1 },
    });
    const [listed] = aggregateTools([server('everything', original)]).tools;
    expect(listed).toEqual({ ...original, _meta: { 'com.example/x': 1, 'io.mcp-portal/server': 'everything' } });
  });

  it('routes <server>__<tool> to a tool listed under its bare name, unless that is ambiguous', () => {
    const servers = [server('memory', tool('read_graph')), server('a', tool('b__c')), server('a__b', tool('c'))];
    expect(routeOfPrefixedName(servers, 'memory__read_graph')).toEqual({ serverId: 'id-memory', server: 'memory', tool: 'read_graph' });
    expect(routeOfPrefixedName(servers, 'memory__nothing')).toBeUndefined();
    expect(routeOfPrefixedName(servers, 'a__b__c')).toBeUndefined();
  });
});
