/** Servers the conformance run and the benchmark start as their own processes, and what they cost. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { freePort, waitUntil } from '@mcp-portal/kit/testing';

export interface ListeningProcess {
  port: number;
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** Starts `command args` with `PORT` (and `portArgs(port)`) set to a spare port; resolves once it accepts connections. */
export async function startListening(
  name: string,
  command: string,
  args: (port: number) => string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<ListeningProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(command, args(port), {
    cwd: options.cwd,
    env: { ...process.env, NODE_ENV: 'production', ...options.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      return;
    }
    await exited;
  };
  try {
    await waitUntil(`${name} to listen on ${port}`, async () => child.exitCode === null && (await accepts(port)), Boolean, { timeoutMs: 60_000 });
  } catch (error) {
    process.stderr.write(output);
    await stop();
    throw error;
  }
  return { port, pid: child.pid!, output: () => output, stop };
}

/** Resident memory of one process (Linux `/proc`), in bytes. */
export function residentBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
  if (!match) throw new Error(`no VmRSS for ${pid}`);
  return Number(match[1]) * 1024;
}

function parentOf(pid: number): number | null {
  try {
    // The command may contain spaces and parentheses: the fields after the last ')' are fixed.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

/** A process and all its descendants (Linux `/proc`). */
function treeOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const parent = parentOf(pid);
    if (parent !== null) children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const tree: number[] = [];
  for (const queue = [root]; queue.length > 0;) {
    const pid = queue.pop()!;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** Resident memory of a process and all its descendants (Linux `/proc`), in bytes, and how many processes that is. */
export function treeResidentBytes(root: number): { bytes: number; processes: number } {
  let bytes = 0;
  let processes = 0;
  for (const pid of treeOf(root)) {
    try {
      bytes += residentBytes(pid);
      processes += 1;
    } catch {
      continue;
    }
  }
  return { bytes, processes };
}

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ, 100 on Linux). */
const ticksPerSecond = 100;

/**
 * CPU time (user and system, in ms) a process and its descendants have used so far; processes that ended
 * meanwhile are not counted. Work done for them by other processes (PostgreSQL, Redis) is not in it.
 */
export function treeCpuMs(root: number): number {
  let ticks = 0;
  for (const pid of treeOf(root)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // After the command's ')': state is field 3, utime and stime fields 14 and 15.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      continue;
    }
  }
  return (ticks * 1000) / ticksPerSecond;
}
