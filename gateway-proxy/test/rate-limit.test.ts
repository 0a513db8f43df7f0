import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCounterStore, createLogger, type CounterStore, type Viewer } from '@mcp-portal/kit';
import { testRedisUrl, waitUntil } from '@mcp-portal/kit/testing';
import { RateLimit } from '../src/rate-limit.ts';

/**
 * The per-user rate limit on the real Redis, behind a real HTTP server (a refusal is a 429 it writes): exact
 * in one process, and the requests it admitted without a round trip reach the shared count shortly after.
 */
const perMinute = 5;
const prefix = `test-rate-limit:${randomUUID()}:`;
let counters: CounterStore;
let http: Server;
let url: string;
const logger = createLogger('test', 'silent');

beforeAll(async () => {
  counters = createCounterStore({ redisUrl: testRedisUrl, keyPrefix: prefix });
  const limit = new RateLimit(counters, perMinute, logger, 50);
  http = createServer((req, res) => {
    const viewer: Viewer = { userId: String(req.headers['x-user']), email: 'user@example.test', role: 'operator' };
    void limit.admit(viewer, res).then((admitted) => admitted && res.end('ok'));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => http.close(() => resolve()));
  await counters.close();
});

const send = (userId: string) => fetch(url, { headers: { 'x-user': userId } }).then((response) => response.status);

describe('rate limit', () => {
  it('admits exactly the limit per user and minute, then answers 429, and adds what it admitted to the shared count', async () => {
    const user = randomUUID();
    const statuses: number[] = [];
    for (let i = 0; i < perMinute + 2; i += 1) statuses.push(await send(user));
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(await send(randomUUID())).toBe(200);
    // Every request, refused ones included, ends up in Redis.
    await waitUntil(
      'the shared count',
      () => counters.peek(`gateway-proxy-requests:${user}`),
      (count) => count.count === perMinute + 2,
    );
  });

  it('counts what another replica counted', async () => {
    const user = randomUUID();
    expect(await send(user)).toBe(200);
    const replica = createCounterStore({ redisUrl: testRedisUrl, keyPrefix: prefix });
    try {
      await replica.increment(`gateway-proxy-requests:${user}`, 60, perMinute);
    } finally {
      await replica.close();
    }
    // Admitted locally at first, then refused once the replica's count is read back (within the sync period).
    await waitUntil(
      "the replica's count to hold here",
      () => send(user),
      (status) => status === 429,
    );
  });

  it('counts what it is still adding to the shared count (a slow Redis round trip admits no more than the limit)', async () => {
    const slowRoundTripMs = 1_000;
    const slow: CounterStore = {
      ...counters,
      increment: async (key, windowSeconds, by) => {
        const counted = await counters.increment(key, windowSeconds, by);
        await new Promise((resolve) => setTimeout(resolve, slowRoundTripMs));
        return counted;
      },
    };
    // Each admitted request is sent to Redis 1 ms after it came; the next comes 50 ms later, long before Redis answers.
    const limit = new RateLimit(slow, perMinute, logger, 1);
    const server = createServer((req, res) => {
      const viewer: Viewer = { userId: String(req.headers['x-user']), email: 'user@example.test', role: 'operator' };
      void limit.admit(viewer, res).then((admitted) => admitted && res.end('ok'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const slowUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      const user = randomUUID();
      const statuses: number[] = [];
      for (let i = 0; i < perMinute + 2; i += 1) {
        statuses.push(await fetch(slowUrl, { headers: { 'x-user': user } }).then((response) => response.status));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
