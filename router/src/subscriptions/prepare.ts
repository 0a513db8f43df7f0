import {
  getArgumentValues,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  Kind,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { subscriptionFeeds, type SubscriptionFeed } from '@mcp-portal/schema';
import { entityQueryFor, type EntityQuery } from './rewrite.ts';

export interface SubscribePayload {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

export interface PreparedSubscription {
  feed: SubscriptionFeed;
  entityQuery: EntityQuery;
  variables: Record<string, unknown>;
  filterValue: unknown;
}

const failure = (message: string, code: string) => ({ errors: [new GraphQLError(message, { extensions: { code } })] });

/**
 * Parses, validates (with the router's limits) and plans one subscription: which feed serves its root
 * field and which entity query resolves its selection. Anything that is not a live subscription is refused.
 */
export function prepareSubscription(
  schema: GraphQLSchema,
  payload: SubscribePayload,
  validationRules: readonly ValidationRule[],
  maxTokens: number,
): PreparedSubscription | { errors: readonly GraphQLError[] } {
  let document: DocumentNode;
  try {
    document = parse(payload.query, { maxTokens });
  } catch (error) {
    return { errors: [error instanceof GraphQLError ? error : new GraphQLError('The query could not be parsed.')] };
  }
  const errors = validate(schema, document, [...specifiedRules, ...validationRules]);
  if (errors.length > 0) return { errors };
  const operation = getOperationAST(document, payload.operationName);
  if (!operation) return failure('Name the operation to run.', 'BAD_REQUEST');
  if (operation.operation !== 'subscription') {
    return failure('Only subscriptions are served over WebSocket: send queries and mutations over HTTP.', 'BAD_REQUEST');
  }
  const root = operation.selectionSet.selections[0];
  const fieldDefinition = root?.kind === Kind.FIELD ? schema.getSubscriptionType()?.getFields()[root.name.value] : undefined;
  const feed = root?.kind === Kind.FIELD ? subscriptionFeeds[root.name.value] : undefined;
  if (root?.kind !== Kind.FIELD || !fieldDefinition || !feed) {
    return failure('This subscription has no live feed in this router.', 'BAD_REQUEST');
  }
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], payload.variables ?? {});
  if (coerced.errors) return { errors: coerced.errors };
  const fieldArguments = getArgumentValues(fieldDefinition, root, coerced.coerced);
  return {
    feed,
    entityQuery: entityQueryFor(document, operation, root, feed),
    variables: coerced.coerced,
    filterValue: fieldArguments[feed.filterArgument] ?? null,
  };
}
