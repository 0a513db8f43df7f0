import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { ForwardedHeaders } from '@mcp-portal/kit';
import { startSubgraphHarness, type SubgraphHarness } from '@mcp-portal/kit/testing';
import { tokenExchangePath } from '@mcp-portal/schema';
import { authSubgraph, type AuthServices } from '../src/index.ts';

const admin = { email: 'device-admin@example.test', password: 'correct horse battery' };
let harness: SubgraphHarness<AuthServices>;
let adminToken: string;
let viewerToken: string;

beforeAll(async () => {
  harness = await startSubgraphHarness(authSubgraph, { env: { MCP_ADMIN_EMAIL: admin.email, MCP_ADMIN_PASSWORD: admin.password } });
  const login = (e: string, p: string) =>
    harness.request<{ login: { token: string } }>('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e, p });
  adminToken = (await login(admin.email, admin.password)).data!.login.token;
  await harness.request('mutation { createUser(email: "device-viewer@example.test", password: "password-of-test", role: VIEWER) { id } }', {}, adminToken);
  viewerToken = (await login('device-viewer@example.test', 'password-of-test')).data!.login.token;
});
afterAll(async () => {
  await harness?.close();
});

interface DeviceCodeBody {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete: string;
  expires_in: number;
  interval: number;
}

async function requestCode(headers: Record<string, string> = {}): Promise<DeviceCodeBody> {
  const response = await fetch(`${harness.subgraph.url}/auth/device/code`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ client_name: 'docker mcp on laptop' }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as DeviceCodeBody;
}

async function poll(deviceCode: string, form = false) {
  const response = await fetch(`${harness.subgraph.url}/auth/device/token`, {
    method: 'POST',
    headers: { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' },
    body: form
      ? new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: deviceCode }).toString()
      : JSON.stringify({ device_code: deviceCode }),
  });
  return { status: response.status, body: (await response.json()) as { error?: string; access_token?: string; api_token_id?: string } };
}

const approve = (userCode: string, token: string) =>
  harness.request<{ approveDeviceLogin: boolean }>('mutation($c: String!) { approveDeviceLogin(userCode: $c) }', { c: userCode }, token);

describe('device-style sign-in for the CLI', () => {
  it('hands out a device code, a readable user code and the portal page to approve it on', async () => {
    // As the router sends it: the public host and scheme, signed.
    const code = await requestCode(ForwardedHeaders.from(harness.secrets).headers({ host: 'portal.example.test', proto: 'https', requestId: randomUUID() }));
    expect(code.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    expect(code.verification_uri).toBe('https://portal.example.test/device');
    expect(code.verification_uri_complete).toBe(`https://portal.example.test/device?code=${code.user_code}`);
    expect(code).toMatchObject({ expires_in: 600, interval: 5 });
    expect(code.device_code.length).toBeGreaterThanOrEqual(40);
  });

  it('polling says pending, then slow_down when too fast; approval delivers an API token of the approver once', async () => {
    const code = await requestCode();
    expect(await poll(code.device_code)).toEqual({ status: 400, body: { error: 'authorization_pending' } });
    expect(await poll(code.device_code, true)).toEqual({ status: 400, body: { error: 'slow_down' } });
    const pending = await harness.request<{ deviceAuthorization: { clientName: string } | null }>(
      'query($c: String!) { deviceAuthorization(userCode: $c) { clientName } }',
      { c: code.user_code.toLowerCase().replace('-', '') },
      viewerToken,
    );
    expect(pending.data?.deviceAuthorization?.clientName).toBe('docker mcp on laptop');
    expect((await approve(code.user_code, viewerToken)).data?.approveDeviceLogin).toBe(true);
    const delivered = await poll(code.device_code);
    expect(delivered.status).toBe(200);
    expect(delivered.body.access_token).toMatch(/^mcpat_[0-9a-f]{96}$/);
    // The token works and carries the approver's role.
    const exchanged = await fetch(`${harness.subgraph.url}${tokenExchangePath}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: delivered.body.access_token }),
    });
    const { token } = (await exchanged.json()) as { token: string };
    const me = await harness.request<{ me: { email: string; role: string } }>('{ me { email role } }', {}, token);
    expect(me.data?.me).toEqual({ email: 'device-viewer@example.test', role: 'VIEWER' });
    const tokens = await harness.request<{ apiTokens: { id: string; name: string }[] }>('{ apiTokens { id name } }', {}, viewerToken);
    expect(tokens.data?.apiTokens).toContainEqual({ id: delivered.body.api_token_id, name: 'docker mcp login: docker mcp on laptop' });
    // Only once.
    expect(await poll(code.device_code)).toEqual({ status: 400, body: { error: 'invalid_grant' } });
    expect((await approve(code.user_code, viewerToken)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('a denied request answers access_denied; a code cannot be answered twice', async () => {
    const code = await requestCode();
    const deny = await harness.request<{ denyDeviceLogin: boolean }>(
      'mutation($c: String!) { denyDeviceLogin(userCode: $c) }',
      { c: code.user_code },
      adminToken,
    );
    expect(deny.data?.denyDeviceLogin).toBe(true);
    const again = await approve(code.user_code, adminToken);
    expect(again.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT' }, message: expect.stringContaining('already denied') });
    expect(await poll(code.device_code)).toEqual({ status: 400, body: { error: 'access_denied' } });
  });

  it('needs a signed-in user to approve, and validates codes', async () => {
    const code = await requestCode();
    expect((await approve(code.user_code, '')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await approve('12345678', adminToken)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await approve('BCDF-GHJK', adminToken)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await poll('short')).body.error).toBe('invalid_request');
    expect((await poll('x'.repeat(60))).body.error).toBe('invalid_grant');
  });

  it('limits how many codes one address may request, by the address the router signed', async () => {
    const forwarding = ForwardedHeaders.from(harness.secrets);
    const ask = (headers: Record<string, string>) =>
      fetch(`${harness.subgraph.url}/auth/device/code`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
    const from = (address: string) => forwarding.headers({ for: address, requestId: randomUUID() });
    for (let i = 0; i < 30; i += 1) expect((await ask(from('203.0.113.7'))).status).toBe(200);
    const refused = await ask(from('203.0.113.7'));
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ error: 'too_many_requests', message: expect.stringContaining('try again in') });
    expect((await ask(from('203.0.113.8'))).status).toBe(200);
    // An address the router did not sign is not believed: this request counts against the peer, not 203.0.113.7.
    expect((await ask({ 'x-forwarded-for': '203.0.113.7' })).status).toBe(200);
  });

  it('approvals are audited as API token creations', async () => {
    const code = await requestCode();
    await approve(code.user_code, adminToken);
    const audit = await harness.request<{ auditEvents: { events: { detail: { via?: string; userCode?: string } }[] } }>(
      '{ auditEvents(filter: { action: "api-token.create" }, first: 10) { events { detail } } }',
      {},
      adminToken,
    );
    expect(audit.data?.auditEvents.events.some((e) => e.detail.via === 'device-login' && e.detail.userCode === code.user_code)).toBe(true);
  });
});
