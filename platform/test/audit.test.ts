import { afterAll, beforeAll, expect, it } from 'vitest';
import { enableServerMutation, type EnableServerResult } from '../src/testing/index.ts';
import { topics } from '@mcp-portal/schema';
import { startTestPlatform, subscribe, wsClient, type TestPlatform, waitForSubscribers } from '../src/testing/index.ts';

let platform: TestPlatform;
let token: string;

interface AuditEvent {
  id: string;
  action: string;
  outcome: string;
  actorEmail: string | null;
  targetId: string | null;
  detail: Record<string, unknown> | null;
  requestId: string | null;
  sourceIp: string | null;
  subgraph: string;
}
const fields = 'id action outcome actorEmail targetId detail requestId sourceIp subgraph';

beforeAll(async () => {
  platform = await startTestPlatform({ label: 'audit' });
  token = await platform.adminToken();
});
afterAll(async () => {
  await platform?.close();
});

async function latest(filter: Record<string, unknown> = {}, first = 20) {
  const result = await platform.request<{ auditEvents: { events: AuditEvent[]; endCursor: string | null; hasNextPage: boolean } }>(
    `query($f: AuditEventFilter, $first: Int, $after: String) { auditEvents(filter: $f, first: $first, after: $after) { events { ${fields} } endCursor hasNextPage } }`,
    { f: filter, first },
    token,
  );
  expect(result.errors).toBeUndefined();
  return result.data!.auditEvents;
}

it('records each change through the router with actor, target, request id and source address, in the subgraph that made it', async () => {
  const enabled = await platform.request<EnableServerResult>(enableServerMutation, { name: 'time', start: false }, token);
  const serverId = enabled.data!.enableServer.id;
  await platform.request('mutation($id: ID!) { setServerConfig(serverId: $id, key: "region", value: "eu") { key } }', { id: serverId }, token);

  const { events } = await latest();
  const config = events.find((e) => e.action === 'config.set');
  const enable = events.find((e) => e.action === 'server.enable');
  expect(config).toMatchObject({ outcome: 'SUCCESS', actorEmail: platform.admin.email, targetId: serverId, detail: { key: 'region' }, subgraph: 'config' });
  expect(enable).toMatchObject({ outcome: 'SUCCESS', actorEmail: platform.admin.email, targetId: serverId, detail: { name: 'time' }, subgraph: 'servers' });
  expect(config?.requestId).toMatch(/^[0-9a-f-]{36}$/);
  expect(config?.sourceIp).toMatch(/127\.0\.0\.1/);
  expect(JSON.stringify(config?.detail)).not.toContain('eu');
  expect(events.map((e) => e.action)).toContain('auth.login');
});

it('records failed changes and failed logins, never the password', async () => {
  await platform.request(enableServerMutation, { name: 'time', start: false }, token); // already enabled: CONFLICT
  await platform.request('mutation { login(email: "intruder@example.test", password: "guess-1234") { token } }');
  const { events } = await latest({ action: 'server.enable' });
  expect(events[0]).toMatchObject({ outcome: 'FAILURE', detail: { name: 'time', code: 'CONFLICT' } });
  const logins = await latest({ action: 'auth.login' });
  const failed = logins.events.find((e) => e.outcome === 'FAILURE');
  expect(failed).toMatchObject({ actorEmail: null, detail: { email: 'intruder@example.test' }, subgraph: 'auth' });
  expect(JSON.stringify(logins)).not.toContain('guess-1234');
});

