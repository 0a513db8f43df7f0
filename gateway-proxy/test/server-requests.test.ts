import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  ToolListChangedNotificationSchema,
  type CallToolResult,
  type ClientCapabilities,
  type CreateMessageRequest,
  type ElicitRequest,
  type ElicitResult,
  type Root,
} from '@modelcontextprotocol/sdk/types.js';
import { waitUntil } from '@mcp-portal/kit/testing';
// Not a declared dependency (see mcp-endpoint.test.ts): npm links every workspace at the root.
import { startTestPlatform, type TestPlatform } from '@mcp-portal/platform/testing';

/**
 * Server→client requests through the gateway-proxy: server-everything (a local process) asks the
 * platform's session with it for sampling, elicitation and roots, and the proxy sends each request to
 * the client whose call caused it. Also: a call under way when its server restarts.
 */
const execFileAsync = promisify(execFile);
let platform: TestPlatform;
let mcpUrl: URL;
let adminJwt: string;
let operatorToken: string;
let everythingId: string;
const clients: Client[] = [];

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const result = await platform.request<T>(query, variables, adminJwt);
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

async function statusOf(id: string): Promise<string | undefined> {
  return (await platform.request<{ server: { status: string } }>('query($id: ID!) { server(id: $id) { status } }', { id }, adminJwt)).data?.server.status;
}

/** What one test client was asked by servers, through the proxy. */
interface Peer {
  client: Client;
  sampled: CreateMessageRequest['params'][];
  elicited: ElicitRequest['params'][];
  rootsAsked: number;
  toolListChanges: number;
  /** Answers its next sampling request with this (default: a text naming the peer). */
  nextSampling?: (
    request: CreateMessageRequest['params'],
    signal: AbortSignal,
  ) => Promise<{ model: string; role: 'assistant'; content: { type: 'text'; text: string } }>;
}

const everyCapability: ClientCapabilities = { sampling: {}, elicitation: { form: {} }, roots: { listChanged: true } };

async function connect(name: string, capabilities: ClientCapabilities, answers: { elicit?: ElicitResult; roots?: Root[] } = {}): Promise<Peer> {
  const client = new Client({ name, version: '1.0.0' }, { capabilities });
  const peer: Peer = { client, sampled: [], elicited: [], rootsAsked: 0, toolListChanges: 0 };
  if (capabilities.sampling) {
    client.setRequestHandler(CreateMessageRequestSchema, async (request, extra) => {
      peer.sampled.push(request.params);
      const answer = peer.nextSampling;
      peer.nextSampling = undefined;
      if (answer) return answer(request.params, extra.signal);
      return { model: `${name}-model`, role: 'assistant' as const, content: { type: 'text' as const, text: `sampled by ${name}` } };
    });
  }
  if (capabilities.elicitation) {
    client.setRequestHandler(ElicitRequestSchema, (request) => {
      peer.elicited.push(request.params);
      return answers.elicit ?? { action: 'decline' };
    });
  }
  if (capabilities.roots) {
    client.setRequestHandler(ListRootsRequestSchema, () => {
      peer.rootsAsked += 1;
      return { roots: answers.roots ?? [] };
    });
  }
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => void (peer.toolListChanges += 1));
  await client.connect(new StreamableHTTPClientTransport(mcpUrl, { requestInit: { headers: { authorization: `Bearer ${operatorToken}` } } }));
  clients.push(client);
  return peer;
}

async function call(
  peer: Peer,
  name: string,
  args: Record<string, unknown> = {},
  options: { signal?: AbortSignal; onprogress?: () => void } = {},
): Promise<{ text: string; isError: boolean }> {
  const result = (await peer.client.callTool({ name, arguments: args }, undefined, options)) as CallToolResult;
  return { text: result.content.flatMap((item) => (item.type === 'text' ? [item.text] : [])).join('\n'), isError: result.isError === true };
}

beforeAll(async () => {
  platform = await startTestPlatform({ label: 'gateway-proxy-server-requests', env: { MCP_RUNTIME: 'process' } });
  mcpUrl = new URL(platform.platform.gatewayProxy.mcpUrl ?? '');
  adminJwt = await platform.adminToken();
  operatorToken = (await gql<{ createApiToken: { token: string } }>('mutation { createApiToken(name: "server requests test", role: OPERATOR) { token } }'))
    .createApiToken.token;
  everythingId = (await gql<{ enableServer: { id: string } }>('mutation { enableServer(name: "everything") { id } }')).enableServer.id;
  await waitUntil(
    'everything to run',
    () => statusOf(everythingId),
    (status) => status === 'RUNNING',
    { timeoutMs: 60_000 },
  );
  // server-everything asks its client for roots 350 ms after `initialized` (a timer of its own): let that request be
  // asked and answered before any test calls, or it is routed to whichever client's call is under way at that moment.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
}, 120_000);

