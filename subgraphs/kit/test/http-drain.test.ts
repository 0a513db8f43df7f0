import { describe, expect, it } from 'vitest';
import { createLogger, listen } from '../src/index.ts';

/** A server that answers /slow only when told to, so a request is provably in flight. */
async function slowServer() {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  let started = () => {};
  const inHandler = new Promise<void>((resolve) => (started = resolve));
  const http = await listen(
    {
      routes: {
        '/slow': async (_req, res) => {
          started();
          await released;
          res.end('done');
        },
      },
      fallback: (_req, res) => void res.end('fast'),
    },
    { port: 0, host: '127.0.0.1', logger: createLogger('test-drain', 'silent') },
  );
  return { http, release, inHandler };
}

describe('closing an HTTP server with a grace period', () => {
  it('refuses new connections at once and lets the request in flight finish', async () => {
    const { http, release, inHandler } = await slowServer();
    const answer = fetch(`${http.url}/slow`).then((r) => r.text());
    await inHandler;
    expect(http.inFlight).toBe(1);
    const closed = http.close(30_000);
    await expect(fetch(`${http.url}/fast`)).rejects.toThrow();
    release();
    expect(await answer).toBe('done');
    await closed;
    expect(http.inFlight).toBe(0);
  });

  it('closes what is still running once the grace period is over', async () => {
    const { http, inHandler } = await slowServer();
    const answer = fetch(`${http.url}/slow`).then(
      (r) => r.text(),
      () => 'dropped',
    );
    await inHandler;
    await http.close(100);
    expect(await answer).toBe('dropped');
  });
});
