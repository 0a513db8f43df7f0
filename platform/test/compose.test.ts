import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { composeSupergraph, CompositionFailedError, subgraphSdl, supergraphPath } from '@mcp-portal/schema';
import { composeCurrentSupergraph } from '../src/compose/compose-subgraphs.ts';
import { serversSubgraph } from '@mcp-portal/servers';

describe('supergraph composition', () => {
  it('the checked-in schema/supergraph.graphql matches the subgraphs (run `npm run compose` if this fails)', async () => {
    const checkedIn = await readFile(supergraphPath, 'utf8');
    expect(composeCurrentSupergraph()).toBe(checkedIn);
  });

  it('exposes the cross-subgraph fields and the subscription', () => {
    const sdl = composeCurrentSupergraph();
    expect(sdl).toMatch(/type Server[\s\S]*enabledBy: User!/);
    expect(sdl).toMatch(/config: \[ConfigValue!\]!/);
    expect(sdl).toMatch(/type Subscription[\s\S]*serverStatusChanged\(id: ID\): Server!/);
  });

  it('reports conflicting subgraphs as errors', () => {
    const conflicting =
      'extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"]) type Server @key(fields: "id") { id: ID! status: Int! } type Query { other: Int }';
    expect(() =>
      composeSupergraph([
        { name: 'servers', url: 'http://127.0.0.1:1/graphql', sdl: subgraphSdl(serversSubgraph.schema()) },
        { name: 'broken', url: 'http://127.0.0.1:2/graphql', sdl: conflicting },
      ]),
    ).toThrow(CompositionFailedError);
  });
});
