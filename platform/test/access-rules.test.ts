import { describe, expect, it } from 'vitest';
import { isObjectType, type GraphQLSchema } from 'graphql';
import { subgraphDefinitions } from '../src/subgraphs.ts';

/** Types and fields federation adds itself; everything else must say who may use it. */
const federationInternals = new Set(['_entities', '_service', '_Service']);

function missingRules(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(Boolean).map((t) => t!.name));
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || federationInternals.has(type.name)) continue;
    if (roots.has(type.name)) {
      for (const field of Object.values(type.getFields())) {
        if (federationInternals.has(field.name)) continue;
        const options = field.extensions?.pothosOptions as { authScopes?: unknown } | undefined;
        if (!options?.authScopes) missing.push(`${type.name}.${field.name}`);
      }
    } else {
      const options = type.extensions?.pothosOptions as { authScopes?: unknown } | undefined;
      if (!options?.authScopes) missing.push(type.name);
    }
  }
  return missing;
}

describe('every root field and every object type declares its access rule (authScopes)', () => {
  for (const definition of subgraphDefinitions) {
    it(`${definition.name} subgraph`, () => {
      expect(missingRules(definition.schema())).toEqual([]);
    });
  }
});
