import { describe, expect, it } from 'vitest';
import { createCounterStore, TooManyRequestsError } from '@mcp-portal/kit';
import { testRedisUrl, testChannelPrefix } from '@mcp-portal/kit/testing';
import { LoginThrottle } from '../src/services/login-throttle.ts';

const limits = { failuresPerAccount: 5, failuresPerAddress: 8, windowSeconds: 60 };

describe.each(['memory', 'redis'] as const)('login throttle (%s counters)', (kind) => {
  const newThrottle = () => {
    const counters = createCounterStore(kind === 'redis' ? { redisUrl: testRedisUrl, keyPrefix: testChannelPrefix('throttle') } : {});
    return { counters, throttle: new LoginThrottle(counters, limits) };
  };

  it('lets exactly the limit of attempts that arrive together check a password', async () => {
    const { counters, throttle } = newThrottle();
    const outcomes = await Promise.allSettled(Array.from({ length: 100 }, () => throttle.reserve('a@example.test', null)));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(limits.failuresPerAccount);
    expect(outcomes.filter((o) => o.status === 'rejected').every((o) => o.reason instanceof TooManyRequestsError)).toBe(true);
    await counters.close();
  });

  it('clears the account on a right password, and counts an address by its failures only', async () => {
    const { counters, throttle } = newThrottle();
    for (let i = 0; i < 4; i += 1) await throttle.reserve('b@example.test', '203.0.113.1');
    await (await throttle.reserve('b@example.test', '203.0.113.1')).succeeded();
    // The account starts again; the address has 4 failures (5 attempts, 1 refunded) of its 8.
    for (let i = 0; i < 10; i += 1) await (await throttle.reserve(`ok-${i}@example.test`, '203.0.113.1')).succeeded();
    for (let i = 0; i < 4; i += 1) await throttle.reserve(`c-${i}@example.test`, '203.0.113.1');
    await expect(throttle.reserve('d@example.test', '203.0.113.1')).rejects.toThrow(/Too many failed sign-ins/);
    await expect(throttle.reserve('d@example.test', '203.0.113.2')).resolves.toBeDefined();
    await counters.close();
  });
});
