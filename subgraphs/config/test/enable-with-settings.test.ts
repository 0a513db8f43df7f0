import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PeerRegistry, queryRows, SecretBox, type Database } from '@mcp-portal/kit';
import { startSubgraphHarness, waitUntil, type SubgraphHarness } from '@mcp-portal/kit/testing';
import { serversSubgraph, type ServersServices } from '@mcp-portal/servers';
import { configSubgraph, type ConfigServices } from '../src/index.ts';

/**
 * `enableServer(name, config, secrets, start)`: the servers subgraph owns the mutation and the server's row, the
 * config subgraph the values and sealed secrets (stored through its signed internal endpoint). Both real, each
 * on its own database as in a deployment of separate processes. Everything is checked before anything is
 * written: a refused call leaves no server, no value and no secret behind.
 */

const fixture = fileURLToPath(new URL('../../servers/test/fixtures/fixture-server.mjs', import.meta.url));
const entry = (name: string) => `
  ${name}:
    title: Settings fixture ${name}
    run:
      command: ${JSON.stringify(process.execPath)}
      args: [${JSON.stringify(fixture)}]
      env: { PATHS: "{{${name}.paths}}" }
    config:
      - name: ${name}
        type: object
        properties:
          paths: { type: string, minLength: 1 }
          level: { type: integer, minimum: 1 }
        required: [paths]
    secrets:
      - { name: ${name}.greeting, env: GREETING }
`;
const catalog = `registry:${entry('fix')}${entry('other')}${entry('partial')}${entry('raced')}`;

const enable = `mutation($name: String!, $config: JSON, $secrets: JSON, $start: Boolean) {
  enableServer(name: $name, config: $config, secrets: $secrets, start: $start) { id name status }
}`;
const greeting = 'hello-from-a-sealed-secret-7f3a';

type Refusal = { message: string; extensions?: Record<string, unknown> & { code?: string } };
type Enabled = { enableServer: { id: string; name: string; status: string } };

let servers: SubgraphHarness<ServersServices>;
let serversPeers: PeerRegistry;
let config: SubgraphHarness<ConfigServices>;
let operator: string;
let viewer: string;
let operatorId: string;

const count = async (db: Database, query: ReturnType<typeof sql>) => Number((await queryRows<{ n: string }>(db, query))[0]?.n);
/** What a call may have written: servers rows, configuration values and secrets, and the config subgraph's audit rows. */
const written = async () => ({
  servers: await count(servers.database.db, sql`select count(*) as n from servers.servers`),
  values: await count(config.database.db, sql`select count(*) as n from config.server_config`),
  secrets: await count(config.database.db, sql`select count(*) as n from config.server_secrets`),
  configAudit: await count(config.database.db, sql`select count(*) as n from audit.events`),
});
const call = async (variables: Record<string, unknown>, token = operator) =>
  (await servers.request<Enabled>(enable, variables, token)) as { data?: Enabled | null; errors?: Refusal[] };

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mcp-enable-settings-'));
  await writeFile(join(dir, 'catalog.yaml'), catalog);
  const env = { MCP_CATALOG_PATH: join(dir, 'catalog.yaml'), MCP_DATA_DIR: dir, MCP_RUNTIME: 'process', MCP_HANDSHAKE_TIMEOUT_SECONDS: '20' };
  const secrets = SecretBox.fromBase64(SecretBox.generateKey());
  serversPeers = new PeerRegistry(['config']);
  servers = await startSubgraphHarness(serversSubgraph, { secrets, peers: serversPeers, env });
  const configPeers = new PeerRegistry(['servers']);
  configPeers.register('servers', servers.subgraph.url);
  config = await startSubgraphHarness(configSubgraph, { secrets, peers: configPeers });
  serversPeers.register('config', config.subgraph.url);
  const operatorViewer = servers.tokens.viewer('operator');
  operatorId = operatorViewer.userId;
  // One token for both harnesses' verifiers is not needed: only the servers subgraph is called with it.
  operator = await servers.tokens.tokenFor(operatorViewer);
  viewer = await servers.tokens.tokenFor(servers.tokens.viewer('viewer'));
}, 60_000);

afterAll(async () => {
  await servers?.close();
  await config?.close();
});

