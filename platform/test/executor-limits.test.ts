import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../src/testing/index.ts';

/**
 * The executor's limits through the API, with real processes: a stand-in for the CLI (MCP_EXECUTOR_CLI) that runs
 * until killed with a grandchild in its process group, floods its output, or takes two seconds, so that timeout,
 * cancel, the output cap and the queue show in seconds. The real CLI's runs are in executor-runs.test.ts.
 */
const standIn = fileURLToPath(new URL('./fixtures/stand-in-docker-mcp.sh', import.meta.url));
const maxOutputBytes = 65_536;
let platform: TestPlatform;
let operatorToken: string;
let viewerToken: string;

interface Execution {
  id: string;
  status: string;
  exitCode: number | null;
  message: string | null;
  queuePosition: number | null;
  runningAt: string | null;
  finishedAt: string | null;
  outputBytes: number;
  outputTruncated: boolean;
  output: { stream: string; text: string }[];
}
const fields = 'id status exitCode message queuePosition runningAt finishedAt outputBytes outputTruncated output { stream text }';

async function run(token: string, command: string, args: Record<string, unknown>): Promise<Execution> {
  const started = await platform.request<{ runCommand: Execution }>(
    `mutation($c: String!, $a: JSON) { runCommand(command: $c, args: $a) { ${fields} } }`,
    { c: command, a: args },
    token,
  );
  expect(started.errors).toBeUndefined();
  return started.data!.runCommand;
}

async function read(token: string, id: string): Promise<Execution> {
  const result = await platform.request<{ execution: Execution }>(`query($id: ID!) { execution(id: $id) { ${fields} } }`, { id }, token);
  return result.data!.execution;
}

