import type { GraphQLSchema } from 'graphql';
import { federationLink } from '@mcp-portal/kit';
import { builder } from './builder.ts';
import './user.ts';
import './config-value.ts';
import './server-secret.ts';
import './settings-check.ts';
import './server.ts';

let schema: GraphQLSchema | undefined;

export function configSchema(): GraphQLSchema {
  schema ??= builder.toSubGraphSchema({ linkUrl: federationLink });
  return schema;
}
