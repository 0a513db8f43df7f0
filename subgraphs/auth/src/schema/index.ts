import type { GraphQLSchema } from 'graphql';
import { federationLink } from '@mcp-portal/kit';
import { builder } from './builder.ts';
import './user.ts';
import './session.ts';
import './audit-event.ts';
import './tool-call.ts';
import './api-token.ts';
import './signing-key.ts';
import './device-login.ts';

let schema: GraphQLSchema | undefined;

export function authSchema(): GraphQLSchema {
  schema ??= builder.toSubGraphSchema({ linkUrl: federationLink });
  return schema;
}
