import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { normalizeAddress, sendJson, type RouteHandler } from '@mcp-portal/kit';

export const metricsPath = '/metrics';

/**
 * How a tools/call through the proxy ended: a result (`ok`), a result with `isError` (`tool_error`), a
 * JSON-RPC error (`error`: unknown tool, server gone, timeout, cancelled…), refused for the caller's role
 * (`refused`), or stopped because its arguments or result carry a secret (`blocked_secret`).
 */
export type ToolCallOutcome = 'ok' | 'tool_error' | 'error' | 'refused' | 'blocked_secret';

/**
 * The proxy's Prometheus metrics, in a registry of its own (several proxies may run in one process).
 * Labels are the names of running servers and their tools only: a name a client made up is counted
 * with empty labels, so that clients cannot grow the series without bound.
 */
export class ProxyMetrics {
  readonly registry = new Registry();
  private readonly calls: Counter<'server' | 'tool' | 'outcome'>;
  private readonly durations: Histogram<'server' | 'outcome'>;

  constructor(sessions: () => number) {
    collectDefaultMetrics({ register: this.registry });
    this.calls = new Counter({
      name: 'mcp_gateway_tool_calls_total',
      help: 'tools/call requests through the gateway-proxy, by server, tool and outcome',
      labelNames: ['server', 'tool', 'outcome'],
      registers: [this.registry],
    });
    this.durations = new Histogram({
      name: 'mcp_gateway_tool_call_duration_seconds',
      help: 'Time from a tools/call request to its answer, by server and outcome',
      labelNames: ['server', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers: [this.registry],
    });
    new Gauge({
      name: 'mcp_gateway_sessions',
      help: 'Connected MCP sessions (Streamable HTTP and SSE)',
      registers: [this.registry],
      collect() {
        this.set(sessions());
      },
    });
  }

  /** One call: `server` and `tool` null when the name led to no running server's tool. */
  toolCall(server: string | null, tool: string | null, outcome: ToolCallOutcome, durationMs?: number): void {
    this.calls.inc({ server: server ?? '', tool: server === null ? '' : (tool ?? ''), outcome });
    if (durationMs !== undefined) this.durations.observe({ server: server ?? '', outcome }, durationMs / 1000);
  }

  /**
   * `GET /metrics` in Prometheus text format. With a token, for requests that bear it; without one, for
   * loopback clients only, and not through a reverse proxy (a request that carries forwarding headers
   * came from somewhere else).
   */
  handler(token: string | undefined): RouteHandler {
    return async (req, res) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'method_not_allowed' });
      if (token !== undefined ? !bearsToken(req, token) : !fromLoopback(req)) {
        const how =
          token !== undefined ? 'with the bearer token of GATEWAY_PROXY_METRICS_TOKEN' : 'from loopback only (set GATEWAY_PROXY_METRICS_TOKEN to allow others)';
        return sendJson(res, 403, { error: 'forbidden', message: `Metrics are served ${how}.` });
      }
      const body = await this.registry.metrics();
      res.writeHead(200, { 'content-type': this.registry.contentType, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
  }
}

const forwardingHeaders = ['forwarded', 'x-forwarded-for', 'x-real-ip'];

function fromLoopback(req: IncomingMessage): boolean {
  if (forwardingHeaders.some((name) => req.headers[name] !== undefined)) return false;
  const address = normalizeAddress(req.socket.remoteAddress ?? '');
  return address === '::1' || (isIP(address) === 4 && address.startsWith('127.'));
}

const digest = (value: string) => createHash('sha256').update(value).digest();

function bearsToken(req: IncomingMessage, token: string): boolean {
  const presented = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
  return presented !== undefined && timingSafeEqual(digest(presented), digest(token));
}
