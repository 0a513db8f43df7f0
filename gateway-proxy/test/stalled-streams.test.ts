import { createServer, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { waitUntil } from '@mcp-portal/kit/testing';
import { closeWhenStalled } from '../src/stalled-streams.ts';

/** A real HTTP server streaming to a raw client that stops reading, as a slow MCP client would. */
let server: Server | undefined;
let client: Socket | undefined;
afterEach(async () => {
  client?.destroy();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

async function streamTo(onResponse: (res: ServerResponse) => void): Promise<Socket> {
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    onResponse(res);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
  socket.write('GET /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n');
  client = socket;
  return socket;
}

/** Writes events whenever the response can take more, as a busy session does, until it closes. */
function pump(res: ServerResponse): void {
  const event = `data: ${'x'.repeat(64 * 1024)}\n\n`;
  const fill = () => {
    while (!res.destroyed && res.write(event)) {
      // until the buffer is full; the next drain fills it again
    }
  };
  res.on('drain', fill);
  fill();
}

it('closes a stream whose client stopped reading while data waits for it', async () => {
  let response: ServerResponse | undefined;
  const socket = await streamTo((res) => {
    response = res;
    closeWhenStalled(res, 300);
    pump(res);
  });
  socket.pause();
  await waitUntil(
    'the response to need draining',
    () => response?.writableNeedDrain,
    (needDrain) => needDrain === true,
    { timeoutMs: 5_000 },
  );
  // The connection is closed on the proxy's side: what waited for the client is let go.
  await waitUntil(
    'the stalled stream to be closed',
    () => response?.destroyed === true && (response.socket?.destroyed ?? true),
    (done) => done,
    { timeoutMs: 5_000 },
  );
});

it('keeps a stream open while its client reads, even when the buffer fills now and then', async () => {
  let response: ServerResponse | undefined;
  let drains = 0;
  const socket = await streamTo((res) => {
    response = res;
    closeWhenStalled(res, 300);
    res.on('drain', () => (drains += 1));
    pump(res);
  });
  socket.on('data', () => undefined);
  // Filled and drained again and again, for several times the stall limit in all.
  const started = Date.now();
  await waitUntil(
    'a second of drains',
    () => ({ drains, elapsed: Date.now() - started }),
    ({ drains: count, elapsed }) => count > 2 && elapsed > 1_200,
  );
  expect(response!.destroyed).toBe(false);
});
