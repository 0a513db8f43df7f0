import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError, type CallToolResult, type GetPromptResult, type ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { waitUntil } from '@mcp-portal/kit/testing';
// Not a declared dependency (see mcp-endpoint.test.ts): the platform as `npm start` runs it.
import { startTestPlatform, type TestPlatform } from '@mcp-portal/platform/testing';

/**
 * GATEWAY_PROXY_BLOCK_SECRETS (on by default) and /metrics, through /mcp with the SDK's client, in front
 * of a real server-everything process: its `echo` tool answers with its arguments, so a secret that got
 * through would come back.
 */
let platform: TestPlatform;
let adminJwt: string;
let client: Client;
let metricsUrl: string;
let everythingId: string;
let viewerToken: string;
let mcpUrl: URL;

interface AuditRow {
  outcome: string;
  detail: Record<string, unknown> | null;
}

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const result = await platform.request<T>(query, variables, adminJwt);
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

async function toolCallRows(): Promise<AuditRow[]> {
  const data = await gql<{ auditEvents: { events: AuditRow[] } }>('{ auditEvents(filter: { action: "tool.call" }, first: 100) { events { outcome detail } } }');
  return data.auditEvents.events;
}

/** The call's JSON-RPC error, or its result when it got one. */
function call(name: string, args: Record<string, unknown>): Promise<CallToolResult | McpError> {
  return client.callTool({ name, arguments: args }).then(
    (result) => result as CallToolResult,
    (error: unknown) => {
      if (error instanceof McpError) return error;
      throw error;
    },
  );
}

function textOf(answer: CallToolResult | McpError): string {
  if (answer instanceof McpError) return answer.message;
  return answer.content.flatMap((item) => (item.type === 'text' ? [item.text] : [])).join('\n');
}

