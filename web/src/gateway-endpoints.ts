import { useEffect, useState } from 'react';
import { mcpPortalMetadataPath } from '@mcp-portal/schema/contract';

export interface GatewayEndpoints {
  mcpEndpoint: string;
  sseEndpoint: string | null;
}

export type GatewayEndpointsState =
  { status: 'loading' } | { status: 'served'; endpoints: GatewayEndpoints } | { status: 'not-served' } | { status: 'error'; message: string };

function endpointsOf(body: unknown): GatewayEndpoints | null {
  if (typeof body !== 'object' || body === null) return null;
  const { mcp_endpoint: mcp, sse_endpoint: sse } = body as Record<string, unknown>;
  if (typeof mcp !== 'string') return null;
  return { mcpEndpoint: mcp, sseEndpoint: typeof sse === 'string' ? sse : null };
}

/** The gateway-proxy's endpoints; `not-served` when this platform runs none (404). */
export function useGatewayEndpoints(): GatewayEndpointsState {
  const [state, setState] = useState<GatewayEndpointsState>({ status: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    fetch(mcpPortalMetadataPath, { headers: { accept: 'application/json' }, signal: controller.signal })
      .then(async (response) => {
        if (response.status === 404) return setState({ status: 'not-served' });
        const endpoints = response.ok ? endpointsOf(await response.json()) : null;
        setState(
          endpoints ? { status: 'served', endpoints } : { status: 'error', message: `The router answered ${response.status} at ${mcpPortalMetadataPath}.` },
        );
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', message: error instanceof Error ? error.message : String(error) });
      });
    return () => controller.abort();
  }, []);
  return state;
}
