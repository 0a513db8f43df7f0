import { printSchema, Supergraph } from '@apollo/federation-internals';
import { fileURLToPath } from 'node:url';

/**
 * The API schema: what clients see of the supergraph, without the federation directives and join types.
 * The portal's and the CLI's operation types are generated from it (`npm run codegen`).
 */
export const apiSchemaPath = fileURLToPath(new URL('../../api-schema.graphql', import.meta.url));

export function apiSchemaSdl(supergraphSdl: string): string {
  return `${printSchema(Supergraph.build(supergraphSdl).apiSchema())}\n`;
}