/** A counter's value in the Prometheus text, 0 when it has no such series yet. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((entry) => entry.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

async function metrics(): Promise<string> {
  const response = await fetch(metricsUrl);
  expect(response.status).toBe(200);
  return response.text();
}

const githubShaped = () => ['gh', 'p_', randomBytes(27).toString('base64url').replace(/[-_]/g, 'x')].join('');

beforeAll(async () => {
  platform = await startTestPlatform({ label: 'gateway-proxy-secrets', env: { MCP_RUNTIME: 'process' } });
  adminJwt = await platform.adminToken();
  const operatorToken = (await gql<{ createApiToken: { token: string } }>('mutation { createApiToken(name: "secrets test", role: OPERATOR) { token } }'))
    .createApiToken.token;
  viewerToken = (await gql<{ createApiToken: { token: string } }>('mutation { createApiToken(name: "secrets viewer", role: VIEWER) { token } }')).createApiToken
    .token;
  everythingId = (await gql<{ enableServer: { id: string } }>('mutation { enableServer(name: "everything") { id } }')).enableServer.id;
  await waitUntil(
    'everything to run',
    async () => (await gql<{ server: { status: string } }>('query($id: ID!) { server(id: $id) { status } }', { id: everythingId })).server.status,
    (status) => status === 'RUNNING',
    { timeoutMs: 60_000 },
  );
  mcpUrl = new URL(platform.platform.gatewayProxy.mcpUrl ?? '');
  metricsUrl = new URL('/metrics', mcpUrl).toString();
  client = new Client({ name: 'secrets-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(mcpUrl, { requestInit: { headers: { authorization: `Bearer ${operatorToken}` } } }));
}, 120_000);

afterAll(async () => {
  await client?.close().catch(() => undefined);
  await platform?.close();
});

describe('secret blocking', () => {
  it('refuses a call whose arguments carry a credential before the server gets it, and audits the kind, never the value', async () => {
    const token = githubShaped();
    const answer = await call('echo', { message: `deploy with ${token}` });
    expect(answer).toBeInstanceOf(McpError);
    const error = answer as McpError;
    expect(error.code).toBe(-32602);
    expect(error.message).toContain('Refused: the arguments of echo contain a secret (GitHub token)');
    expect(error.message).toContain('everything did not receive the call');
    expect(error.message).not.toContain(token);
    expect(error.data).toEqual({ blocked: 'secret', kind: 'GitHub token' });

    // The row is written just after the answer.
    const rows = await waitUntil("the blocked call's audit row", toolCallRows, (found) =>
      found.some((entry) => entry.detail?.blockedSecret === 'GitHub token'),
    );
    const row = rows.find((entry) => entry.detail?.blockedSecret === 'GitHub token');
    expect(row).toMatchObject({ outcome: 'DENIED', detail: { server: 'everything', tool: 'echo', via: 'gateway-proxy' } });
    expect(JSON.stringify(rows)).not.toContain(token);

    // The same call without the secret goes through.
    expect(textOf(await call('echo', { message: 'deploy with the usual token' }))).toBe('Echo: deploy with the usual token');
  });

  it('refuses a secret value stored on the platform once it is set, naming the server and secret', async () => {
    const value = `platform-${randomBytes(8).toString('hex')}`;
    expect(textOf(await call('echo', { message: value }))).toBe(`Echo: ${value}`);
    await gql('mutation($id: ID!, $v: String!) { setServerSecret(serverId: $id, name: "API_KEY", value: $v) { name } }', { id: everythingId, v: value });
    // A call under way when the gateway-proxy learns the secret has its result withheld instead (also refused,
    // but after the server got the arguments): wait for the refusal of the arguments themselves.
    const refused = await waitUntil(
      'the new secret to be refused',
      () => call('echo', { message: `the key is ${value}` }),
      (answer) => answer instanceof McpError && answer.code === -32602,
      { timeoutMs: 10_000 },
    );
    expect(textOf(refused)).toContain('the arguments of echo contain a secret (stored on the platform: everything.API_KEY)');
    expect(textOf(refused)).not.toContain(value);

    await gql('mutation($id: ID!) { deleteServerSecret(serverId: $id, name: "API_KEY") }', { id: everythingId });
    await waitUntil(
      'the deleted secret to pass again',
      () => call('echo', { message: value }),
      (answer) => textOf(answer) === `Echo: ${value}`,
      { timeoutMs: 10_000 },
    );
  });

  it('withholds a result that carries a secret stored on the platform, with a JSON-RPC error instead', async () => {
    await gql('mutation($id: ID!, $v: String!) { setServerSecret(serverId: $id, name: "SUM", value: $v) { name } }', {
      id: everythingId,
      v: 'sum of 1234 and 5678 is 6912',
    });
    const withheld = await waitUntil(
      'the result to be withheld',
      () => call('get-sum', { a: 1234, b: 5678 }),
      (answer) => answer instanceof McpError,
      { timeoutMs: 10_000 },
    );
    expect(withheld).toMatchObject({ code: -32603, data: { blocked: 'secret', kind: 'stored on the platform: everything.SUM' } });
    expect(textOf(withheld)).toContain('Withheld: the result of get-sum on everything contains a secret');
    expect(textOf(withheld)).not.toContain('6912');
    expect(textOf(await call('get-sum', { a: 1, b: 2 }))).toBe('The sum of 1 and 2 is 3.');
  });
});

/** The request's JSON-RPC error, or the text it answered. */
function answered<T>(request: Promise<T>, text: (answer: T) => string): Promise<string | McpError> {
  return request.then(text, (error: unknown) => {
    if (error instanceof McpError) return error;
    throw error;
  });
}

const promptText = (answer: GetPromptResult) => answer.messages.map((message) => (message.content.type === 'text' ? message.content.text : '')).join('\n');
const resourceText = (answer: ReadResourceResult) => answer.contents.map((content) => ('text' in content ? content.text : '')).join('\n');
const getPrompt = (city: string) => answered(client.getPrompt({ name: 'args-prompt', arguments: { city } }), promptText);
const readResource = (uri: string) => answered(client.readResource({ uri }), resourceText);

async function withPlatformSecret(name: string, value: string, check: () => Promise<void>): Promise<void> {
  await gql('mutation($id: ID!, $name: String!, $v: String!) { setServerSecret(serverId: $id, name: $name, value: $v) { name } }', {
    id: everythingId,
    name,
    v: value,
  });
  try {
    await check();
  } finally {
    await gql('mutation($id: ID!, $name: String!) { deleteServerSecret(serverId: $id, name: $name) }', { id: everythingId, name });
  }
}

