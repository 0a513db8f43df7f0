import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  InstanceExitedError,
  InstanceNotFoundError,
  InstanceStartError,
  McpHandshakeTimeoutError,
  ProcessRuntime,
  UnsupportedSpecError,
  connectMcpClient,
  detectRuntime,
  parseServerSpec,
  type InstanceStatus,
  type LogLine,
  type RuntimeEvent,
  type StdioStreams,
  type ServerSpecInput,
} from '../src/runtime/index.ts';

const require = createRequire(import.meta.url);
const memoryServerEntry = join(dirname(require.resolve('@modelcontextprotocol/server-memory/package.json')), 'dist/index.js');
const READY_LINE = 'Knowledge Graph MCP Server running on stdio';

/**
 * The process runtime as podman behaves on a loaded machine: an instance that exited is reported without its exit
 * code for a while, and an attach to it is refused with what is known then.
 */
class LateExitCodeRuntime extends ProcessRuntime {
  private readonly exitFirstSeen = new Map<string, number>();

  override async inspect(id: string): Promise<InstanceStatus> {
    const status = await super.inspect(id);
    if (status.state !== 'exited') return status;
    const firstSeen = this.exitFirstSeen.get(id) ?? Date.now();
    this.exitFirstSeen.set(id, firstSeen);
    if (Date.now() - firstSeen >= 1_000) return status;
    const { exitCode: _notYetRecorded, ...withoutCode } = status;
    return withoutCode;
  }

  override async attach(id: string): Promise<StdioStreams> {
    const status = await this.inspect(id);
    if (status.state === 'exited') throw new InstanceExitedError(id, status.exitCode, []);
    return super.attach(id);
  }
}

let runtime: ProcessRuntime;
let scratch: string;

beforeAll(async () => {
  runtime = new ProcessRuntime();
  scratch = await mkdtemp(join(tmpdir(), 'mcp-runtime-process-'));
});
afterAll(async () => {
  await runtime?.close();
  await rm(scratch, { recursive: true, force: true });
});

function spec(overrides: Partial<ServerSpecInput>) {
  return parseServerSpec({ serverId: randomUUID(), name: 'memory', ...overrides });
}

function memoryServer(overrides: Partial<ServerSpecInput> = {}) {
  return spec({ command: process.execPath, args: [memoryServerEntry], env: { MEMORY_FILE_PATH: join(scratch, `${randomUUID()}.jsonl`) }, ...overrides });
}

async function collect(lines: AsyncIterable<LogLine>): Promise<string[]> {
  const collected: string[] = [];
  for await (const entry of lines) collected.push(entry.line);
  return collected;
}

/** Follows the logs until a line matches; the runtime's follow mode is what is under test. */
async function waitForLogLine(id: string, pattern: RegExp): Promise<RegExpMatchArray> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 20_000);
  try {
    for await (const entry of runtime.logs(id, { follow: true, signal: controller.signal })) {
      const match = entry.line.match(pattern);
      if (match) return match;
    }
  } finally {
    clearTimeout(timer);
  }
  throw new Error(`no log line matched ${pattern}`);
}

/** Gone, or a zombie waiting for PID 1 to reap it: either way it runs no more. */
async function processIsGone(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
}