describe('enableServer with configuration, secrets and a start', () => {
  it('stores the values and the sealed secret, enables the server and starts it with them, auditing each change', async () => {
    const before = await written();
    const answer = await call({ name: 'fix', config: { 'fix.paths': '/data/fix', 'fix.level': 2 }, secrets: { 'fix.greeting': greeting }, start: true });
    expect(answer.errors).toBeUndefined();
    const server = answer.data!.enableServer;
    expect(server).toMatchObject({ name: 'fix', status: 'STARTING' });

    const values = await queryRows<{ key: string; value: unknown; updated_by: string }>(
      config.database.db,
      sql`select key, value, updated_by from config.server_config where server_id = ${server.id} order by key`,
    );
    expect(values).toEqual([
      { key: 'fix.level', value: 2, updated_by: operatorId },
      { key: 'fix.paths', value: '/data/fix', updated_by: operatorId },
    ]);
    const sealed = await queryRows<{ name: string; sealed_value: string }>(
      config.database.db,
      sql`select name, sealed_value from config.server_secrets where server_id = ${server.id}`,
    );
    expect(sealed.map((row) => row.name)).toEqual(['fix.greeting']);
    expect(sealed[0]?.sealed_value).not.toContain(greeting);
    expect(await written()).toEqual({
      servers: before.servers + 1,
      values: before.values + 2,
      secrets: before.secrets + 1,
      configAudit: before.configAudit + 3,
    });

    // One audit row per change: the enabling here, each value and the secret there; never the secret's value.
    const enabling = await queryRows<{ actor_id: string; target_id: string; outcome: string; detail: unknown }>(
      servers.database.db,
      sql`select actor_id, target_id, outcome, detail from audit.events where action = 'server.enable' and target_id = ${server.id}`,
    );
    expect(enabling).toEqual([
      {
        actor_id: operatorId,
        target_id: server.id,
        outcome: 'success',
        detail: { name: 'fix', start: true, config: ['fix.paths', 'fix.level'], secrets: ['fix.greeting'] },
      },
    ]);
    const changes = await queryRows<{ action: string; actor_id: string; outcome: string; detail: unknown }>(
      config.database.db,
      sql`select action, actor_id, outcome, detail from audit.events where target_id = ${server.id} order by action, detail::text`,
    );
    expect(changes).toEqual([
      { action: 'config.set', actor_id: operatorId, outcome: 'success', detail: { key: 'fix.level' } },
      { action: 'config.set', actor_id: operatorId, outcome: 'success', detail: { key: 'fix.paths' } },
      { action: 'secret.set', actor_id: operatorId, outcome: 'success', detail: { name: 'fix.greeting' } },
    ]);
    for (const db of [servers.database.db, config.database.db]) {
      expect(await count(db, sql`select count(*) as n from audit.events where detail::text like ${`%${greeting}%`}`)).toBe(0);
    }

    // The start ran through the lifecycle with the stored value (a template) and the opened secret (its env).
    await waitUntil(
      'the server to run',
      async () =>
        (
          await servers.request<{ server: { status: string; lastError: string | null } }>(
            'query($id: ID!) { server(id: $id) { status lastError } }',
            { id: server.id },
            operator,
          )
        ).data?.server,
      (state) => state?.status === 'RUNNING',
      { timeoutMs: 60_000 },
    );
    const env = await servers.request<{ callTool: { content: { text: string }[] } }>(
      'mutation($id: ID!) { callTool(serverId: $id, name: "env") { content } }',
      { id: server.id },
      operator,
    );
    expect(JSON.parse(env.data?.callTool.content[0]?.text ?? '{}')).toMatchObject({ GREETING: greeting, PATHS: '/data/fix' });
  }, 90_000);

  it('enables without a start with part of the settings (the rest can be set later)', async () => {
    const answer = await call({ name: 'partial', config: { 'partial.level': 3 }, start: false });
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.enableServer).toMatchObject({ name: 'partial', status: 'STOPPED' });
    const id = answer.data!.enableServer.id;
    expect(await count(config.database.db, sql`select count(*) as n from config.server_config where server_id = ${id}`)).toBe(1);
    expect(await count(config.database.db, sql`select count(*) as n from config.server_secrets where server_id = ${id}`)).toBe(0);
  });
});

