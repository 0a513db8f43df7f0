import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { QueryLimits } from './settings.ts';

/** Depth, alias and token limits, shared by HTTP operations and WebSocket subscriptions. */
export function queryProtection(limits: QueryLimits) {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth },
    maxAliases: { n: limits.maxAliases },
    maxTokens: { n: limits.maxTokens },
    maxDirectives: { n: 50 },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  });
  return armor.protect();
}