describe('ProcessRuntime', () => {
  it('runs an npm MCP server as a child process and talks MCP to it over stdio', async () => {
    const events: RuntimeEvent[] = [];
    const controller = new AbortController();
    const watching = (async () => {
      for await (const event of runtime.events({ signal: controller.signal })) events.push(event);
    })();

    const instance = await runtime.start(memoryServer());
    expect(instance).toMatchObject({ kind: 'process', name: 'memory' });
    const connection = await connectMcpClient(runtime, instance, { timeoutMs: 10_000 });
    try {
      expect(connection.client.getServerVersion()?.name).toBe('memory-server');
      await connection.client.ping();
      const { tools } = await connection.client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['create_entities', 'read_graph', 'search_nodes']));
      const created = await connection.client.callTool({
        name: 'create_entities',
        arguments: { entities: [{ name: 'portal', entityType: 'project', observations: ['runs MCP servers'] }] },
      });
      expect(created.isError).toBeFalsy();
    } finally {
      await connection.close();
    }

    expect(await runtime.inspect(instance.id)).toMatchObject({ state: 'running', startedAt: instance.startedAt });
    expect(await collect(runtime.logs(instance.id))).toContain(READY_LINE);
    const listed = (await runtime.list()).find((entry) => entry.id === instance.id);
    expect(listed).toMatchObject({
      serverId: instance.serverId,
      state: 'running',
      labels: { 'io.mcp-portal.managed': 'true', 'io.mcp-portal.server-id': instance.serverId },
    });

    // Detaching left the server running: a second session works too.
    const again = await connectMcpClient(runtime, instance, { timeoutMs: 10_000 });
    await again.client.ping();
    await again.close();

    await runtime.stop(instance.id, { timeoutMs: 5_000 });
    const stopped = await runtime.inspect(instance.id);
    expect(stopped.state).toBe('exited');
    expect(stopped.finishedAt).toBeInstanceOf(Date);
    await expect.poll(() => events.map((event) => `${event.type}:${event.id}`), { timeout: 15_000 }).toEqual([`started:${instance.id}`, `died:${instance.id}`]);
    controller.abort();
    await watching;

    await runtime.remove(instance.id);
    expect(await runtime.inspect(instance.id)).toEqual({ state: 'missing' });
    await expect(runtime.stop(instance.id)).rejects.toBeInstanceOf(InstanceNotFoundError);
    await runtime.remove(instance.id); // idempotent
  });

  it('passes the spec env to the child and nothing of the portal environment but the safe defaults', async () => {
    process.env.MCP_PORTAL_TEST_PORTAL_SECRET = 'portal-only';
    try {
      const script = 'console.error(JSON.stringify({ keys: Object.keys(process.env), token: process.env.API_TOKEN }))';
      const instance = await runtime.start(spec({ name: 'env-probe', command: process.execPath, args: ['-e', script], env: { API_TOKEN: 's3cret' } }));
      const [line] = await waitForLogLine(instance.id, /^\{.*\}$/);
      const seen = JSON.parse(line) as { keys: string[]; token: string };
      expect(seen.token).toBe('s3cret');
      expect(seen.keys).not.toContain('MCP_PORTAL_TEST_PORTAL_SECRET');
      await runtime.remove(instance.id);
    } finally {
      delete process.env.MCP_PORTAL_TEST_PORTAL_SECRET;
    }
  });

  it('stops the whole process group: SIGTERM, and a server that spawned a child leaves nothing behind', async () => {
    const wrapper = `echo "leader $$" >&2; sleep 300 & echo "grandchild $!" >&2; exec "${process.execPath}" "${memoryServerEntry}"`;
    const instance = await runtime.start(memoryServer({ command: 'sh', args: ['-c', wrapper] }));
    const leader = Number((await waitForLogLine(instance.id, /^leader (\d+)$/))[1]);
    const grandchild = Number((await waitForLogLine(instance.id, /^grandchild (\d+)$/))[1]);
    const connection = await connectMcpClient(runtime, instance, { timeoutMs: 10_000 });
    await connection.client.ping();
    await connection.close();
    expect(await processIsGone(leader)).toBe(false);
    expect(await processIsGone(grandchild)).toBe(false);

    await runtime.stop(instance.id, { timeoutMs: 20_000 });
    expect(await processIsGone(leader)).toBe(true);
    expect(await processIsGone(grandchild)).toBe(true);
    // Ended by the SIGTERM (128 + 15), not by a SIGKILL after the timeout.
    expect(await runtime.inspect(instance.id)).toMatchObject({ state: 'exited', exitCode: 128 + 15 });
  });

  it('kills a server that ignores SIGTERM once the timeout has passed', async () => {
    const script = "process.on('SIGTERM', () => console.error('ignoring SIGTERM')); console.error('pid ' + process.pid); setInterval(() => {}, 1000)";
    const instance = await runtime.start(spec({ name: 'stubborn', command: process.execPath, args: ['-e', script] }));
    const pid = Number((await waitForLogLine(instance.id, /^pid (\d+)$/))[1]);

    await runtime.stop(instance.id, { timeoutMs: 400 });
    expect(await processIsGone(pid)).toBe(true);
    expect(await runtime.inspect(instance.id)).toMatchObject({ state: 'exited', exitCode: 128 + 9 });
    expect(await collect(runtime.logs(instance.id, { tail: 1 }))).toEqual(['ignoring SIGTERM']);
    await runtime.stop(instance.id); // already stopped: no-op
  });

  it('reports a server that exits at once with its exit code and last stderr lines', async () => {
    const script = "console.error('starting'); console.error('API_TOKEN is not set'); process.exit(3)";
    const instance = await runtime.start(spec({ name: 'broken', command: process.execPath, args: ['-e', script] }));
    const failure = await connectMcpClient(runtime, instance, { timeoutMs: 10_000 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(InstanceExitedError);
    const exited = failure as InstanceExitedError;
    expect(exited.code).toBe('INSTANCE_EXITED');
    expect(exited.exitCode).toBe(3);
    expect(exited.stderrTail).toEqual(['starting', 'API_TOKEN is not set']);
    expect(exited.message).toContain('API_TOKEN is not set');
    await expect(runtime.attach(instance.id)).rejects.toBeInstanceOf(InstanceExitedError);
  });

  it('waits for the exit code of a server the engine refuses to attach to before it recorded the code', async () => {
    const late = new LateExitCodeRuntime();
    try {
      const script = "console.error('API_TOKEN is not valid'); process.exit(3)";
      const instance = await late.start(spec({ name: 'broken', command: process.execPath, args: ['-e', script] }));
      await vi.waitUntil(async () => (await late.inspect(instance.id)).state === 'exited', { timeout: 5_000 });
      const failure = await connectMcpClient(late, instance, { timeoutMs: 10_000 }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(InstanceExitedError);
      expect((failure as InstanceExitedError).exitCode).toBe(3);
      expect((failure as InstanceExitedError).stderrTail).toEqual(['API_TOKEN is not valid']);
    } finally {
      await late.close();
    }
  });

  it('times out cleanly on a server that never answers initialize', async () => {
    const instance = await runtime.start(spec({ name: 'silent', command: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'] }));
    const failure = await connectMcpClient(runtime, instance, { timeoutMs: 500 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(McpHandshakeTimeoutError);
    // The attachment was released and the server left running for the caller to decide.
    expect((await runtime.inspect(instance.id)).state).toBe('running');
    await runtime.stop(instance.id, { timeoutMs: 2_000 });
    expect((await runtime.inspect(instance.id)).state).toBe('exited');
  });

  it('refuses what it cannot run with typed errors', async () => {
    await expect(runtime.start(spec({ name: 'missing', command: join(scratch, 'no-such-binary') }))).rejects.toBeInstanceOf(InstanceStartError);
    await expect(runtime.start(spec({ name: 'image-only', image: 'localhost/some/image:latest' }))).rejects.toBeInstanceOf(UnsupportedSpecError);
    expect(() => parseServerSpec({ serverId: 'not-a-uuid', name: 'x', command: 'true' })).toThrow(/serverId/);
    expect(() => parseServerSpec({ serverId: randomUUID(), name: 'x' })).toThrow(/image or a command/);
    await expect(collect(runtime.logs(randomUUID()))).rejects.toBeInstanceOf(InstanceNotFoundError);
  });
});

describe('detectRuntime', () => {
  it('falls back to the process runtime when no engine listens on the socket', async () => {
    const detected = await detectRuntime({ dockerHost: `unix://${join(scratch, 'no-engine.sock')}` });
    expect(detected.runtime.kind).toBe('process');
    expect(detected.reason).toContain('no-engine.sock');
  });

  it('gives up on an engine that accepts connections but does not answer within the ping timeout', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const detected = await detectRuntime({ dockerHost: `tcp://127.0.0.1:${port}`, pingTimeoutMs: 300 });
      expect(detected.runtime.kind).toBe('process');
      expect(detected.reason).toContain('no answer within 300 ms');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
