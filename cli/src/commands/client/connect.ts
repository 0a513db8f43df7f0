import { isDeepStrictEqual } from 'node:util';
import { Args, Flags } from '@oclif/core';
import { clientIds, gatewayEntryName, gatewayRunCommand } from '@mcp-portal/schema/clients';
import { PortalCommand } from '../../lib/base-command.ts';
import { entryIn, lineDiff, withEntry, writeConfig } from '../../lib/client-config.ts';
import { clientTarget, scopeFlags, targetLabel } from '../../lib/client-target.ts';
import { listFlag } from '../../lib/gateway-filter.ts';

export default class ClientConnect extends PortalCommand {
  static override summary = "Add the gateway to an MCP client's configuration file.";
  static override description =
    `Writes the entry "${gatewayEntryName}" (the command \`docker mcp gateway run\`) into the client's own configuration ` +
    'file, creating the file and its folders when missing and keeping every other key, server and comment. The ' +
    'file is copied to <file>.bak-<time> first; --dry-run prints the change instead. Known clients: ' +
    `${clientIds.join(', ')}.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> claude-desktop',
    '<%= config.bin %> <%= command.id %> vscode --project --dry-run',
    '<%= config.bin %> <%= command.id %> cursor --profile work',
  ];

  static override args = { client: Args.string({ description: `One of ${clientIds.join(', ')}.`, required: true }) };

  static override flags = {
    ...scopeFlags,
    profile: Flags.string({ summary: 'Have the client run `docker mcp gateway run --profile NAME`.', helpValue: '<name>' }),
    servers: listFlag('Have the client offer only these servers (`--servers a,b`).', '<a,b>'),
    tools: listFlag('Have the client offer only these tools (`--tools server:tool,…`).', '<server:tool,…>'),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ClientConnect);
    const target = await clientTarget(args.client, flags);
    const { file, document } = target;
    const entry = target.client.stdioEntry(gatewayRunCommand({ profile: flags.profile, servers: flags.servers, tools: flags.tools }));
    const label = targetLabel(target);
    const existing = entryIn(document, file.serversKey, gatewayEntryName);
    // Through JSON: the parser's objects have no prototype, which a strict comparison would count.
    if (existing !== undefined && isDeepStrictEqual(JSON.parse(JSON.stringify(existing)), entry)) {
      this.log(`${label} is already connected: ${document.path} has the entry "${gatewayEntryName}"; nothing changed.`);
      return;
    }
    const text = withEntry(document, file.serversKey, gatewayEntryName, entry);
    if (flags['dry-run']) {
      this.log(lineDiff(document.path, document.text, text));
      this.log(`Dry run: ${document.path} was not written.`);
      return;
    }
    const { backup } = await writeConfig(document, text);
    const change = !document.exists ? `Created ${document.path} with` : existing === undefined ? `Added to ${document.path}` : `Replaced in ${document.path}`;
    this.log(`${change} the entry "${gatewayEntryName}"${backup ? ` (backup: ${backup})` : ''}.`);
    this.log(`Restart ${target.client.name} (or reload its MCP servers) to connect it.`);
  }
}
