import { sendJson, type RouteHandler } from '@mcp-portal/kit';

/**
 * GET /oauth/client-metadata.json → the platform's Client ID Metadata Document (public: authorization servers
 * fetch it to learn the client whose client_id is this URL); 404 when the platform uses no CIMD (no https
 * MCP_PUBLIC_URL and no MCP_OAUTH_CLIENT_METADATA_URL).
 */
export function clientMetadataHandler(document: Record<string, unknown> | null): RouteHandler {
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'method_not_allowed' });
    if (!document) return sendJson(res, 404, { error: 'not_found', message: 'This platform publishes no OAuth client metadata document.' });
    res.setHeader('cache-control', 'public, max-age=300');
    sendJson(res, 200, document);
  };
}
