import type { Logger } from '@mcp-portal/kit';
import type { dcrTables } from '@mcp-portal/schema';
import { AzureRegistrationBackend } from './azure/backend.ts';
import type { ClientMetadata } from './metadata.ts';
import { newClientId, newSecret } from './secrets.ts';
import type { RegistrationSettings } from './settings.ts';

/** A client's identity as its backend created it: its id and, for a confidential client, its secret (shown once). */
export interface RegisteredIdentity {
  clientId: string;
  clientSecret: string | null;
}

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
  remove(clientId: string): Promise<void>;
}

/** `local`: the client exists only as its Postgres row; ids and secrets are random values made here. */
export class LocalRegistrationBackend implements RegistrationBackend {
  readonly name = 'local' as const;

  register(metadata: ClientMetadata): Promise<RegisteredIdentity> {
    return Promise.resolve({ clientId: newClientId(), clientSecret: metadata.token_endpoint_auth_method === 'none' ? null : newSecret() });
  }

  update(): Promise<void> {
    return Promise.resolve();
  }

  remove(): Promise<void> {
    return Promise.resolve();
  }
}

/** The backend the settings choose (MCP_DCR_BACKEND; `local` by default). */
export function registrationBackend(settings: RegistrationSettings, logger: Logger | null = null): RegistrationBackend {
  if (settings.azure) return new AzureRegistrationBackend(settings.azure, { logger });
  return new LocalRegistrationBackend();
}
