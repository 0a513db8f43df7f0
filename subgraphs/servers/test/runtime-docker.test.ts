import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DockerRuntime,
  ImageNotFoundError,
  InstanceExitedError,
  InstanceNotFoundError,
  MANAGED_LABEL,
  SERVER_ID_LABEL,
  connectMcpClient,
  detectRuntime,
  parseServerSpec,
  type LogLine,
  type RuntimeEvent,
  type ServerSpecInput,
} from '../src/runtime/index.ts';

const execFileAsync = promisify(execFile);
const engineScript = fileURLToPath(new URL('../../../scripts/podman-engine.sh', import.meta.url));
const TEST_IMAGE = 'localhost/mcp-portal/test-mcp-server:latest';
const SUITE_LABEL = 'io.mcp-portal.test-suite';
const READY_LINE = 'Knowledge Graph MCP Server running on stdio';
const SECRET = `s3cret-${randomUUID()}`;

let runtime: DockerRuntime;
let dockerHost: string;
let skipReason: string | undefined;

/** Runs the podman recipe (installing podman on a cold machine) and connects to the engine it prints. */
beforeAll(async () => {
  try {
    const { stdout } = await execFileAsync('bash', [engineScript], { timeout: 290_000, maxBuffer: 16 * 1024 * 1024 });
    const lastLine = stdout.trim().split('\n').at(-1) ?? '';
    if (!lastLine.startsWith('DOCKER_HOST=')) throw new Error(`scripts/podman-engine.sh printed no DOCKER_HOST line: ${lastLine}`);
    dockerHost = lastLine.slice('DOCKER_HOST='.length);
    runtime = new DockerRuntime({ dockerHost });
    await runtime.ping();
  } catch (error) {
    const failure = error as Error & { stderr?: string };
    const detail = `${failure.message}\n${failure.stderr?.split('\n').slice(-15).join('\n') ?? ''}`.trim();
    if (process.env.CI) throw new Error(`The podman engine could not be prepared: ${detail}`);
    skipReason = `no Docker-compatible engine: scripts/podman-engine.sh failed (${detail})`;
    console.warn(`runtime-docker tests skipped: ${skipReason}`);
    return;
  }
  // Containers a crashed earlier run of this suite left behind.
  for (const stale of await runtime.list()) {
    if (stale.labels[SUITE_LABEL] === 'runtime-docker') await runtime.remove(stale.id);
  }
}, 300_000);

beforeEach((context) => {
  if (skipReason) context.skip(skipReason);
});

afterAll(async () => {
  if (skipReason || !runtime) return;
  for (const leftover of await runtime.list()) {
    if (leftover.labels[SUITE_LABEL] === 'runtime-docker') await runtime.remove(leftover.id);
  }
  await runtime.close();
});

function spec(overrides: Partial<ServerSpecInput> = {}) {
  return parseServerSpec({
    serverId: randomUUID(),
    name: 'memory',
    image: TEST_IMAGE,
    env: { API_TOKEN: SECRET },
    cpus: 0.5,
    memoryBytes: 256 * 1024 * 1024,
    labels: { [SUITE_LABEL]: 'runtime-docker' },
    ...overrides,
  });
}

async function collect(lines: AsyncIterable<LogLine>): Promise<LogLine[]> {
  const collected: LogLine[] = [];
  for await (const entry of lines) collected.push(entry);
  return collected;
}

function statusField(status: string, field: string): string | undefined {
  return status
    .split('\n')
    .find((line) => line.startsWith(`${field}:`))
    ?.split(':')[1]
    ?.trim();
}

