import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger.ts';
import { sendJson } from './respond.ts';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void;

/**
 * Exact-path routes, and prefix routes: a key ending in `/*` (e.g. `/register/*`) answers every path below that
 * prefix (`/register/abc`, not `/register` itself); exact paths win. `fallback` answers everything else (GraphQL,
 * static files).
 */
export interface HttpRoutes {
  routes: Record<string, RouteHandler>;
  fallback: RouteHandler;
}

export interface RunningHttpServer {
  server: Server;
  port: number;
  url: string;
  /**
   * Stops: no new connections, requests already accepted may finish within `graceMs` (default 0), then
   * every connection is closed.
   */
  close(graceMs?: number): Promise<void>;
}

/** A server that can be drained: what a rolling deploy needs. */
export interface DrainableHttpServer extends RunningHttpServer {
  /** Requests being answered right now. */
  readonly inFlight: number;
  /** Stops listening; answers from now on carry `Connection: close`, idle keep-alive connections are closed. */
  stopAccepting(): void;
  /** Resolves true once no request is in flight, or false at `deadline` (epoch ms). */
  idle(deadline: number): Promise<boolean>;
}

/** Resolves true when `promise` settles before `deadline` (epoch ms), false otherwise. */
export async function settlesBefore(promise: Promise<unknown>, deadline: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()))));
  try {
    return await Promise.race([
      promise.then(
        () => true,
        () => true,
      ),
      expired,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export async function listen(
  { routes, fallback }: HttpRoutes,
  { port, host, logger }: { port: number; host: string; logger: Logger },
): Promise<DrainableHttpServer> {
  let inFlight = 0;
  let accepting = true;
  const idleWaiters = new Set<() => void>();
  const prefixRoutes = Object.entries(routes)
    .filter(([path]) => path.endsWith('/*'))
    .map(([path, handler]) => [path.slice(0, -1), handler] as const);
  const routeFor = (pathname: string): RouteHandler | undefined => {
    const exact = routes[pathname];
    if (exact) return exact;
    for (const [prefix, handler] of prefixRoutes) if (pathname.startsWith(prefix) && pathname.length > prefix.length) return handler;
    return undefined;
  };
  const server = createServer((req, res) => {
    inFlight += 1;
    res.once('close', () => {
      inFlight -= 1;
      if (inFlight === 0) for (const wake of [...idleWaiters]) wake();
    });
    // While draining, a request that still arrives on a kept-alive connection is answered, and that
    // connection then closes, so the client's next request goes elsewhere.
    if (!accepting) res.setHeader('connection', 'close');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const handler = routeFor(url.pathname) ?? fallback;
    Promise.resolve(handler(req, res, url)).catch((error: unknown) => {
      logger.error({ err: error, path: url.pathname }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error' }] });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;
  const closed = new Promise<void>((resolve) => server.once('close', () => resolve()));

  const stopAccepting = () => {
    if (!accepting) return;
    accepting = false;
    server.close();
    server.closeIdleConnections();
  };
  const idle = (deadline: number) => {
    if (inFlight === 0) return Promise.resolve(true);
    let wake = () => {};
    const drained = new Promise<void>((resolve) => (wake = resolve));
    idleWaiters.add(wake);
    return settlesBefore(drained, deadline).finally(() => idleWaiters.delete(wake));
  };
  return {
    server,
    port: actualPort,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`,
    get inFlight() {
      return inFlight;
    },
    stopAccepting,
    idle,
    async close(graceMs = 0) {
      stopAccepting();
      if (graceMs > 0) await idle(Date.now() + graceMs);
      server.closeAllConnections();
      await closed;
    },
  };
}
