import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PeerRegistry, queryRows, SecretBox } from '@mcp-portal/kit';
import { startSubgraphHarness, type SubgraphHarness } from '@mcp-portal/kit/testing';
import { serversSubgraph, type ServersServices } from '@mcp-portal/servers';
import { configSubgraph, type ConfigServices } from '../src/index.ts';
import { checkConfig } from '../src/services/config-validation.ts';

/**
 * Configuration checked on the server: the config subgraph asks the real servers subgraph (a signed internal
 * request, the same master key) for the server's catalog entry and validates each value against its config
 * schema with Ajv; refusals name the key and the place inside the value, in the message and in
 * `extensions.invalidConfig`. `Server.settingsCheck` lists what the entry asks for that the server lacks.
 */

const dbSchema = {
  name: 'db',
  type: 'object',
  properties: {
    host: { type: 'string', pattern: '^[a-z.]+$' },
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    mode: { enum: ['ro', 'rw'] },
    url: { type: 'string', format: 'uri' },
    options: { type: 'object', properties: { timeout: { type: 'number', minimum: 0 } }, required: ['timeout'] },
  },
  required: ['host'],
};

describe('config schema checks, without a database', () => {
  it('names the key and the place inside the value, and lists required keys without a value', () => {
    const check = checkConfig([dbSchema, { name: 'level', type: 'string', enum: ['a', 'b'] }, 'not a schema'], {
      'db.port': 0,
      'db.options': { timeout: -1 },
      'db.mode': 'x',
      level: 'c',
      'other.key': { anything: true },
    });
    expect(check.missing).toEqual(['db.host']);
    expect(check.invalid).toEqual([
      { key: 'db.port', path: 'db.port', message: 'must be >= 1' },
      { key: 'db.mode', path: 'db.mode', message: 'must be one of "ro", "rw"' },
      { key: 'db.options', path: 'db.options.timeout', message: 'must be >= 0' },
      { key: 'level', path: 'level', message: 'must be one of "a", "b"' },
    ]);
    expect(checkConfig([{ type: 'object', properties: { paths: { type: 'array', items: { type: 'string' } } } }], { paths: ['/a', 2] }).invalid).toEqual([
      { key: 'paths', path: 'paths[1]', message: 'must be string' },
    ]);
    expect(checkConfig(null, { a: 1 })).toEqual({ missing: [], invalid: [] });
  });
});

