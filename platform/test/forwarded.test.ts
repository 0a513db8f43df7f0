import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../src/testing/index.ts';

/**
 * The client's address and request id reach the audit log and the sign-in limits; a client must not be
 * able to choose them. The router overwrites them; subgraphs take them only from the router.
 */
const failuresPerAccount = 5;
const failuresPerAddress = 40;
let platform: TestPlatform;
let token: string;

interface AuditEvent {
  outcome: string;
  detail: { email?: string; reason?: string } | null;
  requestId: string | null;
  sourceIp: string | null;
}

beforeAll(async () => {
  const env = { LOGIN_MAX_FAILURES_PER_ACCOUNT: String(failuresPerAccount), LOGIN_MAX_FAILURES_PER_ADDRESS: String(failuresPerAddress) };
  platform = await startTestPlatform({ label: 'forwarded', env });
  token = await platform.adminToken();
});
afterAll(async () => {
  await platform?.close();
});

const loginMutation = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }';

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as { errors?: { extensions?: { code?: string } }[] } };
}

async function loginAttemptsFor(email: string): Promise<AuditEvent[]> {
  const result = await platform.request<{ auditEvents: { events: AuditEvent[] } }>(
    '{ auditEvents(filter: { action: "auth.login" }, first: 500) { events { outcome detail requestId sourceIp } } }',
    {},
    token,
  );
  expect(result.errors).toBeUndefined();
  return result.data!.auditEvents.events.filter((e) => e.detail?.email === email);
}

describe('forwarded address and request id', () => {
  it('checks at most the limit of passwords for one account, however many attempts arrive at once', async () => {
    const email = `target-${randomUUID().slice(0, 8)}@example.test`;
    await platform.request('mutation($e: String!) { createUser(email: $e, password: "the-right-password", role: VIEWER) { id } }', { e: email }, token);
    const attempts = await Promise.all(
      Array.from({ length: 100 }, (_, i) => post(platform.graphqlUrl, { query: loginMutation, variables: { e: email, p: `wrong-${i}` } })),
    );
    const codes = attempts.map((a) => a.body.errors?.[0]?.extensions?.code);
    expect(codes.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(failuresPerAccount);
    expect(codes.filter((c) => c === 'TOO_MANY_REQUESTS')).toHaveLength(100 - failuresPerAccount);
    const audited = await loginAttemptsFor(email);
    expect(audited).toHaveLength(100);
    expect(audited.filter((e) => e.detail?.reason !== 'throttled')).toHaveLength(failuresPerAccount);
    // Past the limit even the right password is refused until the window ends.
    const right = await post(platform.graphqlUrl, { query: loginMutation, variables: { e: email, p: 'the-right-password' } });
    expect(right.body.errors?.[0]?.extensions?.code).toBe('TOO_MANY_REQUESTS');
  });

  it('records the socket peer, not a spoofed X-Forwarded-For, and replaces a malformed X-Request-Id', async () => {
    const email = `spoof-${randomUUID().slice(0, 8)}@example.test`;
    await post(
      platform.graphqlUrl,
      { query: loginMutation, variables: { e: email, p: 'wrong-one' } },
      { 'x-forwarded-for': '203.0.113.9', 'x-request-id': '<script>x</script>' },
    );
    await post(
      `${platform.url}/auth/login`,
      { email, password: 'wrong-two' },
      { 'x-forwarded-for': '203.0.113.10, 10.0.0.1', 'x-request-id': 'trace-42.a:b_c' },
    );
    const auth = platform.platform.subgraphs.find((s) => s.name === 'auth')!;
    await post(
      `${auth.url}/graphql`,
      { query: loginMutation, variables: { e: email, p: 'wrong-three' } },
      { 'x-forwarded-for': '203.0.113.11', 'x-request-id': 'y'.repeat(500) },
    );
    const audited = await loginAttemptsFor(email);
    expect(audited).toHaveLength(3);
    for (const event of audited) expect(event.sourceIp).toBe('127.0.0.1');
    const requestIds = audited.map((e) => e.requestId).reverse();
    expect(requestIds[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIds[1]).toBe('trace-42.a:b_c');
    expect(requestIds[2]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps counting failures per address when every attempt names another X-Forwarded-For', async () => {
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < failuresPerAddress + 5 && !codes.includes('TOO_MANY_REQUESTS'); i += 1) {
      const email = `spray-${i}-${randomUUID().slice(0, 6)}@example.test`;
      const attempt = await post(
        platform.graphqlUrl,
        { query: loginMutation, variables: { e: email, p: 'guess' } },
        { 'x-forwarded-for': `198.51.100.${i + 1}` },
      );
      codes.push(attempt.body.errors?.[0]?.extensions?.code);
    }
    expect(codes).toContain('TOO_MANY_REQUESTS');
  });
});
