import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { enableServerMutation, setServerStatusMutation, type EnableServerResult } from '../src/testing/index.ts';
import { startTestPlatform, type TestPlatform, waitForSubscribers } from '../src/testing/index.ts';

let platform: TestPlatform;
let token: string;
let serverId: string;

beforeAll(async () => {
  platform = await startTestPlatform({ label: 'ws-protocol' });
  token = await platform.adminToken();
  serverId = (await platform.request<EnableServerResult>(enableServerMutation, { name: 'time', start: false }, token)).data!.enableServer.id;
});
afterAll(async () => {
  await platform?.close();
});

interface RawClient {
  socket: WebSocket;
  messages: Record<string, unknown>[];
  raw: string[];
  send(message: unknown): void;
  nextMessage(predicate: (m: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  closed: Promise<{ code: number; reason: string }>;
}

async function connect(protocol: string | null = 'graphql-transport-ws'): Promise<RawClient> {
  const socket = new WebSocket(platform.wsUrl, protocol ? [protocol] : []);
  const messages: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  socket.on('message', (data: Buffer) => {
    raw.push(data.toString());
    messages.push(JSON.parse(data.toString()) as Record<string, unknown>);
  });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return {
    socket,
    messages,
    raw,
    closed,
    send: (message) => socket.send(typeof message === 'string' ? message : JSON.stringify(message)),
    async nextMessage(predicate, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = messages.find(predicate);
        if (found) return found;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`no matching message; got ${JSON.stringify(messages)}`);
    },
  };
}

async function ready(): Promise<RawClient> {
  const client = await connect();
  client.send({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } });
  await client.nextMessage((m) => m.type === 'connection_ack');
  return client;
}

const statusSubscription = 'subscription($id: ID) { serverStatusChanged(id: $id) { id status enabledBy { email } } }';

describe('graphql-transport-ws protocol at the router', () => {
  it('closes a socket that does not ask for graphql-transport-ws with 4406', async () => {
    const client = await connect(null);
    expect((await client.closed).code).toBe(4406);
  });

  it('closes with 4401 when subscribing before connection_init, 4429 on a second init, 4400 on garbage', async () => {
    const early = await connect();
    early.send({ type: 'subscribe', id: '1', payload: { query: statusSubscription } });
    expect((await early.closed).code).toBe(4401);

    const twice = await ready();
    twice.send({ type: 'connection_init', payload: { token } });
    expect((await twice.closed).code).toBe(4429);

    const garbage = await ready();
    garbage.send('{not json');
    expect(await garbage.closed).toEqual({ code: 4400, reason: 'Invalid message received' });
  });

  it('accepts the token as `token` in the payload too, and answers ping with pong', async () => {
    const client = await connect();
    client.send({ type: 'connection_init', payload: { token } });
    await client.nextMessage((m) => m.type === 'connection_ack');
    client.send({ type: 'ping' });
    await client.nextMessage((m) => m.type === 'pong');
    client.socket.close();
  });

  it('answers invalid operations with an error message and keeps the socket open', async () => {
    const client = await ready();
    client.send({ type: 'subscribe', id: 'q', payload: { query: '{ servers { id } }' } });
    const queryRefused = await client.nextMessage((m) => m.id === 'q');
    expect(queryRefused).toMatchObject({ type: 'error', payload: [{ extensions: { code: 'BAD_REQUEST' } }] });
    client.send({ type: 'subscribe', id: 'v', payload: { query: 'subscription { serverStatusChanged { nope } }' } });
    const invalid = await client.nextMessage((m) => m.id === 'v');
    expect(invalid.type).toBe('error');
    expect(JSON.stringify(invalid.payload)).toContain('nope');
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
    client.socket.close();
  });

  it('refuses a duplicate subscription id with 4409', async () => {
    const client = await ready();
    client.send({ type: 'subscribe', id: 'dup', payload: { query: statusSubscription, variables: { id: serverId } } });
    client.send({ type: 'subscribe', id: 'dup', payload: { query: statusSubscription, variables: { id: serverId } } });
    expect((await client.closed).code).toBe(4409);
  });

  it('writes byte-identical payloads to the members of a group, and stops after complete', async () => {
    const first = await ready();
    const second = await ready();
    for (const client of [first, second]) {
      client.send({ type: 'subscribe', id: 's1', payload: { query: statusSubscription, variables: { id: serverId } } });
    }
    await waitForSubscribers(platform.url, 2);
    const health = (await (await fetch(`${platform.url}/health`)).json()) as { subscriptions: { groups: number; subscribers: number } };
    expect(health.subscriptions).toMatchObject({ groups: 1, subscribers: 2 });

    await platform.request(setServerStatusMutation, { id: serverId, status: 'RUNNING' }, token);
    const events = await Promise.all([first, second].map((c) => c.nextMessage((m) => m.type === 'next')));
    expect(events[0]).toMatchObject({
      id: 's1',
      payload: { data: { serverStatusChanged: { id: serverId, status: 'RUNNING', enabledBy: { email: platform.admin.email } } } },
    });
    const rawNext = [first, second].map((c) => c.raw.find((r) => r.includes('"next"')));
    expect(rawNext[0]).toBe(rawNext[1]);

    first.send({ type: 'complete', id: 's1' });
    await waitForSubscribers(platform.url, 1); // the router has let go of the completed subscription
    await platform.request(setServerStatusMutation, { id: serverId, status: 'STOPPED' }, token);
    await second.nextMessage((m) => m.type === 'next' && JSON.stringify(m).includes('STOPPED'));
    // A pong comes after anything the router wrote to this socket before it: nothing more arrived.
    first.send({ type: 'ping' });
    await first.nextMessage((m) => m.type === 'pong');
    expect(first.messages.filter((m) => m.type === 'next')).toHaveLength(1);
    first.socket.close();
    second.socket.close();
  });

  it('caps the message size: small before connection_init, larger after, refused before it is parsed (1009)', async () => {
    const hugeBeforeInit = await connect();
    hugeBeforeInit.send('x'.repeat(1024 * 1024));
    expect((await hugeBeforeInit.closed).code).toBe(1009);

    const bigInit = await connect();
    bigInit.send({ type: 'connection_init', payload: { authorization: `Bearer ${token}`, padding: 'x'.repeat(32 * 1024) } });
    expect((await bigInit.closed).code).toBe(1009);

    const client = await ready();
    // Bigger than a connection_init may be, yet read: answered (a query is not served here), socket open.
    client.send({ type: 'subscribe', id: 'padded', payload: { query: `{ servers { id } } # ${'x'.repeat(32 * 1024)}` } });
    expect(await client.nextMessage((m) => m.id === 'padded')).toMatchObject({ type: 'error', payload: [{ extensions: { code: 'BAD_REQUEST' } }] });
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
    client.send({ type: 'subscribe', id: 'huge', payload: { query: `subscription { serverStatusChanged { id } } # ${'x'.repeat(1024 * 1024)}` } });
    expect((await client.closed).code).toBe(1009);
  });

  it('closes a connection that never sends connection_init with 4408', async () => {
    const client = await connect();
    expect((await client.closed).code).toBe(4408);
  });
});
