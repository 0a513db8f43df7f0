import { describe, expect, it } from 'vitest';
import { RefetchQueue } from '../src/graphql/refetch-queue.ts';

/** A refetch that answers when told to: `answer` ends the oldest one under way and lets what follows it run. */
function controlledRefetch() {
  const answers: (() => void)[] = [];
  return {
    answer: async () => {
      answers.shift()?.();
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
    refetch: () => new Promise<void>((resolve) => answers.push(resolve)),
  };
}

describe('the server list refetch', () => {
  it('refetches once more after a change announced while a refetch is under way, then stops', async () => {
    const control = controlledRefetch();
    let begun = 0;
    const queue = new RefetchQueue(() => ((begun += 1), control.refetch()));
    const done = queue.request();
    expect(begun).toBe(1);
    queue.changed(); // e.g. the new server failed while the list was being read
    queue.changed();
    await control.answer();
    expect(begun).toBe(2); // its answer may predate the change: one more, not one per change
    await control.answer();
    await done;
    expect(begun).toBe(2);
  });

  it('joins a request made during a refetch to one more refetch, and refetches nothing for a change when idle', async () => {
    const control = controlledRefetch();
    let begun = 0;
    const queue = new RefetchQueue(() => ((begun += 1), control.refetch()));
    queue.changed();
    expect(begun).toBe(0);
    const first = queue.request();
    const second = queue.request();
    expect(begun).toBe(1);
    await control.answer();
    expect(begun).toBe(2);
    await control.answer();
    await Promise.all([first, second]);
    expect(begun).toBe(2);
    await Promise.all([queue.request(), control.answer()]);
    expect(begun).toBe(3);
  });

  it('goes on after a refetch that failed', async () => {
    let begun = 0;
    const queue = new RefetchQueue(() => ((begun += 1), begun === 1 ? Promise.reject(new Error('offline')) : Promise.resolve()));
    await queue.request();
    await queue.request();
    expect(begun).toBe(2);
  });
});
