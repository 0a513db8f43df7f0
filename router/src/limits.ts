import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import type { QueryLimits } from './settings.ts';

const suggestion = /\s*Did you mean [^?]*\?/g;

/** An error message without graphql-js's "Did you mean …?" hints, which reveal the schema's names. */
export function withoutSuggestions(message: string): string {
  return message.replace(suggestion, '');
}

/** Strips the hints from every error of a request (validation, variables, execution). */
function hideSuggestionsPlugin<Context extends BaseContext>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors as GraphQLError[]) error.message = withoutSuggestions(error.message);
        },
      };
    },
  };
}

/**
 * Depth, alias and token limits, shared by HTTP operations and WebSocket subscriptions; without
 * `fieldSuggestions`, error messages do not name fields the caller did not ask for.
 */
export function queryProtection(limits: QueryLimits, options: { fieldSuggestions: boolean }) {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth },
    maxAliases: { n: limits.maxAliases },
    maxTokens: { n: limits.maxTokens },
    maxDirectives: { n: 50 },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  });
  const { plugins, validationRules } = armor.protect();
  return {
    plugins: options.fieldSuggestions ? plugins : [...plugins, hideSuggestionsPlugin()],
    validationRules,
    fieldSuggestions: options.fieldSuggestions,
  };
}
