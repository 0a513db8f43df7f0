import { Flags } from '@oclif/core';
import { clientFile, clientIds, findClient, type ClientConfigFile, type ClientDefinition, type ClientScope } from '@mcp-portal/schema/clients';
import { configPlaces, readConfigDocument, resolveConfigPath, type ConfigDocument, type ConfigPlaces } from './client-config.ts';
import { PortalError } from './errors.ts';

/** `--global` / `--project`, for the clients that have both kinds of file. */
export const scopeFlags = {
  global: Flags.boolean({ summary: "The client's own configuration, for every project (the default).", exclusive: ['project'], default: false }),
  project: Flags.boolean({
    summary: 'The configuration file in the current folder (Claude Code, VS Code, Cursor, Zed, Continue).',
    exclusive: ['global'],
    default: false,
  }),
  'dry-run': Flags.boolean({ summary: 'Print the change as a diff and write nothing.', default: false }),
};

export interface ClientTarget {
  client: ClientDefinition;
  file: ClientConfigFile;
  document: ConfigDocument;
}

export function clientById(id: string): ClientDefinition {
  const client = findClient(id);
  if (!client) throw new PortalError(`Unknown client "${id}": the known clients are ${clientIds.join(', ')}.`);
  return client;
}

/** The client's file of the scope asked for (its first without a flag), read from disk. */
export async function clientTarget(id: string, flags: { global: boolean; project: boolean }, places: ConfigPlaces = configPlaces()): Promise<ClientTarget> {
  const client = clientById(id);
  const scope: ClientScope | undefined = flags.project ? 'project' : flags.global ? 'global' : undefined;
  const file = clientFile(client, scope);
  if (!file) {
    const scopes = client.files.map((each) => `--${each.scope}`).join(' or ');
    throw new PortalError(`${client.name} has no ${scope} configuration file: use ${scopes}.`);
  }
  return { client, file, document: await readConfigDocument(resolveConfigPath(file, places), file) };
}

export function targetLabel(target: ClientTarget): string {
  return target.client.files.length > 1 ? `${target.client.name} (${target.file.scope})` : target.client.name;
}
