import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BaseContext } from '@apollo/server';
import { abortedWhenClientLeaves, requestIdFrom, viewerFromAuthorization, type ApiTokenExchanger, type TokenVerifier, type Viewer } from '@mcp-portal/kit';
import { clientAddressOf, type TrustedProxies } from './client-address.ts';

export interface RouterContext extends BaseContext {
  viewer: Viewer | null;
  /** Forwarded verbatim to every subgraph, which verifies it again. */
  authorization?: string;
  /** The client's X-Request-Id when well-formed, else a fresh one; passed to subgraphs for their audit rows. */
  requestId: string;
  /** The client's address (the socket's peer unless it is a trusted proxy), passed to subgraphs signed. */
  sourceIp: string | null;
  /** Aborted when the client leaves before its answer (the router's subgraph requests for it are cancelled then). */
  signal?: AbortSignal;
}

export function routerContextFactory(verifier: TokenVerifier, apiTokens: ApiTokenExchanger, trustedProxies: TrustedProxies) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<RouterContext> => {
    const authorization = await apiTokens.authorizationFor(req.headers.authorization);
    const verified = await viewerFromAuthorization(verifier, authorization);
    return {
      viewer: verified?.viewer ?? null,
      authorization,
      requestId: requestIdFrom(req.headers['x-request-id']),
      sourceIp: clientAddressOf(req, trustedProxies),
      signal: abortedWhenClientLeaves(res),
    };
  };
}
