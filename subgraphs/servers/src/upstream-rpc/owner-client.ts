import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  CallToolResultSchema,
  CompleteResultSchema,
  ErrorCode,
  GetPromptResultSchema,
  McpError,
  PromptSchema,
  ReadResourceResultSchema,
  ResourceSchema,
  ResourceTemplateSchema,
  type CallToolResult,
  type CompleteRequest,
  type CompleteResult,
  type GetPromptResult,
  type LoggingMessageNotification,
  type Progress,
  type Prompt,
  type ReadResourceResult,
  type Resource,
  type ResourceTemplate,
} from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { ConflictError, internalHeader, NotFoundError, type Database, type InternalRequestKey } from '@mcp-portal/kit';
import { upstreamAnswerPath, upstreamRpcPath, upstreamsPath } from '@mcp-portal/schema';
import { findLifecycleOwner } from '../services/lifecycle/leadership.ts';
import {
  ndjson,
  upstreamListSchema,
  upstreamRpcLineSchema,
  type StreamedServerRequest,
  type UpstreamAnswerBody,
  type UpstreamRpcBody,
  type UpstreamRpcLine,
  type UpstreamRpcRequest,
} from './contract.ts';

export interface OwnerCallOptions {
  /** Aborting it closes the request: the owner cancels the server's request (notifications/cancelled). */
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
  /** The server's log messages sent while this request runs. */
  onLog?: (params: LoggingMessageNotification['params']) => void;
  /**
   * Answers the server's sampling, elicitation and roots requests the owner streams while this request runs
   * (`signal`: the server cancelled it or the call ended). A thrown error with a JSON-RPC `code` (and
   * `data`) goes back to the server as that error. Without it the server's requests are refused.
   */
  onServerRequest?: (request: StreamedServerRequest, signal: AbortSignal) => Promise<Record<string, unknown>>;
}

/** How long listing the running servers may take. */
const listTimeoutMs = 10_000;
/** How long handing an answer to a server's request to the owner may take. */
const answerTimeoutMs = 10_000;

/** Nobody holds the lifecycle lease (no replica runs, or it is handing over): no server runs either. */
class NoOwnerError extends ConflictError {
  constructor() {
    super('No replica of the servers subgraph runs the server lifecycle right now (it is starting or handing over); try again in a moment.');
  }
}

/**
 * Reaches the running servers of whichever servers-subgraph replica holds the lifecycle lease, through its
 * internal upstream endpoint (owner-endpoint.ts), with signed requests: what a gateway-proxy on its own and a
 * replica that does not run the lifecycle use. The owner is read from the lease (its recorded internal URL);
 * a 421 (the lease just moved) reads it once more. Failures are thrown as the in-process directory throws
 * them: the kit's ConflictError (not running), NotFoundError (no such tool), the server's McpError.
 */
/** A running server as the lifecycle owner lists it. */
export type UpstreamListItem = z.infer<typeof upstreamListSchema>['servers'][number];

export class UpstreamOwnerClient {
  /** This client's id for the owner: its resource subscriptions are held under it, its calls told apart by it. */
  readonly caller = randomUUID();

  constructor(
    private readonly db: Database,
    private readonly key: InternalRequestKey,
  ) {}

  /** The running servers: none while no replica runs the lifecycle (their starts are announced when one does). */
  async list(): Promise<UpstreamListItem[]> {
    let response: Response;
    try {
      response = await this.send('GET', upstreamsPath, undefined, AbortSignal.timeout(listTimeoutMs));
    } catch (error) {
      if (error instanceof NoOwnerError) return [];
      throw error;
    }
    if (response.status !== 200) throw new Error(`The servers subgraph's lifecycle owner answered ${response.status} when asked for its running servers.`);
    return upstreamListSchema.parse(await response.json()).servers;
  }

  async callTool(serverId: string, name: string, args: Record<string, unknown>, options: OwnerCallOptions = {}): Promise<CallToolResult> {
    return CallToolResultSchema.parse(await this.call(serverId, { method: 'tools/call', params: { name, arguments: args } }, options));
  }

