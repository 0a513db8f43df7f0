import type { Logger } from '@mcp-portal/kit';
import type { dcrTables } from '@mcp-portal/schema';
import { AzureRegistrationBackend } from './azure/backend.ts';
import type { ClientMetadata } from './metadata.ts';
import { newClientId, newSecret } from './secrets.ts';
import type { RegistrationSettings } from './settings.ts';
import type { RegisteredClientRow } from './store.ts';

/**
 * Where a client lives at its backend, as its row keeps it: its id and, for `azure`, the Entra application's and
 * service principal's object ids and the Key Vault secret that keeps its secret (null for `local` clients, for
 * public clients' vault fields, and in rows older than these columns: the backend then looks them up by client id).
 */
export type StoredIdentity = Pick<
  RegisteredClientRow,
  'clientId' | 'azureApplicationId' | 'azureServicePrincipalId' | 'azureVaultUrl' | 'azureVaultSecretName'
>;

/** A client secret as the backend issued it: shown once; when it stops working (null: never). */
export interface IssuedSecret {
  clientSecret: string;
  clientSecretExpiresAt: Date | null;
}

/** A client's identity as its backend created it: where it lives and, for a confidential client, its secret (shown once). */
export interface RegisteredIdentity extends StoredIdentity {
  clientSecret: string | null;
  clientSecretExpiresAt: Date | null;
}

/** A local client's identity: nothing lives anywhere else. */
const notAzure = { azureApplicationId: null, azureServicePrincipalId: null, azureVaultUrl: null, azureVaultSecretName: null } as const;

/**
 * Where registered clients live. The service keeps the local row (metadata, hashes, audit) in every case; a backend
 * creates, changes and removes the client's identity where tokens are issued. Failures are RegistrationErrors.
 */
export interface RegistrationBackend {
  /** What the row's `backend` column says; the service manages only the rows of its own backend. */
  readonly name: dcrTables.DcrBackend;
  /** Creates the client; all or nothing (on failure what was created is removed again before it throws). */
  register(metadata: ClientMetadata): Promise<RegisteredIdentity>;
  /** Applies changed metadata (redirect URIs, name) to the client. */
  update(clientId: string, metadata: ClientMetadata): Promise<void>;
  /** Removes the client and everything created with it; what is already gone counts as removed. */
  remove(client: StoredIdentity): Promise<void>;
  /**
   * A new secret for a confidential client (shown once); the old one stops working. All or nothing as far as the
   * client sees: when it fails, the old secret still works.
   */
  rotateSecret(client: StoredIdentity): Promise<RotatedSecret>;
}

/** A rotated secret, and the columns of the client's row that change with it (where it is kept). */
export type RotatedSecret = IssuedSecret & Partial<Omit<StoredIdentity, 'clientId'>>;

/** `local`: the client exists only as its Postgres row; ids and secrets are random values made here. */
export class LocalRegistrationBackend implements RegistrationBackend {
  readonly name = 'local' as const;

  register(metadata: ClientMetadata): Promise<RegisteredIdentity> {
    const clientSecret = metadata.token_endpoint_auth_method === 'none' ? null : newSecret();
    return Promise.resolve({ clientId: newClientId(), clientSecret, clientSecretExpiresAt: null, ...notAzure });
  }

  update(): Promise<void> {
    return Promise.resolve();
  }

  remove(): Promise<void> {
    return Promise.resolve();
  }

  /** The new secret replaces the old one's hash in the row: nothing lives anywhere else. */
  rotateSecret(): Promise<RotatedSecret> {
    return Promise.resolve({ clientSecret: newSecret(), clientSecretExpiresAt: null });
  }
}

/** The backend the settings choose (MCP_DCR_BACKEND; `local` by default). */
export function registrationBackend(settings: RegistrationSettings, logger: Logger | null = null): RegistrationBackend {
  if (settings.azure) return new AzureRegistrationBackend(settings.azure, { logger });
  return new LocalRegistrationBackend();
}