afterAll(async () => {
  for (const client of clients) await client.close().catch(() => undefined);
  await platform?.close();
});

describe('sampling, elicitation and roots go to the client whose call caused them', () => {
  let a: Peer;
  let b: Peer;
  let bare: Peer;

  beforeAll(async () => {
    a = await connect('client-a', everyCapability, {
      elicit: { action: 'accept', content: { name: 'Ada' } },
      roots: [{ uri: 'file:///work/of-a', name: "A's work" }],
    });
    b = await connect('client-b', everyCapability, { elicit: { action: 'decline' } });
    bare = await connect('client-bare', {});
  });

  it('sends a sampling request to the calling client only: A, then B', async () => {
    const fromA = await call(a, 'trigger-sampling-request', { prompt: 'asked by A', maxTokens: 5 });
    expect(fromA).toMatchObject({ isError: false, text: expect.stringContaining('sampled by client-a') });
    expect(a.sampled).toHaveLength(1);
    expect(a.sampled[0]?.messages[0]?.content).toMatchObject({ type: 'text', text: expect.stringContaining('asked by A') });
    expect(b.sampled).toEqual([]);

    const fromB = await call(b, 'trigger-sampling-request', { prompt: 'asked by B', maxTokens: 5 });
    expect(fromB).toMatchObject({ isError: false, text: expect.stringContaining('sampled by client-b') });
    expect(b.sampled).toHaveLength(1);
    expect(a.sampled).toHaveLength(1);
  });

  it('sends an elicitation request to the calling client only, and returns its answer to the server', async () => {
    const fromA = await call(a, 'trigger-elicitation-request');
    expect(fromA.text).toContain('- Name: Ada');
    expect(a.elicited).toHaveLength(1);
    expect(a.elicited[0]).toMatchObject({ message: expect.any(String), requestedSchema: { type: 'object' } });
    expect(b.elicited).toEqual([]);

    const fromB = await call(b, 'trigger-elicitation-request');
    expect(fromB.text).toContain('declined');
    expect(b.elicited).toHaveLength(1);
    expect(a.elicited).toHaveLength(1);
  });

  it('answers the server with an error when the calling client lacks the capability', async () => {
    const sampling = await call(bare, 'trigger-sampling-request', { prompt: 'x', maxTokens: 5 });
    expect(sampling).toMatchObject({
      isError: true,
      text: expect.stringContaining('The client connected through the gateway-proxy does not support sampling'),
    });
    const elicitation = await call(bare, 'trigger-elicitation-request');
    expect(elicitation).toMatchObject({ isError: true, text: expect.stringContaining('does not support form elicitation') });
    expect([a.sampled.length, b.sampled.length, a.elicited.length, b.elicited.length]).toEqual([1, 1, 1, 1]);
  });

  it('sends a request to no client while two clients have calls under way on the server, and says why', async () => {
    let progressed = 0;
    // Under way from its first progress (after 0.25 s) for 3 s more, as long as before with steps of 1 s.
    const long = call(b, 'trigger-long-running-operation', { duration: 3.25, steps: 13 }, { onprogress: () => void (progressed += 1) });
    await waitUntil(
      "B's call to be under way",
      () => progressed,
      (count) => count > 0,
    );
    const sampling = await call(a, 'trigger-sampling-request', { prompt: 'ambiguous', maxTokens: 5 });
    expect(sampling).toMatchObject({ isError: true, text: expect.stringContaining('2 clients of the gateway-proxy have requests under way on this server') });
    expect((await long).text).toContain('completed');
    expect([a.sampled.length, b.sampled.length]).toEqual([1, 1]);
  }, 30_000);

  it("cancels a forwarded request when the client's call that caused it is cancelled", async () => {
    let cancelled = false;
    a.nextSampling = (_request, signal) =>
      new Promise((_resolve, reject) =>
        signal.addEventListener('abort', () => {
          cancelled = true;
          reject(new Error('cancelled'));
        }),
      );
    const controller = new AbortController();
    const pending = call(a, 'trigger-sampling-request', { prompt: 'never answered', maxTokens: 5 }, { signal: controller.signal });
    await waitUntil(
      'the sampling request to reach A',
      () => a.sampled.length,
      (count) => count === 2,
    );
    controller.abort();
    await expect(pending).rejects.toThrow();
    await waitUntil(
      "A's sampling request to be cancelled",
      () => cancelled,
      (value) => value,
    );
  });

  it("answers roots/list with no roots when no call caused it, and passes a client's roots/list_changed on while it calls", async () => {
    // server-everything asked for roots at start-up, when no client was calling: it was told there are none.
    expect((await call(a, 'get-roots-list')).text).toContain('no roots are currently configured');
    expect(a.rootsAsked).toBe(0);
    // What B was asked before (while its own calls ran in the tests above) is not this test's business.
    const askedOfB = b.rootsAsked;
    let progressed = 0;
    // Under way from its first progress (after 0.25 s), with 3.25 s left for the roots/list_changed and roots/list exchange below.
    const long = call(a, 'trigger-long-running-operation', { duration: 3.5, steps: 14 }, { onprogress: () => void (progressed += 1) });
    await waitUntil(
      "A's call to be under way",
      () => progressed,
      (count) => count > 0,
    );
    await a.client.sendRootsListChanged();
    await waitUntil(
      'the server to ask A for its roots',
      () => a.rootsAsked,
      (count) => count > 0,
    );
    await long;
    expect((await call(a, 'get-roots-list')).text).toContain('file:///work/of-a');
    expect(b.rootsAsked).toBe(askedOfB);
  }, 30_000);
});

