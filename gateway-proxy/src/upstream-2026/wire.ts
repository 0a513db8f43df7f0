import { z } from 'zod';
import { metaKey, statelessRevision } from '../stateless/protocol.ts';
import type { UpstreamHttpEndpoint } from '../upstreams.ts';

const rpcErrorSchema = z.object({ code: z.number().int(), message: z.string(), data: z.unknown().optional() });

/** One JSON-RPC message a 2026-07-28 server sent on its answer to a request. */
const wireMessageSchema = z
  .object({
    jsonrpc: z.literal('2.0'),
    id: z.union([z.string(), z.number(), z.null()]).optional(),
    method: z.string().optional(),
    params: z.record(z.string(), z.unknown()).optional(),
    result: z.record(z.string(), z.unknown()).optional(),
    error: rpcErrorSchema.optional(),
  })
  .passthrough();

export type WireMessage = z.infer<typeof wireMessageSchema>;
export type WireError = z.infer<typeof rpcErrorSchema>;

/** The server's answer to one request: its HTTP status and its result or error. */
export type WireAnswer = { status: number } & ({ result: Record<string, unknown> } | { error: WireError });

/** What a request of the proxy's own says about its client (the `_meta` keys of the revision). */
export interface WireClient {
  capabilities: Record<string, unknown>;
  clientInfo: { name: string; version: string };
  logLevel?: string;
}

/** The server did not answer with a JSON-RPC response (unreachable, an HTTP error page, a stream cut short). */
export class WireFailure extends Error {}

let ownIds = 0;

/**
 * Sends one request of MCP 2026-07-28 to a server's Streamable HTTP endpoint: one POST with the revision's
 * headers (MCP-Protocol-Version, Mcp-Method, Mcp-Name) and `_meta` (version, client capabilities and info,
 * log level), plus the headers the directory connects with. The answer may be a JSON body, an SSE stream
 * or newline-separated JSON messages; the notifications before the response go to `onNotification` as
 * they arrive, and requests of the server on that stream (which the revision does not allow) are dropped.
 */
export async function send2026(
  endpoint: UpstreamHttpEndpoint,
  method: string,
  params: Record<string, unknown>,
  client: WireClient,
  options: {
    signal?: AbortSignal;
    timeoutMs?: number;
    name?: string;
    onNotification?: (message: { method: string; params?: Record<string, unknown> }) => void;
  } = {},
): Promise<WireAnswer> {
  const id = `mcp-portal-${++ownIds}`;
  const ownMeta = typeof params._meta === 'object' && params._meta !== null ? (params._meta as Record<string, unknown>) : {};
  const body = {
    jsonrpc: '2.0',
    id,
    method,
    params: {
      ...params,
      _meta: {
        ...ownMeta,
        [metaKey.protocolVersion]: statelessRevision,
        [metaKey.clientCapabilities]: client.capabilities,
        [metaKey.clientInfo]: client.clientInfo,
        ...(client.logLevel ? { [metaKey.logLevel]: client.logLevel } : {}),
      },
    },
  };
  const timeout = AbortSignal.timeout(options.timeoutMs ?? endpoint.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await fetch(endpoint.url, {
      method: 'POST',
      headers: {
        ...endpoint.headers,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': statelessRevision,
        'mcp-method': method,
        ...(options.name !== undefined ? { 'mcp-name': encodeHeader(options.name) } : {}),
      },
      body: JSON.stringify(body),
      signal,
    });
  } catch (error) {
    throw new WireFailure(timeout.aborted ? `no answer within ${options.timeoutMs ?? endpoint.timeoutMs} ms` : `unreachable: ${(error as Error).message}`);
  }
  let answer: WireAnswer | undefined;
  const take = (raw: unknown) => {
    const parsed = wireMessageSchema.safeParse(raw);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.id === id && (message.result || message.error)) {
      answer = message.error ? { status: response.status, error: message.error } : { status: response.status, result: message.result ?? {} };
    } else if (message.method && message.id === undefined && !answer) {
      options.onNotification?.({ method: message.method, ...(message.params ? { params: message.params } : {}) });
    }
  };
  try {
    await readMessages(response, take);
  } catch (error) {
    if (!answer)
      throw new WireFailure(
        timeout.aborted ? `no answer within ${options.timeoutMs ?? endpoint.timeoutMs} ms` : `the answer was cut short: ${(error as Error).message}`,
      );
  }
  if (!answer) throw new WireFailure(`HTTP ${response.status} without a JSON-RPC response to the request`);
  return answer;
}

/** Reads an answer's messages as they arrive: SSE events, or JSON values one a line (or one JSON body). */
async function readMessages(response: Response, take: (message: unknown) => void): Promise<void> {
  if (!response.body) return;
  const sse = (response.headers.get('content-type') ?? '').includes('text/event-stream');
  const decoder = new TextDecoder();
  let buffer = '';
  let whole = '';
  let data: string[] = [];
  let linesParsed = true;
  const line = (text: string) => {
    if (sse) {
      if (text === '') {
        if (data.length > 0) take(parseJson(data.join('\n')));
        data = [];
      } else if (text.startsWith('data:')) data.push(text.slice(5).replace(/^ /, ''));
      return;
    }
    if (text.trim() === '' || !linesParsed) return;
    const value = parseJson(text);
    if (value === undefined) linesParsed = false;
    else take(value);
  };
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    const text = decoder.decode(chunk, { stream: true });
    buffer += text;
    if (!sse) whole += text;
    const lines = buffer.split(/\r?\n/);
    buffer = lines.pop() ?? '';
    for (const each of lines) line(each);
  }
  buffer += decoder.decode();
  if (sse) {
    line(buffer);
    line('');
  } else if (linesParsed) line(buffer);
  else take(parseJson(whole));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Header values are ASCII: a name or URI with other characters is sent percent-encoded. */
function encodeHeader(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) ? value : encodeURI(value);
}
