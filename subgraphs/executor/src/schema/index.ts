import type { GraphQLSchema } from 'graphql';
import { federationLink } from '@mcp-portal/kit';
import { builder } from './builder.ts';
import './user.ts';
import './execution.ts';
import './command.ts';

let schema: GraphQLSchema | undefined;

export function executorSchema(): GraphQLSchema {
  schema ??= builder.toSubGraphSchema({ linkUrl: federationLink });
  return schema;
}
