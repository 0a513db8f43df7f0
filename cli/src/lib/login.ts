import { hostname } from 'node:os';
import { apiTokenPrefix } from '@mcp-portal/schema/contract';
import { createApiTokenMutation, type CreateApiTokenMutation } from './operations.ts';
import { graphqlRequest } from './client.ts';
import { PortalError } from './errors.ts';
import { endSessionMutation, sessionLoginMutation, tokenIdentityQuery, type CliTokenIdentityQuery } from './operations.ts';
import type { SavedLogin } from './settings.ts';

/** API tokens look like `mcpat_…`. */
export const API_TOKEN_PREFIX = apiTokenPrefix;

/** How long the API token `login --email` creates lives (the same as a device sign-in's). */
export const LOGIN_TOKEN_DAYS = 90;
const MAX_NAME_LENGTH = 100;

/** What a successful login saves: always a token, the user and their role. */
export type CompletedLogin = SavedLogin & { token: string; email: string; role: string };

/** This machine's name, reduced to what the router accepts in a client name (letters, digits, `. @ : ( ) / -`, spaces). */
function machineName(host: string): string {
  return host.replace(/[^\w .@:()/-]/g, '-').trim() || 'unknown host';
}

/** The `client_name` of a device sign-in; the approver sees it, and the token is named `docker mcp login: <it>`. */
export function deviceClientName(host: string = hostname()): string {
  return `docker mcp on ${machineName(host)}`.slice(0, MAX_NAME_LENGTH);
}

/** The name of the API token `login --email` creates. */
export function passwordLoginTokenName(host: string = hostname()): string {
  return `docker mcp login on ${machineName(host)}`.slice(0, MAX_NAME_LENGTH);
}

/**
 * Asks the router who an API token belongs to (and, when the token is one of theirs with a known id, when
 * it expires). A token the router refuses is a clear error, never saved.
 */
export async function identifyToken(
  url: string,
  token: string,
  options: { tokenId?: string; signal?: AbortSignal } = {},
): Promise<{ email: string; role: string; expiresAt: string | undefined }> {
  const refused = () => new PortalError(`The router at ${url} does not accept this token: it is unknown, revoked or expired.`, { code: 'UNAUTHENTICATED' });
  let result: CliTokenIdentityQuery;
  try {
    result = await graphqlRequest({ url, token, signal: options.signal }, tokenIdentityQuery);
  } catch (error) {
    if (error instanceof PortalError && error.code === 'UNAUTHENTICATED') throw refused();
    throw error;
  }
  if (!result.me) throw refused();
  const expiresAt = options.tokenId ? result.apiTokens.find((apiToken) => apiToken.id === options.tokenId)?.expiresAt : undefined;
  return { email: result.me.email, role: result.me.role, expiresAt: expiresAt ?? undefined };
}

/**
 * `login --email`: the password buys a short-lived session, which creates a 90-day API token of the
 * user's role for this machine; the session is then ended, and only the API token is kept.
 */
export async function loginWithPassword(url: string, email: string, password: string, now: Date = new Date()): Promise<CompletedLogin> {
  // No login hint here: an UNAUTHENTICATED answer means wrong credentials, and says so.
  const { login } = await graphqlRequest({ url }, sessionLoginMutation, { email, password });
  const expiresAt = new Date(now.getTime() + LOGIN_TOKEN_DAYS * 86_400_000).toISOString();
  let created: CreateApiTokenMutation['createApiToken'];
  try {
    ({ createApiToken: created } = await graphqlRequest({ url, token: login.token }, createApiTokenMutation, {
      name: passwordLoginTokenName(),
      role: login.user.role,
      expiresAt,
    }));
  } finally {
    // Best effort: the session would expire on its own anyway.
    await graphqlRequest({ url, timeoutMs: 5_000 }, endSessionMutation, { refreshToken: login.refreshToken }).catch(() => undefined);
  }
  const { apiToken } = created;
  return {
    url,
    token: created.token,
    tokenId: apiToken.id,
    email: login.user.email,
    role: login.user.role,
    ...(apiToken.expiresAt ? { expiresAt: apiToken.expiresAt } : {}),
  };
}
