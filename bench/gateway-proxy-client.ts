/**
 * A minimal Streamable HTTP MCP client for load generation: `initialize`, `tools/call`, `DELETE`, nothing
 * else, over the runtime's fetch (keep-alive), answers read as JSON or as an SSE body. Cheaper per call than
 * the SDK's client, so the load generator stays small next to what it measures; every server gets the same.
 */
import { z } from 'zod';

const protocolVersion = '2025-11-25';

const rpcAnswerSchema = z.object({
  id: z.union([z.string(), z.number()]).nullish(),
  result: z.unknown().optional(),
  error: z.object({ code: z.number(), message: z.string() }).optional(),
});

function answerFrom(body: string, contentType: string, id: number): z.infer<typeof rpcAnswerSchema> {
  if (!contentType.includes('text/event-stream')) return rpcAnswerSchema.parse(JSON.parse(body));
  for (const line of body.split('\n')) {
    const data = line.startsWith('data:') ? line.slice(5).trim() : '';
    if (data === '') continue; // other fields, and the empty priming event of resumable streams
    const message = rpcAnswerSchema.safeParse(JSON.parse(data));
    if (message.success && message.data.id === id) return message.data;
  }
  throw new Error(`no answer to request ${id} in the event stream`);
}

export class RawMcpSession {
  private nextId = 1;

  private constructor(
    private readonly url: string,
    private readonly headers: Record<string, string>,
    private readonly sessionId: string | null,
  ) {}

  /** `initialize` and `notifications/initialized`; `headers` carry the bearer token where one is needed. */
  static async open(url: string, headers: Record<string, string> = {}): Promise<RawMcpSession> {
    const initial = new RawMcpSession(url, headers, null);
    const { sessionId } = await initial.request('initialize', {
      protocolVersion,
      capabilities: {},
      clientInfo: { name: 'mcp-portal-bench', version: '1.0.0' },
    });
    const session = new RawMcpSession(url, headers, sessionId);
    await session.post({ jsonrpc: '2.0', method: 'notifications/initialized' });
    return session;
  }

  private baseHeaders(): Record<string, string> {
    return {
      ...this.headers,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': protocolVersion,
      ...(this.sessionId ? { 'mcp-session-id': this.sessionId } : {}),
    };
  }

  private async post(message: Record<string, unknown>): Promise<Response> {
    const response = await fetch(this.url, { method: 'POST', headers: this.baseHeaders(), body: JSON.stringify(message) });
    if (!response.ok) throw new Error(`HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`);
    return response;
  }

  private async request(method: string, params: Record<string, unknown>): Promise<{ result: unknown; sessionId: string | null }> {
    const id = this.nextId++;
    const response = await this.post({ jsonrpc: '2.0', id, method, params });
    const answer = answerFrom(await response.text(), response.headers.get('content-type') ?? '', id);
    if (answer.error) throw new Error(`${method}: ${answer.error.code} ${answer.error.message}`);
    return { result: answer.result, sessionId: response.headers.get('mcp-session-id') };
  }

  /** `tools/call`; a result with `isError` counts as a failure. */
  async callTool(name: string, args: Record<string, unknown>): Promise<void> {
    const { result } = await this.request('tools/call', { name, arguments: args });
    if (z.object({ isError: z.boolean().optional() }).parse(result).isError) throw new Error(`${name} answered isError`);
  }

  async close(): Promise<void> {
    if (!this.sessionId) return;
    await fetch(this.url, { method: 'DELETE', headers: this.baseHeaders() }).then((response) => response.body?.cancel());
  }
}
