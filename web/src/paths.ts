import { generatePath } from 'react-router';
import { oauthConsentPath } from '@mcp-portal/schema/contract';

/**
 * The portal's addresses. routes.tsx declares which page each one shows; the router serves index.html
 * for unknown paths, so deep links and reloads land on the same page.
 */
export const paths = {
  /** The home page of a signed-in user: servers by status, failures, tool calls, recent audit events. */
  dashboard: '/',
  /** The enabled servers, with their lifecycle actions. */
  servers: '/servers',
  /** One enabled server's page (see serverPath). */
  server: '/servers/:id',
  catalog: '/catalog',
  /** One catalog entry's page, details and the enable form (see catalogEntryPath). */
  catalogEntry: '/catalog/:name',
  tokens: '/tokens',
  users: '/users',
  /** One user's page, for admins: role, status, sessions and API tokens (see userPath). */
  user: '/users/:id',
  audit: '/audit',
  /** The OAuth clients registered through dynamic client registration, for admins (see oauthClientPath). */
  oauthClients: '/oauth-clients',
  oauthClient: '/oauth-clients/:clientId',
  /** Approving a `docker mcp login`; the CLI links to `/device?code=ABCD-EFGH`. */
  device: '/device',
  /** Running an allow-listed docker mcp command through the executor (`?again=<id>` fills the form from that run), and the history of runs. */
  run: '/run',
  /** One run's terminal view (see executionPath). */
  execution: '/runs/:id',
  /** How to connect MCP clients to the gateway (snippets, the gateway-proxy URL, the CLI command). */
  connect: '/connect',
  /** The OAuth connections to remote servers: your own and the team's (admins: everyone's). */
  connections: '/connections',
  /** The platform's OAuth redirect URI: authorization servers send the browser back here (MCP_OAUTH_REDIRECT_URL). */
  oauthCallback: '/oauth/callback',
  /** The consent page of the platform's own authorization server: /oauth/authorize sends MCP clients' users here. */
  oauthConsent: `${oauthConsentPath}/:id`,
} as const;

/** One enabled server's page. */
export function serverPath(id: string): string {
  return generatePath(paths.server, { id });
}

/** One user's page (admins). */
export function userPath(id: string): string {
  return generatePath(paths.user, { id });
}

/** One registered OAuth client's page (admins). */
export function oauthClientPath(clientId: string): string {
  return generatePath(paths.oauthClient, { clientId });
}

/** One catalog entry's page. */
export function catalogEntryPath(name: string): string {
  return generatePath(paths.catalogEntry, { name });
}

/** One run's terminal view. */
export function executionPath(id: string): string {
  return generatePath(paths.execution, { id });
}

/** The Run page's form, filled in with the arguments of an earlier run (Run again). */
export function runAgainPath(id: string): string {
  return `${paths.run}?${new URLSearchParams({ again: id }).toString()}`;
}

/** The change-password section of the tokens page. */
export const changePasswordAnchor = 'change-password';
