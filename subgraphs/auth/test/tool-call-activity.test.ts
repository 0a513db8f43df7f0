import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topics, type AuditOutcome } from '@mcp-portal/schema';
import { AuditLog, createEventBus, createLogger, openDatabase, type AuditActor } from '@mcp-portal/kit';
import { startSubgraphHarness, type SubgraphHarness } from '@mcp-portal/kit/testing';
import { authSubgraph, type AuthServices } from '../src/index.ts';
import { ToolCallActivityService } from '../src/services/tool-call-activity.ts';

const admin = { email: 'activity-admin@example.test', password: 'correct horse battery' };
const viewer = { email: 'activity-viewer@example.test', password: 'another long password' };
let harness: SubgraphHarness<AuthServices>;
let adminToken: string;
let viewerToken: string;

const hourMs = 60 * 60_000;
/** A whole hour three hours ago: the calls below fall in two known hourly buckets. */
const base = Math.floor(Date.now() / hourMs) * hourMs - 3 * hourMs;
const at = (minutes: number) => new Date(base + minutes * 60_000);
const alpha = randomUUID();
const beta = randomUUID();
const caller: AuditActor = { viewer: { userId: randomUUID(), email: 'caller@example.test', role: 'operator' }, requestId: 'r-1', sourceIp: '192.0.2.7' };

interface Call {
  serverId: string | null;
  server: string | null;
  tool: string;
  minutes: number;
  outcome: AuditOutcome;
  detail?: Record<string, unknown>;
}

const calls: Call[] = [
  { serverId: alpha, server: 'alpha', tool: 'echo', minutes: 5, outcome: 'success', detail: { isError: false, via: 'graphql', durationMs: 7 } },
  { serverId: alpha, server: 'alpha', tool: 'echo', minutes: 10, outcome: 'success', detail: { isError: true } },
  { serverId: beta, server: 'beta', tool: 'search', minutes: 20, outcome: 'denied', detail: { error: 'secret in the arguments', blockedSecret: 'token' } },
  { serverId: alpha, server: 'alpha', tool: 'echo', minutes: 70, outcome: 'failure', detail: { error: 'boom: the caller-only text' } },
  { serverId: alpha, server: 'alpha', tool: 'add', minutes: 75, outcome: 'success', detail: { isError: false } },
  { serverId: beta, server: 'beta', tool: 'search', minutes: 80, outcome: 'success', detail: { isError: false, via: 'gateway-proxy', durationMs: 12 } },
  { serverId: beta, server: 'beta', tool: 'search', minutes: 85, outcome: 'success', detail: { isError: false, via: 'gateway-proxy', durationMs: 3 } },
  { serverId: null, server: null, tool: 'nope', minutes: 90, outcome: 'failure', detail: { error: 'no such tool', via: 'gateway-proxy', durationMs: 1 } },
];

/** What the calls above count: per server and hour from at(0), and per tool. */
const hourlyBuckets = [
  { start: at(0).toISOString(), serverId: alpha, server: 'alpha', calls: 2, errors: 1 },
  { start: at(0).toISOString(), serverId: beta, server: 'beta', calls: 1, errors: 1 },
  { start: at(60).toISOString(), serverId: null, server: '', calls: 1, errors: 1 },
  { start: at(60).toISOString(), serverId: alpha, server: 'alpha', calls: 2, errors: 1 },
  { start: at(60).toISOString(), serverId: beta, server: 'beta', calls: 2, errors: 0 },
];
const busiestTools = [
  { serverId: beta, server: 'beta', tool: 'search', calls: 3, errors: 1, lastCalledAt: at(85).toISOString() },
  { serverId: alpha, server: 'alpha', tool: 'echo', calls: 3, errors: 2, lastCalledAt: at(70).toISOString() },
  { serverId: null, server: '', tool: 'nope', calls: 1, errors: 1, lastCalledAt: at(90).toISOString() },
  { serverId: alpha, server: 'alpha', tool: 'add', calls: 1, errors: 0, lastCalledAt: at(75).toISOString() },
];

