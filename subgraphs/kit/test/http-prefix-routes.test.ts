import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, listen, type DrainableHttpServer, type RouteHandler } from '../src/index.ts';

/** The route map's prefix routes (`/register/*`): every path below the prefix, exact paths first. */

const named =
  (name: string): RouteHandler =>
  (_req, res, url) =>
    void res.end(`${name} ${url.pathname}`);

let http: DrainableHttpServer;

beforeAll(async () => {
  http = await listen(
    {
      routes: { '/register': named('exact'), '/register/*': named('prefix'), '/register/special': named('special') },
      fallback: named('fallback'),
    },
    { port: 0, host: '127.0.0.1', logger: createLogger('test-prefix-routes', 'silent') },
  );
});
afterAll(async () => {
  await http?.close();
});

describe('prefix routes', () => {
  it.each([
    ['/register', 'exact /register'],
    ['/register/abc', 'prefix /register/abc'],
    ['/register/a/b?x=1', 'prefix /register/a/b'],
    ['/register/special', 'special /register/special'],
    ['/register/', 'fallback /register/'],
    ['/registered', 'fallback /registered'],
    ['/other', 'fallback /other'],
  ])('%s → %s', async (path, expected) => {
    expect(await (await fetch(`${http.url}${path}`)).text()).toBe(expected);
  });
});
