/** How the gateway-proxy names itself to MCP clients (initialize, server/discover) and to servers (clientInfo). */
export const proxyServerInfo = { name: 'mcp-portal-gateway-proxy', title: 'MCP Portal gateway-proxy', version: '0.1.0' };