async function login(email: string, password: string): Promise<string> {
  const result = await harness.request<{ login: { token: string } }>('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', {
    e: email,
    p: password,
  });
  return result.data!.login.token;
}

beforeAll(async () => {
  harness = await startSubgraphHarness(authSubgraph, { env: { MCP_ADMIN_EMAIL: admin.email, MCP_ADMIN_PASSWORD: admin.password } });
  adminToken = await login(admin.email, admin.password);
  const created = await harness.request(
    'mutation($e: String!, $p: String!) { createUser(email: $e, password: $p, role: VIEWER) { id } }',
    {
      e: viewer.email,
      p: viewer.password,
    },
    adminToken,
  );
  expect(created.errors).toBeUndefined();
  viewerToken = await login(viewer.email, viewer.password);
  await recordCalls(harness.subgraph.services.audit);
});
afterAll(async () => {
  await harness?.close();
});

/** The calls above, a row that is no tool call and one too old, as the kit's AuditLog writes them. */
async function recordCalls(audit: AuditLog): Promise<void> {
  await audit.recordMany([
    ...calls.map((call) => ({
      actor: caller,
      entry: { action: 'tool.call', targetType: 'Server', targetId: call.serverId, detail: { server: call.server, tool: call.tool, ...call.detail } },
      outcome: call.outcome,
      occurredAt: at(call.minutes),
    })),
    // Not tool calls, or too old: never counted.
    {
      actor: caller,
      entry: { action: 'server.enable', targetType: 'Server', targetId: alpha, detail: { name: 'alpha' } },
      outcome: 'success',
      occurredAt: at(30),
    },
    {
      actor: caller,
      entry: { action: 'tool.call', targetType: 'Server', targetId: alpha, detail: { server: 'alpha', tool: 'echo', isError: false } },
      outcome: 'success',
      occurredAt: new Date(Date.now() - 8 * 24 * hourMs),
    },
  ]);
}

const activityQuery = `query($since: DateTime, $minutes: Int, $busiest: Int, $recent: Int) {
  toolCallActivity(since: $since, bucketMinutes: $minutes) {
    since bucketMinutes totalCalls totalErrors
    buckets { start serverId server calls errors }
    busiestTools(first: $busiest) { serverId server tool calls errors lastCalledAt }
    recentCalls(first: $recent) { id at serverId server tool outcome durationMs via }
  }
}`;

interface Activity {
  since: string;
  bucketMinutes: number;
  totalCalls: number;
  totalErrors: number;
  buckets: { start: string; serverId: string | null; server: string; calls: number; errors: number }[];
  busiestTools: { serverId: string | null; server: string; tool: string; calls: number; errors: number; lastCalledAt: string }[];
  recentCalls: {
    id: string;
    at: string;
    serverId: string | null;
    server: string | null;
    tool: string;
    outcome: string;
    durationMs: number | null;
    via: string | null;
  }[];
}

async function activity(variables: Record<string, unknown>, token = viewerToken) {
  return harness.request<{ toolCallActivity: Activity }>(activityQuery, variables, token);
}

