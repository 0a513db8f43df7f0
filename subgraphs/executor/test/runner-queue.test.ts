import { describe, expect, it } from 'vitest';
import { ExecutionQueue, QueueCancelledError, QueueFullError, runProcess, type QueuedPosition } from '../src/runner/index.ts';

/** A job that runs until the test lets it finish (or its signal is aborted). */
function controllable() {
  const started: string[] = [];
  const finishers = new Map<string, (value: string) => void>();
  const job = (name: string) => (signal: AbortSignal) => {
    started.push(name);
    return new Promise<string>((resolve) => {
      finishers.set(name, resolve);
      signal.addEventListener('abort', () => resolve(`${name} aborted`), { once: true });
    });
  };
  const finish = async (name: string) => {
    finishers.get(name)?.(name);
    // Let the queue see the settlement and start what waits.
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { started, job, finish };
}

describe('ExecutionQueue', () => {
  it('runs at most maxConcurrent jobs and starts the waiting ones in FIFO order', async () => {
    const queue = new ExecutionQueue({ maxConcurrent: 2, maxPerUser: 10 });
    const { started, job, finish } = controllable();
    const jobs = ['a', 'b', 'c', 'd'].map((name, index) => queue.enqueue(`user-${index}`, job(name)));
    expect(started).toEqual(['a', 'b']);
    expect(queue.running).toBe(2);
    expect(jobs.map((queued) => queued.position())).toEqual([null, null, 1, 2]);
    expect(jobs.map((queued) => queued.state())).toEqual(['running', 'running', 'queued', 'queued']);

    await finish('b');
    expect(started).toEqual(['a', 'b', 'c']);
    expect(jobs.map((queued) => queued.position())).toEqual([null, null, null, 1]);
    await expect(jobs[1]?.done).resolves.toBe('b');
    expect(jobs[1]?.state()).toBe('finished');

    await finish('a');
    expect(started).toEqual(['a', 'b', 'c', 'd']);
    await finish('c');
    await finish('d');
    expect(queue.running).toBe(0);
    expect(queue.waiting).toBe(0);
  });

  it('holds one user at maxPerUser while others pass', async () => {
    const queue = new ExecutionQueue({ maxConcurrent: 3, maxPerUser: 1 });
    const { started, job, finish } = controllable();
    queue.enqueue('alice', job('alice-1'));
    const alice2 = queue.enqueue('alice', job('alice-2'));
    queue.enqueue('bob', job('bob-1'));
    expect(started).toEqual(['alice-1', 'bob-1']);
    expect(alice2.position()).toBe(1);
    expect(queue.runningFor('alice')).toBe(1);

    // A slot frees for bob: alice is still at her cap, so alice-2 keeps waiting.
    await finish('bob-1');
    expect(started).toEqual(['alice-1', 'bob-1']);
    await finish('alice-1');
    expect(started).toEqual(['alice-1', 'bob-1', 'alice-2']);
    await finish('alice-2');
  });

  it('announces the positions as the waiting list changes', async () => {
    const announced: QueuedPosition[][] = [];
    const queue = new ExecutionQueue({ maxConcurrent: 1, maxPerUser: 1, onPositions: (positions) => announced.push([...positions]) });
    const { job, finish } = controllable();
    queue.enqueue('u1', job('one'), { id: 'run-1' });
    queue.enqueue('u2', job('two'), { id: 'run-2' });
    queue.enqueue('u3', job('three'), { id: 'run-3' });
    await finish('one');
    expect(announced).toEqual([
      [{ id: 'run-2', userId: 'u2', position: 1 }],
      [
        { id: 'run-2', userId: 'u2', position: 1 },
        { id: 'run-3', userId: 'u3', position: 2 },
      ],
      [{ id: 'run-3', userId: 'u3', position: 1 }],
    ]);
    await finish('two');
    expect(announced.at(-1)).toEqual([]);
    await finish('three');
  });

  it('removes a job cancelled while queued: it never starts and its done rejects', async () => {
    const announced: QueuedPosition[][] = [];
    const queue = new ExecutionQueue({ maxConcurrent: 1, maxPerUser: 5, onPositions: (positions) => announced.push([...positions]) });
    const { started, job, finish } = controllable();
    queue.enqueue('u', job('running'));
    const cancelled = queue.enqueue('u', job('cancelled'));
    const after = queue.enqueue('u', job('after'));
    expect(after.position()).toBe(2);

    expect(cancelled.cancel()).toBe(true);
    await expect(cancelled.done).rejects.toBeInstanceOf(QueueCancelledError);
    expect(cancelled.position()).toBeNull();
    expect(cancelled.state()).toBe('finished');
    expect(after.position()).toBe(1);
    expect(announced.at(-1)).toEqual([{ id: after.id, userId: 'u', position: 1 }]);
    expect(cancelled.cancel()).toBe(false);

    await finish('running');
    expect(started).toEqual(['running', 'after']);
    await finish('after');
  });

  it('aborts a running job through the signal given to start', async () => {
    const queue = new ExecutionQueue({ maxConcurrent: 1, maxPerUser: 1 });
    const { job } = controllable();
    const running = queue.enqueue('u', job('long'));
    expect(running.cancel()).toBe(true);
    await expect(running.done).resolves.toBe('long aborted');
    expect(queue.running).toBe(0);
    expect(running.cancel()).toBe(false);
  });

  it('frees the slot when start throws or rejects', async () => {
    const queue = new ExecutionQueue({ maxConcurrent: 1, maxPerUser: 1 });
    const throwing = queue.enqueue('u', () => {
      throw new Error('sync failure');
    });
    const rejecting = queue.enqueue('u', () => Promise.reject(new Error('async failure')));
    const after = queue.enqueue('u', () => Promise.resolve('ran'));
    await expect(throwing.done).rejects.toThrow('sync failure');
    await expect(rejecting.done).rejects.toThrow('async failure');
    await expect(after.done).resolves.toBe('ran');
    expect(queue.running).toBe(0);
  });

  it('refuses a user’s job past maxWaitingPerUser', () => {
    const queue = new ExecutionQueue({ maxConcurrent: 1, maxPerUser: 1, maxWaitingPerUser: 1 });
    const never = () => new Promise<never>(() => undefined);
    queue.enqueue('u', never);
    queue.enqueue('u', never);
    expect(() => queue.enqueue('u', never)).toThrow(QueueFullError);
    expect(() => queue.enqueue('other', never)).not.toThrow();
  });

  it('refuses invalid caps', () => {
    expect(() => new ExecutionQueue({ maxConcurrent: 0, maxPerUser: 1 })).toThrow();
    expect(() => new ExecutionQueue({ maxConcurrent: 1, maxPerUser: 1.5 })).toThrow();
  });

  it('runs real processes within the caps and cancels a running one', async () => {
    const queue = new ExecutionQueue({ maxConcurrent: 2, maxPerUser: 1 });
    const caps = { timeoutMs: 5000, maxOutputBytes: 10_000, maxOutputLines: 100, killGraceMs: 300 };
    const sleeper = (signal: AbortSignal) => runProcess({ ...caps, executable: '/bin/sleep', argv: ['30'], signal });
    const echo = (text: string) => (signal: AbortSignal) => runProcess({ ...caps, executable: '/bin/echo', argv: [text], signal });
    const long = queue.enqueue('alice', sleeper);
    const aliceEcho = queue.enqueue('alice', echo('alice'));
    const bobEcho = queue.enqueue('bob', echo('bob'));
    expect(aliceEcho.position()).toBe(1);
    await expect(bobEcho.done).resolves.toMatchObject({ status: 'succeeded' });
    expect(aliceEcho.state()).toBe('queued');

    long.cancel();
    await expect(long.done).resolves.toMatchObject({ status: 'cancelled' });
    await expect(aliceEcho.done).resolves.toMatchObject({ status: 'succeeded' });
  });
});
