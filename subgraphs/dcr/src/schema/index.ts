import type { GraphQLSchema } from 'graphql';
import { federationLink } from '@mcp-portal/kit';
import { builder } from './builder.ts';
import './oauth-client.ts';
import './oauth-connection.ts';
import './authorization.ts';

let schema: GraphQLSchema | undefined;

export function dcrSchema(): GraphQLSchema {
  schema ??= builder.toSubGraphSchema({ linkUrl: federationLink });
  return schema;
}