describe('toolCallActivity', () => {
  it('counts the tool calls of the period per server and hour, errors being every outcome but OK', async () => {
    const result = await activity({ since: at(0).toISOString() });
    expect(result.errors).toBeUndefined();
    const data = result.data!.toolCallActivity;
    expect(data).toMatchObject({ since: at(0).toISOString(), bucketMinutes: 60, totalCalls: 8, totalErrors: 4 });
    expect(data.buckets).toEqual(hourlyBuckets);
  });

  it('buckets of another length start at multiples of it, and a later since leaves the earlier calls out', async () => {
    const data = (await activity({ since: at(60).toISOString(), minutes: 15 })).data!.toolCallActivity;
    expect(data).toMatchObject({ bucketMinutes: 15, totalCalls: 5, totalErrors: 2 });
    expect(data.buckets.map((b) => [b.start, b.server, b.calls])).toEqual([
      [at(60).toISOString(), 'alpha', 1],
      [at(75).toISOString(), 'alpha', 1],
      [at(75).toISOString(), 'beta', 2],
      [at(90).toISOString(), '', 1],
    ]);
  });

  it('defaults to the last 24 hours, so the calls of 8 days ago are left out', async () => {
    const data = (await activity({})).data!.toolCallActivity;
    expect(Date.now() - new Date(data.since).getTime()).toBeGreaterThanOrEqual(24 * hourMs);
    expect(Date.now() - new Date(data.since).getTime()).toBeLessThan(24 * hourMs + 60_000);
    expect(data.totalCalls).toBe(8);
  });

  it('lists the busiest tools, most calls first (the latest called first among equals)', async () => {
    const data = (await activity({ since: at(0).toISOString() })).data!.toolCallActivity;
    expect(data.busiestTools).toEqual(busiestTools);
    const two = (await activity({ since: at(0).toISOString(), busiest: 2 })).data!.toolCallActivity;
    expect(two.busiestTools.map((t) => t.tool)).toEqual(['search', 'echo']);
  });

  it('lists the latest calls, newest first, with outcome, timing and path but no caller, arguments or error text', async () => {
    const result = await activity({ since: at(0).toISOString(), recent: 5 });
    const recent = result.data!.toolCallActivity.recentCalls;
    expect(recent.map(({ id: _id, ...call }) => call)).toEqual([
      { at: at(90).toISOString(), serverId: null, server: null, tool: 'nope', outcome: 'ERROR', durationMs: 1, via: 'gateway-proxy' },
      { at: at(85).toISOString(), serverId: beta, server: 'beta', tool: 'search', outcome: 'OK', durationMs: 3, via: 'gateway-proxy' },
      { at: at(80).toISOString(), serverId: beta, server: 'beta', tool: 'search', outcome: 'OK', durationMs: 12, via: 'gateway-proxy' },
      { at: at(75).toISOString(), serverId: alpha, server: 'alpha', tool: 'add', outcome: 'OK', durationMs: null, via: null },
      { at: at(70).toISOString(), serverId: alpha, server: 'alpha', tool: 'echo', outcome: 'ERROR', durationMs: null, via: null },
    ]);
    const all = (await activity({ since: at(0).toISOString(), recent: 100 })).data!.toolCallActivity.recentCalls;
    expect(all.map((call) => call.outcome).reverse()).toEqual(['OK', 'TOOL_ERROR', 'DENIED', 'ERROR', 'OK', 'OK', 'OK', 'ERROR']);
    expect(JSON.stringify(result)).not.toMatch(/caller@example|boom|192\.0\.2\.7|secret in the arguments/);
  });

  it('reads one call by its audit row id, and null for a row that is not a tool call', async () => {
    const [latest] = (await activity({ since: at(0).toISOString(), recent: 1 })).data!.toolCallActivity.recentCalls;
    const query = 'query($id: ID!) { toolCallEvent(id: $id) { id tool outcome server } }';
    const found = await harness.request<{ toolCallEvent: unknown }>(query, { id: latest!.id }, viewerToken);
    expect(found.data?.toolCallEvent).toEqual({ id: latest!.id, tool: 'nope', outcome: 'ERROR', server: null });
    const events = await harness.request<{ auditEvents: { events: { id: string }[] } }>(
      '{ auditEvents(filter: { action: "server.enable" }, first: 1) { events { id } } }',
      {},
      adminToken,
    );
    const other = events.data!.auditEvents.events[0]!.id;
    expect((await harness.request(query, { id: other }, viewerToken)).data).toEqual({ toolCallEvent: null });
    expect((await harness.request(query, { id: randomUUID() }, viewerToken)).data).toEqual({ toolCallEvent: null });
    const bad = await harness.request(query, { id: 'not-an-id' }, viewerToken);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a period longer than 7 days, buckets out of range and too many buckets with BAD_USER_INPUT', async () => {
    const refusal = async (variables: Record<string, unknown>) => {
      const result = await activity(variables);
      expect(result.data ?? null).toBeNull();
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      return result.errors![0]!.message;
    };
    expect(await refusal({ since: new Date(Date.now() - 8 * 24 * hourMs).toISOString() })).toMatch(/since.*at most 7 days ago/);
    expect(await refusal({ minutes: 0 })).toMatch(/bucketMinutes.*at least 1/);
    expect(await refusal({ minutes: 1441 })).toMatch(/bucketMinutes.*at most 1440/);
    expect(await refusal({ since: new Date(Date.now() - 24 * hourMs).toISOString(), minutes: 1 })).toMatch(/more than 1000; choose longer buckets/);
    expect(await refusal({ busiest: 101 })).toMatch(/busiestTools first/);
    expect(await refusal({ recent: 0 })).toMatch(/recentCalls first/);
    // Exactly 7 days back is allowed (60-minute buckets: 169 of them).
    expect((await activity({ since: new Date(Date.now() - 7 * 24 * hourMs).toISOString() })).errors).toBeUndefined();
  });

  it('is for signed-in users only', async () => {
    const anonymous = await harness.request(activityQuery, {});
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await activity({}, adminToken)).errors).toBeUndefined();
  });
});

