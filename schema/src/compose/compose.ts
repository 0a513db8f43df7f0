import { composeServices } from '@apollo/composition';
import { fileURLToPath } from 'node:url';
import { parse } from 'graphql';

export interface SubgraphDefinition {
  name: string;
  url: string;
  sdl: string;
}

export const supergraphPath = fileURLToPath(new URL('../../supergraph.graphql', import.meta.url));

export class CompositionFailedError extends Error {
  constructor(readonly messages: string[]) {
    super(`Supergraph composition failed:\n${messages.map((m) => `  - ${m}`).join('\n')}`);
  }
}

/** Hint codes we treat as errors: they mean two subgraphs disagree about the same field. */
const hintsThatAreErrors = new Set([
  'INCONSISTENT_ARGUMENT_PRESENCE',
  'INCONSISTENT_BUT_COMPATIBLE_FIELD_TYPE',
  'INCONSISTENT_BUT_COMPATIBLE_ARGUMENT_TYPE',
  'INCONSISTENT_DESCRIPTION',
]);

export function composeSupergraph(subgraphs: SubgraphDefinition[]): string {
  const result = composeServices(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) })));
  if (result.errors) throw new CompositionFailedError(result.errors.map((e) => e.message));
  const fatalHints = result.hints.filter((h) => hintsThatAreErrors.has(h.definition.code));
  if (fatalHints.length > 0) throw new CompositionFailedError(fatalHints.map((h) => h.message));
  return result.supergraphSdl;
}

export { printSubgraphSchema as subgraphSdl } from '@apollo/subgraph';
