import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  enableServerMutation,
  serverStatusChangedSubscription,
  setServerStatusMutation,
  type EnableServerResult,
  type ServerStatusChangedResult,
} from '../src/testing/index.ts';
import { graphqlRequest, startRouterOver, startTestPlatform, subscribe, wsClient, type TestPlatform, waitForSubscribers } from '../src/testing/index.ts';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

let platform: TestPlatform;
let token: string;
let serverId: string;

beforeAll(async () => {
  platform = await startTestPlatform({ label: 'router' });
  token = await platform.adminToken();
  const enabled = await platform.request<EnableServerResult>(enableServerMutation, { name: 'fetch', start: false }, token);
  serverId = enabled.data!.enableServer.id;
});
afterAll(async () => {
  await platform?.close();
});

const authUrl = () => platform.platform.subgraphs.find((sg) => sg.name === 'auth')!.url;

describe('router over the five subgraphs', () => {
  it('resolves one query across the servers, auth and config subgraphs', async () => {
    await platform.request('mutation($id: ID!) { setServerConfig(serverId: $id, key: "timeout", value: 30) { key } }', { id: serverId }, token);
    const result = await platform.request<{
      servers: { name: string; status: string; enabledBy: { email: string; role: string }; config: { key: string; value: unknown }[] }[];
      me: { email: string };
    }>('{ me { email } servers { name status enabledBy { email role } config { key value } } }', {}, token);
    expect(result.errors).toBeUndefined();
    expect(result.data?.me.email).toBe(platform.admin.email);
    expect(result.data?.servers).toEqual([
      { name: 'fetch', status: 'STOPPED', enabledBy: { email: platform.admin.email, role: 'ADMIN' }, config: [{ key: 'timeout', value: 30 }] },
    ]);
  });

  it('delivers a status change to a subscriber, with fields from the auth and config subgraphs', async () => {
    const client = wsClient(platform.wsUrl, token);
    const live = subscribe<ServerStatusChangedResult & { serverStatusChanged: { config: { key: string }[] } }>(
      client,
      serverStatusChangedSubscription.replace('catalogEntry { title description }', 'catalogEntry { title description } config { key }'),
      { id: serverId },
    );
    await waitForSubscribers(platform.url, 1);
    await platform.request(setServerStatusMutation, { id: serverId, status: 'RUNNING' }, token);
    const event = await live.next((e) => e.serverStatusChanged.status === 'RUNNING');
    expect(event.serverStatusChanged).toMatchObject({
      id: serverId,
      name: 'fetch',
      status: 'RUNNING',
      enabledBy: { email: platform.admin.email },
      config: [{ key: 'timeout' }],
    });
    await live.close();
    await client.dispose();
  });

  it('filters by id: a subscriber to another server sees nothing', async () => {
    const client = wsClient(platform.wsUrl, token);
    const other = await platform.request<EnableServerResult>(enableServerMutation, { name: 'memory', start: false }, token);
    const otherId = other.data!.enableServer.id;
    const onlyOther = subscribe<ServerStatusChangedResult>(client, serverStatusChangedSubscription, { id: otherId });
    const all = subscribe<ServerStatusChangedResult>(client, serverStatusChangedSubscription, {});
    await waitForSubscribers(platform.url, 2);
    await platform.request(setServerStatusMutation, { id: serverId, status: 'FAILED', lastError: 'exit 1' }, token);
    const seen = await all.next((e) => e.serverStatusChanged.status === 'FAILED');
    expect(seen.serverStatusChanged.lastError).toBe('exit 1');
    await platform.request(setServerStatusMutation, { id: otherId, status: 'STARTING' }, token);
    await onlyOther.next((e) => e.serverStatusChanged.status === 'STARTING');
    expect(onlyOther.received.every((e) => e.serverStatusChanged.id === otherId)).toBe(true);
    await client.dispose();
  });

  it('refuses a subscription without a token (socket closed with 4403)', async () => {
    const closed = new Promise<{ code: number }>((resolve) => {
      const client = wsClient(platform.wsUrl, undefined, (event) => resolve(event as { code: number }));
      subscribe(client, serverStatusChangedSubscription, {});
    });
    expect((await closed).code).toBe(4403);
  });

  it('refuses a subscription with a forged token', async () => {
    const closed = new Promise<{ code: number }>((resolve) => {
      const client = wsClient(platform.wsUrl, `${token.slice(0, -4)}AAAA`, (event) => resolve(event as { code: number }));
      subscribe(client, serverStatusChangedSubscription, {});
    });
    expect((await closed).code).toBe(4403);
  });

  it('refuses queries and mutations without a token at the subgraph that owns the data', async () => {
    const result = await platform.request('{ servers { id } }');
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('enforces the depth, alias and token limits', async () => {
    const allowed = '{ servers { catalogEntry { name } enabledBy { id } } }';
    expect((await platform.request(allowed, {}, token)).errors).toBeUndefined();
    const aliases = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
    expect((await platform.request(aliases, {}, token)).errors?.[0]?.message).toMatch(/alias/i);
    const fragments = Array.from({ length: 14 }, (_, i) => `fragment F${i} on Server { catalogEntry { name } ...F${i + 1} }`).join(' ');
    const deep = `{ servers { ...F0 } } ${fragments} fragment F14 on Server { id }`;
    expect((await platform.request(deep, {}, token)).errors?.[0]?.message).toMatch(/depth/i);
    const huge = `{ me { ${'id '.repeat(6000)} } }`;
    expect((await platform.request(huge, {}, token)).errors?.[0]?.message).toMatch(/token/i);
    for (const refused of [aliases, deep, huge]) {
      const response = await fetch(platform.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: refused }),
      });
      expect(response.status).toBe(400);
    }
  });

  it('applies the same limits in every subgraph reached directly, before anything is resolved', async () => {
    const manyAliases = `{ ${Array.from({ length: 3000 }, (_, i) => `a${i}: _service { sdl }`).join(' ')} }`;
    const aliases = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: _service { sdl }`).join(' ')} }`;
    const deep = `{ ${'... on Query { '.repeat(14)}__typename${' }'.repeat(14)} }`;
    const huge = `{ ${'__typename '.repeat(6000)} }`;
    const withinLimits = `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: _service { sdl }`).join(' ')} }`;
    for (const subgraph of platform.platform.subgraphs) {
      const post = (query: string) =>
        fetch(`${subgraph.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
      for (const [query, problem] of [
        [manyAliases, /alias|token/i],
        [aliases, /alias/i],
        [deep, /depth/i],
        [huge, /token/i],
      ] as const) {
        const response = await post(query);
        const body = (await response.json()) as { data?: unknown; errors?: { message: string }[] };
        expect({ subgraph: subgraph.name, status: response.status, data: body.data }).toEqual({ subgraph: subgraph.name, status: 400, data: undefined });
        expect(body.errors?.[0]?.message).toMatch(problem);
      }
      expect((await post(withinLimits)).status).toBe(200);
    }
  });

  it('refuses a forged token at the router before any subgraph is asked', async () => {
    const forged = await platform.request('{ me { email } }', {}, `${token.slice(0, -6)}AAAAAA`);
    expect(forged.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(forged.data ?? null).toBeNull();
  });

  it('refuses introspection and hides field suggestions when they are switched off (over HTTP and WebSocket)', async () => {
    const introspection = '{ __schema { queryType { name } } }';
    expect((await platform.request<{ __schema: unknown }>(introspection, {}, token)).data?.__schema).toBeTruthy();
    expect((await platform.request('{ mee { id } }', {}, token)).errors?.[0]?.message).toMatch(/Did you mean "me"/);
    const closed = await startRouterOver(platform, { introspection: false, fieldSuggestions: false });
    try {
      const refused = await graphqlRequest(closed.graphqlUrl, introspection, {}, token);
      expect(refused.errors?.[0]?.message).toMatch(/introspection/i);
      const typo = await graphqlRequest(closed.graphqlUrl, '{ mee { id } }', {}, token);
      expect(typo.errors?.[0]?.message).toMatch(/Cannot query field "mee"/);
      expect(JSON.stringify(typo.errors)).not.toMatch(/Did you mean/);
      const query = await graphqlRequest<{ me: { email: string } }>(closed.graphqlUrl, '{ me { email } }', {}, token);
      expect(query.data?.me.email).toBe(platform.admin.email);

      const client = wsClient(closed.wsUrl, token);
      const live = subscribe(client, 'subscription { serverStatusChanged { statuss } }');
      const failure = await live.next().then(
        () => '',
        (error: unknown) => String(error),
      );
      expect(failure).toMatch(/Cannot query field \\+"statuss\\+"/);
      expect(failure).not.toMatch(/Did you mean/);
      await client.dispose();
    } finally {
      await closed.close();
    }
  });

  it('does not follow a redirect from a subgraph: the query fails instead of going where it points', async () => {
    // Answers every request with a 307 to the real auth subgraph (a redirect that keeps the method and the body).
    let redirected = 0;
    const redirecting = createServer((req, res) => {
      redirected += 1;
      res.writeHead(307, { location: `${authUrl()}/graphql` }).end();
    });
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
    const router = await startRouterOver(platform, { subgraphUrls: { auth: `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}/graphql` } });
    try {
      const answer = await graphqlRequest<{ me: { email: string } | null }>(router.graphqlUrl, '{ me { email } }', {}, token);
      expect(redirected).toBe(1);
      expect(answer.data?.me ?? null).toBeNull();
      expect(answer.errors?.length).toBeGreaterThan(0);
      // The servers subgraph is still answered through the same router.
      const servers = await graphqlRequest<{ servers: { id: string }[] }>(router.graphqlUrl, '{ servers { id } }', {}, token);
      expect(servers.data?.servers.map((server) => server.id)).toContain(serverId);
    } finally {
      await router.close();
      redirecting.closeAllConnections();
      await new Promise((resolve) => redirecting.close(resolve));
    }
  });

  it('serves the portal with security headers for client-side routes, and never a file outside it', async () => {
    for (const path of ['/', '/servers', '/..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/package.json']) {
      const response = await fetch(`${platform.url}${path}`);
      const body = await response.text();
      expect(body, path).not.toContain('"workspaces"');
      expect(response.status, path).toBe(200);
      expect(body, path).toContain('<div id="root">');
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, path).toMatch(/default-src 'self'/);
      expect(csp, path).toMatch(/script-src 'self'(;|$)/);
      expect(csp, path).toMatch(/frame-ancestors 'none'/);
      expect(csp, path).not.toMatch(/unsafe-eval/);
      // The portal calls tools at the gateway-proxy (another origin) and plays audio results from data: URLs.
      expect(csp, path).toContain(`connect-src 'self' ${new URL(platform.platform.gatewayProxy.mcpUrl ?? '').origin};`);
      expect(csp, path).toContain("media-src 'self' data:;");
      expect(response.headers.get('x-frame-options'), path).toBe('DENY');
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), path).toBe('no-referrer');
    }
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(await (await fetch(platform.url)).text())?.[1];
    expect(asset).toBeTruthy();
    const script = await fetch(`${platform.url}${asset}`);
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await fetch(`${platform.url}/health`)).headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('reports every subgraph, Postgres and Redis on /health', async () => {
    const response = await fetch(`${platform.url}/health`);
    const report = (await response.json()) as { status: string; checks: Record<string, { status: string }> };
    expect(response.status).toBe(200);
    expect(Object.keys(report.checks).sort()).toEqual(
      ['postgres', 'redis', 'subgraph:auth', 'subgraph:config', 'subgraph:dcr', 'subgraph:executor', 'subgraph:servers'].sort(),
    );
    expect(Object.values(report.checks).every((c) => c.status === 'ok')).toBe(true);
  });
});
