import type { GraphQLSchema } from 'graphql';
import { federationLink } from '@mcp-portal/kit';
import { builder } from './builder.ts';
import './user.ts';
import './catalog-entry.ts';
import './server.ts';
import './tool.ts';
import './tool-policy.ts';
import './server-log.ts';

let schema: GraphQLSchema | undefined;

export function serversSchema(): GraphQLSchema {
  schema ??= builder.toSubGraphSchema({ linkUrl: federationLink });
  return schema;
}
