import type { Server } from 'node:http';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
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
  type ExecutionArgs,
  type ExecutionResult,
  type FieldNode,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { subscriptionFeeds } from '@mcp-portal/schema';
import { bearerToken, viewerFromAuthorization, type Logger, type TokenVerifier, type VerifiedToken } from '@mcp-portal/kit';
import type { SubscriptionEngine } from './engine.ts';
import { entityQueryFor } from './rewrite.ts';

interface SocketAuth extends VerifiedToken {
  authorization: string;
}

interface SubscriptionContext {
  auth: SocketAuth;
}

const failure = (message: string, code: string) => [new GraphQLError(message, { extensions: { code } })];

/** `authorization: "Bearer …"` or `token: "…"` in connectionParams. */
function authorizationFrom(params: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const header = params?.authorization ?? params?.Authorization;
  if (typeof header === 'string') return header;
  if (typeof params?.token === 'string') return `Bearer ${params.token}`;
  return undefined;
}

function rootField(document: DocumentNode, operationName: string | null | undefined): FieldNode | null {
  const operation = getOperationAST(document, operationName);
  const selection = operation?.selectionSet.selections[0];
  return selection?.kind === Kind.FIELD ? selection : null;
}

export interface SubscriptionServerOptions {
  httpServer: Server;
  path: string;
  schema: () => GraphQLSchema;
  verifier: TokenVerifier;
  engine: SubscriptionEngine;
  validationRules: readonly ValidationRule[];
  logger: Logger;
}

/** graphql-ws (graphql-transport-ws protocol) on the router's HTTP server, fed by the engine. */
export function attachSubscriptionServer(options: SubscriptionServerOptions) {
  const { engine, verifier } = options;
  const wss = new WebSocketServer({ server: options.httpServer, path: options.path });
  const rules = [...specifiedRules, ...options.validationRules];

  const disposable = useServer<Record<string, unknown>, { auth: SocketAuth }>(
    {
      schema: () => options.schema(),
      onConnect: async (ctx) => {
        const authorization = authorizationFrom(ctx.connectionParams);
        if (!authorization || !bearerToken(authorization)) return false;
        try {
          const verified = await viewerFromAuthorization(verifier, authorization);
          if (!verified) return false;
          ctx.extra.auth = { ...verified, authorization };
          return true;
        } catch {
          return false;
        }
      },
      onSubscribe: (ctx, _id, payload) => {
        const schema = options.schema();
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: 5_000 });
        } catch (error) {
          return [error instanceof GraphQLError ? error : new GraphQLError('The query could not be parsed.')];
        }
        const errors = validate(schema, document, rules);
        if (errors.length > 0) return errors;
        const operation = getOperationAST(document, payload.operationName);
        if (!operation) return failure('Name the operation to run.', 'BAD_REQUEST');
        if (operation.operation !== 'subscription') {
          return failure('Only subscriptions are served over WebSocket: send queries and mutations over HTTP.', 'BAD_REQUEST');
        }
        const auth = ctx.extra.auth;
        if (!auth) return failure('Sign in first: connect with a token in connectionParams.', 'UNAUTHENTICATED');
        const args: ExecutionArgs = {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: { auth } satisfies SubscriptionContext,
        };
        return args;
      },
      subscribe: async (args) => {
        const { auth } = args.contextValue as SubscriptionContext;
        if (auth.expiresAt <= Date.now()) return { errors: failure('Your session has expired: sign in again.', 'UNAUTHENTICATED') };
        const operation = getOperationAST(args.document, args.operationName);
        const root = rootField(args.document, args.operationName);
        const subscriptionType = args.schema.getSubscriptionType();
        const fieldDefinition = root ? subscriptionType?.getFields()[root.name.value] : undefined;
        const feed = root ? subscriptionFeeds[root.name.value] : undefined;
        if (!operation || !root || !fieldDefinition || !feed) {
          return { errors: failure(`Subscription.${root?.name.value ?? '?'} has no live feed in this router.`, 'BAD_REQUEST') };
        }
        const coerced = getVariableValues(args.schema, operation.variableDefinitions ?? [], args.variableValues ?? {});
        if (coerced.errors) return { errors: coerced.errors };
        const fieldArguments = getArgumentValues(fieldDefinition, root, coerced.coerced);
        const stream = await engine.subscribe({
          feed,
          entityQuery: entityQueryFor(args.document, operation, root, feed),
          variables: coerced.coerced,
          filterValue: fieldArguments[feed.filterArgument] ?? null,
          viewer: auth.viewer,
          authorization: auth.authorization,
          expiresAt: auth.expiresAt,
        });
        // graphql-ws only serialises what it is given; formatted results (errors already mapped by the
        // gateway's error formatter) are the wire form of ExecutionResult.
        return stream as unknown as AsyncIterable<ExecutionResult>;
      },
      onError: (_ctx, _id, _payload, errors) => {
        options.logger.debug({ errors: errors.map((e) => e.message) }, 'subscription refused');
      },
    },
    wss,
  );

  return {
    async close() {
      await disposable.dispose();
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
