import { sendJson, type RouteHandler } from '@mcp-portal/kit';
import { setBaseSecurityHeaders } from './security-headers.ts';

export { mcpPortalMetadataPath } from '@mcp-portal/schema/contract';

/**
 * `GET /.well-known/mcp-portal`, unauthenticated: `{ mcp_endpoint, sse_endpoint }`, the gateway-proxy's
 * Streamable HTTP and legacy SSE endpoints, or 404 when this router knows of none (it runs without the
 * one-process platform's gateway-proxy). Nothing here is secret: the endpoints themselves ask for a token.
 */
export function mcpPortalMetadataHandler(mcpEndpoint: () => string | null): RouteHandler {
  return (req, res) => {
    setBaseSecurityHeaders(res);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'method_not_allowed' });
    res.setHeader('access-control-allow-origin', '*');
    const mcp = mcpEndpoint();
    if (!mcp) return sendJson(res, 404, { error: 'not_found', message: 'This router knows of no gateway-proxy MCP endpoint.' });
    sendJson(res, 200, { mcp_endpoint: mcp, sse_endpoint: new URL('/sse', mcp).toString() });
  };
}
