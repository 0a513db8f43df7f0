import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, listen, type RunningHttpServer } from '@mcp-portal/kit';
import { metricsPath, ProxyMetrics } from '../src/metrics.ts';

/** /metrics with GATEWAY_PROXY_METRICS_TOKEN set: the bearer token, not the client's address, decides. */
const token = 'metrics-token-for-this-test';
let http: RunningHttpServer;
let url: string;

beforeAll(async () => {
  const metrics = new ProxyMetrics(() => 3);
  metrics.toolCall('memory', 'read_graph', 'ok', 12);
  metrics.toolCall(null, 'made-up-name', 'error', 1);
  http = await listen(
    { routes: { [metricsPath]: metrics.handler(token) }, fallback: (_req, res) => void res.writeHead(404).end() },
    { port: 0, host: '127.0.0.1', logger: createLogger('metrics-test', 'silent') },
  );
  url = `${http.url}${metricsPath}`;
});

afterAll(() => http?.close());

describe('/metrics with a token', () => {
  it('answers a request bearing the token, even through a reverse proxy', async () => {
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': '203.0.113.7' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toContain('mcp_gateway_tool_calls_total{server="memory",tool="read_graph",outcome="ok"} 1');
    expect(text).toContain('mcp_gateway_tool_calls_total{server="",tool="",outcome="error"} 1');
    expect(text).not.toContain('made-up-name');
    expect(text).toContain('mcp_gateway_tool_call_duration_seconds_bucket{le="0.025",server="memory",outcome="ok"} 1');
    expect(text).toContain('mcp_gateway_sessions 3');
  });

  it('refuses loopback clients without it, and a wrong one', async () => {
    expect((await fetch(url)).status).toBe(403);
    const wrong = await fetch(url, { headers: { authorization: `Bearer ${token}x` } });
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toMatchObject({ message: 'Metrics are served with the bearer token of GATEWAY_PROXY_METRICS_TOKEN.' });
  });
});
