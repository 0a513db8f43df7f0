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
import { entityQueryFor, replayCountVariable, replayQueryFor, replayTargetVariable, type EntityQuery } from './rewrite.ts';

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
  /** The items to send before live events (a log tail), when the subscriber asked for some. */
  replay?: { query: string; variables: Record<string, unknown>; responseKey: string };
}

const failure = (message: string, code: string) => ({ errors: [new GraphQLError(message, { extensions: { code } })] });

type Checked = { document: DocumentNode } | { errors: readonly GraphQLError[] };

/**
 * Parsed and validated documents per schema, by query text: after a router restart every client
 * re-subscribes with the same few documents, and validation is the costly part of subscribing.
 */
const checkedDocuments = new WeakMap<GraphQLSchema, Map<string, Checked>>();
const maxCachedDocuments = 500;

function parseAndValidate(schema: GraphQLSchema, query: string, rules: readonly ValidationRule[], maxTokens: number): Checked {
  let cache = checkedDocuments.get(schema);
  if (!cache) checkedDocuments.set(schema, (cache = new Map()));
  const cached = cache.get(query);
  if (cached) return cached;
  let checked: Checked;
  try {
    const document = parse(query, { maxTokens });
    const errors = validate(schema, document, [...specifiedRules, ...rules]);
    checked = errors.length > 0 ? { errors } : { document };
  } catch (error) {
    checked = { errors: [error instanceof GraphQLError ? error : new GraphQLError('The query could not be parsed.')] };
  }
  if (cache.size >= maxCachedDocuments) cache.delete(cache.keys().next().value as string);
  cache.set(query, checked);
  return checked;
}

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
  const checked = parseAndValidate(schema, payload.query, validationRules, maxTokens);
  if ('errors' in checked) return checked;
  const { document } = checked;
  const operation = getOperationAST(document, payload.operationName);
  if (!operation) return failure('Name the operation to run.', 'BAD_REQUEST');
  if (operation.operation !== 'subscription') {
    return failure('Only subscriptions are served over WebSocket: send queries and mutations over HTTP.', 'BAD_REQUEST');
  }
  // One root field, as the spec says; stated again here because each one would cost an execution per event.
  const selections = operation.selectionSet.selections;
  if (selections.length !== 1 || selections[0]?.kind !== Kind.FIELD || (selections[0].directives?.length ?? 0) > 0) {
    return failure('A subscription selects exactly one root field, without fragments or directives at the root.', 'BAD_REQUEST');
  }
  const root = selections[0];
  const fieldDefinition = root?.kind === Kind.FIELD ? schema.getSubscriptionType()?.getFields()[root.name.value] : undefined;
  const feed = root?.kind === Kind.FIELD ? subscriptionFeeds[root.name.value] : undefined;
  if (root?.kind !== Kind.FIELD || !fieldDefinition || !feed) {
    return failure('This subscription has no live feed in this router.', 'BAD_REQUEST');
  }
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], payload.variables ?? {});
  if (coerced.errors) return { errors: coerced.errors };
  const fieldArguments = getArgumentValues(fieldDefinition, root, coerced.coerced);
  const filterValue = feed.filterArgument ? (fieldArguments[feed.filterArgument] ?? null) : null;
  const count = feed.replay ? Number(fieldArguments[feed.replay.countArgument] ?? 0) : 0;
  if (feed.replay && (!Number.isInteger(count) || count < 0 || count > feed.replay.maxCount)) {
    return failure(`${feed.replay.countArgument} must be between 0 and ${feed.replay.maxCount}.`, 'BAD_USER_INPUT');
  }
  return {
    feed,
    entityQuery: entityQueryFor(document, operation, root, feed),
    variables: coerced.coerced,
    filterValue,
    ...(feed.replay && count > 0 && filterValue !== null
      ? {
          replay: {
            query: replayQueryFor(document, operation, root, feed.replay),
            variables: { ...coerced.coerced, [replayTargetVariable]: filterValue, [replayCountVariable]: count },
            responseKey: root.alias?.value ?? root.name.value,
          },
        }
      : {}),
  };
}