describe('DockerRuntime against a real engine (podman)', () => {
  it('is chosen by detection when the engine answers', async () => {
    const detected = await detectRuntime({ dockerHost });
    expect(detected.runtime.kind).toBe('docker');
    expect(detected.reason).toContain(dockerHost);
  });

  it('creates the container with the hardened defaults', async () => {
    const instance = await runtime.start(spec());
    try {
      const info = await runtime.docker.getContainer(instance.id).inspect();
      const host = info.HostConfig;
      expect(host.ReadonlyRootfs).toBe(true);
      expect(host.NetworkMode).toBe('none');
      expect(host.SecurityOpt).toContain('no-new-privileges');
      // Docker reports CapDrop as given; podman expands ALL into the capabilities it drops.
      const dropped = host.CapDrop as string[];
      expect(dropped.includes('ALL') || ['CHOWN', 'DAC_OVERRIDE', 'NET_RAW', 'SETUID', 'SETGID', 'SYS_CHROOT'].every((cap) => dropped.includes(cap))).toBe(
        true,
      );
      expect(host.CapAdd ?? []).toEqual([]);
      expect(host.Memory).toBe(256 * 1024 * 1024);
      expect(host.NanoCpus).toBe(0.5e9);
      expect(host.PidsLimit).toBe(256);
      expect(info.Config.User).toBe('65534:65534');
      expect(info.Config.OpenStdin).toBe(true);
      expect(info.Config.Tty).toBe(false);
      expect(info.Config.Labels).toMatchObject({ [MANAGED_LABEL]: 'true', [SERVER_ID_LABEL]: instance.serverId, 'io.mcp-portal.server-name': 'memory' });

      // What the kernel enforces on the container's first process (an init, then the server under it).
      const status = await readFile(`/proc/${info.State.Pid}/status`, 'utf8');
      expect(statusField(status, 'CapEff')).toBe('0000000000000000');
      expect(statusField(status, 'CapBnd')).toBe('0000000000000000');
      expect(statusField(status, 'NoNewPrivs')).toBe('1');
      expect(statusField(status, 'Uid')?.split(/\s+/)[0]).toBe('65534');
      const interfaces = await readFile(`/proc/${info.State.Pid}/net/dev`, 'utf8');
      expect(
        interfaces
          .split('\n')
          .slice(2)
          .map((line) => line.split(':')[0]?.trim())
          .filter(Boolean),
      ).toEqual(['lo']);
      const rootMount = (await readFile(`/proc/${info.State.Pid}/mounts`, 'utf8')).split('\n').find((line) => line.split(' ')[1] === '/');
      expect(rootMount?.split(' ')[3]?.split(',')).toContain('ro');
      // The secret reached the server's environment, and nowhere in its logs.
      expect((await readFile(`/proc/${info.State.Pid}/environ`, 'utf8')).split('\0')).toContain(`API_TOKEN=${SECRET}`);
      expect((await collect(runtime.logs(instance.id))).map((entry) => entry.line).join('\n')).not.toContain(SECRET);
    } finally {
      await runtime.remove(instance.id);
    }
  });

  it('talks MCP over attach, keeps stdin open across sessions, logs, stops and removes', async () => {
    const events: RuntimeEvent[] = [];
    const controller = new AbortController();
    const watching = (async () => {
      for await (const event of runtime.events({ signal: controller.signal })) events.push(event);
    })();

    const instance = await runtime.start(spec());
    expect(instance.kind).toBe('docker');
    const first = await connectMcpClient(runtime, instance, { timeoutMs: 15_000 });
    try {
      expect(first.client.getServerVersion()?.name).toBe('memory-server');
      await first.client.ping();
      const { tools } = await first.client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['create_entities', 'read_graph']));
      // Writes its graph to /tmp: the only writable place on the read-only root.
      const created = await first.client.callTool({
        name: 'create_entities',
        arguments: { entities: [{ name: 'portal', entityType: 'project', observations: [] }] },
      });
      expect(created.isError).toBeFalsy();
    } finally {
      await first.close();
    }
    const second = await connectMcpClient(runtime, instance, { timeoutMs: 15_000 });
    const graph = await second.client.callTool({ name: 'read_graph', arguments: {} });
    expect(JSON.stringify(graph.content)).toContain('portal');
    await second.close();

    expect(await runtime.inspect(instance.id)).toMatchObject({ state: 'running' });
    const logs = await collect(runtime.logs(instance.id, { tail: 10 }));
    expect(logs).toContainEqual(expect.objectContaining({ stream: 'stderr', line: READY_LINE }));
    expect(logs[0]?.at).toBeInstanceOf(Date);
    expect((await runtime.list()).map((entry) => entry.id)).toContain(instance.id);

    const following = collect(runtime.logs(instance.id, { follow: true }));
    await runtime.stop(instance.id, { timeoutMs: 20_000 });
    expect((await following).map((entry) => entry.line)).toContain(READY_LINE);
    const stopped = await runtime.inspect(instance.id);
    expect(stopped.state).toBe('exited');
    // SIGTERM reached the server through the init (128 + 15), rather than a SIGKILL after the timeout (137).
    expect(stopped.exitCode).toBe(128 + 15);
    expect(stopped.finishedAt).toBeInstanceOf(Date);
    await expect(runtime.attach(instance.id)).rejects.toBeInstanceOf(InstanceExitedError);

    await expect.poll(() => events.filter((event) => event.id === instance.id).map((event) => event.type), { timeout: 10_000 }).toEqual(['started', 'died']);
    const died = events.find((event) => event.id === instance.id && event.type === 'died');
    expect(died).toMatchObject({ serverId: instance.serverId, exitCode: 143 });
    controller.abort();
    await watching;

    await runtime.remove(instance.id);
    expect(await runtime.inspect(instance.id)).toEqual({ state: 'missing' });
    expect((await runtime.list()).map((entry) => entry.id)).not.toContain(instance.id);
    await runtime.remove(instance.id); // idempotent
    await expect(runtime.stop(instance.id)).rejects.toBeInstanceOf(InstanceNotFoundError);
  });

  it('reports a container that exits at once with its exit code and stderr', async () => {
    const script = "console.error('API_TOKEN is not valid'); process.exit(3)";
    const instance = await runtime.start(spec({ name: 'broken', command: '/usr/local/bin/node', args: ['-e', script] }));
    try {
      const failure = await connectMcpClient(runtime, instance, { timeoutMs: 15_000 }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(InstanceExitedError);
      expect((failure as InstanceExitedError).exitCode).toBe(3);
      expect((failure as InstanceExitedError).stderrTail).toContain('API_TOKEN is not valid');
    } finally {
      await runtime.remove(instance.id);
    }
  });

  it('fails with ImageNotFoundError for an unknown image and leaves no container behind', async () => {
    const unknown = spec({ name: 'unknown', image: 'localhost/mcp-portal/no-such-image:latest' });
    const failure = await runtime.start(unknown).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ImageNotFoundError);
    expect((failure as ImageNotFoundError).code).toBe('IMAGE_NOT_FOUND');
    expect((failure as Error).message).toContain('localhost/mcp-portal/no-such-image:latest');
    expect((await runtime.list()).filter((entry) => entry.serverId === unknown.serverId)).toEqual([]);
  });

  it('leaves no managed container behind', async () => {
    const containers = await runtime.docker.listContainers({ all: true, filters: { label: [`${MANAGED_LABEL}=true`] } });
    expect(containers.map((container) => `${container.Names.join(',')} ${container.State}`)).toEqual([]);
  });
});
