import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTables, executorTokenPath } from '@mcp-portal/schema';
import type { AuthServices } from '@mcp-portal/auth';
import { startTestPlatform, subscribe, wsClient, type TestPlatform } from '../src/testing/index.ts';

/**
 * The executor runs the project's real CLI (cli/bin/docker-mcp) as the user who asked, through the router: what it
 * prints is stored and streamed, how it ended is recorded, and the token it acts with is that user's, short-lived.
 */
let platform: TestPlatform;
let adminToken: string;
const users: Record<'viewer' | 'operator', { id: string; token: string }> = {} as never;

interface Execution {
  id: string;
  status: string;
  exitCode: number | null;
  message: string | null;
  argv: string[];
  startedBy: { id: string };
  output: { seq: number; stream: string; text: string }[];
}
const executionFields = 'id status exitCode message argv startedBy { id } output { seq stream text }';

async function run(token: string, command: string, args: Record<string, unknown>): Promise<string> {
  const started = await platform.request<{ runCommand: { id: string; status: string } }>(
    'mutation($c: String!, $a: JSON) { runCommand(command: $c, args: $a) { id status } }',
    { c: command, a: args },
    token,
  );
  expect(started.errors).toBeUndefined();
  expect(['QUEUED', 'RUNNING']).toContain(started.data!.runCommand.status);
  return started.data!.runCommand.id;
}

