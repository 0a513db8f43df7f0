import { afterEach, beforeEach, expect, it } from 'vitest';
import type { FormattedExecutionResult } from 'graphql';
import { subscriptionFeeds, topics } from '@mcp-portal/schema';
import { createEventBus, createLogger, type EventBus, type Viewer } from '@mcp-portal/kit';
import { SubscriptionEngine, type SubscribeRequest, type Subscriber } from '../src/subscriptions/engine.ts';

const feed = subscriptionFeeds.serverStatusChanged!;
const serverA = '00000000-0000-4000-8000-00000000000a';
const serverB = '00000000-0000-4000-8000-00000000000b';
let bus: EventBus;
let executions: { variables: Record<string, unknown>; authorization: string }[];
let engine: SubscriptionEngine;

beforeEach(() => {
  bus = createEventBus({});
  executions = [];
  engine = new SubscriptionEngine(
    bus,
    async (_query, variables, authorization): Promise<FormattedExecutionResult> => {
      executions.push({ variables, authorization });
      return { data: { serverStatusChanged: { id: variables.__entityId, status: 'RUNNING' } } };
    },
    createLogger('test', 'silent'),
  );
});
afterEach(async () => {
  await engine.close();
  await bus.close();
});

const viewer = (role: Viewer['role']): Viewer => ({ userId: '00000000-0000-4000-8000-000000000001', email: 'x@example.test', role });

function request(overrides: Partial<SubscribeRequest> = {}): SubscribeRequest {
  return {
    feed,
    entityQuery: { query: 'query($__entityId: ID!) { serverStatusChanged: server(id: $__entityId) { id status } }', responseKey: 'serverStatusChanged' },
    variables: {},
    filterValue: null,
    viewer: viewer('viewer'),
    authorization: 'Bearer valid',
    expiresAt: Date.now() + 60_000,
    ...overrides,
  };
}

function recorder() {
  const next: string[] = [];
  const ended: string[] = [];
  const subscriber: Subscriber = { next: (json) => next.push(json), end: (json) => ended.push(json) };
  return { subscriber, next, ended };
}

const publish = (id: string) => bus.publish(topics.serverStatusChanged, { id, status: 'running', at: new Date().toISOString() });

it('resolves and serialises an event once for every subscriber of the same group', async () => {
  const members = [recorder(), recorder(), recorder()];
  for (const member of members) await engine.subscribe(request(), member.subscriber);
  expect(engine.stats).toMatchObject({ groups: 1, subscribers: 3, topics: 1 });
  await publish(serverA);
  await expect.poll(() => members.every((m) => m.next.length === 1)).toBe(true);
  expect(executions).toHaveLength(1);
  expect(new Set(members.map((m) => m.next[0])).size).toBe(1);
  expect(JSON.parse(members[0]!.next[0]!)).toEqual({ data: { serverStatusChanged: { id: serverA, status: 'RUNNING' } } });
});

it('keeps roles and filters in separate groups', async () => {
  const viewerAll = recorder();
  const adminAll = recorder();
  const onlyB = recorder();
  await engine.subscribe(request(), viewerAll.subscriber);
  await engine.subscribe(request({ viewer: viewer('admin'), authorization: 'Bearer admin' }), adminAll.subscriber);
  await engine.subscribe(request({ filterValue: serverB }), onlyB.subscriber);
  expect(engine.stats.groups).toBe(3);
  await publish(serverA);
  await expect.poll(() => viewerAll.next.length + adminAll.next.length).toBe(2);
  expect(executions.map((e) => e.authorization).sort()).toEqual(['Bearer admin', 'Bearer valid']);
  // Events reach the groups in the order they are published: once B has reached every group, A was
  // never going to reach the group filtered on B.
  await publish(serverB);
  await expect.poll(() => [viewerAll.next.length, adminAll.next.length, onlyB.next.length]).toEqual([2, 2, 1]);
  expect(onlyB.next.map((json) => (JSON.parse(json) as { data: { serverStatusChanged: { id: string } } }).data.serverStatusChanged.id)).toEqual([serverB]);
});

it('ends an expired member with UNAUTHENTICATED and resolves with a member whose token is still valid', async () => {
  const expired = recorder();
  const valid = recorder();
  await engine.subscribe(request({ authorization: 'Bearer old', expiresAt: Date.now() - 1 }), expired.subscriber);
  await engine.subscribe(request({ authorization: 'Bearer fresh' }), valid.subscriber);
  await publish(serverA);
  await expect.poll(() => valid.next.length).toBe(1);
  expect(expired.next).toEqual([]);
  expect(JSON.parse(expired.ended[0]!)).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
  expect(executions.map((e) => e.authorization)).toEqual(['Bearer fresh']);
  expect(engine.stats.subscribers).toBe(1);
});

