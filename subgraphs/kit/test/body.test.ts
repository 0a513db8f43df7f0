import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { BodyTooLargeError, readBody } from '../src/http/body.ts';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

/** A real server answering with what readBody made of the body (200), or 413 when it refused it. */
async function serve(limitBytes: number): Promise<number> {
  server = createServer((req, res) => {
    readBody(req, limitBytes).then(
      (text) => res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(text),
      (error: unknown) => res.writeHead(error instanceof BodyTooLargeError ? 413 : 500, { connection: 'close' }).end(String(error)),
    );
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Sends the chunks one by one, without a Content-Length (chunked), and reads the answer. */
function send(port: number, chunks: Buffer[]): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ port, host: '127.0.0.1', method: 'POST', path: '/' }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString('utf8') }));
    });
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

it('joins a body sent in several chunks, with a character split between two of them', async () => {
  const port = await serve(1024);
  const text = Buffer.from('{"name":"Zoë ✓"}', 'utf8');
  const split = text.indexOf(0xc3) + 1;
  expect(await send(port, [text.subarray(0, split), text.subarray(split)])).toEqual({ status: 200, text: '{"name":"Zoë ✓"}' });
});

it('refuses a body past the limit while it is still coming, and the refusal reaches the client', async () => {
  const port = await serve(1024);
  const answer = await send(
    port,
    Array.from({ length: 8 }, () => Buffer.alloc(512, 'x')),
  );
  expect(answer.status).toBe(413);
  expect(answer.text).toMatch(/larger than 1024 bytes/);
  expect((await send(port, [Buffer.alloc(1024, 'y')])).text).toBe('y'.repeat(1024));
});