async function finished(token: string, id: string, timeoutMs = 60_000): Promise<Execution> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const read = await platform.request<{ execution: Execution }>(`query($id: ID!) { execution(id: $id) { ${executionFields} } }`, { id }, token);
    const execution = read.data?.execution;
    if (execution && !['QUEUED', 'RUNNING'].includes(execution.status)) return execution;
    if (Date.now() > deadline) throw new Error(`execution ${id} did not end: ${JSON.stringify(read)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const textOf = (execution: Execution, stream: string) =>
  execution.output
    .filter((chunk) => chunk.stream === stream)
    .map((chunk) => chunk.text)
    .join('');

beforeAll(async () => {
  platform = await startTestPlatform({ label: 'executor-runs' });
  adminToken = await platform.adminToken();
  for (const role of ['viewer', 'operator'] as const) {
    const email = `${role}-${randomUUID().slice(0, 8)}@example.test`;
    const created = await platform.request<{ createUser: { id: string } }>(
      'mutation($e: String!, $r: Role!) { createUser(email: $e, password: "password-of-test", role: $r) { id } }',
      { e: email, r: role.toUpperCase() },
      adminToken,
    );
    const login = await platform.request<{ login: { token: string } }>('mutation($e: String!) { login(email: $e, password: "password-of-test") { token } }', {
      e: email,
    });
    users[role] = { id: created.data!.createUser.id, token: login.data!.login.token };
  }
  const enabled = await platform.request('mutation { enableServer(name: "time", start: false) { id } }', {}, adminToken);
  expect(enabled.errors).toBeUndefined();
}, 120_000);
afterAll(async () => {
  await platform?.close();
});

describe('runCommand runs the real docker mcp CLI as the user', () => {
  it('a viewer lists the servers: the output is streamed live, stored, and the run recorded', async () => {
    const client = wsClient(platform.wsUrl, users.viewer.token);
    const changes = subscribe<{ executionChanged: { id: string; status: string } }>(client, 'subscription { executionChanged { id status } }');
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const id = await run(users.viewer.token, 'server ls', { json: true });
      const output = subscribe<{ executionOutput: { id: string; seq: number; stream: string; text: string } }>(
        client,
        'subscription($id: ID!) { executionOutput(id: $id) { id seq stream text } }',
        { id },
      );
      const last = await output.next((value) => value.executionOutput.stream === 'SYSTEM' && /^(Finished|Failed)/.test(value.executionOutput.text), 60_000);
      expect(last.executionOutput.text).toBe('Finished: exit code 0.\n');
      await changes.next((value) => value.executionChanged.id === id && value.executionChanged.status === 'SUCCEEDED', 10_000);
      // The chunks stored before the subscription started come first (replayed), each once, then the live ones, in order.
      const streamed = output.received.map(({ executionOutput: { seq, stream, text } }) => ({ seq, stream, text }));
      expect(streamed.map((chunk) => chunk.seq)).toEqual([...streamed.keys()]);
      await output.close();

      const execution = await finished(users.viewer.token, id);
      expect(execution).toMatchObject({
        status: 'SUCCEEDED',
        exitCode: 0,
        message: null,
        argv: ['server', 'ls', '--json'],
        startedBy: { id: users.viewer.id },
      });
      expect(execution.output[0]).toEqual({ seq: 0, stream: 'SYSTEM', text: '$ docker mcp server ls --json\n' });
      expect(streamed.map((chunk) => chunk.text).join('')).toBe(execution.output.map((chunk) => chunk.text).join(''));
      const listed = JSON.parse(textOf(execution, 'STDOUT')) as { name: string }[];
      expect(listed.map((server) => server.name)).toContain('time');

      const audit = await platform.platform.database.db.select().from(auditTables.auditEvents).where(eq(auditTables.auditEvents.targetId, id));
      expect(audit.map((row) => [row.action, row.outcome, row.actorId])).toEqual([
        ['executor.run', 'success', users.viewer.id],
        ['executor.finish', 'success', null],
      ]);
      expect(audit[0]?.detail).toEqual({ command: 'server ls', argv: ['server', 'ls', '--json'] });
    } finally {
      await changes.close();
      await client.dispose();
    }
  }, 90_000);

  it("a failing command ends FAILED with the CLI's exit code and its stderr kept", async () => {
    const id = await run(users.viewer.token, 'server inspect', { server: 'no-such-server' });
    const execution = await finished(users.viewer.token, id);
    expect(execution.status).toBe('FAILED');
    expect(execution.exitCode).not.toBe(0);
    expect(execution.exitCode).not.toBeNull();
    expect(textOf(execution, 'STDERR')).toMatch(/no-such-server/);
    expect(execution.output.at(-1)).toEqual({ seq: execution.output.length - 1, stream: 'SYSTEM', text: `Failed: exit code ${execution.exitCode}.\n` });
  }, 90_000);

  it("an operator's change is made, and audited, as that operator", async () => {
    const id = await run(users.operator.token, 'config set', { server: 'time', values: { executor_probe: 'from-the-executor' }, force: true });
    const execution = await finished(users.operator.token, id);
    expect(execution.status, JSON.stringify(execution.output)).toBe('SUCCEEDED');
    const rows = await platform.platform.database.db
      .select()
      .from(auditTables.auditEvents)
      .where(and(eq(auditTables.auditEvents.action, 'config.set'), eq(auditTables.auditEvents.outcome, 'success')));
    expect(rows.map((row) => row.actorId)).toContain(users.operator.id);
    const server = await platform.request<{ servers: { name: string; config: { key: string; value: unknown }[] }[] }>(
      '{ servers { name config { key value } } }',
      {},
      adminToken,
    );
    expect(server.data?.servers.find((s) => s.name === 'time')?.config).toContainEqual({ key: 'executor_probe', value: 'from-the-executor' });
  }, 90_000);

  it('a viewer cannot run an operator command, whatever the arguments', async () => {
    const refused = await platform.request(
      'mutation { runCommand(command: "config set", args: { server: "time", values: { a: 1 } }) { id } }',
      {},
      users.viewer.token,
    );
    expect(refused.errors?.[0]).toMatchObject({
      message: 'config set needs the operator role; you are viewer.',
      extensions: { code: 'FORBIDDEN', refusal: 'FORBIDDEN' },
    });
  });
});

describe('the token a run acts with', () => {
  const auth = () => platform.platform.subgraphs.find((subgraph) => subgraph.name === 'auth')!.services as AuthServices;
  const ask = (body: Record<string, unknown>) =>
    auth().internalKey.postJson(new URL(executorTokenPath, platform.platform.subgraphs.find((s) => s.name === 'auth')!.url), body);

  it("is the user's own, never above the role the run was asked with, and expires with the run", async () => {
    const admin = await platform.request<{ me: { id: string } }>('{ me { id } }', {}, adminToken);
    const capped = await ask({ userId: admin.data!.me.id, maxRole: 'viewer', executionId: randomUUID(), ttlSeconds: 70 });
    expect(capped.status).toBe(200);
    const answer = capped.body as { token: string; role: string; expiresAt: string };
    expect(answer.role).toBe('viewer');
    const claims = decodeJwt(answer.token);
    expect(claims).toMatchObject({ sub: admin.data!.me.id, role: 'viewer' });
    expect(claims.exp! - claims.iat!).toBe(70);
    const me = await platform.request<{ me: { id: string } }>('{ me { id } }', {}, answer.token);
    expect(me.data?.me).toEqual({ id: admin.data!.me.id });
    const refused = await platform.request('mutation { enableServer(name: "memory") { id } }', {}, answer.token);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const viewerAskingHigh = await ask({ userId: users.viewer.id, maxRole: 'admin', executionId: randomUUID(), ttlSeconds: 30 });
    expect((viewerAskingHigh.body as { role: string }).role).toBe('viewer');
  });

  it('is refused for a disabled or unknown user, and only to signed requests', async () => {
    expect((await ask({ userId: randomUUID(), maxRole: 'viewer', executionId: randomUUID(), ttlSeconds: 30 })).status).not.toBe(200);
    const unsigned = await fetch(new URL(executorTokenPath, platform.platform.subgraphs.find((s) => s.name === 'auth')!.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: users.viewer.id, maxRole: 'viewer', executionId: randomUUID(), ttlSeconds: 30 }),
    });
    expect(unsigned.status).toBe(401);
    for (const ttlSeconds of [0, 5, 100_000]) {
      expect((await ask({ userId: users.viewer.id, maxRole: 'viewer', executionId: randomUUID(), ttlSeconds })).status, String(ttlSeconds)).toBe(400);
    }
  });
});
