import { Kind, OperationTypeNode, print, visit, type DocumentNode, type FieldNode, type OperationDefinitionNode, type VariableDefinitionNode } from 'graphql';
import type { SubscriptionFeed } from '@mcp-portal/schema';

export const entityIdVariable = '__entityId';

export interface EntityQuery {
  /** The query text that re-reads the entity with the subscriber's selection. */
  query: string;
  /** The key under which the entity appears in `data` (the subscription field's alias or name). */
  responseKey: string;
}

function usedVariables(node: OperationDefinitionNode, document: DocumentNode): Set<string> {
  const used = new Set<string>();
  const collect = (n: unknown) =>
    visit(n as DocumentNode, {
      Variable(variable) {
        used.add(variable.name.value);
      },
    });
  collect(node.selectionSet);
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) collect(definition.selectionSet);
  }
  return used;
}

const variable = (name: string) => ({ kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: name } }) as const;

const argument = (name: string, variableName: string) =>
  ({ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: name }, value: variable(variableName) }) as const;

/**
 * The subscription operation as a query whose only root field is `rootField`: the subscriber's variables
 * that are still used, plus `added` (non-null variables the router fills in), and its fragments.
 */
function queryText(document: DocumentNode, operation: OperationDefinitionNode, rootField: FieldNode, added: Record<string, string>): string {
  const draft: OperationDefinitionNode = {
    ...operation,
    operation: OperationTypeNode.QUERY,
    selectionSet: { kind: Kind.SELECTION_SET, selections: [rootField] },
  };
  const used = usedVariables(draft, document);
  const addedDefinitions = Object.entries(added).map(([name, type]): VariableDefinitionNode => ({
    kind: Kind.VARIABLE_DEFINITION,
    variable: variable(name),
    type: { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: type } } },
  }));
  const queryOperation: OperationDefinitionNode = {
    ...draft,
    variableDefinitions: [...(operation.variableDefinitions ?? []).filter((v) => used.has(v.variable.name.value)), ...addedDefinitions],
  };
  const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
  return print({ kind: Kind.DOCUMENT, definitions: [queryOperation, ...fragments] });
}

/**
 * Turns `subscription { serverStatusChanged(id: $id) { …selection } }` into
 * `query { serverStatusChanged: server(id: $__entityId) { …selection } }` so the gateway plans the
 * whole selection (fields of every subgraph) as a normal federated query, once per event and group.
 */
export function entityQueryFor(document: DocumentNode, operation: OperationDefinitionNode, root: FieldNode, feed: SubscriptionFeed): EntityQuery {
  const responseKey = root.alias?.value ?? root.name.value;
  const entityField: FieldNode = {
    ...root,
    alias: { kind: Kind.NAME, value: responseKey },
    name: { kind: Kind.NAME, value: feed.entityQueryField },
    arguments: [argument(feed.entityQueryArgument, entityIdVariable)],
  };
  return { query: queryText(document, operation, entityField, { [entityIdVariable]: 'ID' }), responseKey };
}

export const replayTargetVariable = '__replayTarget';
export const replayCountVariable = '__replayCount';

/**
 * For a feed that can replay: `subscription { serverLogs(serverId: $s, tail: 50) { …selection } }` becomes
 * `query { __replay: server(id: $__replayTarget) { logs(tail: $__replayCount) { …selection } } }`.
 */
export function replayQueryFor(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  root: FieldNode,
  replay: NonNullable<SubscriptionFeed['replay']>,
): string {
  const listField: FieldNode = {
    kind: Kind.FIELD,
    name: { kind: Kind.NAME, value: replay.listField },
    arguments: [argument(replay.listCountArgument, replayCountVariable)],
    selectionSet: root.selectionSet,
  };
  const queryField: FieldNode = {
    kind: Kind.FIELD,
    alias: { kind: Kind.NAME, value: '__replay' },
    name: { kind: Kind.NAME, value: replay.queryField },
    arguments: [argument(replay.queryArgument, replayTargetVariable)],
    selectionSet: { kind: Kind.SELECTION_SET, selections: [listField] },
  };
  return queryText(document, operation, queryField, { [replayTargetVariable]: 'ID', [replayCountVariable]: 'Int' });
}
