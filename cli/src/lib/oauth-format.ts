import { formatTable, relativeTime, timeAgo } from './format.ts';
import type { OAuthClientView, OAuthConnectionView, OAuthGrantView } from './oauth-operations.ts';

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

/** `active`, or `revoked` once an admin revoked the client. */
export function oauthClientStatus(client: OAuthClientView): string {
  return client.revokedAt ? 'revoked' : 'active';
}

/** `oauth clients ls`: CLIENT ID  NAME  STATUS  BACKEND  AUTH  REDIRECT HOSTS  CREATED BY  CREATED  LAST USED. */
export function oauthClientsTable(clients: readonly OAuthClientView[], now: Date = new Date()): string {
  return formatTable(
    ['CLIENT ID', 'NAME', 'STATUS', 'BACKEND', 'AUTH', 'REDIRECT HOSTS', 'CREATED BY', 'CREATED', 'LAST USED'],
    clients.map((client) => [
      client.clientId,
      client.clientName || '-',
      oauthClientStatus(client),
      client.backend.toLowerCase(),
      client.tokenEndpointAuthMethod.toLowerCase(),
      client.redirectHosts.join(', ') || '-',
      client.createdBy?.email ?? (client.createdBy ? client.createdBy.id : 'anonymous'),
      timeAgo(client.createdAt, now),
      client.lastUsedAt ? timeAgo(client.lastUsedAt, now) : 'never',
    ]),
  );
}

/** `oauth clients show`: `Label: value` lines, a list value taking a line per item. */
export function describeOAuthClient(client: OAuthClientView, now: Date = new Date()): string {
  const confidential = client.tokenEndpointAuthMethod !== 'NONE';
  const { azure } = client;
  const expires = client.clientSecretExpiresAt;
  const secretExpiry = expires ? `${expires} (${relativeTime(expires, now)})` : 'never';
  const lines: [string, string | string[]][] = [
    ['Client ID', client.clientId],
    ['Name', client.clientName || '-'],
    ['Status', client.revokedAt ? `revoked ${client.revokedAt} (${timeAgo(client.revokedAt, now)})` : 'active'],
    ['Backend', client.backend.toLowerCase()],
    ['Type', `${client.applicationType.toLowerCase()}, ${confidential ? 'confidential' : 'public (no secret)'}`],
    ['Token auth', client.tokenEndpointAuthMethod.toLowerCase()],
    ...(confidential && !client.revokedAt ? [['Secret expires', secretExpiry] as [string, string]] : []),
    ['Grant types', client.grantTypes.join(' ')],
    ['Redirect URIs', client.redirectUris],
    ['Created by', client.createdBy?.email ?? client.createdBy?.id ?? 'anonymous'],
    ['Source', client.sourceAddress ?? '-'],
    ['Created', `${client.createdAt} (${timeAgo(client.createdAt, now)})`],
    ['Updated', `${client.updatedAt} (${timeAgo(client.updatedAt, now)})`],
    ['Last used', client.lastUsedAt ? `${client.lastUsedAt} (${timeAgo(client.lastUsedAt, now)})` : 'never'],
    ...(azure
      ? ([
          ['Entra app', azure.applicationId ?? '-'],
          ['Service principal', azure.servicePrincipalId ?? '-'],
          ['Key Vault secret', azure.keyVaultSecretName ? `${azure.keyVaultSecretName} (${azure.keyVaultUrl ?? '-'})` : '-'],
        ] as [string, string][])
      : []),
  ];
  const width = Math.max(...lines.map(([label]) => label.length)) + 2;
  const text = (value: string | string[]) => (Array.isArray(value) ? value.join(`\n${' '.repeat(width)}`) : value);
  return lines.map(([label, value]) => `${`${label}:`.padEnd(width)}${text(value)}`).join('\n');
}

/**
 * What an authorized application is called: its registered name; for a metadata document client (its client id is
 * the document's https URL) that URL's host, the one thing vouched for; an unnamed registered client by its id.
 */
export function oauthGrantApplication(grant: Pick<OAuthGrantView, 'clientId' | 'clientName' | 'clientKind'>): string {
  if (grant.clientKind === 'METADATA_DOCUMENT') {
    try {
      return new URL(grant.clientId).host;
    } catch {
      return grant.clientId;
    }
  }
  return grant.clientName || `unnamed (${grant.clientId})`;
}

/** `oauth apps ls`: ID  APPLICATION  USER  SCOPES  STATUS  AUTHORIZED  LAST USED. */
export function oauthGrantsTable(grants: readonly OAuthGrantView[], now: Date = new Date()): string {
  return formatTable(
    ['ID', 'APPLICATION', 'USER', 'SCOPES', 'STATUS', 'AUTHORIZED', 'LAST USED'],
    grants.map((grant) => [
      grant.id,
      oauthGrantApplication(grant),
      grant.user.email,
      grant.scopes.join(' ') || '-',
      grant.revokedAt ? 'revoked' : 'active',
      timeAgo(grant.createdAt, now),
      grant.lastUsedAt ? timeAgo(grant.lastUsedAt, now) : 'never',
    ]),
  );
}