async function until(token: string, id: string, done: (execution: Execution) => boolean, timeoutMs = 30_000): Promise<Execution> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const execution = await read(token, id);
    if (done(execution)) return execution;
    if (Date.now() > deadline) throw new Error(`execution ${id} never got there: ${JSON.stringify(execution)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
const ended = (execution: Execution) => !['QUEUED', 'RUNNING'].includes(execution.status);
const text = (execution: Execution) => execution.output.map((chunk) => chunk.text).join('');

/** Whether the process runs (a zombie waiting for its reaper, state Z, has ended). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function grandchildOf(token: string, id: string): Promise<number> {
  const started = await until(token, id, (execution) => /grandchild=\d+/.test(text(execution)));
  return Number(/grandchild=(\d+)/.exec(text(started))![1]);
}

beforeAll(async () => {
  platform = await startTestPlatform({
    label: 'executor-limits',
    env: {
      MCP_EXECUTOR_CLI: standIn,
      MCP_EXECUTOR_TIMEOUT_SECONDS: '5',
      MCP_EXECUTOR_MAX_OUTPUT_BYTES: String(maxOutputBytes),
      MCP_EXECUTOR_MAX_CONCURRENT: '3',
      MCP_EXECUTOR_MAX_PER_USER: '1',
      MCP_EXECUTOR_MAX_QUEUED_PER_USER: '2',
    },
  });
  const admin = await platform.adminToken();
  const tokens: string[] = [];
  for (const role of ['OPERATOR', 'VIEWER']) {
    const email = `${role.toLowerCase()}-${randomUUID().slice(0, 8)}@example.test`;
    await platform.request(
      'mutation($e: String!, $r: Role!) { createUser(email: $e, password: "password-of-test", role: $r) { id } }',
      { e: email, r: role },
      admin,
    );
    const login = await platform.request<{ login: { token: string } }>('mutation($e: String!) { login(email: $e, password: "password-of-test") { token } }', {
      e: email,
    });
    tokens.push(login.data!.login.token);
  }
  [operatorToken, viewerToken] = tokens as [string, string];
}, 120_000);
afterAll(async () => {
  await platform?.close();
});

describe('the limits of a run, through the API', () => {
  it('times out: the whole process group is killed, grandchild included', async () => {
    const started = await run(operatorToken, 'server logs', { server: 'time' });
    const grandchild = await grandchildOf(operatorToken, started.id);
    expect(alive(grandchild)).toBe(true);
    const execution = await until(operatorToken, started.id, ended);
    expect(execution).toMatchObject({ status: 'TIMED_OUT', exitCode: null, outputTruncated: false });
    expect(text(execution)).toMatch(/token=present url=http:\/\/127\.0\.0\.1:\d+\n/);
    expect(execution.output.at(-1)).toEqual({ stream: 'SYSTEM', text: 'Timed out after 5 s: the whole process group was killed.\n' });
    expect(Date.parse(execution.finishedAt!) - Date.parse(execution.runningAt!)).toBeGreaterThanOrEqual(5_000);
    expect(alive(grandchild)).toBe(false);
  }, 60_000);

  it('cancels a running command: the answer shows it CANCELLED and its processes are gone', async () => {
    const started = await run(operatorToken, 'server logs', { server: 'time' });
    const grandchild = await grandchildOf(operatorToken, started.id);
    const cancelled = await platform.request<{ cancelExecution: Execution }>(
      `mutation($id: ID!) { cancelExecution(id: $id) { ${fields} } }`,
      { id: started.id },
      operatorToken,
    );
    expect(cancelled.errors).toBeUndefined();
    expect(cancelled.data?.cancelExecution.status).toBe('CANCELLED');
    expect(alive(grandchild)).toBe(false);
    const again = await platform.request(`mutation($id: ID!) { cancelExecution(id: $id) { id } }`, { id: started.id }, operatorToken);
    expect(again.errors?.[0]).toMatchObject({ message: 'The execution already ended (CANCELLED).', extensions: { code: 'CONFLICT' } });
  }, 60_000);

  it('stops a flood at the output cap and keeps what came before it', async () => {
    const started = await run(viewerToken, 'catalog ls', {});
    const execution = await until(viewerToken, started.id, ended);
    expect(execution).toMatchObject({ status: 'FAILED', outputTruncated: true });
    expect(execution.outputBytes).toBeLessThanOrEqual(maxOutputBytes);
    const stdout = execution.output
      .filter((chunk) => chunk.stream === 'STDOUT')
      .map((chunk) => chunk.text)
      .join('');
    expect(Buffer.byteLength(stdout)).toBe(execution.outputBytes);
    expect(stdout.startsWith('flooding the output of the executor\n')).toBe(true);
    expect(execution.output.at(-1)?.text).toMatch(/^Stopped: /);
  }, 60_000);

  it("queues a user's runs past their limit, shows the position, refuses past the queue's, and cancels a waiting one", async () => {
    const first = await run(viewerToken, 'server inspect', { server: 'first' });
    expect(first.status).not.toBe('QUEUED');
    const second = await run(viewerToken, 'server inspect', { server: 'second' });
    expect(second).toMatchObject({ status: 'QUEUED', queuePosition: 1 });
    const third = await run(viewerToken, 'server inspect', { server: 'third' });
    expect(third).toMatchObject({ status: 'QUEUED', queuePosition: 2 });
    const fourth = await platform.request('mutation { runCommand(command: "server inspect", args: { server: "fourth" }) { id } }', {}, viewerToken);
    expect(fourth.errors?.[0]?.extensions?.code).toBe('TOO_MANY_REQUESTS');
    // Another user is not held up by this one's queue.
    const operators = await run(operatorToken, 'server inspect', { server: 'elsewhere' });
    expect(operators.status).not.toBe('QUEUED');

    const cancelled = await platform.request<{ cancelExecution: Execution }>(
      `mutation($id: ID!) { cancelExecution(id: $id) { ${fields} } }`,
      { id: third.id },
      viewerToken,
    );
    expect(cancelled.data?.cancelExecution).toMatchObject({ status: 'CANCELLED', runningAt: null, message: 'Cancelled before it started.' });

    const firstDone = await until(viewerToken, first.id, ended);
    const secondDone = await until(viewerToken, second.id, ended);
    expect(firstDone.status).toBe('SUCCEEDED');
    expect(secondDone.status).toBe('SUCCEEDED');
    expect(text(secondDone)).toMatch(/^Queued \(position 1\): waiting for a free slot\.\n/);
    expect(text(secondDone)).toContain('inspecting second\n');
    expect(Date.parse(secondDone.runningAt!)).toBeGreaterThanOrEqual(Date.parse(firstDone.finishedAt!));
    expect((await until(operatorToken, operators.id, ended)).status).toBe('SUCCEEDED');
  }, 60_000);
});