describe('config subgraph with the servers subgraph', () => {
  let servers: SubgraphHarness<ServersServices>;
  let config: SubgraphHarness<ConfigServices>;
  let operatorToken: string;
  let serverId: string;

  const setConfig = `mutation($serverId: ID!, $key: String!, $value: JSON!) {
    setServerConfig(serverId: $serverId, key: $key, value: $value) { key value }
  }`;
  const settingsCheck = `query($r: [_Any!]!) {
    _entities(representations: $r) { ... on Server { settingsCheck { missingConfig missingSecrets invalidConfig { key path message } } } }
  }`;
  const set = (key: string, value: unknown, id = serverId) =>
    config.request<{ setServerConfig: { key: string; value: unknown } }>(setConfig, { serverId: id, key, value }, operatorToken);

  beforeAll(async () => {
    const secrets = SecretBox.fromBase64(SecretBox.generateKey());
    servers = await startSubgraphHarness(serversSubgraph, { secrets, peers: new PeerRegistry([]) });
    const peers = new PeerRegistry(['servers']);
    peers.register('servers', servers.subgraph.url);
    config = await startSubgraphHarness(configSubgraph, { secrets, peers });
    operatorToken = await config.tokens.tokenFor(config.tokens.viewer('operator'));

    const adminToken = await servers.tokens.tokenFor(servers.tokens.viewer('admin'));
    const entry = {
      name: 'checked',
      entry: {
        title: 'Checked settings',
        description: 'An entry whose configuration has a schema.',
        run: { package: '@modelcontextprotocol/server-memory', env: [{ name: 'MEMORY_FILE_PATH', value: '{{db.path}}' }] },
        configSchema: [dbSchema],
        secrets: [{ name: 'db.password', env: 'DB_PASSWORD' }],
      },
    };
    const created = await servers.request(
      'mutation($input: CreateCatalogEntryInput!) { createCatalogEntry(input: $input) { name } }',
      { input: entry },
      adminToken,
    );
    expect(created.errors).toBeUndefined();
    const enabled = await servers.request<{ enableServer: { id: string } }>('mutation { enableServer(name: "checked", start: false) { id } }', {}, adminToken);
    expect(enabled.errors).toBeUndefined();
    serverId = enabled.data?.enableServer.id ?? '';
  }, 60_000);

  afterAll(async () => {
    await config?.close();
    await servers?.close();
  });

  it("refuses a value its entry's schema does not allow, naming the key and what is wrong", async () => {
    const tooSmall = await set('db.port', 0);
    expect(tooSmall.errors?.[0]?.message).toBe('Invalid configuration value for checked: db.port must be >= 1.');
    expect(tooSmall.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', invalidConfig: [{ key: 'db.port', path: 'db.port', message: 'must be >= 1' }] });

    const refusals = await Promise.all([
      set('db.mode', 'x'),
      set('db.host', 'UPPER'),
      set('db.options', {}),
      set('db.options', { timeout: -1 }),
      set('db.url', 'not a uri'),
    ]);
    expect(
      refusals.map((answer) => (answer.errors?.[0]?.extensions as { invalidConfig?: { path: string; message: string }[] } | undefined)?.invalidConfig?.[0]),
    ).toEqual([
      { key: 'db.mode', path: 'db.mode', message: 'must be one of "ro", "rw"' },
      { key: 'db.host', path: 'db.host', message: 'must match pattern "^[a-z.]+$"' },
      { key: 'db.options', path: 'db.options', message: "must have required property 'timeout'" },
      { key: 'db.options', path: 'db.options.timeout', message: 'must be >= 0' },
      { key: 'db.url', path: 'db.url', message: 'must match format "uri"' },
    ]);

    // The refusals were audited, and nothing was stored.
    const failures = await queryRows<{ detail: { key: string; code: string } }>(
      config.database.db,
      sql`select detail from audit.events where action = 'config.set' and outcome = 'failure' and target_id = ${serverId} order by occurred_at`,
    );
    expect(failures).toHaveLength(6);
    expect(failures[0]?.detail).toMatchObject({ key: 'db.port', code: 'BAD_USER_INPUT' });
  });

  it('stores the values the schema allows, and keys it does not describe', async () => {
    for (const [key, value] of [
      ['db.port', 5432],
      ['db.mode', 'ro'],
      ['db.options', { timeout: 2.5 }],
      ['db.url', 'https://db.example.test/x'],
      ['extra.key', { any: ['thing'] }],
    ] as const) {
      const answer = await set(key, value);
      expect(answer.errors).toBeUndefined();
      expect(answer.data?.setServerConfig).toEqual({ key, value });
    }
    // A server the servers subgraph does not know has no entry to check against (its existence is not this subgraph's to decide).
    expect((await set('db.port', 0, randomUUID())).errors).toBeUndefined();
  });

  it('lists what the entry asks for that the server lacks: template keys, required keys and declared secrets', async () => {
    const answer = await config.request<{ _entities: { settingsCheck: unknown }[] }>(
      settingsCheck,
      { r: [{ __typename: 'Server', id: serverId }] },
      operatorToken,
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data?._entities[0]?.settingsCheck).toEqual({ missingConfig: ['db.path', 'db.host'], missingSecrets: ['db.password'], invalidConfig: [] });

    expect((await set('db.host', 'db.local')).errors).toBeUndefined();
    expect((await set('db.path', '/tmp/x.json')).errors).toBeUndefined();
    const secret = await config.request(
      'mutation($id: ID!) { setServerSecret(serverId: $id, name: "db.password", value: "p") { name } }',
      { id: serverId },
      operatorToken,
    );
    expect(secret.errors).toBeUndefined();
    const after = await config.request<{ _entities: { settingsCheck: unknown }[] }>(
      settingsCheck,
      { r: [{ __typename: 'Server', id: serverId }] },
      operatorToken,
    );
    expect(after.data?._entities[0]?.settingsCheck).toEqual({ missingConfig: [], missingSecrets: [], invalidConfig: [] });
  });
});

describe('config subgraph whose servers subgraph does not answer', () => {
  let config: SubgraphHarness<ConfigServices>;

  beforeAll(async () => {
    // The deployment has a servers subgraph (expected) that has not started: nothing is stored unchecked.
    config = await startSubgraphHarness(configSubgraph, { peers: new PeerRegistry(['servers']) });
  });
  afterAll(async () => {
    await config?.close();
  });

  it('refuses a value as SERVICE_UNAVAILABLE, and reads the server with its settingsCheck null', async () => {
    const token = await config.tokens.tokenFor(config.tokens.viewer('operator'));
    const serverId = randomUUID();
    const set = await config.request('mutation($id: ID!) { setServerConfig(serverId: $id, key: "a", value: 1) { key } }', { id: serverId }, token);
    expect(set.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    const read = await config.request<{ _entities: unknown[] }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Server { config { key } settingsCheck { missingConfig } } } }',
      { r: [{ __typename: 'Server', id: serverId }] },
      token,
    );
    expect(read.errors).toBeUndefined();
    expect(read.data?._entities).toEqual([{ config: [], settingsCheck: null }]);
  });
});
