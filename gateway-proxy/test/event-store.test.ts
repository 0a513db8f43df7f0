import { describe, expect, it } from 'vitest';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { SessionEventStore } from '../src/event-store.ts';

const note = (n: number): JSONRPCMessage => ({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: `note ${n}` } });

async function replayed(store: SessionEventStore, after: string): Promise<{ stream: string; messages: JSONRPCMessage[] }> {
  const messages: JSONRPCMessage[] = [];
  const stream = await store.replayEventsAfter(after, { send: async (_id, message) => void messages.push(message) });
  return { stream, messages };
}

describe('SessionEventStore', () => {
  it('replays what followed an event on its own stream only, without priming events', async () => {
    const store = new SessionEventStore();
    const priming = await store.storeEvent('a', {} as JSONRPCMessage);
    await store.storeEvent('b', note(0));
    const first = await store.storeEvent('a', note(1));
    await store.storeEvent('a', note(2));
    await store.storeEvent('b', note(3));
    expect(await store.getStreamIdForEventId(first)).toBe('a');
    expect(await replayed(store, priming)).toEqual({ stream: 'a', messages: [note(1), note(2)] });
    expect(await replayed(store, first)).toEqual({ stream: 'a', messages: [note(2)] });
    expect(await store.getStreamIdForEventId('unknown')).toBeUndefined();
  });

  it('keeps at most maxEvents events and maxBytes bytes, dropping the oldest, and forgets all on clear', async () => {
    const store = new SessionEventStore({ maxEvents: 3, maxBytes: 10_000 });
    const ids: string[] = [];
    for (let n = 0; n < 10; n += 1) ids.push(await store.storeEvent('a', note(n)));
    expect(store.size.events).toBe(3);
    expect(await store.getStreamIdForEventId(ids[6]!)).toBeUndefined();
    expect((await replayed(store, ids[7]!)).messages).toEqual([note(8), note(9)]);

    const small = new SessionEventStore({ maxEvents: 1000, maxBytes: 3 * JSON.stringify(note(0)).length });
    for (let n = 0; n < 10; n += 1) await small.storeEvent('a', note(n));
    expect(small.size).toEqual({ events: 3, bytes: 3 * JSON.stringify(note(0)).length });
    small.clear();
    expect(small.size).toEqual({ events: 0, bytes: 0 });
  });
});
