import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executorTables, topics } from '@mcp-portal/schema';
import { createPostgresUpstreamOAuthStore } from '@mcp-portal/dcr/upstream-oauth';
import { serverStatusChangedSubscription, type EnableServerResult } from '../src/testing/index.ts';
import {
  startTestPlatform,
  subscribe,
  watchSubscribers,
  wsClient,
  type GraphQLResponse,
  type SubscriberWatch,
  type TestPlatform,
} from '../src/testing/index.ts';

/**
 * The README's RBAC table is the specification: each row is run through the router as every role.
 * A row for an operation this file cannot run, or a root field of the supergraph missing from the table, fails.
 */
const roles = ['anonymous', 'viewer', 'operator', 'admin'] as const;
type Caller = (typeof roles)[number];

async function readTable(): Promise<Map<string, Record<Caller, boolean>>> {
  const readme = await readFile(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
  const section = /<!-- rbac-table:start -->([\s\S]*?)<!-- rbac-table:end -->/.exec(readme)?.[1];
  if (!section) throw new Error('README.md has no rbac-table section');
  const rows = new Map<string, Record<Caller, boolean>>();
  for (const line of section.split('\n')) {
    const cells = line
      .split('|')
      .map((c) => c.trim())
      .filter(Boolean);
    const operation = /^`(.+)`$/.exec(cells[0] ?? '')?.[1];
    if (!operation) continue;
    rows.set(operation, Object.fromEntries(roles.map((role, i) => [role, cells[i + 1] === 'yes'])) as Record<Caller, boolean>);
  }
  return rows;
}

let platform: TestPlatform;
let serverId: string;
/** A team connection everyone may see (written through the OAuth client's store: no flow runs here). */
let teamConnectionId: string;
let subscribers: SubscriberWatch;
const tokens: Partial<Record<Caller, string>> = {};

beforeAll(async () => {
  platform = await startTestPlatform({ label: 'rbac' });
  subscribers = watchSubscribers(platform.platform.router.engine);
  tokens.admin = await platform.adminToken();
  for (const role of ['viewer', 'operator'] as const) {
    const email = `${role}-${randomUUID().slice(0, 8)}@example.test`;
    await platform.request(
      'mutation($e: String!, $r: Role!) { createUser(email: $e, password: "password-of-test", role: $r) { id } }',
      { e: email, r: role.toUpperCase() },
      tokens.admin,
    );
    const login = await platform.request<{ login: { token: string } }>('mutation($e: String!) { login(email: $e, password: "password-of-test") { token } }', {
      e: email,
    });
    tokens[role] = login.data!.login.token;
  }
  const enabled = await platform.request<EnableServerResult>('mutation { enableServer(name: "time") { id } }', {}, tokens.admin);
  serverId = enabled.data!.enableServer.id;
  const oauthStore = createPostgresUpstreamOAuthStore(platform.platform.database);
  teamConnectionId = (await oauthStore.ensureConnection(serverId, { kind: 'team' }, 'http://127.0.0.1:9/rbac/mcp')).id;
  for (const role of ['viewer', 'operator', 'admin'] as const) {
    const token = tokens[role]!;
    const me = await platform.request<{ me: { id: string } }>('{ me { id } }', {}, token);
    const userId = me.data!.me.id;
    const [execution] = await platform.platform.database.db
      .insert(executorTables.executions)
      .values({ command: 'server ls', argv: ['server', 'ls'], startedBy: userId, status: 'succeeded', finishedAt: new Date() })
      .returning();
    const [chunk] = await platform.platform.database.db
      .insert(executorTables.executionOutput)
      .values({ executionId: execution!.id, seq: 0, stream: 'stdout', text: 'rbac\n' })
      .returning();
    ownExecutions.set(token, { id: execution!.id, userId, chunkId: String(chunk!.id) });
  }
});
afterAll(async () => {
  await platform?.close();
});

/** An execution of each signed-in caller (written to its table: nothing runs), with one chunk of output, by token. */
const ownExecutions = new Map<string, { id: string; userId: string; chunkId: string }>();

async function announceOwnExecution(token: string | undefined, what: 'changed' | 'output'): Promise<void> {
  const own = ownExecutions.get(token ?? '') ?? { id: randomUUID(), userId: randomUUID(), chunkId: '1' };
  if (what === 'changed') await platform.platform.events.publish(topics.executionChanged, { id: own.id, userId: own.userId });
  else await platform.platform.events.publish(topics.executionOutput, { ids: [own.chunkId], executionId: own.id, userId: own.userId });
}

type Attempt = (token: string | undefined) => Promise<GraphQLResponse<unknown>>;

/** How to exercise each operation; outcomes other than UNAUTHENTICATED/FORBIDDEN count as allowed. */
const attempts: Record<string, Attempt> = {
  'Mutation.login': () =>
    platform.request('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', {
      e: platform.admin.email,
      p: platform.admin.password,
    }),
  'Mutation.changePassword': (token) =>
    platform.request('mutation { changePassword(currentPassword: "not-the-current-one", newPassword: "whatever-new-1") }', {}, token),
  'Query.me': (token) => platform.request('{ me { id } }', {}, token),
  'Mutation.refreshSession': async (token) => {
    const login = await platform.request<{ login: { refreshToken: string } }>(
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { refreshToken } }',
      { e: platform.admin.email, p: platform.admin.password },
    );
    return platform.request('mutation($r: String!) { refreshSession(refreshToken: $r) { token } }', { r: login.data!.login.refreshToken }, token);
  },
  'Mutation.logout': (token) => platform.request('mutation { logout(refreshToken: "mcprt_unknown") }', {}, token),
  'Query.deviceAuthorization': (token) => platform.request('{ deviceAuthorization(userCode: "BCDF-GHJK") { clientName } }', {}, token),
  'Mutation.approveDeviceLogin': (token) => platform.request('mutation { approveDeviceLogin(userCode: "BCDF-GHJK") }', {}, token),
  'Mutation.denyDeviceLogin': (token) => platform.request('mutation { denyDeviceLogin(userCode: "BCDF-GHJK") }', {}, token),
  'Query.apiTokens': (token) => platform.request('{ apiTokens { id } }', {}, token),
  'Mutation.createApiToken': (token) => platform.request('mutation { createApiToken(name: "t", role: VIEWER) { token } }', {}, token),
  'Mutation.revokeApiToken': (token) => platform.request('mutation($id: ID!) { revokeApiToken(id: $id) { id } }', { id: randomUUID() }, token),
  'Query.catalog': (token) => platform.request('{ catalog { entries { name } } }', {}, token),
  'Query.catalogEntry': (token) => platform.request('{ catalogEntry(name: "time") { name } }', {}, token),
  'Query.servers': (token) => platform.request('{ servers { id } }', {}, token),
  'Query.server': (token) => platform.request('query($id: ID!) { server(id: $id) { id } }', { id: serverId }, token),
  'Server.config': (token) => platform.request('query($id: ID!) { server(id: $id) { config { key } } }', { id: serverId }, token),
  'Mutation.enableServer': (token) => platform.request('mutation { enableServer(name: "memory") { id } }', {}, token),
  'Query.tools': (token) => platform.request('{ tools { name } }', {}, token),
  'Query.serverLogLine': (token) => platform.request('{ serverLogLine(id: "1") { id } }', {}, token),
  'Subscription.serverLogs': (token) =>
    liveOutcome(token, 'serverLogs', 'subscription($id: ID!) { serverLogs(serverId: $id) { id line } }', { id: serverId }, async () => {
      const logs = await platform.request<{ server: { logs: { id: string }[] } }>(
        'query($id: ID!) { server(id: $id) { logs(tail: 1) { id } } }',
        { id: serverId },
        tokens.admin,
      );
      const line = logs.data?.server.logs[0];
      if (!line) throw new Error(`the server has no log line to announce: ${JSON.stringify(logs)}`);
      await platform.platform.events.publish(topics.serverLogLine, { id: line.id, serverId });
    }),
  'Mutation.startServer': (token) => platform.request('mutation($id: ID!) { startServer(id: $id) { id } }', { id: serverId }, token),
  'Mutation.stopServer': (token) => platform.request('mutation($id: ID!) { stopServer(id: $id) { id } }', { id: serverId }, token),
  'Mutation.restartServer': (token) => platform.request('mutation($id: ID!) { restartServer(id: $id) { id } }', { id: serverId }, token),
  'Mutation.updateServer': (token) => platform.request('mutation($id: ID!) { updateServer(id: $id) { id } }', { id: serverId }, token),
  'Mutation.callTool': (token) =>
    platform.request('mutation($id: ID!) { callTool(serverId: $id, name: "get_current_time") { text } }', { id: serverId }, token),
  'Mutation.disableServer': (token) => platform.request('mutation($id: ID!) { disableServer(id: $id) { id } }', { id: randomUUID() }, token),
  'Mutation.createCatalogEntry': (token) =>
    platform.request(
      'mutation($n: String!) { createCatalogEntry(input: { name: $n, entry: { image: "mcp/rbac" } }) { name } }',
      { n: `rbac-${randomUUID().slice(0, 8)}` },
      token,
    ),
  'Mutation.updateCatalogEntry': (token) =>
    platform.request('mutation { updateCatalogEntry(name: "rbac-nobody", input: { image: "mcp/rbac" }) { name } }', {}, token),
  'Mutation.deleteCatalogEntry': (token) => platform.request('mutation { deleteCatalogEntry(name: "rbac-nobody") { name } }', {}, token),
  'Mutation.importCatalog': (token) => platform.request('mutation { importCatalog(yaml: "registry: {}") { imported } }', {}, token),
  'Mutation.setServerConfig': (token) =>
    platform.request('mutation($id: ID!) { setServerConfig(serverId: $id, key: "k", value: 1) { key } }', { id: serverId }, token),
  'Server.secrets': (token) => platform.request('query($id: ID!) { server(id: $id) { secrets { name } } }', { id: serverId }, token),
  'Mutation.setServerSecret': (token) =>
    platform.request('mutation($id: ID!) { setServerSecret(serverId: $id, name: "k", value: "v") { name } }', { id: serverId }, token),
  'Mutation.deleteServerSecret': (token) => platform.request('mutation($id: ID!) { deleteServerSecret(serverId: $id, name: "k") }', { id: serverId }, token),
  'Mutation.deleteServerConfig': (token) => platform.request('mutation($id: ID!) { deleteServerConfig(serverId: $id, key: "k") }', { id: serverId }, token),
  'Query.executions': (token) => platform.request('{ executions { executions { id } } }', {}, token),
  'Query.executionOutputChunk': (token) => platform.request('{ executionOutputChunk(id: "1") { id } }', {}, token),
  // Arguments the command refuses: checked after the role, and nothing runs.
  'Mutation.runCommand': (token) => platform.request('mutation { runCommand(command: "server ls", args: { rbac: true }) { id } }', {}, token),
  'Mutation.cancelExecution': (token) => platform.request('mutation($id: ID!) { cancelExecution(id: $id) { id } }', { id: randomUUID() }, token),
  'Subscription.executionChanged': (token) =>
    liveOutcome(token, 'executionChanged', 'subscription { executionChanged { id status } }', {}, () => announceOwnExecution(token, 'changed')),
  'Subscription.executionOutput': (token) =>
    liveOutcome(
      token,
      'executionOutput',
      'subscription($id: ID!) { executionOutput(id: $id, last: 0) { id text } }',
      { id: ownExecutions.get(token ?? '')?.id ?? randomUUID() },
      () => announceOwnExecution(token, 'output'),
    ),
  'Query.executorCommands': (token) => platform.request('{ executorCommands { name } }', {}, token),
  'Query.execution': (token) => platform.request('query($id: ID!) { execution(id: $id) { id } }', { id: randomUUID() }, token),
  'Mutation.setToolPolicy': (token) =>
    platform.request(
      'mutation($id: ID!) { setToolPolicy(serverId: $id, tool: "get_current_time", enabled: true, minRole: OPERATOR) { enabled } }',
      { id: serverId },
      token,
    ),
  'Mutation.setServerStatus': (token) => platform.request('mutation($id: ID!) { setServerStatus(id: $id, status: STOPPED) { id } }', { id: serverId }, token),
  'Query.users': (token) => platform.request('{ users { id } }', {}, token),
  'Query.user': (token) => platform.request('query($id: ID!) { user(id: $id) { id } }', { id: randomUUID() }, token),
  'Mutation.revokeSession': (token) => platform.request('mutation($id: ID!) { revokeSession(id: $id) { id } }', { id: randomUUID() }, token),
  'Mutation.rotateSigningKey': (token) => platform.request('mutation { rotateSigningKey }', {}, token),
  'Mutation.updateUser': (token) => platform.request('mutation($id: ID!) { updateUser(id: $id, role: VIEWER) { id } }', { id: randomUUID() }, token),
  'Mutation.createUser': (token) =>
    platform.request(
      'mutation($e: String!) { createUser(email: $e, password: "long-enough-password", role: VIEWER) { id } }',
      { e: `${randomUUID()}@example.test` },
      token,
    ),
  'Query.oauthClients': (token) => platform.request('{ oauthClients(first: 1) { clients { clientId } totalCount } }', {}, token),
  'Query.oauthClient': (token) => platform.request('{ oauthClient(clientId: "nobody") { clientId } }', {}, token),
  // An unknown client: an admin gets past the role check and meets NOT_FOUND.
  'Mutation.revokeOAuthClient': (token) => platform.request('mutation { revokeOAuthClient(clientId: "nobody") { clientId } }', {}, token),
  'Mutation.rotateOAuthClientSecret': (token) => platform.request('mutation { rotateOAuthClientSecret(clientId: "nobody") { clientSecret } }', {}, token),
  // A well-formed request id nobody made: a signed-in user gets past the check and meets null / NOT_FOUND.
  'Query.oauthAuthorizationRequest': (token) =>
    platform.request('query($id: ID!) { oauthAuthorizationRequest(id: $id) { clientId } }', { id: 'A'.repeat(43) }, token),
  'Mutation.decideOAuthAuthorization': (token) =>
    platform.request('mutation($id: ID!) { decideOAuthAuthorization(id: $id, approve: false) { redirectTo } }', { id: 'A'.repeat(43) }, token),
  'Query.oauthGrants': (token) => platform.request('{ oauthGrants { id } }', {}, token),
  // Nobody's grant: a signed-in user gets past the check and meets NOT_FOUND.
  'Mutation.revokeOAuthGrant': (token) => platform.request('mutation($id: ID!) { revokeOAuthGrant(id: $id) { id } }', { id: randomUUID() }, token),
  'Query.auditEvents': (token) => platform.request('{ auditEvents(first: 1) { events { id } } }', {}, token),
  'Query.auditEvent': (token) => platform.request('query($id: ID!) { auditEvent(id: $id) { id } }', { id: randomUUID() }, token),
  'Subscription.auditEventAdded': (token) =>
    liveOutcome(token, 'auditEventAdded', 'subscription { auditEventAdded { id action } }', {}, async () => {
      const latest = await platform.request<{ auditEvents: { events: { id: string }[] } }>('{ auditEvents(first: 1) { events { id } } }', {}, tokens.admin);
      const event = latest.data?.auditEvents.events[0];
      if (!event) throw new Error(`no audit event to announce: ${JSON.stringify(latest)}`);
      await platform.platform.events.publish(topics.auditEventAdded, { id: event.id });
    }),
  'Query.toolCallActivity': (token) =>
    platform.request('{ toolCallActivity { totalCalls buckets { server } busiestTools { tool } recentCalls { id } } }', {}, token),
  'Query.toolCallEvent': (token) => platform.request('query($id: ID!) { toolCallEvent(id: $id) { id } }', { id: randomUUID() }, token),
  'Subscription.toolCallRecorded': (token) =>
    liveOutcome(token, 'toolCallRecorded', 'subscription { toolCallRecorded { id tool outcome } }', {}, async () => {
      // Whether the server answers or not, the call writes its tool.call row.
      await platform.request('mutation($id: ID!) { callTool(serverId: $id, name: "get_current_time") { text } }', { id: serverId }, tokens.admin);
      const latest = await platform.request<{ toolCallActivity: { recentCalls: { id: string }[] } }>(
        '{ toolCallActivity { recentCalls(first: 1) { id } } }',
        {},
        tokens.admin,
      );
      const call = latest.data?.toolCallActivity.recentCalls[0];
      if (!call) throw new Error(`no tool call to announce: ${JSON.stringify(latest)}`);
      await platform.platform.events.publish(topics.toolCallRecorded, { ids: [call.id] });
    }),
  // Whose connection, and a team server's operator rule, are the dcr subgraph's tests' (oauth-connection*.test.ts):
  // here every signed-in role gets past the role gate and meets the time server's refusal (not remote).
  'Server.oauthConnection': (token) => platform.request('query($id: ID!) { server(id: $id) { oauthConnection { id } } }', { id: serverId }, token),
  'Query.oauthConnections': (token) => platform.request('{ oauthConnections { id status } }', {}, token),
  'Query.oauthConnection': (token) => platform.request('query($id: ID!) { oauthConnection(id: $id) { id } }', { id: teamConnectionId }, token),
  'Subscription.oauthConnectionChanged': (token) =>
    liveOutcome(token, 'oauthConnectionChanged', 'subscription { oauthConnectionChanged { id status team } }', {}, () =>
      platform.platform.events.publish(topics.oauthConnectionChanged, { id: teamConnectionId, serverId, userId: null }),
    ),
  'Mutation.authorizeServer': (token) =>
    platform.request('mutation($id: ID!) { authorizeServer(serverId: $id) { authorizationUrl } }', { id: serverId }, token),
  'Mutation.completeServerAuthorization': (token) =>
    platform.request('mutation { completeServerAuthorization(state: "rbac-unknown-state", code: "c") { id } }', {}, token),
  'Mutation.revokeServerAuthorization': (token) =>
    platform.request('mutation($id: ID!) { revokeServerAuthorization(serverId: $id) { id } }', { id: serverId }, token),
  'Subscription.serverStatusChanged': (token) =>
    liveOutcome(token, 'serverStatusChanged', serverStatusChangedSubscription, { id: serverId }, () =>
      platform.platform.events.publish(topics.serverStatusChanged, { id: serverId, status: 'running', at: new Date().toISOString() }),
    ),
};