  async getPrompt(serverId: string, name: string, args: Record<string, string>, options: OwnerCallOptions = {}): Promise<GetPromptResult> {
    return GetPromptResultSchema.parse(await this.call(serverId, { method: 'prompts/get', params: { name, arguments: args } }, options));
  }

  async listPrompts(serverId: string): Promise<Prompt[]> {
    return z.object({ prompts: z.array(PromptSchema) }).parse(await this.call(serverId, { method: 'prompts/list' })).prompts;
  }

  async listResources(serverId: string): Promise<Resource[]> {
    return z.object({ resources: z.array(ResourceSchema) }).parse(await this.call(serverId, { method: 'resources/list' })).resources;
  }

  async listResourceTemplates(serverId: string): Promise<ResourceTemplate[]> {
    return z.object({ resourceTemplates: z.array(ResourceTemplateSchema) }).parse(await this.call(serverId, { method: 'resources/templates/list' }))
      .resourceTemplates;
  }

  async readResource(serverId: string, uri: string, options: OwnerCallOptions = {}): Promise<ReadResourceResult> {
    return ReadResourceResultSchema.parse(await this.call(serverId, { method: 'resources/read', params: { uri } }, options));
  }

  async complete(serverId: string, params: CompleteRequest['params'], options: OwnerCallOptions = {}): Promise<CompleteResult> {
    return CompleteResultSchema.parse(await this.call(serverId, { method: 'completion/complete', params }, options));
  }

  /** resources/subscribe on the owner's server, held for this client (renew it within subscriptionTtlMs). */
  async subscribeResource(serverId: string, uri: string): Promise<void> {
    await this.call(serverId, { method: 'resources/subscribe', params: { uri } });
  }

  async unsubscribeResource(serverId: string, uri: string): Promise<void> {
    await this.call(serverId, { method: 'resources/unsubscribe', params: { uri } });
  }

  /** Sends notifications/roots/list_changed to the owner's server. */
  async rootsChanged(serverId: string): Promise<void> {
    await this.call(serverId, { method: 'notifications/roots/list_changed' });
  }

  /** Carries one request to the owner and reads its answer line by line; the result as the owner gave it. */
  async call(serverId: string, request: UpstreamRpcRequest, options: OwnerCallOptions = {}): Promise<Record<string, unknown>> {
    // Only this call's reader knows the key: the owner accepts answers to requests streamed on it with it alone.
    const answerKey = options.onServerRequest ? randomBytes(32).toString('hex') : undefined;
    const body: UpstreamRpcBody = {
      request,
      progress: options.onProgress !== undefined,
      caller: this.caller,
      ...(answerKey ? { answerKeyDigest: createHash('sha256').update(answerKey).digest('hex') } : {}),
    };
    const text = JSON.stringify(body);
    const query = new URLSearchParams({ serverId, digest: createHash('sha256').update(text).digest('hex') });
    const response = await this.send('POST', `${upstreamRpcPath}?${query}`, text, options.signal);
    if (response.status !== 200 || !response.body) {
      const answer = (await response.json().catch(() => null)) as { message?: unknown } | null;
      throw new Error(
        `The servers subgraph's lifecycle owner refused the request (${response.status}${typeof answer?.message === 'string' ? `: ${answer.message}` : ''}).`,
      );
    }
    const serverRequests = new Map<string, AbortController>();
    // Answers go to the replica that streamed the request (the one that answered this call).
    const owner = new URL(response.url).origin;
    try {
      for await (const line of lines(response.body)) {
        switch (line.type) {
          case 'progress':
            options.onProgress?.(line.progress);
            break;
          case 'log':
            options.onLog?.(line.params);
            break;
          case 'request':
            if (options.onServerRequest && answerKey)
              this.answerServerRequest(owner, line.id, line.request, answerKey, options.onServerRequest, serverRequests);
            break;
          case 'cancel':
            serverRequests.get(line.id)?.abort();
            break;
          case 'result':
            return line.result;
          case 'error':
            throw failureOf(line.error);
        }
      }
    } finally {
      for (const controller of serverRequests.values()) controller.abort();
    }
    throw new Error("The servers subgraph's lifecycle owner ended the answer without a result.");
  }