describe('secret blocking of prompts and resources', () => {
  it('refuses prompts/get whose arguments carry a credential, before the server gets it', async () => {
    expect(await getPrompt('Lisbon')).toBe("What's weather in Lisbon?");
    const token = githubShaped();
    const refused = await getPrompt(`Lisbon ${token}`);
    expect(refused).toBeInstanceOf(McpError);
    expect(refused).toMatchObject({ code: -32602, data: { blocked: 'secret', kind: 'GitHub token' } });
    expect(textOf(refused as McpError)).toContain('Refused: the arguments of the prompt args-prompt contain a secret (GitHub token)');
    expect(textOf(refused as McpError)).toContain('everything did not receive the request');
    expect(textOf(refused as McpError)).not.toContain(token);
  });

  it('withholds a prompt whose messages carry a secret stored on the platform', async () => {
    await withPlatformSecret('PROMPT_TEXT', "What's weather in", async () => {
      const withheld = await waitUntil(
        'the prompt to be withheld',
        () => getPrompt('Oslo'),
        (answer) => answer instanceof McpError,
        { timeoutMs: 10_000 },
      );
      expect(withheld).toMatchObject({ code: -32603, data: { blocked: 'secret', kind: 'stored on the platform: everything.PROMPT_TEXT' } });
      expect(textOf(withheld as McpError)).toContain('Withheld: the prompt args-prompt of everything contains a secret');
      expect(textOf(withheld as McpError)).not.toContain('Oslo');
    });
  });

  it('withholds a resource whose text carries a secret stored on the platform', async () => {
    const uri = 'demo://resource/dynamic/text/1';
    expect(await readResource(uri)).toContain('This is a plaintext resource');
    await withPlatformSecret('RESOURCE_TEXT', 'This is a plaintext resource', async () => {
      const withheld = await waitUntil(
        'the resource to be withheld',
        () => readResource(uri),
        (answer) => answer instanceof McpError,
        { timeoutMs: 10_000 },
      );
      expect(withheld).toMatchObject({ code: -32603, data: { blocked: 'secret', kind: 'stored on the platform: everything.RESOURCE_TEXT' } });
      expect(textOf(withheld as McpError)).toContain(`Withheld: the resource ${uri} of everything contains a secret`);
      expect(textOf(withheld as McpError)).not.toContain('plaintext');
    });
    await waitUntil(
      'the resource to pass again',
      () => readResource(uri),
      (answer) => typeof answer === 'string',
      { timeoutMs: 10_000 },
    );
  });
});

describe('/metrics', () => {
  it('counts calls by server, tool and outcome, with durations and sessions', async () => {
    const before = await metrics();
    const ok = 'mcp_gateway_tool_calls_total{server="everything",tool="echo",outcome="ok"}';
    const blocked = 'mcp_gateway_tool_calls_total{server="everything",tool="echo",outcome="blocked_secret"}';
    await call('echo', { message: 'counted' });
    await call('echo', { message: githubShaped() });
    await call('no-such-tool', {});
    const refusedForRole = await fetch(mcpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${viewerToken}` },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'echo', arguments: { message: 'x' } } }),
    });
    expect(refusedForRole.status).toBe(403);
    const after = await metrics();
    expect(sample(after, ok)).toBe(sample(before, ok) + 1);
    expect(sample(after, blocked)).toBe(sample(before, blocked) + 1);
    const unknown = 'mcp_gateway_tool_calls_total{server="",tool="",outcome="error"}';
    expect(sample(after, unknown)).toBe(sample(before, unknown) + 1);
    const refused = 'mcp_gateway_tool_calls_total{server="",tool="",outcome="refused"}';
    expect(sample(after, refused)).toBe(sample(before, refused) + 1);
    const durations = 'mcp_gateway_tool_call_duration_seconds_count{server="everything",outcome="ok"}';
    expect(sample(after, durations)).toBe(sample(before, durations) + 1);
    expect(sample(after, 'mcp_gateway_sessions')).toBeGreaterThanOrEqual(1);
  });

  it('is for loopback clients only, not through a reverse proxy', async () => {
    const forwarded = await fetch(metricsUrl, { headers: { 'x-forwarded-for': '203.0.113.7' } });
    expect(forwarded.status).toBe(403);
    expect(await forwarded.json()).toMatchObject({ message: expect.stringContaining('GATEWAY_PROXY_METRICS_TOKEN') });
    expect((await fetch(metricsUrl, { method: 'POST' })).status).toBe(405);
  });
});