/**
 * Connects, subscribes and waits for the first result: once the router has registered the subscription,
 * `announce` publishes an event for it. A socket refused at connection (4403) counts as UNAUTHENTICATED;
 * a refusal delivered with the first event (or as an error message) counts with its code; data is allowed.
 */
async function liveOutcome(
  token: string | undefined,
  field: string,
  query: string,
  variables: Record<string, unknown>,
  announce: () => Promise<void>,
): Promise<GraphQLResponse<unknown>> {
  let closeCode: number | null = null;
  const client = wsClient(platform.wsUrl, token, (event) => (closeCode = (event as { code: number }).code));
  const earlier = new Set(subscribers.live);
  const live = subscribe(client, query, variables);
  const first = live.next(() => true, 20_000);
  const registered = subscribers.waitFor((s) => s.field === field && !earlier.has(s) && s.authorization === `Bearer ${token}`, 20_000);
  try {
    // The first result, or the refusal that comes before any registration (a closed socket, an error message).
    await Promise.race([first, registered.then(announce).then(() => first)]);
    return { data: {} };
  } catch (error) {
    if (closeCode === 4403) return { errors: [{ message: 'refused', extensions: { code: 'UNAUTHENTICATED' } }] };
    const code = /\\?"code\\?":\\?"(\w+)/.exec(String(error))?.[1];
    if (!code) throw error;
    return { errors: [{ message: String(error), extensions: { code } }] };
  } finally {
    registered.catch(() => undefined);
    first.catch(() => undefined);
    await live.close();
    await client.dispose();
  }
}

