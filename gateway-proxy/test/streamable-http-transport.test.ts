import { randomUUID } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SessionEventStore } from '../src/event-store.ts';
import { readRpcMessages } from '../src/rpc-answers.ts';
import { NodeStreamableHttpTransport } from '../src/streamable-http-transport.ts';
import { SseEvents } from './sse-events.ts';

/** One MCP session served by the transport under a real SDK server, behind a real HTTP server. */
let http: HttpServer;
let url: string;
let transport: NodeStreamableHttpTransport;
let closed = false;
/** Ends the `held` tool's call. */
let release: () => void = () => undefined;

beforeEach(async () => {
  closed = false;
  const mcp = new McpServer({ name: 'transport-test', version: '1.0.0' });
  mcp.registerTool('echo', { inputSchema: { text: z.string() } }, async ({ text }) => ({ content: [{ type: 'text', text }] }));
  mcp.registerTool('count', { inputSchema: { to: z.number() } }, async ({ to }, extra) => {
    for (let step = 1; step <= to; step += 1) {
      const progressToken = extra._meta?.progressToken;
      if (progressToken !== undefined) await extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress: step, total: to } });
    }
    return { content: [{ type: 'text', text: `counted to ${to}` }] };
  });
  mcp.registerTool('held', {}, async () => {
    await new Promise<void>((resolve) => (release = resolve));
    return { content: [{ type: 'text', text: 'released' }] };
  });
  transport = new NodeStreamableHttpTransport({
    sessionIdGenerator: () => randomUUID(),
    eventStore: new SessionEventStore(),
    onsessioninitialized: () => undefined,
    keepAliveMs: 50,
  });
  await mcp.connect(transport);
  transport.onclose = ((previous) => () => {
    closed = true;
    previous?.();
  })(transport.onclose);
  http = createServer((req, res) => {
    void (async () => {
      if (req.method !== 'POST') return transport.handleRequest(req, res);
      const body = await readRpcMessages(req, res, 1024 * 1024);
      if (body) await transport.handleRequest(req, res, body.messages);
    })();
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`;
});

afterEach(async () => {
  await transport.close();
  http.closeAllConnections();
  await new Promise<void>((resolve) => http.close(() => resolve()));
});

const both = 'application/json, text/event-stream';
const initializeOf = (protocolVersion: string) => ({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion, capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});

function post(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { accept: both, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

/** initialize, answered at once: one JSON body. */
async function initialize(protocolVersion = '2025-11-25'): Promise<{ sessionId: string; answer: { id: number; result: { protocolVersion: string } } }> {
  const response = await post(initializeOf(protocolVersion));
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/json');
  return { sessionId: response.headers.get('mcp-session-id') ?? '', answer: (await response.json()) as { id: number; result: { protocolVersion: string } } };
}

function sessionHeaders(sessionId: string, protocolVersion = '2025-11-25'): Record<string, string> {
  return { 'mcp-session-id': sessionId, 'mcp-protocol-version': protocolVersion };
}

describe('the Node Streamable HTTP server transport', () => {
  it('serves the SDK client: initialize, a tool list, a call with progress, and DELETE ends the session', async () => {
    const client = new Client({ name: 'sdk-client', version: '1.0.0' });
    const clientTransport = new StreamableHTTPClientTransport(new URL(url));
    await client.connect(clientTransport);
    expect(clientTransport.sessionId).toBe(transport.sessionId);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(['count', 'echo', 'held']);
    const progress: number[] = [];
    const result = await client.callTool({ name: 'count', arguments: { to: 3 } }, undefined, { onprogress: (update) => progress.push(update.progress) });
    expect(result.content).toEqual([{ type: 'text', text: 'counted to 3' }]);
    expect(progress).toEqual([1, 2, 3]);
    await clientTransport.terminateSession();
    expect(closed).toBe(true);
    const after = await post({ jsonrpc: '2.0', id: 9, method: 'tools/list' }, sessionHeaders(clientTransport.sessionId ?? ''));
    expect(after.status).toBe(404);
  });

  it('answers a request answered at once as one JSON body; one with progress as an SSE stream, primed for 2025-11-25 clients only', async () => {
    const { sessionId, answer } = await initialize('2025-11-25');
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer).toMatchObject({ id: 1, result: { protocolVersion: '2025-11-25' } });
    const echo = await post({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'echo', arguments: { text: 'hi' } } }, sessionHeaders(sessionId));
    expect(echo.headers.get('content-type')).toBe('application/json');
    expect(echo.headers.get('mcp-session-id')).toBe(sessionId);
    expect(await echo.json()).toEqual({ jsonrpc: '2.0', id: 2, result: { content: [{ type: 'text', text: 'hi' }] } });

    const counted = await post(
      { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'count', arguments: { to: 1 }, _meta: { progressToken: 'p' } } },
      sessionHeaders(sessionId),
    );
    expect(counted.headers.get('content-type')).toBe('text/event-stream');
    const events = new SseEvents(counted);
    expect(await events.next()).toEqual({ id: expect.any(String), message: null });
    expect((await events.next()).message?.method).toBe('notifications/progress');
    expect((await events.next()).message?.id).toBe(3);
    await expect(events.next(5_000)).rejects.toThrow(/the stream ended/);

    await transport.close();
    const older = new NodeStreamableHttpTransport({
      sessionIdGenerator: () => 'older',
      eventStore: new SessionEventStore(),
      onsessioninitialized: () => undefined,
    });
    const mcp = new McpServer({ name: 'older', version: '1.0.0' });
    mcp.registerTool('count', { inputSchema: { to: z.number() } }, async ({ to }, extra) => {
      await extra.sendNotification({ method: 'notifications/progress', params: { progressToken: extra._meta?.progressToken ?? 'none', progress: to } });
      return { content: [] };
    });
    await mcp.connect(older);
    transport = older;
    expect((await initialize('2025-06-18')).answer.result.protocolVersion).toBe('2025-06-18');
    const olderCall = await post(
      { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'count', arguments: { to: 1 }, _meta: { progressToken: 'p' } } },
      sessionHeaders('older', '2025-06-18'),
    );
    const olderEvents = new SseEvents(olderCall);
    expect((await olderEvents.next()).message?.method).toBe('notifications/progress');
  });

  it('sends the headers and priming event of a call that is not answered at once before its answer', async () => {
    const { sessionId } = await initialize();
    const call = await post({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'held', arguments: {} } }, sessionHeaders(sessionId));
    expect(call.status).toBe(200);
    const callEvents = new SseEvents(call);
    expect(await callEvents.next()).toEqual({ id: expect.any(String), message: null });
    release();
    const answer = await callEvents.next();
    expect(answer.message?.result?.content).toEqual([{ type: 'text', text: 'released' }]);
  });

  it('answers requests it cannot take with the status and JSON-RPC error the SDK transport gives', async () => {
    const { sessionId } = await initialize();
    const expectError = async (response: Response, status: number, code: number, message: RegExp) => {
      expect(response.status).toBe(status);
      const body = (await response.json()) as { error: { code: number; message: string }; id: null };
      expect(body.id).toBeNull();
      expect(body.error.code).toBe(code);
      expect(body.error.message).toMatch(message);
    };
    const list = { jsonrpc: '2.0', id: 2, method: 'tools/list' };
    await expectError(await post(list, { ...sessionHeaders(sessionId), accept: 'application/json' }), 406, -32000, /must accept both/);
    await expectError(await post(list, { ...sessionHeaders(sessionId), 'content-type': 'text/plain' }), 415, -32000, /Content-Type must be application\/json/);
    await expectError(await post(initializeOf('2025-11-25'), sessionHeaders(sessionId)), 400, -32600, /already initialized/);
    await expectError(
      await post(list, { 'mcp-session-id': sessionId, 'mcp-protocol-version': '1999-01-01' }),
      400,
      -32000,
      /Unsupported protocol version: 1999-01-01/,
    );
    await expectError(await post(list), 400, -32000, /Mcp-Session-Id header is required/);
    await expectError(await post(list, sessionHeaders('not-this-session')), 404, -32001, /Session not found/);
    await expectError(
      await post(
        Array.from({ length: 101 }, (_, index) => ({ ...list, id: index + 10 })),
        sessionHeaders(sessionId, '2025-03-26'),
      ),
      400,
      -32600,
      /Batch must not exceed 100/,
    );
    await expectError(
      await fetch(url, { method: 'GET', headers: { ...sessionHeaders(sessionId), accept: 'application/json' } }),
      406,
      -32000,
      /must accept text\/event-stream/,
    );
    await expectError(
      await fetch(url, { method: 'GET', headers: { ...sessionHeaders(sessionId), accept: 'text/event-stream', 'last-event-id': '999' } }),
      400,
      -32000,
      /Invalid event ID/,
    );
    await expectError(await fetch(url, { method: 'PUT', headers: sessionHeaders(sessionId) }), 405, -32000, /Method not allowed/);

    const notification = await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, sessionHeaders(sessionId));
    expect(notification.status).toBe(202);
    expect(await notification.text()).toBe('');

    const stream = await fetch(url, { method: 'GET', headers: { ...sessionHeaders(sessionId), accept: 'text/event-stream' } });
    expect(stream.status).toBe(200);
    await expectError(
      await fetch(url, { method: 'GET', headers: { ...sessionHeaders(sessionId), accept: 'text/event-stream' } }),
      409,
      -32000,
      /Only one SSE stream/,
    );
    await stream.body?.cancel();
  });

  it('keeps the GET stream alive with comments and carries notifications that belong to no request', async () => {
    const { sessionId } = await initialize();
    const response = await fetch(url, { method: 'GET', headers: { ...sessionHeaders(sessionId), accept: 'text/event-stream' } });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes(': keepalive')) text += decoder.decode((await reader.read()).value);
    await transport.send({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' });
    while (!text.includes('list_changed')) text += decoder.decode((await reader.read()).value);
    expect(text).toMatch(/event: message\nid: \d+\ndata: \{"jsonrpc":"2.0","method":"notifications\/tools\/list_changed"\}/);
    await reader.cancel();
  });

  it('replays the rest of a cut POST stream after Last-Event-ID, once, and not what other streams carried', async () => {
    const { sessionId } = await initialize();
    const call = await post(
      { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'count', arguments: { to: 2 }, _meta: { progressToken: 'p' } } },
      sessionHeaders(sessionId),
    );
    const callEvents = new SseEvents(call);
    const priming = await callEvents.next();
    const all = await callEvents.until((event) => event.message?.id === 2);
    const replay = await fetch(url, {
      method: 'GET',
      headers: { ...sessionHeaders(sessionId), accept: 'text/event-stream', 'last-event-id': priming.id ?? '' },
    });
    expect(replay.status).toBe(200);
    const replayed = new SseEvents(replay);
    const again = [await replayed.next(), await replayed.next(), await replayed.next()];
    expect(again.map((event) => event.id)).toEqual(all.map((event) => event.id));
    expect(again.map((event) => event.message?.method ?? event.message?.id)).toEqual(['notifications/progress', 'notifications/progress', 2]);
    await replayed.cut();
  });
});
