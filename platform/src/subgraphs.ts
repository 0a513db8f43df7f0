import type { SubgraphDefinition } from '@mcp-portal/kit';
import { authSubgraph } from '@mcp-portal/auth';
import { serversSubgraph } from '@mcp-portal/servers';
import { configSubgraph } from '@mcp-portal/config';
import { executorSubgraph } from '@mcp-portal/executor';
import { dcrSubgraph } from '@mcp-portal/dcr';

// Each definition is only ever started with the services it creates itself, so the list may mix them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySubgraphDefinition = SubgraphDefinition<any, any>;

/** The five subgraphs, auth first: the others verify tokens through its JWKS. */
export const subgraphDefinitions: readonly AnySubgraphDefinition[] = [authSubgraph, serversSubgraph, configSubgraph, executorSubgraph, dcrSubgraph];

export function defaultSubgraphUrl(definition: AnySubgraphDefinition): string {
  return `http://127.0.0.1:${definition.defaultPort}/graphql`;
}