function refusalCode(response: GraphQLResponse<unknown>): string | null {
  const code = response.errors?.map((e) => e.extensions?.code).find((c) => c === 'UNAUTHENTICATED' || c === 'FORBIDDEN');
  return code ?? null;
}

describe('the README RBAC table holds through the router', async () => {
  const table = await readTable();

  it('lists every root field of the supergraph and nothing unknown', async () => {
    const { composeCurrentSupergraph } = await import('../src/compose/compose-subgraphs.ts');
    const sdl = composeCurrentSupergraph();
    const rootFields: string[] = [];
    for (const root of ['Query', 'Mutation', 'Subscription']) {
      const body = new RegExp(`type ${root}\\n[^{]*\\{([\\s\\S]*?)\\n\\}`).exec(sdl)?.[1] ?? '';
      for (const match of body.matchAll(/^\s{2}(\w+)[(:]/gm)) rootFields.push(`${root}.${match[1]}`);
    }
    expect(rootFields.filter((field) => !table.has(field))).toEqual([]);
    expect([...table.keys()].filter((operation) => !attempts[operation])).toEqual([]);
  });

  for (const [operation, allowed] of table) {
    it(operation, async () => {
      for (const role of roles) {
        const outcome = refusalCode(await attempts[operation]!(tokens[role]));
        const expected = allowed[role] ? null : role === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
        expect({ role, outcome }).toEqual({ role, outcome: expected });
      }
    });
  }
});
