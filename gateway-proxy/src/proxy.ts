import { healthHandler, listen, sendJson, type Logger, type RunningHttpServer } from '@mcp-portal/kit';

export interface GatewayProxyOptions {
  port: number;
  host: string;
  logger: Logger;
}

/**
 * The standalone MCP gateway-proxy. This slice serves its health endpoint; the MCP transports
 * (Streamable HTTP, SSE, stdio) and OAuth interception arrive with the gateway-proxy issue.
 */
export async function startGatewayProxy(options: GatewayProxyOptions): Promise<RunningHttpServer> {
  const http = await listen(
    {
      routes: { '/health': healthHandler({}) },
      fallback: (_req, res) => sendJson(res, 404, { error: 'not_found', message: 'The MCP endpoint is not available yet; see /health.' }),
    },
    options,
  );
  options.logger.info({ url: http.url }, 'gateway-proxy listening');
  return http;
}
