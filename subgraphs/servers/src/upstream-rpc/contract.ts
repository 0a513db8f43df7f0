import { z } from 'zod';
import { CompleteRequestParamsSchema, LoggingMessageNotificationSchema, ProgressSchema, ToolSchema } from '@modelcontextprotocol/sdk/types.js';
import { toolMinRoles } from '@mcp-portal/schema';

/**
 * The lifecycle owner's internal upstream endpoint, as both sides read it (see owner-endpoint.ts and
 * owner-client.ts): `GET /internal/upstreams` lists the running servers with their tools; `POST
 * /internal/upstreams/rpc?serverId=…&digest=…` carries one MCP request to one of them and answers with
 * NDJSON lines: progress and log messages while the request runs, then one result or one error.
 * `digest` is the SHA-256 (hex) of the body, so the signature over the path and query covers the body too.
 */
export const upstreamListSchema = z.object({
  servers: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      tools: z.array(ToolSchema),
      /** The tool policies of the server (see the kit's tool-policy.ts); the proxy applies them. */
      toolPolicies: z.array(z.object({ tool: z.string(), enabled: z.boolean(), minRole: z.enum(toolMinRoles) })).default([]),
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
]);

/** One MCP request (its JSON-RPC method and params; list methods answer every page), and whether to report progress. */
export const upstreamRpcBodySchema = z.object({ request: requestSchema, progress: z.boolean().default(false) });
export type UpstreamRpcRequest = z.input<typeof requestSchema>;
export type UpstreamRpcBody = z.input<typeof upstreamRpcBodySchema>;

/** How a failed request is told: the kit's ConflictError and NotFoundError, the server's McpError, or anything else. */
export const upstreamFailureKinds = ['not_running', 'not_found', 'mcp', 'failed'] as const;

export const upstreamRpcLineSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), progress: ProgressSchema }),
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
