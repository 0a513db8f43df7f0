import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import DirectivesPlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import type { Role } from '@mcp-portal/schema';
import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { roleAtLeast, type Viewer } from './auth/roles.ts';
import { ForbiddenError, UnauthenticatedError } from './errors.ts';

/** What every subgraph resolver sees; a subgraph adds its own `services`. */
export interface KitContext {
  viewer: Viewer | null;
  requestId: string;
  /** The caller's address as the router saw it (x-forwarded-for), for the audit log. */
  sourceIp: string | null;
  /** Aborted when the caller leaves before its answer (absent outside HTTP requests). */
  signal?: AbortSignal;
}

/**
 * Who may read or call what, declared on every root field and every object type (a test enforces it):
 * `{ public: true }`, `{ signedIn: true }` or `{ role: 'operator' }` (that role or higher).
 */
export interface KitAuthScopes {
  public: boolean;
  signedIn: boolean;
  role: Role;
}

export interface KitSchemaTypes<Context extends KitContext> {
  Context: Context;
  AuthScopes: KitAuthScopes;
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: true;
  Scalars: {
    ID: { Input: string; Output: string };
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
  };
}

const dateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An ISO-8601 timestamp in UTC.',
  serialize(value) {
    const date = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new TypeError('DateTime cannot represent an invalid date');
    return date.toISOString();
  },
  parseValue(value) {
    const date = new Date(String(value));
    if (typeof value !== 'string' || Number.isNaN(date.getTime())) throw new TypeError('DateTime must be an ISO-8601 string');
    return date;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new TypeError('DateTime must be an ISO-8601 string');
    return new Date(ast.value);
  },
});

function literalToJson(ast: ValueNode): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.LIST:
      return ast.values.map(literalToJson);
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, literalToJson(f.value)]));
    case Kind.NULL:
      return null;
    default:
      throw new TypeError('JSON literals cannot use variables');
  }
}

const jsonScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: literalToJson,
});

/**
 * The one Pothos builder shape every subgraph uses: scope auth, federation + directives, dataloaders (entity
 * references and per-parent lists load a whole list with one query), non-null by default.
 */
export function createBuilder<Context extends KitContext>() {
  const builder = new SchemaBuilder<KitSchemaTypes<Context>>({
    plugins: [ScopeAuthPlugin, DirectivesPlugin, FederationPlugin, DataloaderPlugin],
    scopeAuth: {
      authorizeOnSubscribe: true,
      authScopes: (context) => ({
        public: true,
        signedIn: context.viewer !== null,
        role: (minimum: Role) => context.viewer !== null && roleAtLeast(context.viewer.role, minimum),
      }),
      unauthorizedError: (_parent, context, info) =>
        context.viewer
          ? new ForbiddenError(`Your role (${context.viewer.role}) may not use ${info.parentType.name}.${info.fieldName}.`)
          : new UnauthenticatedError(),
    },
    defaultFieldNullability: false,
    defaultInputFieldRequiredness: true,
  });
  builder.addScalarType('DateTime', dateTimeScalar);
  builder.addScalarType('JSON', jsonScalar);
  builder.queryType({});
  return builder;
}

export const federationLink = 'https://specs.apollo.dev/federation/v2.6';

/** GraphQL enum values in upper case for lower-case database values: `['running']` → `{ RUNNING: { value: 'running' } }`. */
export function upperCaseEnumValues<const Value extends string>(values: readonly Value[]) {
  return Object.fromEntries(values.map((value) => [value.toUpperCase(), { value }])) as {
    [K in Value as Uppercase<K>]: { value: K };
  };
}
