/**
 * What the OAuth client conformance wrapper does as an MCP client once it can authorize its requests: list the
 * server's tools and call the first one, at the protocol revision the suite runs the scenario at. 2025-11-25
 * goes through the SDK's Client and Streamable HTTP transport (initialize, then the requests in the session);
 * 2026-07-28 is stateless (no initialize: every POST carries the revision in `_meta` and MCP-Protocol-Version,
 * with Mcp-Method and Mcp-Name). Every request goes through `fetch`, the caller's authorizing fetch.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { z } from 'zod';

export type Fetch = (input: string | URL, init?: RequestInit) => Promise<Response>;

const clientInfo = { name: 'mcp-portal-oauth-conformance', version: '1.0.0' };
const statelessRevision = '2026-07-28';

async function session2025(serverUrl: string, fetch: Fetch): Promise<void> {
  const client = new Client(clientInfo, { capabilities: {} });
  const transport = new StreamableHTTPClientTransport(new URL(serverUrl), { fetch });
  await client.connect(transport);
  try {
    const { tools } = await client.listTools();
    const tool = tools[0];
    if (!tool) throw new Error('the server lists no tools');
    await client.callTool({ name: tool.name, arguments: {} });
  } finally {
    await transport.close();
  }
}

const rpcAnswerSchema = z.union([
  z.object({ result: z.record(z.string(), z.unknown()) }),
  z.object({ error: z.object({ code: z.number(), message: z.string() }) }),
]);
const toolsSchema = z.object({ tools: z.array(z.object({ name: z.string() })) });

let ids = 0;

async function request2026(serverUrl: string, fetch: Fetch, method: string, params: Record<string, unknown>, name?: string): Promise<Record<string, unknown>> {
  const response = await fetch(serverUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': statelessRevision,
      'mcp-method': method,
      ...(name !== undefined ? { 'mcp-name': name } : {}),
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: ++ids,
      method,
      params: {
        ...params,
        _meta: {
          'io.modelcontextprotocol/protocolVersion': statelessRevision,
          'io.modelcontextprotocol/clientCapabilities': {},
          'io.modelcontextprotocol/clientInfo': clientInfo,
        },
      },
    }),
  });
  const text = await response.text();
  if (!(response.headers.get('content-type') ?? '').includes('application/json')) throw new Error(`${method}: HTTP ${response.status}: ${text.slice(0, 200)}`);
  const answer = rpcAnswerSchema.parse(JSON.parse(text));
  if ('error' in answer) throw new Error(`${method}: ${answer.error.code} ${answer.error.message}`);
  return answer.result;
}

async function session2026(serverUrl: string, fetch: Fetch): Promise<void> {
  const { tools } = toolsSchema.parse(await request2026(serverUrl, fetch, 'tools/list', {}));
  const tool = tools[0];
  if (!tool) throw new Error('the server lists no tools');
  await request2026(serverUrl, fetch, 'tools/call', { name: tool.name, arguments: {} }, tool.name);
}

/** Lists the tools and calls the first, at `protocolVersion` (2026-07-28 stateless, anything else the SDK's session). */
export function useServer(serverUrl: string, protocolVersion: string, fetch: Fetch): Promise<void> {
  return protocolVersion === statelessRevision ? session2026(serverUrl, fetch) : session2025(serverUrl, fetch);
}
