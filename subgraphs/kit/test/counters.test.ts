import { afterAll, describe, expect, it } from 'vitest';
import { createCounterStore, type CounterStore } from '../src/index.ts';
import { testChannelPrefix, testRedisUrl } from '../src/testing/index.ts';

const stores: CounterStore[] = [];
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
});

describe.each([
  ['redis', () => createCounterStore({ redisUrl: testRedisUrl, keyPrefix: testChannelPrefix('counters') })],
  ['memory', () => createCounterStore({})],
])('%s counter store', (kind, make) => {
  it('counts within a window, shares the count between clients of the same store, and resets', async () => {
    const store = make();
    stores.push(store);
    expect(store.kind).toBe(kind);
    expect(await store.peek('k')).toEqual({ count: 0, resetInSeconds: 0 });
    await store.increment('k', 60);
    const second = await store.increment('k', 60);
    expect(second.count).toBe(2);
    expect(second.resetInSeconds).toBeGreaterThan(55);
    expect((await store.peek('k')).count).toBe(2);
    await store.reset('k');
    expect((await store.peek('k')).count).toBe(0);
  });

  it('starts a new window when the old one ends', async () => {
    const store = make();
    stores.push(store);
    await store.increment('short', 1);
    // The one-second window ends: the count is gone, and the next increment opens a new window.
    await expect.poll(async () => (await store.peek('short')).count, { timeout: 15_000, interval: 100 }).toBe(0);
    expect((await store.increment('short', 1)).count).toBe(1);
  });

  it('adds several at once', async () => {
    const store = make();
    stores.push(store);
    await store.increment('many', 60);
    expect((await store.increment('many', 60, 5)).count).toBe(6);
  });
});