it('pages newest first with a cursor, without gaps or repeats', async () => {
  for (let i = 0; i < 5; i++) {
    await platform.request('mutation($k: String!) { deleteServerConfig(serverId: "00000000-0000-4000-8000-000000000000", key: $k) }', { k: `k${i}` }, token);
  }
  const all = (await latest({ action: 'config.delete' }, 100)).events.map((e) => e.id);
  expect(all).toHaveLength(5);
  const seen: string[] = [];
  let after: string | null = null;
  do {
    const result: { data?: { auditEvents: { events: { id: string }[]; endCursor: string | null; hasNextPage: boolean } } } = await platform.request(
      'query($after: String) { auditEvents(filter: { action: "config.delete" }, first: 2, after: $after) { events { id } endCursor hasNextPage } }',
      { after },
      token,
    );
    const page = result.data!.auditEvents;
    seen.push(...page.events.map((e) => e.id));
    after = page.hasNextPage ? page.endCursor : null;
  } while (after);
  expect(seen).toEqual(all);
  const bad = await platform.request('{ auditEvents(after: "not-a-cursor") { hasNextPage } }', {}, token);
  expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
});

it('streams new audit events live to an admin', async () => {
  const client = wsClient(platform.wsUrl, token);
  const live = subscribe<{ auditEventAdded: AuditEvent }>(client, `subscription { auditEventAdded { ${fields} } }`);
  await waitForSubscribers(platform.url, 1);
  await platform.request('mutation { enableServer(name: "memory") { id } }', {}, token);
  const event = await live.next((e) => e.auditEventAdded.action === 'server.enable' && e.auditEventAdded.outcome === 'SUCCESS');
  expect(event.auditEventAdded).toMatchObject({ actorEmail: platform.admin.email, detail: { name: 'memory' } });
  await client.dispose();
});

it('streams each row of a batch announcement (one message for several rows) as its own event, in order', async () => {
  const client = wsClient(platform.wsUrl, token);
  const live = subscribe<{ auditEventAdded: AuditEvent }>(client, `subscription { auditEventAdded { ${fields} } }`);
  await waitForSubscribers(platform.url, 1);
  const batch = (await latest({}, 3)).events.reverse();
  expect(batch).toHaveLength(3);
  await platform.platform.events.publish(topics.auditEventAdded, { ids: batch.map((event) => event.id) });
  const last = batch.at(-1)!.id;
  await live.next((event) => event.auditEventAdded.id === last);
  const received = live.received.map((event) => event.auditEventAdded).filter((event) => batch.some((row) => row.id === event.id));
  expect(received).toEqual(batch);
  await client.dispose();
});

it('records a mutation refused for its role as denied, at most a few per minute per actor', async () => {
  const email = `denied-${Date.now()}@example.test`;
  await platform.request('mutation($e: String!) { createUser(email: $e, password: "password-of-test", role: VIEWER) { id } }', { e: email }, token);
  const viewer = (
    await platform.request<{ login: { token: string; user: { id: string } } }>(
      'mutation($e: String!) { login(email: $e, password: "password-of-test") { token user { id } } }',
      { e: email },
    )
  ).data!.login;
  const refused = await platform.request('mutation { enableServer(name: "memory") { id } }', {}, viewer.token);
  expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  const denied = await latest({ action: 'access.denied', actorId: viewer.user.id });
  expect(denied.events).toHaveLength(1);
  expect(denied.events[0]).toMatchObject({
    outcome: 'DENIED',
    actorEmail: email,
    targetId: 'enableServer',
    detail: { field: 'Mutation.enableServer', role: 'viewer', code: 'FORBIDDEN' },
    subgraph: 'servers',
    sourceIp: '127.0.0.1',
  });
  // A query refused for its role is not a change attempt: not recorded.
  await platform.request('{ users { id } }', {}, viewer.token);
  // A loop of refusals cannot flood the table.
  for (let i = 0; i < 40; i++) await platform.request('mutation { rotateSigningKey }', {}, viewer.token);
  const flood = await latest({ action: 'access.denied', actorId: viewer.user.id }, 100);
  expect(flood.events.length).toBeGreaterThan(1);
  expect(flood.events.length).toBeLessThanOrEqual(20);
  expect(flood.events.every((e) => e.targetId !== 'users')).toBe(true);
});
