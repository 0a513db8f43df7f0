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
