import { InvalidInputError, NotFoundError, ServiceUnavailableError, type AuditActor, type AuditEntry, type Database } from '@mcp-portal/kit';
import type { RegistrationBackend } from '../registration/backend.ts';
import { grantStore } from '../authorization/grant-store.ts';
import { RegistrationError } from '../registration/errors.ts';
import { hashSecret } from '../registration/secrets.ts';
import { oauthClientStore, type OAuthClientFilter, type OAuthClientPosition, type OAuthClientRow, type OAuthClientStore } from '../store/oauth-clients.ts';

export type { OAuthClientFilter } from '../store/oauth-clients.ts';

/** A client as GraphQL shows it: its row (a revoked one's too, with revokedAt). */
export type OAuthClientView = OAuthClientRow;

export interface OAuthClientPage {
  clients: OAuthClientView[];
  /** Pass as `after` for the next page. */
  endCursor: string | null;
  hasNextPage: boolean;
  totalCount: number;
}

export interface RotatedSecret {
  client: OAuthClientView;
  clientSecret: string;
}

/** What revocation and rotation need of the RegistrationService: audited transactions and the deployment's backend. */
export interface AuditedChanges {
  /** Runs a change in one transaction with its audit row (RegistrationService.adminChange). */
  adminChange<T>(actor: AuditActor, entry: (result: T) => AuditEntry, apply: (tx: Database) => Promise<T>): Promise<T>;
  /** Where this deployment's clients live: a revocation removes the client there too (an Entra ID application…). */
  readonly backend: Pick<RegistrationBackend, 'name' | 'remove' | 'rotateSecret'>;
}

export function encodeOAuthClientCursor(row: Pick<OAuthClientRow, 'createdAt' | 'clientId'>): string {
  return Buffer.from(JSON.stringify(['oauth-client', row.createdAt.toISOString(), row.clientId])).toString('base64url');
}

export function decodeOAuthClientCursor(cursor: string): OAuthClientPosition {
  try {
    const [kind, createdAt, clientId] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (kind === 'oauth-client' && typeof createdAt === 'string' && !Number.isNaN(Date.parse(createdAt)) && typeof clientId === 'string') {
      return { createdAt, clientId };
    }
  } catch {
    // falls through to the error below
  }
  throw new InvalidInputError('The `after` cursor is not one this API returned.');
}

/** The hosts of a client's redirect URIs (a private-use scheme's name for a native app's), each once, in order. */
export function redirectHostsOf(redirectUris: readonly string[]): string[] {
  const hosts = redirectUris.map((uri) => {
    try {
      const url = new URL(uri);
      return url.hostname || url.protocol.replace(/:$/, '');
    } catch {
      return uri;
    }
  });
  return [...new Set(hosts)];
}

/** What an audit row says of an admin's change to a client: never its secret or a token. */
function auditDetail(row: OAuthClientRow): Record<string, unknown> {
  return { clientName: row.clientName, backend: row.backend, tokenEndpointAuthMethod: row.tokenEndpointAuthMethod, createdBy: row.createdBy };
}

/** A revoked client stays revoked: nothing changes it again. */
function requireActive(row: OAuthClientRow): void {
  if (row.revokedAt !== null) throw new InvalidInputError(`The client ${row.clientId} was revoked at ${row.revokedAt.toISOString()}.`);
}

/** Only the deployment's backend manages its clients (a row another backend created stays as it is). */
function requireBackend(row: OAuthClientRow, backend: AuditedChanges['backend'], what: string): void {
  if (row.backend !== backend.name) {
    throw new InvalidInputError(
      `The client ${row.clientId} is registered with the ${row.backend} backend and this deployment uses ${backend.name}: ${what} is not possible here.`,
    );
  }
}

/** A change at the backend; its refusal or absence becomes SERVICE_UNAVAILABLE (`outcome` says what stays as it was). */
async function atBackend<T>(backend: AuditedChanges['backend'], failed: string, outcome: string, change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } catch (error) {
    if (error instanceof RegistrationError) {
      throw new ServiceUnavailableError(`The ${backend.name} backend could not ${failed}: ${error.description} ${outcome}; try again.`);
    }
    throw error;
  }
}