describe('a refused enableServer writes nothing', () => {
  const refusals: [string, Record<string, unknown>, string, Record<string, unknown>][] = [
    ['an unknown entry', { name: 'nope', config: { 'nope.paths': '/x' } }, 'NOT_FOUND', {}],
    ['an entry already enabled', { name: 'fix', config: { 'fix.paths': '/y' }, secrets: { 'fix.greeting': 'x' } }, 'CONFLICT', {}],
    [
      'a value its config schema refuses, named',
      { name: 'other', config: { 'other.paths': '/ok', 'other.level': 0 }, start: false },
      'BAD_USER_INPUT',
      { invalidConfig: [{ key: 'other.level', path: 'other.level', message: 'must be >= 1' }] },
    ],
    [
      'a key the platform does not allow',
      { name: 'other', config: { 'bad key': 1 }, start: false },
      'BAD_USER_INPUT',
      { invalidConfig: [{ key: 'bad key', path: 'bad key', message: 'keys use letters, digits, ".", "_" and "-"' }] },
    ],
    [
      'a secret its entry does not declare',
      { name: 'other', secrets: { 'other.greeting': 'x', 'github.token': 'y' }, start: false },
      'BAD_USER_INPUT',
      { invalidSecrets: [{ name: 'github.token', message: 'is not a secret of other' }] },
    ],
    [
      'a secret over the limit',
      { name: 'other', secrets: { 'other.greeting': 'x'.repeat(64 * 1024 + 1) }, start: false },
      'BAD_USER_INPUT',
      { invalidSecrets: [{ name: 'other.greeting', message: 'must be at most 64 KiB' }] },
    ],
    [
      'a start without what the entry needs',
      { name: 'other', config: { 'other.level': 2 }, secrets: {}, start: true },
      'BAD_USER_INPUT',
      { missingConfig: ['other.paths'], missingSecrets: ['other.greeting'] },
    ],
  ];

  it.each(refusals)('%s', async (_what, variables, code, extensions) => {
    const before = await written();
    const answer = await call(variables);
    expect(answer.data?.enableServer ?? null).toBeNull();
    expect(answer.errors?.[0]?.extensions).toEqual({ code, ...extensions });
    expect(await written()).toEqual(before);
    // The refusal is the enabling's audited failure, never with a secret's value.
    const [failure] = await queryRows<{ outcome: string; detail: { code: string; name: string } }>(
      servers.database.db,
      sql`select outcome, detail from audit.events where action = 'server.enable' order by occurred_at desc limit 1`,
    );
    expect(failure).toMatchObject({ outcome: 'failure', detail: { code, name: variables.name } });
    expect(JSON.stringify(failure)).not.toContain('xxxxxxxx');
  });

  it('names every problem at once in the message', async () => {
    const answer = await call({ name: 'other', config: { 'other.level': 0 }, secrets: { nope: 'x' }, start: true });
    expect(answer.errors?.[0]?.message).toBe(
      'Invalid settings for other: other.level must be >= 1; the secret nope is not a secret of other; a start needs the configuration other.paths; a start needs the secrets other.greeting.',
    );
  });

  it('refuses a viewer (FORBIDDEN, as enabling without settings)', async () => {
    const before = await written();
    const answer = await call({ name: 'other', config: { 'other.paths': '/v' }, secrets: { 'other.greeting': 'v' }, start: false }, viewer);
    expect(answer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await written()).toEqual(before);
  });

  it('is SERVICE_UNAVAILABLE while the config subgraph does not answer', async () => {
    const before = await written();
    serversPeers.register('config', 'http://127.0.0.1:9'); // nothing listens there
    let answer: Awaited<ReturnType<typeof call>>;
    try {
      answer = await call({ name: 'other', config: { 'other.paths': '/z' }, secrets: { 'other.greeting': 'z' }, start: false });
    } finally {
      serversPeers.register('config', config.subgraph.url);
    }
    expect(answer.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(await written()).toEqual(before);
  });

  it('leaves one server and only its settings when several enable the same entry at once', async () => {
    const before = await written();
    const answers = await Promise.all(
      Array.from({ length: 4 }, (_, i) => call({ name: 'raced', config: { 'raced.paths': `/r${i}` }, secrets: { 'raced.greeting': `g${i}` }, start: false })),
    );
    const won = answers.filter((answer) => answer.data?.enableServer);
    expect(won).toHaveLength(1);
    expect(answers.filter((answer) => answer.errors?.[0]?.extensions?.code === 'CONFLICT')).toHaveLength(3);
    const id = won[0]!.data!.enableServer.id;
    // Settings stored for a loser (it passed the checks before the winner's row existed) are withdrawn again.
    await waitUntil(
      'only the winner to have settings',
      async () => ({
        values: await count(config.database.db, sql`select count(*) as n from config.server_config where server_id <> ${id}`),
        secrets: await count(config.database.db, sql`select count(*) as n from config.server_secrets where server_id <> ${id}`),
      }),
      (left) => left.values === before.values && left.secrets === before.secrets,
    );
    expect(await count(config.database.db, sql`select count(*) as n from config.server_config where server_id = ${id}`)).toBe(1);
    expect(await count(servers.database.db, sql`select count(*) as n from servers.servers`)).toBe(before.servers + 1);
    // Each loser whose settings were stored has them withdrawn, audited (the audit log keeps both).
    const losers = await queryRows<{ target_id: string; forgotten: boolean }>(
      config.database.db,
      sql`select distinct target_id, exists (select 1 from audit.events f where f.action = 'config.forget-server' and f.target_id = e.target_id) as forgotten
          from audit.events e where e.action = 'config.set' and e.detail->>'key' = 'raced.paths' and e.target_id <> ${id}`,
    );
    expect(losers.filter((loser) => !loser.forgotten)).toEqual([]);
  });
});
