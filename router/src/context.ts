import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { BaseContext } from '@apollo/server';
import type { ApiTokenExchanger } from './api-token-exchange.ts';
import { sourceIpOf, viewerFromAuthorization, type TokenVerifier, type Viewer } from '@mcp-portal/kit';

export interface RouterContext extends BaseContext {
  viewer: Viewer | null;
  /** Forwarded verbatim to every subgraph, which verifies it again. */
  authorization?: string;
  requestId: string;
  /** The client's address, passed to subgraphs as x-forwarded-for for their audit rows. */
  sourceIp: string | null;
}

export function routerContextFactory(verifier: TokenVerifier, apiTokens: ApiTokenExchanger) {
  return async (req: IncomingMessage): Promise<RouterContext> => {
    const authorization = await apiTokens.authorizationFor(req.headers.authorization);
    const verified = await viewerFromAuthorization(verifier, authorization);
    const requestId = typeof req.headers['x-request-id'] === 'string' ? req.headers['x-request-id'] : randomUUID();
    return { viewer: verified?.viewer ?? null, authorization, requestId, sourceIp: sourceIpOf(req) };
  };
}