  /** Has a server's request answered (while the answer stream goes on being read) and hands the answer to the owner. */
  private answerServerRequest(
    owner: string,
    id: string,
    request: StreamedServerRequest,
    key: string,
    answer: NonNullable<OwnerCallOptions['onServerRequest']>,
    waiting: Map<string, AbortController>,
  ): void {
    const controller = new AbortController();
    waiting.set(id, controller);
    answer(request, controller.signal)
      .then(
        (result): UpstreamAnswerBody => ({ id, key, result }),
        (error: unknown): UpstreamAnswerBody => ({ id, key, error: rpcErrorOf(error) }),
      )
      .then(async (body) => {
        // A withdrawn request is not answered: the owner no longer waits for it.
        if (controller.signal.aborted) return;
        const text = JSON.stringify(body);
        const pathWithQuery = `${upstreamAnswerPath}?${new URLSearchParams({ digest: createHash('sha256').update(text).digest('hex') })}`;
        const response = await fetch(new URL(pathWithQuery, owner), {
          method: 'POST',
          headers: { [internalHeader]: this.key.sign('POST', pathWithQuery), 'content-type': 'application/json' },
          body: text,
          signal: AbortSignal.timeout(answerTimeoutMs),
        });
        await response.body?.cancel();
      })
      // Not handed over (the owner went away, the call ended meanwhile): the owner's wait ends with the call.
      .catch(() => undefined)
      .finally(() => waiting.delete(id));
  }

  /** A signed request to the owner; a 421 (another replica leads now) reads the lease again, once. */
  private async send(method: 'GET' | 'POST', pathWithQuery: string, body: string | undefined, signal: AbortSignal | undefined): Promise<Response> {
    for (let attempt = 0; ; attempt += 1) {
      const owner = await findLifecycleOwner(this.db);
      if (!owner) throw new NoOwnerError();
      if (!owner.internalUrl)
        throw new ConflictError('The replica of the servers subgraph that runs the server lifecycle has not said where it answers yet; try again in a moment.');
      const response = await fetch(new URL(pathWithQuery, owner.internalUrl), {
        method,
        headers: {
          [internalHeader]: this.key.sign(method, pathWithQuery),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          accept: `${ndjson}, application/json`,
        },
        body,
        signal,
      });
      if (response.status !== 421 || attempt > 0) return response;
      await response.body?.cancel().catch(() => undefined);
    }
  }
}

/** A thrown error as the JSON-RPC error the server is answered with. */
function rpcErrorOf(error: unknown): { code: number; message: string; data?: unknown } {
  const { code, message, data } = (error ?? {}) as { code?: unknown; message?: unknown; data?: unknown };
  return {
    code: typeof code === 'number' && Number.isSafeInteger(code) ? code : ErrorCode.InternalError,
    message: typeof message === 'string' ? message.slice(0, 8192) : 'Internal error',
    ...(data === undefined ? {} : { data }),
  };
}

function failureOf(error: Extract<UpstreamRpcLine, { type: 'error' }>['error']): Error {
  switch (error.kind) {
    case 'not_running':
      return new ConflictError(error.message);
    case 'not_found':
      return new NotFoundError(error.message);
    case 'mcp':
      return new McpError(error.code ?? ErrorCode.InternalError, error.message, error.data);
    case 'failed':
      return new Error(error.message);
  }
}

/** The NDJSON answer, one validated line at a time. */
async function* lines(stream: ReadableStream<Uint8Array>): AsyncGenerator<UpstreamRpcLine> {
  const decoder = new TextDecoder();
  // A reader rather than `for await`: the DOM typings (web type-checks this file too) lack the async iterator.
  const reader = stream.getReader();
  let buffered = '';
  let done = false;
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      buffered += decoder.decode(read.value, { stream: true });
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line) yield upstreamRpcLineSchema.parse(JSON.parse(line));
      }
    }
    done = true;
  } finally {
    // A reader left early (an answer found, an error) cancels the rest, as leaving `for await` would.
    if (!done) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
