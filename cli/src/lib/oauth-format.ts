import { formatTable, relativeTime, timeAgo } from './format.ts';
import type { OAuthConnectionView } from './oauth-operations.ts';

/** Whose connection: `team`, or the user's email. */
export function connectionOwner(connection: OAuthConnectionView): string {
  if (connection.team) return 'team';
  return connection.user?.email ?? '-';
}

/** `oauth ls`: SERVER  FOR  STATUS  SCOPES  EXPIRES  UPDATED. */
export function oauthConnectionsTable(connections: readonly OAuthConnectionView[], now: Date = new Date()): string {
  return formatTable(
    ['SERVER', 'FOR', 'STATUS', 'SCOPES', 'EXPIRES', 'UPDATED'],
    connections.map((connection) => [
      connection.server.name,
      connectionOwner(connection),
      connection.status,
      connection.scopes.join(' ') || '-',
      connection.expiresAt ? relativeTime(connection.expiresAt, now) : '-',
      timeAgo(connection.updatedAt, now),
    ]),
  );
}

/** `for the team`, `for you` (`mine`: the caller's own), else `for <email>`. */
export function forWhom(connection: OAuthConnectionView, mine: boolean): string {
  if (connection.team) return 'for the team';
  return mine ? 'for you' : `for ${connection.user?.email ?? 'another user'}`;
}

/** The line after a wait or a revocation: `Authorized notion for you (scopes: read write; the token expires in 1 hour)`. */
export function connectionLine(verb: string, connection: OAuthConnectionView, now: Date = new Date()): string {
  const details = [
    connection.scopes.length ? `scopes: ${connection.scopes.join(' ')}` : null,
    connection.expiresAt ? `the token expires ${relativeTime(connection.expiresAt, now)}` : null,
  ].filter(Boolean);
  return `${verb} ${connection.server.name} ${forWhom(connection, true)}${details.length ? ` (${details.join('; ')})` : ''}`;
}