/**
 * OAuth clients registered through RFC 7591, as admins see and manage them: domain rules only; GraphQL and SQL
 * live elsewhere. A revocation marks the client revoked, keeping its row for the record (its secret and registration
 * access token stop matching, so RFC 7592 management answers 401 and nothing can use it again), revokes its grants
 * and removes it at its backend (for `azure`: the vault secret, the service principal and the application); a
 * rotation replaces a confidential client's secret (at its backend too), shown once.
 */
export class OAuthClientService {
  constructor(private readonly store: OAuthClientStore) {}

  list(): Promise<OAuthClientRow[]> {
    return this.store.list();
  }

  async page(filter: OAuthClientFilter, first: number, after: string | null): Promise<OAuthClientPage> {
    const position = after === null ? null : decodeOAuthClientCursor(after);
    const [rows, totalCount] = await Promise.all([this.store.page(filter, first + 1, position), this.store.count(filter)]);
    const clients = rows.slice(0, first);
    const last = clients.at(-1);
    return { clients, endCursor: last ? encodeOAuthClientCursor(last) : null, hasNextPage: rows.length > first, totalCount };
  }

  byClientId(clientId: string): Promise<OAuthClientRow | null> {
    return this.store.byClientId(clientId);
  }

  /**
   * Marks the client revoked (the row stays, without its secret's and registration access token's hashes), revokes
   * its grants (their refresh tokens stop working) and removes it at its backend, with its audit row
   * `oauth_client.revoke`; the answer is the revoked client. BAD_USER_INPUT when it was revoked already.
   */
  async revoke(clientId: string, actor: AuditActor, changes: AuditedChanges): Promise<OAuthClientView> {
    return changes.adminChange(
      actor,
      (revoked: OAuthClientView) => ({ action: 'oauth_client.revoke', targetType: 'OAuthClient', targetId: revoked.clientId, detail: auditDetail(revoked) }),
      async (tx) => {
        const store = oauthClientStore(tx);
        const row = await store.lock(clientId);
        if (!row) throw new NotFoundError(`No OAuth client ${clientId}.`);
        requireActive(row);
        requireBackend(row, changes.backend, 'revoking it');
        const revoked = await store.markRevoked(clientId);
        if (!revoked) throw new NotFoundError(`No OAuth client ${clientId}.`);
        await grantStore.revokeAllOfClient(tx, clientId);
        // Last, so that nothing is revoked (and the revocation can be tried again) when the backend fails.
        await atBackend(changes.backend, `remove the client ${clientId}`, 'Nothing was revoked', () => changes.backend.remove(row));
        return revoked;
      },
    );
  }

  /**
   * A new secret for a confidential client, made by its backend (azure: a new password, kept as the vault secret's
   * next version), shown once; the old one stops working. With its audit row `oauth_client.rotate-secret`. When the
   * backend fails, SERVICE_UNAVAILABLE and the old secret still works.
   */
  async rotateSecret(clientId: string, actor: AuditActor, changes: AuditedChanges): Promise<RotatedSecret> {
    let clientSecret = '';
    const client = await changes.adminChange(
      actor,
      (rotated: OAuthClientRow) => ({
        action: 'oauth_client.rotate-secret',
        targetType: 'OAuthClient',
        targetId: rotated.clientId,
        detail: auditDetail(rotated),
      }),
      async (tx) => {
        const store = oauthClientStore(tx);
        const row = await store.lock(clientId);
        if (!row) throw new NotFoundError(`No OAuth client ${clientId}.`);
        requireActive(row);
        if (row.tokenEndpointAuthMethod === 'none' || row.clientSecretHash === null) {
          throw new InvalidInputError(`The client ${clientId} is a public client (token_endpoint_auth_method none): it has no secret to rotate.`);
        }
        requireBackend(row, changes.backend, 'rotating its secret');
        const { clientSecret: issued, ...columns } = await atBackend(
          changes.backend,
          `rotate the secret of the client ${clientId}`,
          'The old secret still works',
          () => changes.backend.rotateSecret(row),
        );
        clientSecret = issued;
        const updated = await store.setSecret(clientId, { ...columns, clientSecretHash: hashSecret(clientSecret) });
        if (!updated) throw new NotFoundError(`No OAuth client ${clientId}.`);
        return updated;
      },
    );
    return { client, clientSecret };
  }
}
