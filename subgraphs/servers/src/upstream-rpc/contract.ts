import { z } from 'zod';
import {
  CompleteRequestParamsSchema,
  CreateMessageRequestParamsSchema,
  CreateMessageResultSchema,
  CreateMessageResultWithToolsSchema,
  ElicitRequestParamsSchema,
  ElicitResultSchema,
  ListRootsRequestSchema,
  ListRootsResultSchema,
  LoggingMessageNotificationSchema,
  ProgressSchema,
  ToolSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { toolMinRoles } from '@mcp-portal/schema';

/**
 * The lifecycle owner's internal upstream endpoint, as both sides read it (see owner-endpoint.ts and
 * owner-client.ts): `GET /internal/upstreams` lists the running servers with their tools; `POST
 * /internal/upstreams/rpc?serverId=…&digest=…` carries one MCP request to one of them and answers with
 * NDJSON lines: progress and log messages while the request runs, then one result or one error.
 * `digest` is the SHA-256 (hex) of the body, so the signature over the path and query covers the body too.
 *
 * A caller that can answer the server's own requests (sampling, elicitation, roots) says so in the body
 * (`caller`, and `answerKeyDigest`: the SHA-256 of a random key only it knows); a server's request made
 * while the call runs then streams as a `request` line with a random id, a `cancel` line withdraws it,
 * and the caller answers with `POST /internal/upstreams/answer?digest=…` carrying the id and the key: an
 * answer for a request of another call, or without the key, is refused. The wait ends when the server
 * cancels its request or the call ends.
 */
export const upstreamListSchema = z.object({
  servers: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      tools: z.array(ToolSchema),
      /** The tool policies of the server (see the kit's tool-policy.ts); the proxy applies them. */
      toolPolicies: z.array(z.object({ tool: z.string(), enabled: z.boolean(), minRole: z.enum(toolMinRoles) })).default([]),
      /**
       * Where a remote server answers Streamable HTTP (its own URL, as the lifecycle connects to it; `connection`
       * changes when it restarts or the owner changes), so that a proxy may speak MCP 2026-07-28 to it
       * directly; absent for local processes and containers.
       */
      http: z.object({ url: z.string().url(), connection: z.string().min(1), timeoutMs: z.number().int().positive() }).optional(),
      /**
       * Set for a remote server that signs in with OAuth and has no session of the lifecycle's (see
       * gateway-upstreams.ts): each user calls it with their own token (`user`), or the team's connection is not
       * authorized yet (`team`); `tools` are then those its catalog entry names. A proxy calls it itself.
       */
      authorization: z
        .object({
          connection: z.enum(['user', 'team']),
          url: z.string().url(),
          transport: z.enum(['streamable-http', 'sse']),
          reason: z.string(),
        })
        .optional(),
    }),
  ),
});

export const upstreamRpcQuerySchema = z.object({
  serverId: z.string().uuid(),
  digest: z.string().regex(/^[0-9a-f]{64}$/),
});

const requestSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('tools/call'), params: z.object({ name: z.string().min(1), arguments: z.record(z.string(), z.unknown()).default({}) }) }),
  z.object({ method: z.literal('prompts/get'), params: z.object({ name: z.string().min(1), arguments: z.record(z.string(), z.string()).default({}) }) }),
  z.object({ method: z.literal('prompts/list') }),
  z.object({ method: z.literal('resources/list') }),
  z.object({ method: z.literal('resources/templates/list') }),
  z.object({ method: z.literal('resources/read'), params: z.object({ uri: z.string().min(1) }) }),
  z.object({ method: z.literal('completion/complete'), params: CompleteRequestParamsSchema }),
  /** The owner keeps the caller's subscription (renewed by the caller; see subscriptionTtlMs) and publishes serverResourceUpdated. */
  z.object({ method: z.literal('resources/subscribe'), params: z.object({ uri: z.string().min(1) }) }),
  z.object({ method: z.literal('resources/unsubscribe'), params: z.object({ uri: z.string().min(1) }) }),
  /** Sends notifications/roots/list_changed to the server; answered with {}. */
  z.object({ method: z.literal('notifications/roots/list_changed') }),
]);

/** One MCP request (its JSON-RPC method and params; list methods answer every page), and whether to report progress. */
export const upstreamRpcBodySchema = z.object({
  request: requestSchema,
  progress: z.boolean().default(false),
  /** Who calls: a random id per gateway-proxy (per owner client); the owner tells callers apart by it. */
  caller: z.string().uuid().optional(),
  /** The SHA-256 (hex) of the key the caller answers the server's requests with; without it the caller answers none. */
  answerKeyDigest: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});
export type UpstreamRpcRequest = z.input<typeof requestSchema>;
export type UpstreamRpcBody = z.input<typeof upstreamRpcBodySchema>;

/** How a failed request is told: the kit's ConflictError and NotFoundError, the server's McpError, or anything else. */
export const upstreamFailureKinds = ['not_running', 'not_found', 'mcp', 'failed'] as const;

/** A server's request for the caller's client, as it streams. */
export const serverRequestSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('sampling/createMessage'), params: CreateMessageRequestParamsSchema }),
  z.object({ method: z.literal('elicitation/create'), params: ElicitRequestParamsSchema }),
  z.object({ method: z.literal('roots/list'), params: ListRootsRequestSchema.shape.params }),
]);
export type StreamedServerRequest = z.infer<typeof serverRequestSchema>;

/** What answers each server request may carry. */
export const serverRequestResultSchemas = {
  'sampling/createMessage': z.union([CreateMessageResultSchema, CreateMessageResultWithToolsSchema]),
  'elicitation/create': ElicitResultSchema,
  'roots/list': ListRootsResultSchema,
} as const;

/** A JSON-RPC error for the server. */
const rpcErrorSchema = z.object({ code: z.number().int(), message: z.string().max(8192), data: z.unknown().optional() });

/** The body of `POST /internal/upstreams/answer`: the caller's client's answer to a streamed request, or its error. */
export const upstreamAnswerBodySchema = z.union([
  z.object({ id: z.string().uuid(), key: z.string().min(32).max(128), result: z.record(z.string(), z.unknown()) }),
  z.object({ id: z.string().uuid(), key: z.string().min(32).max(128), error: rpcErrorSchema }),
]);
export type UpstreamAnswerBody = z.infer<typeof upstreamAnswerBodySchema>;

export const upstreamAnswerQuerySchema = z.object({ digest: z.string().regex(/^[0-9a-f]{64}$/) });

/** How long the owner keeps a caller's resource subscription it does not renew (callers renew at a third of it). */
export const subscriptionTtlMs = 3 * 60_000;

export const upstreamRpcLineSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), progress: ProgressSchema }),
  z.object({ type: z.literal('request'), id: z.string().uuid(), request: serverRequestSchema }),
  z.object({ type: z.literal('cancel'), id: z.string().uuid() }),
  z.object({ type: z.literal('log'), params: LoggingMessageNotificationSchema.shape.params }),
  z.object({ type: z.literal('result'), result: z.record(z.string(), z.unknown()) }),
  z.object({
    type: z.literal('error'),
    error: z.object({ kind: z.enum(upstreamFailureKinds), message: z.string(), code: z.number().int().optional(), data: z.unknown().optional() }),
  }),
]);
export type UpstreamRpcLine = z.infer<typeof upstreamRpcLineSchema>;

/** The media type of the rpc answer: one JSON object per line. */
export const ndjson = 'application/x-ndjson';
