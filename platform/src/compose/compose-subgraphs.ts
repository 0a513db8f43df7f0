import { composeSupergraph, subgraphSdl } from '@mcp-portal/schema';
import { defaultSubgraphUrl, subgraphDefinitions } from '../subgraphs.ts';

/** Composes the supergraph from the five subgraph schemas as the code defines them now. */
export function composeCurrentSupergraph(): string {
  return composeSupergraph(
    subgraphDefinitions.map((definition) => ({
      name: definition.name,
      url: defaultSubgraphUrl(definition),
      sdl: subgraphSdl(definition.schema()),
    })),
  );
}
