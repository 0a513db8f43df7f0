import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InternalRequestKey, queryRows } from '@mcp-portal/kit';
import { startSubgraphHarness, type SubgraphHarness } from '@mcp-portal/kit/testing';
import { launchConfigPath, topics } from '@mcp-portal/schema';
import { configSubgraph, type ConfigServices } from '../src/index.ts';

let harness: SubgraphHarness<ConfigServices>;
let operator: string;
let viewer: string;

beforeAll(async () => {
  harness = await startSubgraphHarness(configSubgraph);
  operator = await harness.tokens.tokenFor(harness.tokens.viewer('operator'));
  viewer = await harness.tokens.tokenFor(harness.tokens.viewer('viewer'));
});
afterAll(async () => {
  await harness?.close();
});

const setSecret = 'mutation($s: ID!, $n: String!, $v: String!) { setServerSecret(serverId: $s, name: $n, value: $v) { name updatedAt } }';
const secretsOf = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Server { secrets { name } } } }';
const value = 'ghp_not-a-real-token-0123456789';

describe('server secrets', () => {
  it('are write-only: stored sealed, listed by name, opened only for a signed internal request', async () => {
    const serverId = randomUUID();
    const set = await harness.request<{ setServerSecret: { name: string } }>(setSecret, { s: serverId, n: 'github.personal_access_token', v: value }, operator);
    expect(set.data?.setServerSecret.name).toBe('github.personal_access_token');
    const listed = await harness.request<{ _entities: { secrets: { name: string }[] }[] }>(secretsOf, { r: [{ __typename: 'Server', id: serverId }] }, viewer);
    expect(listed.data?._entities[0]?.secrets).toEqual([{ name: 'github.personal_access_token' }]);
    const stored = await queryRows<{ sealed_value: string }>(
      harness.database.db,
      sql`select sealed_value from config.server_secrets where server_id = ${serverId}`,
    );
    expect(stored[0]?.sealed_value).not.toContain(value);
    const audit = await queryRows<{ detail: unknown }>(
      harness.database.db,
      sql`select detail from audit.events where action = 'secret.set' and target_id = ${serverId}`,
    );
    expect(JSON.stringify(audit)).not.toContain(value);
    expect(audit[0]?.detail).toEqual({ name: 'github.personal_access_token' });

    const url = new URL(`${harness.subgraph.url}${launchConfigPath}?serverId=${serverId}`);
    expect((await fetch(url)).status).toBe(401);
    const signed = await InternalRequestKey.from(harness.secrets).getJson(url);
    expect(signed).toEqual({ status: 200, body: { values: {}, secrets: { 'github.personal_access_token': value } } });
  });

  it('only operators and admins set or delete them; bad names and empty values are refused', async () => {
    const serverId = randomUUID();
    expect((await harness.request(setSecret, { s: serverId, n: 'x', v: 'y' }, viewer)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await harness.request(setSecret, { s: serverId, n: 'bad name', v: 'y' }, operator)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await harness.request(setSecret, { s: serverId, n: 'x', v: '' }, operator)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const withNul = await harness.request(setSecret, { s: serverId, n: 'x', v: 'tiger\u0000stripes-9431' }, operator);
    expect(withNul.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(withNul.errors?.[0]?.message).toMatch(/must not contain a NUL byte/);
    expect(JSON.stringify(withNul)).not.toContain('stripes-9431');
    await harness.request(setSecret, { s: serverId, n: 'x', v: 'y' }, operator);
    const del = 'mutation($s: ID!, $n: String!) { deleteServerSecret(serverId: $s, name: $n) }';
    expect((await harness.request<{ deleteServerSecret: boolean }>(del, { s: serverId, n: 'x' }, operator)).data?.deleteServerSecret).toBe(true);
    expect((await harness.request<{ deleteServerSecret: boolean }>(del, { s: serverId, n: 'x' }, operator)).data?.deleteServerSecret).toBe(false);
  });

  it('forgets the configuration and secrets of a server when it is disabled', async () => {
    const serverId = randomUUID();
    await harness.request(setSecret, { s: serverId, n: 'token', v: value }, operator);
    await harness.request('mutation($s: ID!) { setServerConfig(serverId: $s, key: "k", value: 1) { key } }', { s: serverId }, operator);
    await harness.events.publish(topics.serverDisabled, { serverId });
    const left = async () =>
      (
        await queryRows<{ n: number }>(
          harness.database.db,
          sql`select (select count(*) from config.server_secrets where server_id = ${serverId}) + (select count(*) from config.server_config where server_id = ${serverId}) as n`,
        )
      )[0]?.n;
    await expect.poll(async () => Number(await left()), { timeout: 15_000 }).toBe(0);
    const audit = await queryRows<{ detail: unknown }>(
      harness.database.db,
      sql`select detail from audit.events where action = 'config.forget-server' and target_id = ${serverId}`,
    );
    expect(audit[0]?.detail).toEqual({ values: 1, secrets: 1 });
  });
});
