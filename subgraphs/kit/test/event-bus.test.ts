import { afterEach, describe, expect, it } from 'vitest';
import { topics, type ServerStatusChangedEvent } from '@mcp-portal/schema';
import { createEventBus, type EventBus } from '../src/index.ts';
import { testChannelPrefix, testRedisUrl } from '../src/testing/index.ts';

const buses: EventBus[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.close()));
});

function bus(options: Parameters<typeof createEventBus>[0]): EventBus {
  const created = createEventBus(options);
  buses.push(created);
  return created;
}

function collect(target: EventBus) {
  const received: ServerStatusChangedEvent[] = [];
  return { received, ready: target.subscribe(topics.serverStatusChanged, (event) => received.push(event)) };
}

const event: ServerStatusChangedEvent = { id: '00000000-0000-4000-8000-000000000001', status: 'running', at: new Date(0).toISOString() };

describe('event bus', () => {
  it('delivers through Redis from one process client to another, and not across channel prefixes', async () => {
    const prefix = testChannelPrefix('kit');
    const publisher = bus({ redisUrl: testRedisUrl, channelPrefix: prefix });
    const sameDeployment = collect(bus({ redisUrl: testRedisUrl, channelPrefix: prefix }));
    const otherPrefix = testChannelPrefix('other');
    const otherDeployment = collect(bus({ redisUrl: testRedisUrl, channelPrefix: otherPrefix }));
    await Promise.all([sameDeployment.ready, otherDeployment.ready]);
    await publisher.publish(topics.serverStatusChanged, event);
    await expect.poll(() => sameDeployment.received, { timeout: 15_000 }).toEqual([event]);
    // Redis delivers in the order it took the publishes: once the other deployment's own event is in, ours never will be.
    const own = { ...event, status: 'stopped' as const };
    await bus({ redisUrl: testRedisUrl, channelPrefix: otherPrefix }).publish(topics.serverStatusChanged, own);
    await expect.poll(() => otherDeployment.received.length, { timeout: 15_000 }).toBeGreaterThan(0);
    expect(otherDeployment.received).toEqual([own]);
    expect(publisher.kind).toBe('redis');
    await expect(publisher.ping()).resolves.toBeUndefined();
  });

  it('stops delivering after unsubscribe', async () => {
    const memory = bus({});
    const received: ServerStatusChangedEvent[] = [];
    const unsubscribe = await memory.subscribe(topics.serverStatusChanged, (e) => received.push(e));
    await memory.publish(topics.serverStatusChanged, event);
    await unsubscribe();
    // A listener still subscribed shows when the next event has been delivered.
    const stillListening: ServerStatusChangedEvent[] = [];
    await memory.subscribe(topics.serverStatusChanged, (e) => stillListening.push(e));
    await memory.publish(topics.serverStatusChanged, { ...event, status: 'stopped' });
    await expect.poll(() => stillListening.length, { timeout: 15_000 }).toBe(1);
    expect(received).toEqual([event]);
    expect(memory.kind).toBe('memory');
  });
});