describe('a server restarting under a call', () => {
  it('fails the call under way at once with a clear error, then routes the next call to the restarted server', async () => {
    const peer = await connect('client-restart', {});
    let progressed = 0;
    const long = call(peer, 'trigger-long-running-operation', { duration: 60, steps: 240 }, { onprogress: () => void (progressed += 1) });
    await waitUntil(
      'the call to be under way',
      () => progressed,
      (count) => count > 0,
    );
    const changes = peer.toolListChanges;
    await gql('mutation($id: ID!) { restartServer(id: $id) { id } }', { id: everythingId });
    await expect(long).rejects.toMatchObject({
      message: expect.stringContaining('The server everything closed its connection during the call to trigger-long-running-operation'),
    });
    await waitUntil(
      'everything to run again',
      () => statusOf(everythingId),
      (status) => status === 'RUNNING',
      { timeoutMs: 60_000 },
    );
    await waitUntil(
      'tools/list_changed after the restart',
      () => peer.toolListChanges,
      (count) => count > changes,
    );
    expect((await peer.client.listTools()).tools.map((tool) => tool.name)).toContain('echo');
    expect(await call(peer, 'echo', { message: 'after the restart' })).toEqual({ isError: false, text: 'Echo: after the restart' });
  }, 90_000);

  it('fails the call under way at once when the server crashes, then routes to the automatically restarted server', async () => {
    const peer = await connect('client-crash', {});
    let progressed = 0;
    const long = call(peer, 'trigger-long-running-operation', { duration: 60, steps: 240 }, { onprogress: () => void (progressed += 1) });
    await waitUntil(
      'the call to be under way',
      () => progressed,
      (count) => count > 0,
    );
    const changes = peer.toolListChanges;
    // The process runtime starts each server as the leader of its own process group, a child of this process.
    const { stdout } = await execFileAsync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)]);
    const server = stdout.split('\n').find((line) => line.includes('server-everything'));
    expect(server).toBeDefined();
    process.kill(-Number(server!.trim().split(/\s+/)[0]), 'SIGKILL');
    await expect(long).rejects.toMatchObject({
      message: expect.stringContaining('The server everything closed its connection during the call to trigger-long-running-operation'),
    });
    await waitUntil(
      'tools/list_changed after the crash',
      () => peer.toolListChanges,
      (count) => count > changes,
    );
    await waitUntil(
      'everything to run again',
      () => statusOf(everythingId),
      (status) => status === 'RUNNING',
      { timeoutMs: 60_000 },
    );
    await waitUntil(
      "the restarted server's tools",
      async () => (await peer.client.listTools()).tools.map((tool) => tool.name),
      (names) => names.includes('echo'),
      { timeoutMs: 30_000 },
    );
    expect(await call(peer, 'echo', { message: 'after the crash' })).toEqual({ isError: false, text: 'Echo: after the crash' });
  }, 90_000);
});
