/**
 * The wrapper command the official MCP conformance suite runs as "the client under test" in its client auth
 * scenarios (`conformance client --command "<this>" --scenario auth/…`): the platform's OAuth client towards
 * remote MCP servers (@mcp-portal/dcr/upstream-oauth, over its in-memory store), with the gateway-proxy's part
 * played as `authorizedFetch` (@mcp-portal/servers/remote-authorization) plays it for the gateway-proxy (no request without a token; on a 401 or a 403
 * insufficient_scope, handleUnauthorized, then once more with a refreshed token) and the user's part as the
 * portal's "Authorize" plays it, headlessly (the suite's authorization servers approve at once): start, consent,
 * complete with the callback's code, state and iss, and send again. Every OAuth decision (discovery, client
 * identity, scopes, PKCE, token handling, step-up limit, iss check) is the platform's.
 *
 *   tsx --conditions=@mcp-portal/source oauth-client-conformance-client.ts <server-url>
 *
 * The suite passes the scenario in MCP_CONFORMANCE_SCENARIO, the protocol revision in
 * MCP_CONFORMANCE_PROTOCOL_VERSION, and its data (a pre-registered client's credentials) in
 * MCP_CONFORMANCE_CONTEXT. Exits 0 once the tools were listed and one called, 1 otherwise.
 */
import { z } from 'zod';
import type { OAuthConnectionStatus } from '@mcp-portal/dcr/upstream-oauth';
import { refusesToken } from '@mcp-portal/servers/remote-authorization';
import { consentHeadlessly } from './oauth-client-conformance-consent.ts';
import { useServer, type Fetch } from './oauth-client-conformance-mcp.ts';
import { conformanceOAuthService, type ConformanceOAuth } from './oauth-client-conformance-service.ts';

/** Rounds of authorization one request may go through here; the platform's own step-up limit must stop it first. */
const wrapperRoundLimit = 10;

/** The statuses after which the user authorizes (again); FAILED (the step-up limit, a refused start) is the end. */
const userAuthorizes = new Set<OAuthConnectionStatus>(['needs_authorization', 'expired']);

const contextSchema = z.object({ client_id: z.string().optional(), client_secret: z.string().optional() }).passthrough();

function log(message: string): void {
  process.stderr.write(`[oauth-conformance] ${message}\n`);
}

/**
 * The user authorizes (the portal's "Authorize", answered headlessly): the platform starts the flow, the
 * authorization server approves, and the platform completes it with what its callback received.
 */
async function authorize(oauth: ConformanceOAuth): Promise<void> {
  const { service, target, userId, redirectUrl } = oauth;
  const started = await service.startAuthorization({ ...target, userId });
  log(`authorizing at ${started.authorizationUrl}`);
  const callback = await consentHeadlessly(started.authorizationUrl, redirectUrl);
  const connection = await service.completeAuthorization({ ...callback, userId });
  log(`authorized by ${connection.issuer ?? '?'} with scopes [${connection.scopes.join(' ')}]`);
}

/**
 * The gateway-proxy's side of the platform's OAuth client (`authorizedFetch`, @mcp-portal/servers/remote-authorization), as a fetch, with
 * the user in the loop: no request leaves without the principal's token (the user authorizes first); a 401 or a
 * 403 insufficient_scope goes to handleUnauthorized, whose refreshed token is tried once; when the platform
 * says the connection needs (new) authorization or has expired, the user authorizes again and the request is
 * sent again. A FAILED connection (the platform's step-up limit, a refused start) ends it.
 */
function authorizingFetch(oauth: ConformanceOAuth): Fetch {
  const { service, target } = oauth;
  return async (input, init) => {
    const send = (token: string) => {
      const headers = new Headers(init?.headers);
      headers.set('authorization', `Bearer ${token}`);
      return fetch(input, { ...init, headers });
    };
    for (let round = 0; ; round++) {
      if (round > wrapperRoundLimit) throw new Error(`still not authorized after ${wrapperRoundLimit} authorizations`);
      const current = await service.accessToken(target);
      if ('needsAuthorization' in current) {
        log(`no token: ${current.message}`);
        await authorize(oauth);
        continue;
      }
      let response = await send(current.token);
      if (!refusesToken(response)) return response;
      log(`${init?.method ?? 'GET'} answered ${response.status}: ${response.headers.get('www-authenticate') ?? '(no WWW-Authenticate)'}`);
      const outcome = await service.handleUnauthorized(target, response, current.token);
      await response.body?.cancel();
      if (outcome.retry) {
        log('the platform refreshed the token: sending again once');
        response = await send(outcome.token);
        if (!refusesToken(response)) return response;
        await response.body?.cancel();
        throw new Error(`the server refused the refreshed token too (HTTP ${response.status})`);
      }
      log(`the platform says: ${outcome.message} (status ${outcome.connection.status})`);
      if (!userAuthorizes.has(outcome.connection.status)) throw new Error(`not authorized: ${outcome.message}`);
      await authorize(oauth);
    }
  };
}

async function main(): Promise<void> {
  const serverUrl = process.argv[2];
  if (!serverUrl) throw new Error('usage: oauth-client-conformance-client.ts <server-url>');
  const scenario = process.env.MCP_CONFORMANCE_SCENARIO ?? '(none)';
  const protocolVersion = process.env.MCP_CONFORMANCE_PROTOCOL_VERSION ?? '2025-11-25';
  const context = contextSchema.parse(JSON.parse(process.env.MCP_CONFORMANCE_CONTEXT ?? '{}'));
  log(`${scenario} at ${protocolVersion}: ${serverUrl}`);
  const oauth = await conformanceOAuthService({
    serverUrl,
    ...(context.client_id ? { preRegistered: { clientId: context.client_id, clientSecret: context.client_secret } } : {}),
  });
  await useServer(serverUrl, protocolVersion, authorizingFetch(oauth));
  log('listed the tools and called one');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
