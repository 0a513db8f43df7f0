import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';

/**
 * Loopback https for the Client ID Metadata Document tests: answers per path as each test sets, counting the
 * requests. It serves the test certificate of test/registration-azure-tls.setup.ts (vitest globalSetup), which the
 * worker trusts through NODE_EXTRA_CA_CERTS, so the resolver's own pinned connection verifies it as any other
 * (src/testing/https-document-server.ts makes a fresh certificate, which only a client given its CA trusts, and
 * always answers 200 with the same headers).
 */
export interface DocumentHost {
  /** https://127.0.0.1:<port> */
  origin: string;
  url(path: string): string;
  /** Answers `path` with this handler. */
  route(path: string, handler: (req: IncomingMessage, res: ServerResponse) => void): void;
  /** Answers `path` with a JSON body (status 200, application/json unless `headers` say otherwise). */
  serve(path: string, body: unknown, headers?: Record<string, string>): void;
  /** How many requests `path` got. */
  hits(path: string): number;
  totalHits(): number;
  close(): Promise<void>;
}

export async function startDocumentHost(): Promise<DocumentHost> {
  const keyFile = process.env.MCP_TEST_AZURE_TLS_KEY;
  if (!keyFile || !process.env.NODE_EXTRA_CA_CERTS) throw new Error('test/registration-azure-tls.setup.ts (vitest globalSetup) did not run');
  const routes = new Map<string, (req: IncomingMessage, res: ServerResponse) => void>();
  const counts = new Map<string, number>();
  const server: Server = createServer({ key: readFileSync(keyFile), cert: readFileSync(join(dirname(keyFile), 'cert.pem')) }, (req, res) => {
    const path = req.url ?? '';
    counts.set(path, (counts.get(path) ?? 0) + 1);
    const handler = routes.get(path);
    if (handler) handler(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => `${origin}${path}`,
    route: (path, handler) => routes.set(path, handler),
    serve: (path, body, headers = {}) =>
      routes.set(path, (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', ...headers }).end(typeof body === 'string' ? body : JSON.stringify(body));
      }),
    hits: (path) => counts.get(path) ?? 0,
    totalHits: () => [...counts.values()].reduce((sum, count) => sum + count, 0),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
