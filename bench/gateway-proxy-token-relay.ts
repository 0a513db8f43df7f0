/**
 * A loopback relay that adds `Authorization: Bearer <token>` to every request and passes everything else on
 * unchanged, both ways and streamed (Mcp-Session-Id, SSE bodies): the conformance suite has no option for
 * request headers, and the gateway-proxy answers 401 without a token. `Host` and `Origin` naming the relay
 * itself (a loopback name with the relay's port) are passed on naming the proxy's port instead, as if the
 * client had addressed the proxy; any other value (the suite's rebinding probes) is passed on as sent. The
 * proxy itself is not changed or configured for the run.
 */
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';

export interface TokenRelay {
  url: string;
  close(): Promise<void>;
}

const loopbackNames = ['127.0.0.1', 'localhost', '[::1]'];

export async function startTokenRelay(target: string, token: string): Promise<TokenRelay> {
  const targetUrl = new URL(target);
  let relayPort = 0;
  const toTarget = (value: string | undefined, prefix: string) =>
    value !== undefined && loopbackNames.some((name) => value.toLowerCase() === `${prefix}${name}:${relayPort}`)
      ? value.replace(/:\d+$/, `:${targetUrl.port}`)
      : value;
  const server: Server = createServer((req, res) => {
    const headers: IncomingHttpHeaders = { ...req.headers, authorization: `Bearer ${token}` };
    headers.host = toTarget(req.headers.host, '');
    if (req.headers.origin !== undefined) headers.origin = toTarget(req.headers.origin, 'http://');
    const upstream = request(
      {
        host: targetUrl.hostname,
        port: targetUrl.port,
        method: req.method,
        path: `${targetUrl.pathname}${new URL(req.url ?? '/', 'http://relay').search}`,
        headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        res.flushHeaders();
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  relayPort = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${relayPort}${targetUrl.pathname}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
