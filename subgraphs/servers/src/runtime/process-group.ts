import { readdir, readFile } from 'node:fs/promises';

/** Sends `signal` to every process of the group led by `pgid`; false when the group is already gone. */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    if (isNoSuchProcess(error)) return false;
    throw error;
  }
}

/**
 * Whether a process of the group still runs. Zombies do not count: orphans are reaped by PID 1, which here
 * may take seconds, and a zombie runs no code and holds no resources but its slot in the process table.
 */
export async function groupIsRunning(pgid: number): Promise<boolean> {
  if (!signalGroup(pgid, 0)) return false;
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return true; // no procfs: trust kill(0)
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readStat(entry);
    if (stat && stat.pgid === pgid && stat.state !== 'Z') return true;
  }
  return false;
}

/** Whether the process runs (exists and is not a zombie). */
export async function processIsRunning(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if (isNoSuchProcess(error)) return false;
    throw error;
  }
  const stat = await readStat(String(pid));
  return stat === undefined ? true : stat.state !== 'Z';
}

async function readStat(pid: string): Promise<{ state: string; pgid: number } | undefined> {
  let text: string;
  try {
    text = await readFile(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // "pid (comm) state ppid pgrp …": comm may contain spaces and parentheses, so split after the last ")".
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const [state, , pgrp] = fields;
  return state === undefined || pgrp === undefined ? undefined : { state, pgid: Number(pgrp) };
}

function isNoSuchProcess(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ESRCH';
}
