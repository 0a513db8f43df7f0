import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { GraphQLError, ParseOptions, ValidationRule } from 'graphql';
import { z } from 'zod';
import { readSettings, type Environment } from './config.ts';

/** What one GraphQL operation may ask for: the same definition at the router and in every subgraph. */
export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
}

export const defaultQueryLimits: QueryLimits = { maxDepth: 12, maxAliases: 30, maxTokens: 5000 };

const truthy = ['1', 'true', 'yes', 'on'];
const falsy = ['0', 'false', 'no', 'off'];

/** true/false (also 1/0, yes/no, on/off); anything else is refused rather than read as false. */
export const booleanFlag = z.preprocess(
  (value) => {
    if (typeof value !== 'string') return value;
    const word = value.trim().toLowerCase();
    return truthy.includes(word) ? true : falsy.includes(word) ? false : value;
  },
  z.boolean({ message: 'use true or false' }),
);

/** The settings every GraphQL endpoint (router and subgraphs) reads, with the same names and defaults. */
export const graphqlSettings = {
  NODE_ENV: z.string().optional(),
  /** Default: on, except when NODE_ENV=production. */
  GRAPHQL_INTROSPECTION: booleanFlag.optional(),
  /** "Did you mean …?" in error messages. Default: on, except when NODE_ENV=production. */
  GRAPHQL_FIELD_SUGGESTIONS: booleanFlag.optional(),
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(1).default(defaultQueryLimits.maxDepth),
  GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(0).default(defaultQueryLimits.maxAliases),
  GRAPHQL_MAX_TOKENS: z.coerce.number().int().min(100).default(defaultQueryLimits.maxTokens),
};

export interface GraphqlProtection {
  limits: QueryLimits;
  introspection: boolean;
  fieldSuggestions: boolean;
}

export function graphqlProtectionFrom(settings: z.infer<z.ZodObject<typeof graphqlSettings>>): GraphqlProtection {
  const development = settings.NODE_ENV !== 'production';
  return {
    limits: { maxDepth: settings.GRAPHQL_MAX_DEPTH, maxAliases: settings.GRAPHQL_MAX_ALIASES, maxTokens: settings.GRAPHQL_MAX_TOKENS },
    introspection: settings.GRAPHQL_INTROSPECTION ?? development,
    fieldSuggestions: settings.GRAPHQL_FIELD_SUGGESTIONS ?? development,
  };
}

export function readGraphqlProtection(env: Environment): GraphqlProtection {
  return graphqlProtectionFrom(readSettings(graphqlSettings, env));
}

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

export interface QueryProtection<Context extends BaseContext> {
  plugins: ApolloServerPlugin<Context>[];
  validationRules: ValidationRule[];
  /** The token limit, applied by graphql-js's parser itself: a refused document is a 400 (GRAPHQL_PARSE_FAILED). */
  parseOptions: ParseOptions;
}

/**
 * Depth, alias, directive and token limits for an Apollo Server (and the router's WebSocket
 * subscriptions, which validate with the same rules); without `fieldSuggestions`, error messages
 * do not name fields the caller did not ask for. Refusals happen before anything is resolved.
 */
export function queryProtection<Context extends BaseContext>(limits: QueryLimits, options: { fieldSuggestions: boolean }): QueryProtection<Context> {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth },
    maxAliases: { n: limits.maxAliases },
    maxDirectives: { n: 50 },
    // graphql-armor's token plugin throws from a parsing hook, which Apollo answers with a 500.
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  });
  const { validationRules } = armor.protect();
  return {
    plugins: options.fieldSuggestions ? [] : [hideSuggestionsPlugin<Context>()],
    validationRules: [...validationRules],
    parseOptions: { maxTokens: limits.maxTokens },
  };
}
