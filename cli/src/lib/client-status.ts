import { clients, gatewayEntryName, type ClientScope } from '@mcp-portal/schema/clients';
import { configPlaces, entryIn, readConfigDocument, resolveConfigPath, type ConfigPlaces } from './client-config.ts';
import { PortalError } from './errors.ts';

export interface ClientStatus {
  client: string;
  name: string;
  scope: ClientScope;
  path: string;
  exists: boolean;
  /** The file has the gateway's entry. */
  connected: boolean;
  /** Why the file could not be read (not valid JSON…). */
  error?: string;
}

/** Every known client's configuration files, and whether each has the gateway's entry. */
export async function clientStatuses(places: ConfigPlaces = configPlaces()): Promise<ClientStatus[]> {
  const statuses: ClientStatus[] = [];
  for (const client of clients) {
    for (const file of client.files) {
      const path = resolveConfigPath(file, places);
      const status: ClientStatus = { client: client.id, name: client.name, scope: file.scope, path, exists: false, connected: false };
      try {
        const document = await readConfigDocument(path, file);
        status.exists = document.exists;
        status.connected = document.exists && entryIn(document, file.serversKey, gatewayEntryName) !== undefined;
      } catch (error) {
        status.exists = true;
        status.error = error instanceof PortalError ? error.message : String(error);
      }
      statuses.push(status);
    }
  }
  return statuses;
}
