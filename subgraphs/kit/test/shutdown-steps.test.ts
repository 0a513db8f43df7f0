import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ShutdownSteps } from '../src/shutdown-steps.ts';
import { closeInTime } from '../src/testing/close-in-time.ts';

function capturedLogger() {
  const lines: { msg: string; step?: string }[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line) as { msg: string; step?: string }) });
  return { logger, lines };
}

describe('ShutdownSteps', () => {
  it('names the steps still running, nested ones after their parent, and forgets those that ended or failed', async () => {
    const { logger } = capturedLogger();
    const steps = new ShutdownSteps(logger);
    let release = () => {};
    const inner = new Promise<void>((resolve) => (release = resolve));
    const outer = steps.run('router', () => steps.run('router: sockets', () => inner));
    await sleep(1);
    expect(steps.pending).toEqual(['router', 'router: sockets']);
    release();
    await outer;
    expect(steps.pending).toEqual([]);
    await expect(steps.run('database pool', () => Promise.reject(new Error('gone')))).rejects.toThrow('gone');
    expect(steps.pending).toEqual([]);
  });

  it('logs a step that runs longer than it should, by name, and is quiet about quick ones', async () => {
    const { logger, lines } = capturedLogger();
    const steps = new ShutdownSteps(logger, 20);
    await steps.run('quick', () => Promise.resolve());
    await steps.run('servers: local processes', () => sleep(70));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.every((line) => line.msg === 'still stopping: servers: local processes' && line.step === 'servers: local processes')).toBe(true);
  });
});

describe('closeInTime', () => {
  it('fails with the steps a close that does not end is waiting for', async () => {
    const stuck = closeInTime(
      'the test platform',
      (steps) => steps.run('servers: background work', () => steps.run('servers: local processes', () => new Promise(() => {}))),
      50,
    );
    await expect(stuck).rejects.toThrow('the test platform did not close within 0.05 s; still stopping: servers: background work › servers: local processes');
  });

  it('passes through a close that ends in time, and its failure', async () => {
    await expect(closeInTime('a subgraph', (steps) => steps.run('event bus', () => sleep(5)), 1_000)).resolves.toBeUndefined();
    await expect(closeInTime('a subgraph', () => Promise.reject(new Error('pool ended twice')), 1_000)).rejects.toThrow('pool ended twice');
  });
});
