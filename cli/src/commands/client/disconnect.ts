import { Args } from '@oclif/core';
import { clientIds, gatewayEntryName } from '@mcp-portal/schema/clients';
import { PortalCommand } from '../../lib/base-command.ts';
import { entryIn, lineDiff, withoutEntry, writeConfig } from '../../lib/client-config.ts';
import { clientTarget, scopeFlags, targetLabel } from '../../lib/client-target.ts';

export default class ClientDisconnect extends PortalCommand {
  static override summary = "Remove the gateway from an MCP client's configuration file.";
  static override description =
    `Removes only the entry "${gatewayEntryName}" from the client's configuration file, keeping everything else; the ` +
    `file is copied to <file>.bak-<time> first. --dry-run prints the change instead. Known clients: ${clientIds.join(', ')}.`;

  static override examples = ['<%= config.bin %> <%= command.id %> claude-desktop', '<%= config.bin %> <%= command.id %> vscode --project --dry-run'];

  static override args = { client: Args.string({ description: `One of ${clientIds.join(', ')}.`, required: true }) };

  static override flags = { ...scopeFlags };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ClientDisconnect);
    const target = await clientTarget(args.client, flags);
    const { file, document } = target;
    if (!document.exists || entryIn(document, file.serversKey, gatewayEntryName) === undefined) {
      this.log(`${targetLabel(target)} is not connected: ${document.path} has no entry "${gatewayEntryName}"; nothing changed.`);
      return;
    }
    const text = withoutEntry(document, file.serversKey, gatewayEntryName);
    if (flags['dry-run']) {
      this.log(lineDiff(document.path, document.text, text));
      this.log(`Dry run: ${document.path} was not written.`);
      return;
    }
    const { backup } = await writeConfig(document, text);
    this.log(`Removed the entry "${gatewayEntryName}" from ${document.path}${backup ? ` (backup: ${backup})` : ''}.`);
  }
}
