import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestPlatform, type TestPlatform, waitForSubscribers } from '../src/testing/index.ts';

/**
 * One socket, or one user over several sockets, may hold only so many subscriptions: each one costs a
 * gateway execution per event, so without a bound one client could make every event slow for everybody.
 */
let platform: TestPlatform;
let token: string;

beforeAll(async () => {
  platform = await startTestPlatform({ label: 'ws-limits', subscriptionLimits: { maxPerConnection: 3, maxPerUser: 5 } });
  token = await platform.adminToken();
});
afterAll(async () => {
  await platform?.close();
});

interface RawClient {
  socket: WebSocket;
  messages: Record<string, unknown>[];
  send(message: unknown): void;
  nextMessage(predicate: (m: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  closed: Promise<number>;
}

async function ready(): Promise<RawClient> {
  const socket = new WebSocket(platform.wsUrl, ['graphql-transport-ws']);
  const messages: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  socket.on('message', (data: Buffer) => {
    messages.push(JSON.parse(data.toString()) as Record<string, unknown>);
    for (const wake of waiters) wake();
  });
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const client: RawClient = {
    socket,
    messages,
    closed,
    send: (message) => socket.send(JSON.stringify(message)),
    nextMessage: (predicate) =>
      new Promise((resolve) => {
        const check = () => {
          const found = messages.find(predicate);
          if (!found) return;
          waiters.delete(check);
          resolve(found);
        };
        waiters.add(check);
        check();
      }),
  };
  client.send({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } });
  await client.nextMessage((m) => m.type === 'connection_ack');
  return client;
}

const statusSubscription = { query: 'subscription { serverStatusChanged { id status } }' };
const subscribeAs = (client: RawClient, id: string) => client.send({ type: 'subscribe', id, payload: statusSubscription });
const refusalOf = (client: RawClient, id: string) => client.nextMessage((m) => m.id === id && m.type === 'error');

describe('subscription limits at the router', () => {
  it('refuses a subscription past the per-connection and per-user limits, and counts again once some end', async () => {
    const first = await ready();
    for (const id of ['a', 'b', 'c']) subscribeAs(first, id);
    await waitForSubscribers(platform.url, 3);
    subscribeAs(first, 'd');
    expect(await refusalOf(first, 'd')).toMatchObject({ payload: [{ extensions: { code: 'TOO_MANY_REQUESTS' } }] });
    expect(first.socket.readyState).toBe(WebSocket.OPEN);

    // Another socket of the same user: two more fit under the per-user limit of five, not a third.
    const second = await ready();
    subscribeAs(second, 'a');
    subscribeAs(second, 'b');
    await waitForSubscribers(platform.url, 5);
    subscribeAs(second, 'c');
    expect(await refusalOf(second, 'c')).toMatchObject({ payload: [{ extensions: { code: 'TOO_MANY_REQUESTS' } }] });

    // Completing one frees its place; closing a socket frees all of its places.
    first.send({ type: 'complete', id: 'a' });
    await waitForSubscribers(platform.url, 4);
    subscribeAs(second, 'e');
    await waitForSubscribers(platform.url, 5);
    first.socket.close();
    await waitForSubscribers(platform.url, 3);
    const third = await ready();
    subscribeAs(third, 'f');
    subscribeAs(third, 'g');
    await waitForSubscribers(platform.url, 5);
    subscribeAs(third, 'h');
    expect(await refusalOf(third, 'h')).toMatchObject({ payload: [{ extensions: { code: 'TOO_MANY_REQUESTS' } }] });
    expect(second.messages.filter((m) => m.type === 'error').map((m) => m.id)).toEqual(['c']);
    second.socket.close();
    third.socket.close();
    await waitForSubscribers(platform.url, 0);
  });

  it('refuses an operation with more than one root field', async () => {
    const client = await ready();
    client.send({
      type: 'subscribe',
      id: 'two',
      payload: { query: 'subscription { a: serverStatusChanged { id } b: serverStatusChanged { status } }' },
    });
    const refused = await client.nextMessage((m) => m.id === 'two');
    expect(refused.type).toBe('error');
    client.send({
      type: 'subscribe',
      id: 'fragment',
      payload: { query: 'subscription { serverStatusChanged { id } ... on Subscription { auditEventAdded { id } } }' },
    });
    expect((await client.nextMessage((m) => m.id === 'fragment')).type).toBe('error');
    client.send({
      type: 'subscribe',
      id: 'spread',
      payload: { query: 'subscription { ...Both } fragment Both on Subscription { a: serverStatusChanged { id } b: serverStatusChanged { id } }' },
    });
    expect((await client.nextMessage((m) => m.id === 'spread')).type).toBe('error');
    await waitForSubscribers(platform.url, 0);
    client.socket.close();
  });
});