describe('the toolCallRecorded announcement', () => {
  it('names the tool-call rows of a write, and no other rows', async () => {
    const announced: unknown[] = [];
    const unsubscribe = await harness.events.subscribe(topics.toolCallRecorded, (event) => announced.push(event));
    try {
      const { audit } = harness.subgraph.services;
      const toolCall = { action: 'tool.call', targetType: 'Server', targetId: alpha, detail: { server: 'alpha', tool: 'echo', isError: false } };
      await audit.recordMany([
        { actor: caller, entry: toolCall, outcome: 'success', occurredAt: new Date(Date.now() - 2000) },
        { actor: caller, entry: { action: 'server.start', targetType: 'Server', targetId: alpha }, outcome: 'success' },
        { actor: caller, entry: toolCall, outcome: 'failure', occurredAt: new Date(Date.now() - 1000) },
      ]);
      await audit.record(caller, { action: 'server.stop', targetType: 'Server', targetId: alpha }, 'success');
      await audit.record(caller, toolCall, 'success');
      const recent = (await activity({ recent: 3 })).data!.toolCallActivity.recentCalls.map((call) => call.id);
      await expect.poll(() => announced.length).toBe(2);
      // recordMany's two tool calls in one message (in order), then record's one.
      expect(announced).toEqual([{ ids: [recent[2], recent[1]] }, { ids: [recent[0]] }]);
    } finally {
      await unsubscribe();
    }
  });
});

/** PGlite (PostgreSQL in wasm) starts and migrates in tens of seconds on a busy machine. */
const pgliteTimeout = 120_000;

describe('the embedded database (PGlite)', () => {
  it(
    'counts the same calls as PostgreSQL',
    async () => {
      const embedded = await openDatabase({});
      const events = createEventBus({});
      try {
        await embedded.migrate('audit');
        await recordCalls(new AuditLog(embedded.db, events, 'servers', createLogger('test', 'silent')));
        const activity = new ToolCallActivityService(embedded.db).activity({ since: at(0) });
        const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
        expect(await activity.totals()).toEqual({ calls: 8, errors: 4 });
        expect(asJson(await activity.buckets())).toEqual(hourlyBuckets);
        expect(asJson(await activity.busiestTools(10))).toEqual(busiestTools);
        const recent = await activity.recentCalls(2);
        expect(recent.map(({ tool, outcome, isError, durationMs, via }) => ({ tool, outcome, isError, durationMs, via }))).toEqual([
          { tool: 'nope', outcome: 'failure', isError: false, durationMs: 1, via: 'gateway-proxy' },
          { tool: 'search', outcome: 'success', isError: false, durationMs: 3, via: 'gateway-proxy' },
        ]);
        expect((await new ToolCallActivityService(embedded.db).event(recent[0]!.id))?.tool).toBe('nope');
      } finally {
        await events.close();
        await embedded.close();
      }
    },
    pgliteTimeout,
  );
});