it('forgets a group when its last member leaves and delivers nothing to it', async () => {
  const member = recorder();
  const leave = await engine.subscribe(request(), member.subscriber);
  leave();
  expect(engine.stats).toMatchObject({ groups: 0, subscribers: 0 });
  await publish(serverA);
  // A later event that does reach a new member shows that the first one has been handled (events are
  // dispatched in order): it was resolved for nobody.
  const later = recorder();
  await engine.subscribe(request(), later.subscriber);
  await publish(serverB);
  await expect.poll(() => later.next.length).toBe(1);
  expect(executions.map((e) => e.variables.__entityId)).toEqual([serverB]);
  expect(member.next).toEqual([]);
});

it('renews an expired member that can renew (API-token connections) instead of ending it', async () => {
  const member = recorder();
  await engine.subscribe(request({ authorization: 'Bearer stale', expiresAt: Date.now() - 1 }), {
    ...member.subscriber,
    renew: async () => ({ authorization: 'Bearer renewed', expiresAt: Date.now() + 60_000 }),
  });
  await publish(serverA);
  await expect.poll(() => member.next.length).toBe(1);
  expect(member.ended).toEqual([]);
  expect(executions.map((e) => e.authorization)).toEqual(['Bearer renewed']);
});

it('skips an entity its query answers null for (a batch of tool calls with a row gone) and delivers the rest, in order', async () => {
  const gone = '00000000-0000-4000-8000-0000000000c0';
  const kept = ['00000000-0000-4000-8000-0000000000c1', '00000000-0000-4000-8000-0000000000c2'];
  const toolCalls = new SubscriptionEngine(
    bus,
    async (_query, variables): Promise<FormattedExecutionResult> => ({
      data: { toolCallRecorded: variables.__entityId === gone ? null : { id: variables.__entityId, tool: 'read_graph' } },
    }),
    createLogger('test', 'silent'),
  );
  try {
    const member = recorder();
    await toolCalls.subscribe(
      request({
        feed: subscriptionFeeds.toolCallRecorded!,
        entityQuery: { query: 'query($__entityId: ID!) { toolCallRecorded: toolCallEvent(id: $__entityId) { id tool } }', responseKey: 'toolCallRecorded' },
      }),
      member.subscriber,
    );
    await bus.publish(topics.toolCallRecorded, { ids: [kept[0]!, gone, kept[1]!] });
    await expect.poll(() => member.next.length).toBe(2);
    expect(member.next.map((json) => (JSON.parse(json) as { data: { toolCallRecorded: { id: string } } }).data.toolCallRecorded.id)).toEqual(kept);
    expect(member.ended).toEqual([]);
    expect(toolCalls.stats.subscribers).toBe(1);
  } finally {
    await toolCalls.close();
  }
});

it("resolves a private feed's events with each user's own authorization and skips other users' events", async () => {
  const privateFeed = subscriptionFeeds.oauthConnectionChanged!;
  const userA = '00000000-0000-4000-8000-0000000000a1';
  const userB = '00000000-0000-4000-8000-0000000000b1';
  const as = (userId: string, role: Viewer['role']) =>
    request({ feed: privateFeed, viewer: { userId, email: `${userId}@example.test`, role }, authorization: `Bearer ${userId}` });
  const [a, b, otherA, admin] = [recorder(), recorder(), recorder(), recorder()];
  await engine.subscribe(as(userA, 'viewer'), a.subscriber);
  await engine.subscribe(as(userB, 'viewer'), b.subscriber);
  await engine.subscribe(as(userA, 'viewer'), otherA.subscriber);
  await engine.subscribe(as('00000000-0000-4000-8000-0000000000ad', 'admin'), admin.subscriber);
  await engine.subscribe(as('00000000-0000-4000-8000-0000000000ae', 'admin'), recorder().subscriber);
  // One group per non-admin user (A's two subscriptions share one), one for the admins.
  expect(engine.stats.groups).toBe(3);

  await bus.publish(topics.oauthConnectionChanged, { id: 'connection-of-a', serverId: serverA, userId: userA });
  await expect.poll(() => [a.next.length, otherA.next.length, admin.next.length]).toEqual([1, 1, 1]);
  expect(executions.map((e) => e.authorization).sort()).toEqual([`Bearer ${userA}`, 'Bearer 00000000-0000-4000-8000-0000000000ad']);

  // A team connection (no user) reaches everyone, each group resolving it with its own member's authorization.
  executions = [];
  await bus.publish(topics.oauthConnectionChanged, { id: 'team-connection', serverId: serverA, userId: null });
  await expect.poll(() => [a.next.length, b.next.length, admin.next.length]).toEqual([2, 1, 2]);
  expect(executions.map((e) => e.authorization)).toContain(`Bearer ${userB}`);
  expect(b.next.map((json) => JSON.parse(json).data.serverStatusChanged.id)).toEqual(['team-connection']);
});
