import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordStatements, startSubgraphHarness, type SubgraphHarness } from '@mcp-portal/kit/testing';
import { configSubgraph, type ConfigServices } from '../src/index.ts';

let harness: SubgraphHarness<ConfigServices>;

beforeAll(async () => {
  harness = await startSubgraphHarness(configSubgraph);
});
afterAll(async () => {
  await harness?.close();
});

interface ConfigValue {
  key: string;
  value: unknown;
  updatedAt: string;
  updatedBy: { id: string };
}

const setConfig = `mutation($serverId: ID!, $key: String!, $value: JSON!) {
  setServerConfig(serverId: $serverId, key: $key, value: $value) { key value updatedAt updatedBy { id } }
}`;
const deleteConfig = 'mutation($serverId: ID!, $key: String!) { deleteServerConfig(serverId: $serverId, key: $key) }';
const entities = `query($r: [_Any!]!) {
  _entities(representations: $r) { ... on Server { id config { key value updatedBy { id } } } }
}`;

describe('config subgraph', () => {
  it('needs a token to set, delete or read configuration', async () => {
    const serverId = randomUUID();
    const set = await harness.request(setConfig, { serverId, key: 'a', value: 1 });
    expect(set.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const deleted = await harness.request(deleteConfig, { serverId, key: 'a' });
    expect(deleted.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const read = await harness.request(entities, { r: [{ __typename: 'Server', id: serverId }] });
    expect(read.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it("checks a client's token once, not on every request, and a forged one every time", async () => {
    const verifier = harness.tokens.verifier;
    const check = verifier.verify.bind(verifier);
    let checks = 0;
    verifier.verify = (token, options) => ((checks += 1), check(token, options));
    try {
      const token = await harness.tokens.tokenFor(harness.tokens.viewer('viewer'));
      const read = { r: [{ __typename: 'Server', id: randomUUID() }] };
      for (let request = 0; request < 3; request++) expect((await harness.request(entities, read, token)).errors).toBeUndefined();
      expect(checks).toBe(1);
      const forged = `${token.slice(0, -4)}AAAA`;
      for (let request = 0; request < 2; request++)
        expect((await harness.request(entities, read, forged)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(checks).toBe(3);
    } finally {
      verifier.verify = check;
    }
  });

  it('refuses changes from a viewer', async () => {
    const token = await harness.tokens.tokenFor(harness.tokens.viewer('viewer'));
    const serverId = randomUUID();
    const set = await harness.request(setConfig, { serverId, key: 'a', value: 1 }, token);
    expect(set.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const deleted = await harness.request(deleteConfig, { serverId, key: 'a' }, token);
    expect(deleted.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('sets, replaces and deletes values, and serves them on the Server entity', async () => {
    const operator = harness.tokens.viewer('operator');
    const admin = harness.tokens.viewer('admin');
    const operatorToken = await harness.tokens.tokenFor(operator);
    const adminToken = await harness.tokens.tokenFor(admin);
    const serverId = randomUUID();
    const otherServerId = randomUUID();

    const first = await harness.request<{ setServerConfig: ConfigValue }>(
      setConfig,
      { serverId, key: 'roots', value: { paths: ['/workspace'], readOnly: true } },
      operatorToken,
    );
    expect(first.errors).toBeUndefined();
    expect(first.data?.setServerConfig).toMatchObject({
      key: 'roots',
      value: { paths: ['/workspace'], readOnly: true },
      updatedBy: { id: operator.userId },
    });
    // A JSON string that looks like a number stays a string.
    const text = await harness.request(setConfig, { serverId, key: 'log.level', value: '123' }, operatorToken);
    expect(text.errors).toBeUndefined();
    await harness.request(setConfig, { serverId: otherServerId, key: 'roots', value: [] }, operatorToken);

    const replaced = await harness.request<{ setServerConfig: ConfigValue }>(setConfig, { serverId, key: 'roots', value: ['/data'] }, adminToken);
    expect(replaced.errors).toBeUndefined();
    expect(replaced.data?.setServerConfig).toMatchObject({ value: ['/data'], updatedBy: { id: admin.userId } });
    expect(Date.parse(replaced.data?.setServerConfig.updatedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(first.data?.setServerConfig.updatedAt ?? ''));

    const viewerToken = await harness.tokens.tokenFor(harness.tokens.viewer('viewer'));
    const read = await harness.request<{ _entities: { id: string; config: ConfigValue[] }[] }>(
      entities,
      {
        r: [
          { __typename: 'Server', id: serverId },
          { __typename: 'Server', id: randomUUID() },
        ],
      },
      viewerToken,
    );
    expect(read.errors).toBeUndefined();
    expect(read.data?._entities).toEqual([
      {
        id: serverId,
        config: [
          { key: 'log.level', value: '123', updatedBy: { id: operator.userId } },
          { key: 'roots', value: ['/data'], updatedBy: { id: admin.userId } },
        ],
      },
      { id: expect.any(String), config: [] },
    ]);

    const deleted = await harness.request<{ deleteServerConfig: boolean }>(deleteConfig, { serverId, key: 'roots' }, operatorToken);
    expect(deleted.data?.deleteServerConfig).toBe(true);
    const again = await harness.request<{ deleteServerConfig: boolean }>(deleteConfig, { serverId, key: 'roots' }, operatorToken);
    expect(again.data?.deleteServerConfig).toBe(false);

    const after = await harness.request<{ _entities: { config: ConfigValue[] }[] }>(
      entities,
      {
        r: [
          { __typename: 'Server', id: serverId },
          { __typename: 'Server', id: otherServerId },
        ],
      },
      viewerToken,
    );
    expect(after.data?._entities.map((s) => s.config.map((c) => c.key))).toEqual([['log.level'], ['roots']]);
  });

  it('rejects bad keys, oversized values and malformed server ids', async () => {
    const token = await harness.tokens.tokenFor(harness.tokens.viewer('admin'));
    const serverId = randomUUID();
    for (const key of ['', 'has space', 'slash/key', 'x'.repeat(129)]) {
      const result = await harness.request(setConfig, { serverId, key, value: 1 }, token);
      expect(result.errors?.[0]?.extensions?.code, key).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toContain('key');
    }
    const longest = await harness.request(setConfig, { serverId, key: 'k'.repeat(128), value: 1 }, token);
    expect(longest.errors).toBeUndefined();

    const oversized = await harness.request(setConfig, { serverId, key: 'big', value: 'x'.repeat(64 * 1024) }, token);
    expect(oversized.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(oversized.errors?.[0]?.message).toContain('64 KiB');
    const justFits = await harness.request(setConfig, { serverId, key: 'big', value: 'x'.repeat(64 * 1024 - 2) }, token);
    expect(justFits.errors).toBeUndefined();

    const malformed = await harness.request(setConfig, { serverId: 'not-a-uuid', key: 'a', value: 1 }, token);
    expect(malformed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(malformed)).not.toContain('at ');
    const badDelete = await harness.request(deleteConfig, { serverId, key: 'a b' }, token);
    expect(badDelete.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const badReference = await harness.request(entities, { r: [{ __typename: 'Server', id: 'nope' }] }, token);
    expect(badReference.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it("reads the configuration and secrets of a list of servers with one query each (the router's one _entities request)", async () => {
    const operatorToken = await harness.tokens.tokenFor(harness.tokens.viewer('operator'));
    const serverIds = Array.from({ length: 20 }, () => randomUUID());
    for (const [index, serverId] of serverIds.entries()) {
      const set = await harness.request(setConfig, { serverId, key: 'n', value: index }, operatorToken);
      expect(set.errors).toBeUndefined();
      const secret = await harness.request(
        'mutation($id: ID!, $v: String!) { setServerSecret(serverId: $id, name: "s", value: $v) { name } }',
        { id: serverId, v: `v${index}` },
        operatorToken,
      );
      expect(secret.errors).toBeUndefined();
    }
    const { result, statements } = await recordStatements(() =>
      harness.request<{ _entities: { id: string; config: { key: string; value: unknown }[]; secrets: { name: string }[] }[] }>(
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on Server { id config { key value } secrets { name } } } }',
        { r: serverIds.map((id) => ({ __typename: 'Server', id })) },
        operatorToken,
      ),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities.map((server) => [server.id, server.config.map((c) => c.value)])).toEqual(serverIds.map((id, index) => [id, [index]]));
    expect(result.data?._entities.every((server) => server.secrets.length === 1 && server.secrets[0]?.name === 's')).toBe(true);
    expect(statements.filter((text) => /^select/i.test(text) && text.includes('"server_config"'))).toHaveLength(1);
    expect(statements.filter((text) => /^select/i.test(text) && text.includes('"server_secrets"'))).toHaveLength(1);
  });
});
